"""Teams the token reaches, and their members (read)."""

import marshmallow as ma
import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, joinedload

from plplan.api.auth import api_blueprint, scoped_teams, team_membership
from plplan.api.paging import SelectPage
from plplan.authz import Capability
from plplan.models import Membership, Role, Team, User

blp = api_blueprint("api_teams", __name__, "Teams the token reaches and their members.")

ROLES = [role.name.lower() for role in Role]


class TeamSchema(ma.Schema):
    slug = ma.fields.Function(lambda m: m.team.slug, required=True)
    name = ma.fields.Function(lambda m: m.team.name, required=True)
    my_role = ma.fields.Function(lambda m: m.role.name.lower(), required=True)
    capabilities = ma.fields.Function(
        lambda m: sorted(c.value for c in Capability if m.can(c)),
        required=True,
        metadata={"type": "array", "items": {"type": "string"}},
    )


class MemberSchema(ma.Schema):
    id = ma.fields.Integer(required=True, metadata={"description": "The membership's id"})
    user_id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    email = ma.fields.String(
        allow_none=True, metadata={"description": "Only for roles that may see emails"}
    )
    role = ma.fields.String(required=True, validate=ma.validate.OneOf(ROLES))


class MemberQuery(ma.Schema):
    role = ma.fields.String(validate=ma.validate.OneOf(ROLES))


@blp.get("/teams")
@blp.response(200, TeamSchema(many=True))
@blp.paginate(SelectPage)
def list_teams():
    """The teams the token reaches, with the person's role and capabilities in each."""
    return (
        sa.select(Membership)
        .join(Membership.team)
        .where(scoped_teams())
        .options(contains_eager(Membership.team))
        .order_by(Team.name, Team.id)
    )


@blp.get("/teams/<slug>")
@blp.response(200, TeamSchema)
def get_team(slug: str):
    return team_membership(slug)


@blp.get("/teams/<slug>/members")
@blp.arguments(MemberQuery, location="query", as_kwargs=True)
@blp.response(200, MemberSchema(many=True))
@blp.paginate()
def list_members(slug: str, pagination_parameters, role: str | None = None):
    """The team's people by name; emails only where the person may see them."""
    membership = team_membership(slug)
    query = (
        sa.select(Membership)
        .join(Membership.user)
        .where(Membership.team_id == membership.team_id)
        .options(joinedload(Membership.user))
        .order_by(User.display_name, Membership.id)
    )
    if role is not None:
        query = query.where(Membership.role == Role[role.upper()])
    page = SelectPage(query, pagination_parameters)
    emails = membership.can(Capability.SEE_EMAILS)
    return [_member(m, emails) for m in page.items]


def _member(member: Membership, with_email: bool) -> dict:
    return {
        "id": member.id,
        "user_id": member.user_id,
        "name": member.user.display_name,
        "email": member.user.email if with_email else None,
        "role": member.role.name.lower(),
    }
