"""The large benchmark dataset, built once and reused while the schema and this recipe stay.

1,000 teams. Four of them are the bench teams, of 10, 40, 100 and 200 people: each has 30
areas with every RACI cell filled or empty in turn, 10 goals per person with 20 check-ins
each, and a published plan of 50 rows with 500 revisions and 100 comments. The other 996 are
small (3 people, 3 areas, 2 goals each), there so every table holds other teams' rows.
Rows go in as bulk inserts; only the plan goes through the app's services.
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from harness import PASSWORD_HASH

from plplan.extensions import db
from plplan.goals.services import seed_skills
from plplan.models import (
    Area,
    Assignment,
    CheckIn,
    Goal,
    Membership,
    Plan,
    PlanRevision,
    Raci,
    Role,
    Skill,
    Team,
    User,
    utcnow,
)
from plplan.search import reindex
from plplan.text import name_key
from plplan.vision import comments, history, services
from plplan.vision.parts import ROW_KINDS

RECIPE = 2  # raise when the recipe below changes: the stored dataset is then built anew
TEAMS = 1000
SIZES = (10, 40, 100, 200)
AREAS, GOALS_PER_PERSON, CHECKINS_PER_GOAL = 30, 10, 20
PLAN_ROWS, PLAN_REVISIONS, PLAN_COMMENTS = 50, 500, 100
RACI_CYCLE = [Raci.RESPONSIBLE, Raci.CONSULTED, Raci.INFORMED, None]
STATUSES = ["on_track", "at_risk", "off_track", "not_started"]


@dataclass(frozen=True)
class BenchTeam:
    """What the page runs need to know about one bench team."""

    size: int
    slug: str
    plan_id: int
    area_id: int
    goal_id: int
    people: dict[str, int]  # "leader" / "member" / "viewer" -> user id


def fingerprint() -> str:
    """Changes with the recipe and with any table, column or index of the schema."""
    tables = db.metadata.sorted_tables
    schema = sorted(
        [f"{table.name}.{col.name}:{col.type}" for table in tables for col in table.columns]
        + [f"{table.name}#{index.name}" for table in tables for index in table.indexes]
    )
    return hashlib.sha256("\n".join([str(RECIPE), *schema]).encode()).hexdigest()[:16]


def is_built() -> bool:
    """Whether the database holds this recipe's dataset for this schema (app context)."""
    if not sa.inspect(db.engine).has_table("bench_dataset"):
        return False
    stored = db.session.execute(sa.text("SELECT fingerprint FROM bench_dataset")).scalar()
    return stored == fingerprint()


def build() -> None:
    """Fill a fresh schema with the dataset and mark it built (app context)."""
    for size in SIZES:
        _add_bench_team(size)
    _add_small_teams(TEAMS - len(SIZES))
    reindex(db.session.connection())  # the bulk inserts above go around search's listeners
    db.session.execute(sa.text("CREATE TABLE bench_dataset (fingerprint VARCHAR(16))"))
    db.session.execute(
        sa.text("INSERT INTO bench_dataset VALUES (:fingerprint)"), {"fingerprint": fingerprint()}
    )
    db.session.commit()
    # The planner's statistics, as autovacuum would gather them on a live database: without
    # them PostgreSQL plans for empty tables (SQLite plans from its indexes alone).
    if db.engine.dialect.name == "postgresql":
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()


def bench_teams() -> list[BenchTeam]:
    """The bench teams of a built dataset, smallest first (app context)."""
    return [_bench_team(size) for size in SIZES]


def _insert(model, rows: list[dict]) -> list[int]:
    """Bulk-insert rows; their ids in the order given."""
    if not rows:
        return []
    statement = sa.insert(model).returning(model.id, sort_by_parameter_order=True)
    return list(db.session.scalars(statement, rows))


def _add_team(slug: str, size: int) -> tuple[int, list[int], list[int]]:
    """A team of `size` people: the first leads, the last only views. Ids of team, users,
    memberships."""
    team_id = _insert(Team, [{"name": slug.replace("-", " ").title(), "slug": slug}])[0]
    user_ids = _insert(
        User,
        [
            {
                "email": f"{slug}-{i}@bench.example",
                "display_name": f"Person {i:03} of {slug}",
                "password_hash": PASSWORD_HASH,
            }
            for i in range(size)
        ],
    )
    roles = [Role.LEADER] + [Role.MEMBER] * (size - 2) + [Role.VIEWER]
    membership_ids = _insert(
        Membership,
        [
            {"team_id": team_id, "user_id": user_id, "role": role}
            for user_id, role in zip(user_ids, roles, strict=True)
        ],
    )
    return team_id, user_ids, membership_ids


def _add_areas(team_id: int, membership_ids: list[int], count: int) -> list[int]:
    """`count` areas, each with one Accountable and the other cells R, C, I or empty in turn."""
    area_ids = _insert(
        Area,
        [
            {"team_id": team_id, "name": name, "name_key": name_key(name), "position": i}
            for i, name in enumerate(f"Area {i:02}" for i in range(count))
        ],
    )
    assignments = []
    for i, area_id in enumerate(area_ids):
        for j, membership_id in enumerate(membership_ids):
            role = Raci.ACCOUNTABLE if j == i % len(membership_ids) else RACI_CYCLE[(i + j) % 4]
            if role:
                assignments.append(
                    {"area_id": area_id, "membership_id": membership_id, "role": role}
                )
    _insert(Assignment, assignments)
    return area_ids


