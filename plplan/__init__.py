"""plplan: product leaders and their teams plan together."""

import os
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from plplan import (
    data_versions,  # noqa: F401  (the session events that bump them)
    transactions,  # noqa: F401  (SQLite connection and transaction events)
)
from plplan.config import CONFIGS, development_secret, from_environment
from plplan.connections import ping_idle_connections
from plplan.extensions import compress, csrf, db, limiter, login_manager
from plplan.inputs import IdConverter, PlplanRequest
from plplan.migrations import register_migrations

PACKAGE_DIR = Path(__file__).resolve().parent


def asset_dir(name: str) -> Path:
    """A top-level folder of the checkout, or its copy inside the package in an installed wheel."""
    checkout = PACKAGE_DIR.parent / name
    return checkout if checkout.is_dir() else PACKAGE_DIR / name


def instance_path() -> str:
    """Where the SQLite file and development secret live: never inside an installed package."""
    return os.path.abspath(os.environ.get("PLPLAN_INSTANCE_PATH") or "instance")


def create_app(config: dict | None = None) -> Flask:
    """Build the application; `config` overrides what the environment says."""
    app = Flask(
        __name__,
        instance_path=instance_path(),
        template_folder=str(asset_dir("templates")),
        static_folder=str(asset_dir("static")),
    )
    env = (config or {}).get("ENV_NAME") or os.environ.get("PLPLAN_ENV", "development")
    app.jinja_env.add_extension("jinja2.ext.do")
    app.config.from_object(CONFIGS[env])
    if env != "test":
        app.config.update(from_environment())
    app.config.update(config or {})
    _configure_secrets_and_database(app, env)
    _configure_origin(app, env)
    _init_extensions(app)
    # Before any blueprint adds a route: every `<int:...>` is an id the database can hold.
    app.url_map.converters["int"] = IdConverter
    app.request_class = PlplanRequest
    if app.config["PROXY_COUNT"]:
        # Behind a load balancer: the client's address (rate limits) and https come from its
        # X-Forwarded-* headers; the host name only when the proxy is known to set it.
        n = app.config["PROXY_COUNT"]
        x_host = n if app.config["PROXY_TRUST_HOST"] else 0
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=x_host)

    from plplan import auth, export, goals, main, responsibilities, teams, vision
    from plplan.api import register_api
    from plplan.api.token_views import bp as api_tokens_bp
    from plplan.areadata.views import bp as areadata_bp
    from plplan.bundle.views import bp as bundle_bp
    from plplan.cli import plplan_cli
    from plplan.errors import register_error_handlers
    from plplan.formatting import register_formatting
    from plplan.notifications.deliveries_views import bp as deliveries_bp
    from plplan.notifications.suggest import bp as mentions_bp
    from plplan.notifications.views import bp as notifications_bp
    from plplan.notifications.views import unsubscribe_bp
    from plplan.search import register_search
    from plplan.static_files import register_static_versions
    from plplan.visuals import register_visuals
    from plplan.web import register_web_hooks
    from plplan.webhooks.views import bp as webhooks_bp

    app.register_blueprint(main.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(teams.bp)
    app.register_blueprint(responsibilities.bp)
    app.register_blueprint(areadata_bp)
    app.register_blueprint(export.bp)
    app.register_blueprint(goals.bp)
    app.register_blueprint(vision.bp)
    app.register_blueprint(webhooks_bp)
    register_search(app)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(unsubscribe_bp)
    app.register_blueprint(mentions_bp)
    app.register_blueprint(deliveries_bp)
    app.register_blueprint(bundle_bp)
    app.register_blueprint(api_tokens_bp)
    register_api(app)
    register_error_handlers(app)
    register_web_hooks(app)
    register_formatting(app)
    register_visuals(app)
    register_static_versions(app)
    app.cli.add_command(plplan_cli)
    return app


def _configure_secrets_and_database(app: Flask, env: str) -> None:
    if not app.config.get("SECRET_KEY"):
        if env == "production":
            raise RuntimeError("SECRET_KEY must be set when PLPLAN_ENV=production.")
        os.makedirs(app.instance_path, exist_ok=True)
        app.config["SECRET_KEY"] = development_secret(app.instance_path)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        os.makedirs(app.instance_path, exist_ok=True)
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{app.instance_path}/plplan.sqlite"
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith(("postgres://", "postgresql://")):
        # psycopg 3 is the driver we ship; accept the URLs hosting providers hand out.
        app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://" + uri.split("://", 1)[1]


def _configure_origin(app: Flask, env: str) -> None:
    """Where users reach us; in production only requests for that host are answered."""
    base_url = app.config.get("PLPLAN_BASE_URL")
    if not base_url:
        raise RuntimeError("PLPLAN_BASE_URL must be set when PLPLAN_ENV=production.")
    app.config["PLPLAN_BASE_URL"] = base_url.rstrip("/")
    if env == "production" and not app.config.get("TRUSTED_HOSTS"):
        hosts = [urlsplit(base_url).hostname, *app.config["PLPLAN_EXTRA_HOSTS"]]
        app.config["TRUSTED_HOSTS"] = [host for host in hosts if host]


def _init_extensions(app: Flask) -> None:
    # First in, so its after_request hook runs last: it compresses the finished response.
    compress.init_app(app)
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    db.init_app(app)
    with app.app_context():
        for engine in db.engines.values():
            ping_idle_connections(engine)
    register_migrations(app, str(asset_dir("migrations")))
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
