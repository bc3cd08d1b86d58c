"""The rules of mentoring goals: who sees and changes what, progress, staleness, check-ins.

No Flask request code here: views pass in the membership (who is asking) and form data.
"""

import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import cache
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from plplan.activity import record_activity
from plplan.authz import Capability, members_who_can
from plplan.extensions import db
from plplan.formatting import measure, plural
from plplan.goals.seeds import SEED_SKILLS
from plplan.models import (
    Activity,
    CheckIn,
    Goal,
    GoalComment,
    GoalStatus,
    Membership,
    Skill,
    Team,
    User,
    Visibility,
    utcnow,
)
from plplan.notifications import mentions
from plplan.notifications.events import Event
from plplan.notifications.outbox import notify
from plplan.text import NameTaken, name_key
from plplan.transactions import for_update, refused_as

OPEN_STATUSES = [s.value for s in GoalStatus if s.is_open]


class GoalConflict(Exception):
    """The goal changed since the form was loaded; the newer goal is kept, nothing is saved."""


# -- skills ---------------------------------------------------------------------------------------


def seed_skills(team: Team) -> None:
    """Give a new team the eight seed skills (the caller commits)."""
    for position, (name, levels) in enumerate(SEED_SKILLS):
        db.session.add(
            Skill(team_id=team.id, name=name, levels="\n".join(levels), position=position)
        )


def skills(team: Team, include_archived: bool = False) -> list[Skill]:
    query = sa.select(Skill).where(Skill.team_id == team.id).order_by(Skill.position, Skill.name)
    if not include_archived:
        query = query.where(Skill.archived_at.is_(None))
    return list(db.session.scalars(query))


def skill_name_taken(team: Team, name: str, except_id: int | None = None) -> bool:
    query = sa.select(Skill.id).where(Skill.team_id == team.id, Skill.name_key == name_key(name))
    if except_id is not None:
        query = query.where(Skill.id != except_id)
    return db.session.scalar(query) is not None


def add_skill(team: Team, name: str, levels: str) -> Skill:
    """:raise NameTaken: another skill got the name first (a race `skill_name_taken` missed)."""
    position = db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.max(Skill.position), -1) + 1).where(
            Skill.team_id == team.id
        )
    )
    skill = Skill(team_id=team.id, name=name.strip(), levels=levels.strip(), position=position)
    with refused_as(NameTaken()):
        db.session.add(skill)
    record_activity(team, "added", "skill", f"added the skill {skill.name}", skill.id)
    return skill


def update_skill(skill: Skill, name: str, levels: str) -> None:
    """:raise NameTaken: another skill got the name first."""
    old = skill.name
    with refused_as(NameTaken()):
        skill.name, skill.levels = name.strip(), levels.strip()
    if old != skill.name:
        summary = f"renamed the skill {old} to {skill.name}"
    else:
        summary = f"described the levels of {skill.name}"
    record_activity(skill.team, "changed", "skill", summary, skill.id)


def set_skill_archived(skill: Skill, archived: bool) -> None:
    """Archived skills are kept on existing goals but offered for no new ones."""
    skill.archived_at = utcnow() if archived else None
    verb = "archived" if archived else "restored"
    record_activity(skill.team, verb, "skill", f"{verb} the skill {skill.name}", skill.id)


def set_stale_days(team: Team, days: int) -> None:
    team.goal_stale_days = days
    record_activity(
        team,
        "changed",
        "team",
        f"set goals to count as stale after {plural(days, 'day', 'days')}",
        team.id,
    )


# -- who sees and changes a goal -----------------------------------------------------------------


def visible_to(membership: Membership):
    """SQL condition: goals `membership` may see (private ones: owner, mentor and reviewers)."""
    return _visible(membership.can(Capability.REVIEW_GOALS), membership.team_id, membership.user_id)


def _visible(sees_private: bool, team_id, user_id) -> sa.ColumnElement[bool]:
    """`visible_to` for a reviewer or not, of `team_id` and `user_id` (values or bound
    parameters)."""
    in_team = Goal.team_id == team_id
    if sees_private:
        return in_team
    return sa.and_(
        in_team,
        sa.or_(
            Goal.visibility == Visibility.TEAM,
            Goal.owner_id == user_id,
            Goal.mentor_id == user_id,
        ),
    )


