"""Forms of the area-data framework: which modules an area carries, and the team's settings."""

from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectChoice, SelectField
from wtforms.validators import InputRequired, NumberRange, Optional

from plplan.areadata.registry import MODULES
from plplan.formatting import CURRENCIES, MONTH_NAMES, lazy_gettext
from plplan.models import Area

STATES = [
    SelectChoice("off", lazy_gettext("Off")),
    SelectChoice("members", lazy_gettext("On, for members")),
    SelectChoice("everyone", lazy_gettext("On, viewers see it too")),
]


class _ModulesBase(FlaskForm):
    def wanted(self) -> dict[str, bool | None]:
        """Kind → None (off) or whether viewers see it, as services.set_modules takes it."""
        states = {"off": None, "members": False, "everyone": True}
        return {kind: states[self[kind].data] for kind in MODULES}


def modules_form(area: Area, **kwargs) -> FlaskForm:
    """One select per registered kind (named `modules-<kind>`), starting from the area's state."""
    current = {m.kind: m for m in area.modules}
    fields = {}
    for kind, entry in MODULES.items():
        module = current.get(kind)
        state = (
            "off" if module is None else ("everyone" if module.visible_to_viewers else "members")
        )
        fields[kind] = SelectField(entry.label, choices=STATES, default=state)
    form_class = type("ModulesForm", (_ModulesBase,), fields)
    return form_class(prefix="modules", **kwargs)


class TeamSettingsForm(FlaskForm):
    currency = SelectField(
        lazy_gettext("Currency"),
        choices=[SelectChoice(code, code) for code in CURRENCIES],
        validators=[InputRequired()],
    )
    fiscal_year_start = SelectField(
        lazy_gettext("Fiscal year starts in"),
        choices=[SelectChoice(n, name) for n, name in enumerate(MONTH_NAMES, 1)],
        coerce=int,
        validators=[InputRequired()],
    )
    budget_threshold_pct = IntegerField(
        lazy_gettext("Budget lines explain a projected variance above (%)"),
        validators=[
            InputRequired(),
            NumberRange(1, 100, lazy_gettext("Give a whole number from 1 to 100.")),
        ],
    )
    area_id = IntegerField(lazy_gettext("Area to go back to"), validators=[Optional()])
