"""Forms of the communication plan: a row, and marking it done."""

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectChoice, SelectField, StringField
from wtforms.validators import AnyOf, InputRequired, Length, Optional, ValidationError

from plplan.areadata.comms_services import Fields
from plplan.authz import Capability
from plplan.extensions import db
from plplan.formatting import lazy_gettext, today
from plplan.models import Area, Assignment, Communication, Membership, Raci, Team
from plplan.models.comms import CADENCES, CHANNELS
from plplan.people import members

# Offered before any the team has named itself.
OUTSIDE_AUDIENCES = ["Board", "Investors", "Sales leadership", "Customers", "Whole company"]
BACK_TO = ("area", "mine", "home")  # where a plain (no-JS) "Mark done" returns to


@dataclass
class Choices:
    """Who a row may be for and who may own it, for one area (three queries)."""

    people: list[Membership]
    roles: dict[int, Raci]  # membership id → role on the area
    named: list[str]
    by_id: dict[int, Membership] = field(init=False)

    def __post_init__(self):
        self.by_id = {m.id: m for m in self.people}

    @property
    def accountable(self) -> Membership | None:
        return next((m for m in self.people if self.roles.get(m.id) == Raci.ACCOUNTABLE), None)

    def audiences(self) -> list[SelectChoice]:
        """The area's Consulted and Informed first, then everyone else, then outside audiences."""
        first = gettext("Consulted and Informed on this area")
        told = [m for m in self.people if self.roles.get(m.id) in (Raci.CONSULTED, Raci.INFORMED)]
        others = [m for m in self.people if m not in told]
        return [
            SelectChoice("", gettext("Choose an audience")),
            *(
                SelectChoice(
                    f"m{m.id}", f"{m.user.display_name} ({self.roles[m.id].label})", optgroup=first
                )
                for m in told
            ),
            *(
                SelectChoice(
                    f"m{m.id}", m.user.display_name, optgroup=gettext("People in the team")
                )
                for m in others
            ),
            *(
                SelectChoice(f"n:{name}", name, optgroup=gettext("Outside audiences"))
                for name in self.named
            ),
        ]

    def owners(self) -> list[SelectChoice]:
        return [SelectChoice("", gettext("Nobody yet"))] + [
            SelectChoice(str(m.id), m.user.display_name)
            for m in self.people
            if m.can(Capability.HOLD_AREAS)
        ]


def choices_for(team: Team, area: Area) -> Choices:
    people = members(team)
    roles = dict(
        db.session.execute(
            sa.select(Assignment.membership_id, Assignment.role).where(
                Assignment.area_id == area.id
            )
        ).all()
    )
    used = db.session.scalars(
        sa.select(Communication.audience_name)
        .join(Area, Area.id == Communication.area_id)
        .where(Area.team_id == team.id, Communication.audience_name.is_not(None))
        .distinct()
    )
    named = OUTSIDE_AUDIENCES + sorted(set(used) - set(OUTSIDE_AUDIENCES))
    return Choices(people, roles, named)


class CommunicationForm(FlaskForm):
    audience = SelectField(lazy_gettext("Audience"))
    new_audience = StringField(
        lazy_gettext("Or name another audience"),
        validators=[Optional(), Length(max=80)],
        description=lazy_gettext('For example "Board", "Investors" or "Sales leadership".'),
    )
    what = StringField(
        lazy_gettext("What is communicated"), validators=[InputRequired(), Length(max=200)]
    )
    channel = SelectField(
        lazy_gettext("Channel"),
        choices=[SelectChoice(k, v) for k, v in CHANNELS.items()],
        default="meeting",
    )
    cadence = SelectField(
        lazy_gettext("Cadence"),
        choices=[SelectChoice(k, v) for k, v in CADENCES.items()],
        default="monthly",
    )
    owner = SelectField(lazy_gettext("Owner"))
    first_due = DateField(
        lazy_gettext("First due"),
        validators=[InputRequired()],
        description=lazy_gettext(
            "Due on this day until it is first done; then the cadence counts on."
        ),
    )

    def validate_audience(self, field) -> None:
        if not field.data and not (self.new_audience.data or "").strip():
            raise ValidationError(gettext("Choose an audience, or name one below."))

    def fields(self, choices: Choices) -> Fields:
        named = (self.new_audience.data or "").strip()
        member = None
        if not named and self.audience.data.startswith("m"):
            member = choices.by_id[int(self.audience.data[1:])]
        elif not named:
            named = self.audience.data.removeprefix("n:")
        return Fields(
            audience_member=member,
            audience_name=None if member else named,
            what=self.what.data.strip(),
            channel=self.channel.data,
            cadence=self.cadence.data,
            owner=choices.by_id[int(self.owner.data)] if self.owner.data else None,
            first_due=self.first_due.data,
        )


def communication_form(
    choices: Choices, item: Communication | None = None, **kwargs
) -> CommunicationForm:
    """The row form with this area's choices; a new row is owned by the area's Accountable."""
    if item is None:
        owner = choices.accountable
        kwargs.setdefault("owner", str(owner.id) if owner else "")
        kwargs.setdefault("first_due", today())
    else:
        kwargs.setdefault("audience", _audience_value(item))
        kwargs.setdefault("owner", str(item.owner_membership_id or ""))
        kwargs.setdefault("what", item.what)
        kwargs.setdefault("channel", item.channel)
        kwargs.setdefault("cadence", item.cadence)
        kwargs.setdefault("first_due", item.first_due)
    form = CommunicationForm(**kwargs)
    form.audience.choices = choices.audiences()
    form.owner.choices = choices.owners()
    return form


def _audience_value(item: Communication) -> str:
    if item.audience_membership_id:
        return f"m{item.audience_membership_id}"
    return f"n:{item.audience_name}" if item.audience_name else ""


class DoneForm(FlaskForm):
    done_on = DateField(lazy_gettext("Done on"), validators=[InputRequired()])
    note = StringField(lazy_gettext("Note or link"), validators=[Optional(), Length(max=500)])
    back = HiddenField(validators=[AnyOf(BACK_TO)], default="area")

    def validate_done_on(self, field) -> None:
        if field.data and field.data > today():
            raise ValidationError(gettext("That day has not come yet."))


def done_form(item: Communication, back: str = "area", **kwargs) -> DoneForm:
    """The "Mark done" form of one row; its fields are named after the row (done<id>-...)."""
    return DoneForm(prefix=f"done{item.id}", done_on=today(), back=back, **kwargs)
