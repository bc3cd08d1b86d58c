"""Area data: switching modules on areas, the team's settings; each module adds its own routes
to `bp` in its own views module (imported by the registry)."""

from flask import abort, flash, redirect, url_for
from flask_babel import gettext
from sqlalchemy.orm import joinedload

from plplan.areadata import (  # noqa: F401  (module routes)
    budget_views,
    comms_views,
    kpis_views,
    services,
)
from plplan.areadata.blueprint import area_url, bp
from plplan.areadata.forms import TeamSettingsForm, modules_form
from plplan.authz import Capability, team_view
from plplan.extensions import db
from plplan.lookup import team_object, team_object_or_404
from plplan.models import Area, Membership

__all__ = ["bp"]

bp.add_app_template_global(services.attention, "area_attention")


@bp.post("/areas/<int:area_id>/modules")
@team_view(Capability.EDIT_MAP)
def set_modules(membership: Membership, area_id: int):
    """Which kinds of data the area carries, and whether viewers see each."""
    area = team_object_or_404(membership, Area, area_id, options=[joinedload(Area.modules)])
    form = modules_form(area)
    if not form.validate_on_submit():
        abort(400)
    changed = services.set_modules(membership.team, area, form.wanted())
    db.session.commit()
    if changed:
        flash(
            gettext("%(area)s: %(changes)s.", area=area.name, changes=", ".join(changed)), "success"
        )
    return redirect(area_url(membership, area), 303)


@bp.post("/area-data/settings")
@team_view(Capability.EDIT_MAP)
def settings(membership: Membership):
    """The team's currency and the month its fiscal year starts."""
    form = TeamSettingsForm()
    if not form.validate_on_submit():
        abort(400)
    services.set_team_settings(
        membership.team,
        form.currency.data,
        form.fiscal_year_start.data,
        form.budget_threshold_pct.data,
    )
    db.session.commit()
    flash(gettext("Saved the currency and fiscal year."), "success")
    area = form.area_id.data and team_object(
        membership, Area, form.area_id.data, options=[joinedload(Area.modules)]
    )
    if area:
        return redirect(area_url(membership, area), 303)
    return redirect(url_for("responsibilities.grid", slug=membership.team.slug), 303)
