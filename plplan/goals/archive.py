"""The closed goals archive: goals closed with their retrospective, filtered by who, skill,
how they were closed and how they ended. Open lists never show closed goals; this is where
they are found again."""

import sqlalchemy as sa
from flask_babel import gettext
from sqlalchemy.orm import joinedload
from wtforms import SelectChoice, SelectField

from plplan.extensions import db
from plplan.filters import QueryFilter, id_or_none
from plplan.formatting import lazy_gettext
from plplan.goals.services import visible_to
from plplan.models import Goal, Membership, Outcome, Skill
from plplan.models.goals import CLOSED_STATUSES

OUTCOME_LABELS = {
    Outcome.ACHIEVED: "Achieved",
    Outcome.PARTLY: "Partly achieved",
    Outcome.MISSED: "Missed",
}


class ArchiveFilter(QueryFilter):
    """The archive's filters (the person only on the team-wide archive)."""

    person = SelectField(lazy_gettext("Person"), coerce=id_or_none)
    skill = SelectField(lazy_gettext("Skill"), coerce=id_or_none)
    status = SelectField(
        lazy_gettext("Closed as"),
        choices=[SelectChoice("", lazy_gettext("Done or dropped"))]
        + [SelectChoice(s.value, s.label) for s in CLOSED_STATUSES],
    )
    outcome = SelectField(
        lazy_gettext("Outcome"),
        choices=[SelectChoice("", lazy_gettext("Any outcome"))]
        + [SelectChoice(o.value, label) for o, label in OUTCOME_LABELS.items()],
    )

    def __init__(self, formdata, skills: list[Skill], people: list[Membership] | None):
        super().__init__(formdata)
        self.skill.choices = [SelectChoice("", gettext("Any skill"))] + [
            SelectChoice(s.id, s.name) for s in skills
        ]
        if people is None:  # one person's archive
            del self.person
        else:
            self.person.choices = [SelectChoice("", gettext("Everyone"))] + [
                SelectChoice(m.user_id, m.user.display_name) for m in people
            ]


def closed_goals(membership: Membership, filters: ArchiveFilter, owner_id: int | None = None):
    """The closed goals `membership` may see (private ones by the usual rule), newest closed
    first, with owner and skill: one query however many there are."""
    query = (
        sa.select(Goal)
        .where(visible_to(membership), Goal.status.in_([s.value for s in CLOSED_STATUSES]))
        .options(joinedload(Goal.owner), joinedload(Goal.skill))
        .order_by(Goal.closed_at.desc(), Goal.id.desc())
    )
    owner_id = owner_id or filters.value("person")
    for column, value in (
        (Goal.owner_id, owner_id),
        (Goal.skill_id, filters.value("skill")),
        (Goal.status, filters.value("status")),
        (Goal.outcome, filters.value("outcome")),
    ):
        if value is not None:
            query = query.where(column == value)
    return list(db.session.scalars(query))