# What a goal's pages show with it, loaded in the same query.
GOAL_DETAILS = (
    joinedload(Goal.owner),
    joinedload(Goal.mentor),
    joinedload(Goal.skill),
    joinedload(Goal.area),
)


# -- progress, staleness, overdue -----------------------------------------------------------------


def progress_of(start: float | None, target: float | None, current: float | None) -> int:
    """How far from start to target `current` is, 0-100; also for targets below the start."""
    if target is None or start is None or current is None or target == start:
        return 0
    if not all(math.isfinite(n) for n in (start, target, current)):
        return 0  # a bad row stored before values were checked: shown, never computed with
    share = (current - start) / (target - start)
    return round(min(max(share, 0.0), 1.0) * 100)


def stale_cutoff(team: Team, now: datetime | None = None) -> datetime:
    return (now or utcnow()) - timedelta(days=team.goal_stale_days)


def is_stale(goal: Goal, team: Team, now: datetime | None = None) -> bool:
    """An open goal without a check-in (or, if new, since creation) for the team's period."""
    return goal.is_open and goal.last_checkin_at < stale_cutoff(team, now)


def is_overdue(goal: Goal, today: date | None = None) -> bool:
    today = today or utcnow().date()
    return goal.is_open and goal.target_date is not None and goal.target_date < today


def days_since_checkin(goal: Goal, now: datetime | None = None) -> int:
    return ((now or utcnow()) - goal.last_checkin_at).days


def overdue_ids(goals: list[Goal]) -> set[int]:
    """Which of `goals` are overdue, for pages that flag them."""
    today = utcnow().date()
    return {goal.id for goal in goals if is_overdue(goal, today)}


def idle_days(goals: list[Goal]) -> dict[int, int]:
    """Days since each goal's last check-in (or its creation), by goal id."""
    now = utcnow()
    return {goal.id: days_since_checkin(goal, now) for goal in goals}


# -- changing goals -------------------------------------------------------------------------------


@dataclass
class GoalFields:
    """What the goal form edits (status and current value change only through check-ins)."""

    title: str
    success: str
    skill_id: int | None
    level: int | None
    mentor_id: int | None
    unit: str
    start_value: float | None
    target_value: float | None
    target_date: date | None
    visibility: str
    area_id: int | None = None

    def apply_to(self, goal: Goal) -> None:
        for name, value in vars(self).items():
            setattr(goal, name, value.strip() if isinstance(value, str) else value)


def _named(goal: Goal) -> str:
    """How the feed names a goal; private titles stay out of the team-wide feed."""
    return "a private goal" if goal.is_private else f"the goal “{goal.title}”"


def create_goal(team: Team, owner: User, fields: GoalFields, actor: User) -> Goal:
    goal = Goal(team=team, owner=owner, status=GoalStatus.NOT_STARTED)
    fields.apply_to(goal)
    goal.current_value = goal.start_value if goal.is_numeric else None
    goal.progress = 0
    db.session.add(goal)
    db.session.flush()
    whose = "" if owner.id == actor.id else f" for {owner.display_name}"
    record_activity(team, "created", "goal", f"created {_named(goal)}{whose}", goal.id, actor)
    return goal


def update_goal(goal: Goal, fields: GoalFields, version: int, editor: User) -> None:
    """Save the form's fields unless someone saved the goal since `version` was loaded."""
    _claim_version(goal, version)
    was_private, old_measure = goal.is_private, _measure_of(goal)
    fields.apply_to(goal)
    if goal.is_numeric and goal.current_value is None:
        goal.current_value = goal.start_value
    if not goal.is_numeric:
        goal.current_value = None
    else:
        goal.progress = progress_of(goal.start_value, goal.target_value, goal.current_value)
    if _measure_of(goal) != old_measure:
        _record_measure_change(goal, editor, old_measure)
    if goal.is_private and not was_private:
        _hide_title_in_feed(goal)
    record_activity(
        goal.team,
        "edited",
        "goal",
        f"edited {_named(goal)}",
        goal.id,
        editor,
        fold_within=timedelta(hours=1),
    )


