"""Loading an area's module for a request, with the access rules of area data applied."""

from flask import abort
from sqlalchemy.orm import joinedload

from plplan.authz import may_edit_area_data, may_read_area_module
from plplan.lookup import team_object_or_404
from plplan.models import Area, AreaModule, Membership


def module_of(area: Area, kind: str) -> AreaModule | None:
    """The area's module of `kind` if switched on (the area was loaded with its modules)."""
    return next((m for m in area.modules if m.kind == kind), None)


def area_module_or_404(
    membership: Membership, area_id: int, kind: str, edit: bool = False
) -> tuple[Area, AreaModule]:
    """The team's area `area_id` and its `kind` module, in one query.

    :raise 404: no such area in the team, the module is off, or the member is a viewer and
        the module is not visible to viewers (we never confirm hidden data exists).
    :raise 403: `edit` and the member is neither a leader nor the area's A or R.
    """
    area = team_object_or_404(membership, Area, area_id, options=[joinedload(Area.modules)])
    module = module_of(area, kind)
    if module is None or not may_read_area_module(membership, module.visible_to_viewers):
        abort(404)
    if edit and not may_edit_area_data(membership, area):
        abort(403)
    return area, module
