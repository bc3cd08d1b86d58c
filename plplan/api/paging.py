"""Lists page through a query: flask-smorest's page numbers, its X-Pagination header, and
a `Link` header (first, prev, next, last) so a client follows links instead of counting."""

from urllib.parse import urlencode

import sqlalchemy as sa
from flask import request
from flask_smorest import Blueprint, Page
from webargs import core
from webargs.flaskparser import FlaskParser

from plplan.extensions import db
from plplan.inputs import json_without_nul


class ApiParser(FlaskParser):
    """JSON bodies as the web takes its forms: text without NUL characters (plplan/inputs)."""

    def _raw_load_json(self, req):
        data = super()._raw_load_json(req)
        return data if data is core.missing else json_without_nul(data)


class SelectPage(Page):
    """A page of a SQLAlchemy select: one COUNT and one LIMIT/OFFSET query."""

    @property
    def items(self):
        params = self.page_params
        if params.first_item >= params.item_count:
            return []  # past the end (also a page number no OFFSET could hold)
        query = self.collection.limit(params.page_size).offset(params.first_item)
        return list(db.session.scalars(query))

    @property
    def item_count(self):
        counted = self.collection.order_by(None).subquery()
        return db.session.scalar(sa.select(sa.func.count()).select_from(counted))


class LinkedBlueprint(Blueprint):
    """Every paginated answer also carries RFC 8288 links to its neighbouring pages; every
    body is read by the ApiParser."""

    ARGUMENTS_PARSER = ApiParser()

    def _set_pagination_metadata(self, page_params, result, headers):
        result, headers = super()._set_pagination_metadata(page_params, result, headers)
        meta = self._make_pagination_metadata(
            page_params.page, page_params.page_size, page_params.item_count
        )
        rels = {"first": "first_page", "prev": "previous_page", "next": "next_page"}
        rels["last"] = "last_page"
        links = [
            f'<{_page_url(meta[key], page_params.page_size)}>; rel="{rel}"'
            for rel, key in rels.items()
            if key in meta
        ]
        if links:
            headers["Link"] = ", ".join(links)
        return result, headers


def _page_url(page: int, page_size: int) -> str:
    args = request.args.to_dict(flat=False)
    args.update(page=[str(page)], page_size=[str(page_size)])
    return f"{request.base_url}?{urlencode(args, doseq=True)}"
