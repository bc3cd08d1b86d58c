"""Goals test data built through the real services (shared by the goals test modules)."""

from datetime import date, timedelta

import sqlalchemy as sa

from plplan.extensions import db
from plplan.goals import services
from plplan.goals.services import CheckInFields, GoalFields
from plplan.models import Goal, Skill, Team, User, utcnow


def seed_team_skills(app, team_id: int) -> dict[str, int]:
    """The eight seed skills for a test team (teams made by fixtures skip create_team)."""
    with app.app_context():
        team = db.session.get(Team, team_id)
        services.seed_skills(team)
        db.session.commit()
        return dict(
            db.session.execute(
                sa.select(Skill.name, Skill.id).where(Skill.team_id == team_id)
            ).all()
        )


def make_goal(
    app,
    team_id: int,
    owner_id: int,
    title: str = "Run interviews",
    mentor_id: int | None = None,
    private: bool = False,
    numbers: tuple[float, float, str] | None = None,
    target_date: date | None = None,
    created_days_ago: int = 0,
    skill_name: str = "Communication",
) -> int:
    with app.app_context():
        team = db.session.get(Team, team_id)
        skill_id = db.session.scalar(
            sa.select(Skill.id).where(Skill.team_id == team_id, Skill.name == skill_name)
        )
        start, target, unit = numbers or (None, None, "")
        goal = services.create_goal(
            team,
            db.session.get(User, owner_id),
            GoalFields(
                title=title,
                success="Ten interviews, each with notes.",
                skill_id=skill_id,
                level=2,
                mentor_id=mentor_id,
                unit=unit,
                start_value=start,
                target_value=target,
                target_date=target_date,
                visibility="private" if private else "team",
            ),
            db.session.get(User, owner_id),
        )
        if created_days_ago:
            goal.created_at = goal.last_checkin_at = utcnow() - timedelta(days=created_days_ago)
        db.session.commit()
        return goal.id


def add_checkins(app, goal_id: int, count: int, days_ago: int = 0) -> list[int]:
    """`count` check-ins by the owner, one per day, the last `days_ago` days ago."""
    with app.app_context():
        goal = db.session.get(Goal, goal_id)
        ids = []
        for i in range(count):
            when = utcnow() - timedelta(days=days_ago + count - 1 - i)
            fields = CheckInFields(
                status="on_track",
                confidence=4,
                happened=f"Step {i + 1}",
                value=float(i + 1) if goal.is_numeric else None,
                progress=None if goal.is_numeric else min(100, (i + 1) * 10),
            )
            ids.append(services.check_in(goal, goal.owner, fields, now=when).id)
        db.session.commit()
        return ids
