"""The area-data blueprint: its routes sit under the responsibility map's URLs."""

from flask import Blueprint, url_for

from plplan.models import Area, Membership

bp = Blueprint("areadata", __name__, url_prefix="/t/<slug>/responsibilities")


def area_url(membership: Membership, area: Area, anchor: str = "area-data") -> str:
    """The area page, at its data (or at one module's section: its `anchor`)."""
    url = url_for("responsibilities.area", slug=membership.team.slug, area_id=area.id)
    return f"{url}#{anchor}"