def _add_goals(team_id: int, user_ids: list[int], per_person: int, checkins: int) -> list[int]:
    """Each person's goals, mentored by the next person, the last two check-ins unacknowledged."""
    skill_ids = list(db.session.scalars(sa.select(Skill.id).where(Skill.team_id == team_id)))
    now = utcnow()
    goal_ids = _insert(
        Goal,
        [
            {
                "team_id": team_id,
                "owner_id": owner_id,
                "mentor_id": user_ids[(i + 1) % len(user_ids)],
                "skill_id": skill_ids[(i + n) % len(skill_ids)] if skill_ids else None,
                "level": 1 + n % 4,
                "title": f"Goal {n} of person {i}",
                "success": "Measurable",
                "status": STATUSES[n % 4],
                "visibility": "private" if n % 5 == 0 else "team",
                "target_date": (now + timedelta(days=n * 9 - 20)).date(),
                "created_at": now - timedelta(days=120),
                "last_checkin_at": now - timedelta(days=n * 3),
                "progress": min(100, checkins * 4),
                "waiting": min(2, checkins),
            }
            for i, owner_id in enumerate(user_ids)
            for n in range(per_person)
        ],
    )
    _insert(
        CheckIn,
        [
            {
                "goal_id": goal_id,
                "author_id": user_ids[g // per_person],
                "created_at": now - timedelta(days=(g % per_person) * 3 + (checkins - c) * 5),
                "progress": c * 4,
                "status": STATUSES[c % 4],
                "confidence": 3,
                "happened": "Progress",
                "acknowledged_at": now if c < checkins - 2 else None,
            }
            for g, goal_id in enumerate(goal_ids)
            for c in range(checkins)
        ],
    )
    return goal_ids


def add_plan(team_id: int, leader_id: int, member_id: int) -> Plan:
    """A published plan of PLAN_ROWS rows, PLAN_REVISIONS revisions and PLAN_COMMENTS comments
    (half of them questions from a member, half the leader's answers)."""
    team, leader, member = (
        db.session.get(Team, team_id),
        db.session.get(User, leader_id),
        db.session.get(User, member_id),
    )
    plan = services.create_plan(team, "Checkout 2027", leader)
    fields, _ = services.plan_parts(plan)
    for key, row in fields.items():
        services.save_field(plan, row, f"Text of {key}", row.version, leader)
    kinds = list(ROW_KINDS)
    for i in range(PLAN_ROWS):
        values = {"text": f"Row {i}", "title": f"Row {i}", "goal": "Grow", "metric": "Rate"}
        services.add_item(plan, kinds[i % len(kinds)], values, leader)
    db.session.flush()
    done = db.session.scalar(
        sa.select(sa.func.count()).select_from(PlanRevision).where(PlanRevision.plan_id == plan.id)
    )
    for _ in range(PLAN_REVISIONS - done):  # restores never fold, so each one counts
        history.record(plan, "vision", "vision", "restore", {"value": "a"}, {"value": "b"}, leader)
    for i in range(PLAN_COMMENTS // 2):
        thread = comments.add_comment(plan, "needs", f"Question {i}?", member)
        comments.add_comment(plan, "needs", f"Answer {i}.", leader, thread)
    services.publish(plan, leader, "Bench")
    return plan


def _add_bench_team(size: int) -> None:
    team_id, user_ids, membership_ids = _add_team(f"bench-{size}", size)
    seed_skills(db.session.get(Team, team_id))
    db.session.flush()
    _add_areas(team_id, membership_ids, AREAS)
    _add_goals(team_id, user_ids, GOALS_PER_PERSON, CHECKINS_PER_GOAL)
    add_plan(team_id, user_ids[0], user_ids[1])
    db.session.commit()


def _add_small_teams(count: int) -> None:
    for n in range(count):
        team_id, user_ids, membership_ids = _add_team(f"small-{n:04}", 3)
        _add_areas(team_id, membership_ids, 3)
        _add_goals(team_id, user_ids, per_person=2, checkins=3)
    db.session.commit()


def _bench_team(size: int) -> BenchTeam:
    team = db.session.scalar(sa.select(Team).where(Team.slug == f"bench-{size}"))
    by_role = {
        role: db.session.scalar(
            sa.select(Membership.user_id)
            .where(Membership.team_id == team.id, Membership.role == role)
            .order_by(Membership.id)
        )
        for role in Role
    }

    def first(column, *where):
        return db.session.scalar(sa.select(column).where(*where).order_by(column))

    member_id = by_role[Role.MEMBER]
    return BenchTeam(
        size=size,
        slug=team.slug,
        plan_id=first(Plan.id, Plan.team_id == team.id),
        area_id=first(Area.id, Area.team_id == team.id),
        goal_id=first(Goal.id, Goal.owner_id == member_id, Goal.visibility == "team"),
        people={role.name.lower(): user_id for role, user_id in by_role.items()},
    )
