"""The JSON API under /api/v1: flask-smorest blueprints, one per resource group, personal
tokens (auth.py), one error shape (errors.py), the OpenAPI document and a docs page."""

from flask import Flask
from flask_smorest import Api
from werkzeug.exceptions import HTTPException

from plplan.api import activity, areadata, areas, docs, goals, plans, teams
from plplan.api.auth import BEARER
from plplan.api.errors import API_PREFIX, ErrorSchema, handle_http_exception

RESOURCES = (teams.blp, plans.blp, areas.blp, areadata.blp, goals.blp, activity.blp)


class PlplanApi(Api):
    """Errors are answered by plplan.api.errors for API paths only: the web keeps its pages."""

    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self):
        self._app.register_error_handler(HTTPException, handle_http_exception)


def register_api(app: Flask) -> None:
    app.config.update(
        API_TITLE="plplan",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX=API_PREFIX,
        OPENAPI_JSON_PATH="openapi.json",
        API_SPEC_OPTIONS={
            "security": [{"bearer": []}],
            "components": {"securitySchemes": BEARER},
            "info": {"description": "Personal tokens: Authorization: Bearer plp_..."},
        },
    )
    api = PlplanApi(app)
    for blueprint in RESOURCES:
        api.register_blueprint(blueprint)
    app.register_blueprint(docs.bp)
