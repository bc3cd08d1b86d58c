"""The team's activity log (read), as the person may see it on the web: the whole feed for
who reads drafts, published plans and the map's changes for the others."""

import marshmallow as ma

from plplan.activity import MODULES, LogCriteria, log_query
from plplan.api.auth import api_blueprint, team_membership
from plplan.api.paging import SelectPage

blp = api_blueprint("api_activity", __name__, "The team's activity log.")


class ActivitySchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    verb = ma.fields.String(required=True)
    object_type = ma.fields.String(required=True)
    object_id = ma.fields.Integer(allow_none=True)
    summary = ma.fields.String(required=True)
    actor_id = ma.fields.Integer(allow_none=True)
    created_at = ma.fields.DateTime(required=True)


class ActivityQuery(ma.Schema):
    module = ma.fields.String(validate=ma.validate.OneOf(list(MODULES)))
    actor_id = ma.fields.Integer(validate=ma.validate.Range(min=1, max=2**31 - 1))
    since = ma.fields.Date()
    until = ma.fields.Date()


@blp.get("/teams/<slug>/activity")
@blp.arguments(ActivityQuery, location="query", as_kwargs=True)
@blp.response(200, ActivitySchema(many=True))
@blp.paginate(SelectPage)
def list_activity(slug: str, **criteria):
    """Newest first; filter by module, actor and a range of days."""
    return log_query(team_membership(slug), LogCriteria(**criteria))