def _claim_version(goal: Goal, version: int) -> None:
    """Move the goal on from `version` or raise GoalConflict, in one UPDATE ... WHERE version:
    of two saves at the same instant only one gets past here (PostgreSQL holds the row until
    the winner commits, then finds the version moved on)."""
    claimed = db.session.execute(
        sa.update(Goal)
        .where(Goal.id == goal.id, Goal.version == version)
        .values(version=Goal.version + 1)  # not the version sent: it may be any number
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise GoalConflict
    set_committed_value(goal, "version", version + 1)


def count_waiting(goal: Goal, change: int) -> None:
    """Move the goal's count of check-ins waiting for acknowledgement by `change` with the
    check-in added or acknowledged: in SQL (waiting + change), so two requests at once each
    add theirs, and in their transaction, so the count never disagrees with the check-ins."""
    goal.waiting = Goal.waiting + change


def _bump_version(goal: Goal) -> None:
    """A change that needs no form version (check-in, close) still moves the goal on,
    counted in SQL so a copy loaded before someone else's save cannot step back."""
    goal.version = Goal.version + 1


def _measure_of(goal: Goal) -> tuple[float | None, float | None, str]:
    return goal.start_value, goal.target_value, goal.unit


def _describe_measure(start: float | None, target: float | None, unit: str) -> str:
    """How a note names a measure: "0 → 10 interviews", or "0-100 %" for a percent goal."""
    if target is None:
        return "0-100 %"
    return f"{start or 0:g} → {measure(target, unit)}"


def _record_measure_change(goal: Goal, editor: User, old_measure: tuple) -> None:
    """A new start, target or unit on a goal with a history becomes a check-in of its own, so
    the history and the chart (both built from check-ins) agree with the goal's bar.

    Status and confidence carry over from the latest check-in; staleness is not reset, since
    changing the measure is not a report of progress.
    """
    latest = db.session.scalar(
        sa.select(CheckIn)
        .where(CheckIn.goal_id == goal.id)
        .order_by(CheckIn.created_at.desc(), CheckIn.id.desc())
        .limit(1)
    )
    if latest is None:
        return  # nothing drawn yet: the chart starts from the goal as it is now
    now, was = _describe_measure(*_measure_of(goal)), _describe_measure(*old_measure)
    db.session.add(
        CheckIn(
            goal_id=goal.id,
            author_id=editor.id,
            created_at=utcnow(),
            value=goal.current_value,
            progress=goal.progress,
            status=goal.status,
            confidence=latest.confidence,
            happened=f"Changed the measure: {now} (was {was})",
        )
    )
    count_waiting(goal, 1)


_GOAL_TITLE = re.compile(r"the goal “.*”")


def _hide_title_in_feed(goal: Goal) -> None:
    """A goal made private: its earlier feed entries stop naming it (see `_named`).

    Summaries name a goal as `the goal “<title>”` followed by text without quotes, so the
    greedy match also covers titles that contain quotes and titles the goal had before.
    """
    entries = db.session.scalars(
        sa.select(Activity).where(
            Activity.team_id == goal.team_id,
            Activity.object_type == "goal",
            Activity.object_id == goal.id,
        )
    )
    for entry in entries:
        entry.summary = _GOAL_TITLE.sub("a private goal", entry.summary)


@dataclass
class CheckInFields:
    status: str
    confidence: int
    happened: str
    blockers: str = ""
    next_step: str = ""
    value: float | None = None  # numeric goals
    progress: int | None = None  # 0-100 % goals


def check_in(
    goal: Goal, author: User, fields: CheckInFields, now: datetime | None = None
) -> CheckIn:
    """Record progress; the goal's current value, progress and status follow the check-in.

    The goal row is locked and reloaded first, so of two check-ins at the same instant the
    later one is both the newest and the last to write the goal: they cannot get out of step.
    """
    db.session.execute(
        for_update(sa.select(Goal).where(Goal.id == goal.id)).execution_options(
            populate_existing=True
        )
    )
    if goal.is_numeric:
        progress = progress_of(goal.start_value, goal.target_value, fields.value)
        goal.current_value = fields.value
    else:
        progress = fields.progress or 0
    checkin = CheckIn(
        goal=goal,
        author_id=author.id,
        created_at=now or utcnow(),
        value=fields.value if goal.is_numeric else None,
        progress=progress,
        status=fields.status,
        confidence=fields.confidence,
        happened=fields.happened.strip(),
        blockers=fields.blockers.strip(),
        next_step=fields.next_step.strip(),
    )
    db.session.add(checkin)
    count_waiting(goal, 1)
    goal.progress = progress
    goal.status = fields.status
    goal.last_checkin_at = checkin.created_at
    _bump_version(goal)
    db.session.flush()
    record_activity(
        goal.team,
        "checked_in",
        "goal",
        f"checked in on {_named(goal)}: {progress}%, {GoalStatus(fields.status).label.lower()}",
        goal.id,
        author,
    )
    _tell_of_checkin(
        "checkin",
        checkin,
        author,
        f"{author.display_name} checked in on “{goal.title}”: {progress}%",
        checkin.happened,
        "a check-in",
    )
    return checkin


def acknowledge(checkin: CheckIn, by: User, feedback: str) -> bool:
    """Acknowledge the check-in unless someone did meanwhile (then False, nothing changes).

    One UPDATE ... WHERE acknowledged_at IS NULL: of two acknowledgements at the same instant
    only the first is kept, with its reply.
    """
    result = db.session.execute(
        sa.update(CheckIn)
        .where(CheckIn.id == checkin.id, CheckIn.acknowledged_at.is_(None))
        .values(acknowledged_at=utcnow(), acknowledged_by_id=by.id, feedback=feedback.strip())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    db.session.refresh(checkin)
    goal = checkin.goal
    count_waiting(goal, -1)
    replied = " and replied" if checkin.feedback else ""
    record_activity(
        goal.team,
        "acknowledged",
        "goal",
        f"acknowledged a check-in{replied} on {_named(goal)}",
        goal.id,
        by,
    )
    _tell_of_checkin(
        "checkin_reply",
        checkin,
        by,
        f"{by.display_name} acknowledged{replied} your check-in on “{goal.title}”",
        checkin.feedback,
        "a reply to a check-in",
    )
    return True


def add_comment(goal: Goal, author: User, body: str) -> GoalComment:
    """A comment on the goal: its owner, its mentor and who commented before hear of it, and
    whoever it @mentions hears of the mention instead."""
    comment = GoalComment(goal=goal, author_id=author.id, body=body.strip())
    db.session.add(comment)
    db.session.flush()
    event = Event(
        "goal_comment",
        goal.team,
        author,
        comment,
        f"{author.display_name} commented on “{goal.title}”",
        "goals.show",
        {"goal_id": goal.id},
        f"goal-comment-{comment.id}",
        mentions.plain(comment.body),
    )
    told = mentions.notify_mentioned(
        event, comment.body, goal=goal, summary=_mentioned_in(author, "a comment", goal)
    )
    notify(replace(event, skip=told))
    return comment


def _tell_of_checkin(
    kind: str, checkin: CheckIn, actor: User, summary: str, text: str, what: str
) -> None:
    """Who `text` (the check-in's note or its reply) mentions hears of the mention, if they may
    see the goal; the others who hear of `kind` of it, as usual."""
    goal = checkin.goal
    event = Event(
        kind,
        goal.team,
        actor,
        checkin,
        summary,
        "goals.show",
        {"goal_id": goal.id},
        f"checkin-{checkin.id}",
        mentions.plain(text),
    )
    told = mentions.notify_mentioned(
        event, text, goal=goal, summary=_mentioned_in(actor, what, goal)
    )
    notify(replace(event, skip=told))


def _mentioned_in(author: User, what: str, goal: Goal) -> str:
    return f"{author.display_name} mentioned you in {what} on “{goal.title}”"


def close_goal(goal: Goal, status: str, outcome: str, learned: str) -> None:
    """Close with a short retrospective: done or dropped, achieved / partly / missed."""
    goal.status = status
    goal.outcome = outcome
    goal.learned = learned.strip()
    goal.closed_at = utcnow()
    _bump_version(goal)
    record_activity(
        goal.team,
        "closed",
        "goal",
        f"closed {_named(goal)} as {GoalStatus(status).label.lower()} ({outcome})",
        goal.id,
    )


# -- the goal page ----------------------------------------------------------------------------


def history(goal: Goal) -> list[CheckIn]:
    """The goal's check-ins, oldest first, with who wrote and who acknowledged them."""
    return list(
        db.session.scalars(
            sa.select(CheckIn)
            .where(CheckIn.goal_id == goal.id)
            .options(joinedload(CheckIn.author), joinedload(CheckIn.acknowledged_by))
            .order_by(CheckIn.created_at, CheckIn.id)
        )
    )


def comments(goal: Goal) -> list[GoalComment]:
    return list(
        db.session.scalars(
            sa.select(GoalComment)
            .where(GoalComment.goal_id == goal.id)
            .options(joinedload(GoalComment.author))
            .order_by(GoalComment.created_at, GoalComment.id)
        )
    )


# -- what needs attention -------------------------------------------------------------------------


def attention_count(membership: Membership) -> int:
    """My stale open goals plus check-ins I must acknowledge, in one query."""
    values = {
        "team_id": membership.team_id,
        "user_id": membership.user_id,
        "cutoff": stale_cutoff(membership.team),
    }
    return db.session.scalar(_attention_query(), values)


@cache
def _attention_query() -> sa.Select:
    """attention_count's query, built once per process: building and keying it anew was a
    fifth of every team page's floor (the badge is in the navigation). It holds no data,
    only bound parameters, so nothing here goes stale."""
    team_id, user_id = sa.bindparam("team_id"), sa.bindparam("user_id")
    stale = sa.select(sa.func.count(Goal.id)).where(
        Goal.team_id == team_id,
        Goal.owner_id == user_id,
        Goal.status.in_(OPEN_STATUSES),
        Goal.last_checkin_at < sa.bindparam("cutoff", type_=Goal.last_checkin_at.type),
    )
    # Check-ins on goals I mentor that I have not acknowledged yet.
    to_acknowledge = (
        sa.select(sa.func.count(CheckIn.id))
        .join(Goal, Goal.id == CheckIn.goal_id)
        .where(Goal.team_id == team_id, Goal.mentor_id == user_id)
        .where(CheckIn.acknowledged_at.is_(None))
    )
    return sa.select(stale.scalar_subquery() + to_acknowledge.scalar_subquery())


@dataclass
class MyGoals:
    open_goals: list[Goal]
    stale: list[Goal]
    to_acknowledge: list[CheckIn]


def my_goals(membership: Membership) -> MyGoals:
    """My open goals (soonest due first), which of them need a check-in, and my mentee's
    check-ins waiting for me: two queries whatever the numbers."""
    mine = {"team_id": membership.team_id, "user_id": membership.user_id}
    goals = list(db.session.scalars(_my_open_goals(), mine))
    waiting = list(db.session.scalars(_my_mentees_waiting(), mine))
    cutoff = stale_cutoff(membership.team)
    return MyGoals(goals, [g for g in goals if g.last_checkin_at < cutoff], waiting)


@cache
def _my_open_goals() -> sa.Select:
    """my_goals' statements are built once per process (the team home shows them): only
    bound parameters."""
    return (
        sa.select(Goal)
        .where(
            Goal.team_id == sa.bindparam("team_id"),
            Goal.owner_id == sa.bindparam("user_id"),
            Goal.status.in_(OPEN_STATUSES),
        )
        .options(joinedload(Goal.skill), joinedload(Goal.mentor))
        .order_by(Goal.target_date.is_(None), Goal.target_date, Goal.id)
    )


@cache
def _my_mentees_waiting() -> sa.Select:
    return (
        sa.select(CheckIn)
        .join(CheckIn.goal)
        .where(
            Goal.team_id == sa.bindparam("team_id"),
            Goal.mentor_id == sa.bindparam("user_id"),
            CheckIn.acknowledged_at.is_(None),
        )
        .options(joinedload(CheckIn.goal).joinedload(Goal.owner), joinedload(CheckIn.author))
        .order_by(CheckIn.created_at)
    )


# -- the team growth view ------------------------------------------------------------------------


@dataclass
class PersonGrowth:
    user_id: int
    name: str
    by_status: Counter = field(default_factory=Counter)
    # skill id -> (open goals on it, highest level aimed at or None)
    skills: dict[int, tuple[int, int | None]] = field(default_factory=dict)

    @property
    def open_count(self) -> int:
        return sum(self.by_status.values())


@dataclass
class TeamGrowth:
    """What the Team growth page shows: counts over every open goal the viewer may see, the
    people asked for, and the first LISTED of each list (the page says how many more there are)."""

    people: list[PersonGrowth]
    people_count: int  # everyone who owns goals, shown or not
    skills: list[Skill]
    goals_per_skill: list[tuple[Skill, int, int]]  # skill, open goals, people growing it
    open_count: int
    overdue_count: int
    stale_count: int
    flagged_count: int  # overdue or stale
    flagged: list  # goal rows (see _listed) with overdue and stale: overdue first, then stale
    waiting_count: int  # check-ins waiting for a mentor
    unacknowledged_count: int  # goals with check-ins waiting
    unacknowledged: list  # goal rows (see _listed) with their check-ins waiting


LISTED = 25  # goals per list on the Team growth page
GROWTH_TOTALS = ("goals", "overdue", "stale", "flagged", "waiting", "goals_waiting")


def team_growth(
    membership: Membership, shown: int | None = None, now: datetime | None = None
) -> TeamGrowth:
    """Everything the Team growth page shows, in five queries whatever the team's size, for
    the first `shown` people by name (everyone when None): the counts are aggregates (of the
    check-ins waiting, the goals' own counts: no check-in is read), only the shown people's
    goals are counted one by one, and only the listed goals load. The statements are built
    once per process (per kind of viewer), with bound parameters only."""
    team = membership.team
    shown_people, people_count = _first_contributors(team, shown)
    people = {user_id: PersonGrowth(user_id, name) for user_id, name in shown_people}
    active_skills = skills(team)
    values = {
        "team_id": team.id,
        "user_id": membership.user_id,
        "today": (now or utcnow()).date(),
        "cutoff": stale_cutoff(team, now),
        "people": list(people),
    }
    statements = _growth_statements(membership.can(Capability.REVIEW_GOALS))
    totals = dict.fromkeys(GROWTH_TOTALS, 0)
    skill_goals, skill_people = Counter(), Counter()
    for row in db.session.execute(statements.counts, values).mappings():
        for key in GROWTH_TOTALS:
            totals[key] += row[key]
        _count_for_person(people.get(row["person"]), row)
        if row["skill_id"] is not None:
            skill_goals[row["skill_id"]] += row["goals"]
            skill_people[row["skill_id"]] += row["owners"]  # the groups' owners never overlap
    return TeamGrowth(
        people=list(people.values()),
        people_count=people_count,
        skills=active_skills,
        goals_per_skill=[(s, skill_goals[s.id], skill_people[s.id]) for s in active_skills],
        open_count=totals["goals"],
        overdue_count=totals["overdue"],
        stale_count=totals["stale"],
        flagged_count=totals["flagged"],
        flagged=db.session.execute(statements.flagged, values).all(),
        waiting_count=totals["waiting"],
        unacknowledged_count=totals["goals_waiting"],
        unacknowledged=db.session.execute(statements.unacknowledged, values).all(),
    )


class _GrowthStatements(NamedTuple):
    counts: sa.Select  # per skill and shown person (the rest grouped as one)
    flagged: sa.Select  # the first LISTED overdue or stale goals
    unacknowledged: sa.Select  # the first LISTED goals with check-ins waiting


@cache
def _growth_statements(sees_private: bool) -> _GrowthStatements:
    today = sa.bindparam("today", type_=Goal.target_date.type)
    overdue = sa.and_(Goal.target_date.is_not(None), Goal.target_date < today)
    stale = Goal.last_checkin_at < sa.bindparam("cutoff", type_=Goal.last_checkin_at.type)
    visible = _visible(sees_private, sa.bindparam("team_id"), sa.bindparam("user_id"))
    open_goals = sa.and_(visible, Goal.status.in_(OPEN_STATUSES))
    waiting = sa.and_(Goal.mentor_id.is_not(None), Goal.waiting > 0)  # for a mentor
    # a shown person's goals are grouped by skill for them; everyone else's by skill alone
    shown = sa.bindparam("people", expanding=True, type_=Goal.owner_id.type)
    person = sa.case((Goal.owner_id.in_(shown), Goal.owner_id))
    counts = (
        sa.select(
            Goal.skill_id,
            person.label("person"),
            sa.func.count().label("goals"),
            sa.func.count(sa.distinct(Goal.owner_id)).label("owners"),
            sa.func.max(Goal.level).label("level"),
            sa.func.count().filter(overdue).label("overdue"),
            sa.func.count().filter(stale).label("stale"),
            sa.func.count().filter(sa.or_(overdue, stale)).label("flagged"),
            sa.func.sum(sa.case((waiting, Goal.waiting), else_=0)).label("waiting"),
            sa.func.count().filter(waiting).label("goals_waiting"),
            *(sa.func.count().filter(Goal.status == s).label(s) for s in OPEN_STATUSES),
        )
        .where(open_goals)
        # by its name: written out again, `person` (its list of people) would be worked
        # out twice for every goal
        .group_by(Goal.skill_id, sa.literal_column("person"))
    )
    due_first = (Goal.target_date.is_(None), Goal.target_date, Goal.id)
    flagged = _first_listed(
        sa.and_(open_goals, sa.or_(overdue, stale)),
        # overdue goals soonest due first, then the stale ones longest quiet first
        (
            sa.case((overdue, 0), else_=1),
            sa.case((overdue, Goal.target_date)),
            sa.case((overdue, None), else_=Goal.last_checkin_at),
            *due_first,
        ),
        overdue.label("overdue"),
        stale.label("stale"),
    )
    unacknowledged = _first_listed(sa.and_(open_goals, waiting), due_first, Goal.waiting)
    return _GrowthStatements(counts, flagged, unacknowledged)


def _first_listed(where, order: tuple, *columns) -> sa.Select:
    """The first LISTED goals `where` holds, in `order`, as Team growth's lists show them:
    title and owner, when due and last checked in on, and `columns`. The goals are picked
    from ix_goal_team_open alone; only the LISTED picked are read with their owners."""
    picked = sa.select(Goal.id).where(where).order_by(*order).limit(LISTED)
    return (
        sa.select(
            Goal.id,
            Goal.title,
            User.display_name.label("owner_name"),
            Goal.target_date,
            Goal.last_checkin_at,
            *columns,
        )
        .join(User, User.id == Goal.owner_id)
        .where(Goal.id.in_(picked.scalar_subquery()))
        .order_by(*order)
    )


def _first_contributors(team: Team, limit: int | None) -> tuple[list[tuple[int, str]], int]:
    """The first `limit` people who own goals, by name as `contributors` lists them (all when
    None), as (user id, name), and how many there are: one query, the count a window over
    every row. Plain rows: the page needs no more of a person, and 200 people are 200 users
    and memberships the ORM would build."""
    values = {"team_id": team.id, "limit": limit}
    rows = db.session.execute(_contributors_by_name(limit is not None), values).all()
    return [(user_id, name) for user_id, name, _ in rows], rows[0][2] if rows else 0


@cache
def _contributors_by_name(limited: bool) -> sa.Select:
    query = (
        sa.select(User.id, User.display_name, sa.func.count().over())
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.team_id == sa.bindparam("team_id"),
            members_who_can(Capability.OWN_GOALS),
        )
        .order_by(User.display_name, Membership.id)
    )
    return query.limit(sa.bindparam("limit")) if limited else query


def _count_for_person(person: PersonGrowth | None, row) -> None:
    """Add a shown person's open goals on one skill to their bars and skills picture."""
    if person is None:  # not shown, a viewer now, or gone: their goals count for the team
        return
    for status in OPEN_STATUSES:
        person.by_status[status] += row[status]
    if row["skill_id"] is not None:
        person.skills[row["skill_id"]] = (row["goals"], row["level"])


def growth_focus(team: Team) -> dict:
    """The team's growth focus for the one-pager: team-visible open goals only.

    {"skills": [skill names, most goals first], "open_goals": int, "on_track": int}
    """
    goals = sa.func.count(Goal.id)
    per_skill = db.session.execute(
        sa.select(Skill.name, goals, goals.filter(Goal.status == GoalStatus.ON_TRACK))
        .select_from(Goal)
        .outerjoin(Skill, Skill.id == Goal.skill_id)
        .where(
            Goal.team_id == team.id,
            Goal.visibility == Visibility.TEAM,
            Goal.status.in_(OPEN_STATUSES),
        )
        .group_by(Skill.id, Skill.name)
        .order_by(goals.desc(), Skill.name)
    ).all()
    return {  # in one query: the goals without a skill are the row without a name
        "skills": [name for name, _, _ in per_skill if name is not None],
        "open_goals": sum(count for _, count, _ in per_skill),
        "on_track": sum(on_track for _, _, on_track in per_skill),
    }
