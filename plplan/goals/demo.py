"""Demo goals: two or three per member, with months of check-ins, so the charts tell a story."""

from datetime import timedelta

import sqlalchemy as sa

from plplan.extensions import db
from plplan.goals import services
from plplan.goals.services import CheckInFields, GoalFields
from plplan.models import Goal, GoalStatus, Skill, Team, User, Visibility, utcnow

# owner, mentor, skill, title, success, (start, target, unit) or None, days until due,
# visibility, check-ins as (days ago, value or %, status, acknowledged by the mentor)
DEMO_GOALS = [
    (
        "jonas",
        "maya",
        "Communication",
        "Present the quarterly roadmap to the whole company",
        "I run the roadmap review myself and get at most two clarifying questions afterwards.",
        None,
        40,
        Visibility.TEAM,
        [
            (80, 10, "on_track", True),
            (60, 30, "on_track", True),
            (38, 45, "at_risk", True),
            (20, 60, "on_track", True),
            (6, 70, "on_track", False),
        ],
    ),
    (
        "jonas",
        "priya",
        "Empathy and user focus",
        "Run customer interviews on my own",
        "Ten interviews run alone, each with a written synthesis shared with the team.",
        (0, 10, "interviews"),
        70,
        Visibility.TEAM,
        [(75, 1, "on_track", True), (50, 3, "on_track", True), (30, 4, "at_risk", False)],
    ),
    (
        "priya",
        "maya",
        "Strategic thinking",
        "Write the payments strategy one-pager",
        "A one-page strategy the leadership team signs off without rewrites.",
        None,
        25,
        Visibility.TEAM,
        [
            (70, 5, "on_track", True),
            (45, 25, "on_track", True),
            (25, 50, "on_track", True),
            (9, 75, "on_track", False),
        ],
    ),
    (
        "priya",
        "jonas",
        "Technical skills",
        "Read and review the checkout service code",
        "I can review a pull request in the checkout service without help.",
        (0, 12, "reviews"),
        -5,
        Visibility.TEAM,
        [(60, 2, "on_track", True), (33, 4, "off_track", True)],
    ),
    (
        "tomas",
        "maya",
        "Decision-making",
        "Decide with data, not opinions",
        "Every feature decision I own has a one-line metric rationale in the decision log.",
        None,
        55,
        Visibility.TEAM,
        [
            (85, 0, "not_started", True),
            (65, 20, "at_risk", True),
            (45, 35, "on_track", True),
            (28, 40, "at_risk", True),
        ],
    ),
    (
        "tomas",
        None,
        "Influence and motivation",
        "Get better at giving feedback",
        "My next two peer reviews say my feedback is specific and kind.",
        None,
        90,
        Visibility.PRIVATE,
        [(40, 20, "on_track", False)],
    ),
    (
        "amara",
        "priya",
        "Business acumen",
        "Understand our unit economics",
        "Explain CAC, LTV and payback for our three segments to the team in 10 minutes.",
        (0, 3, "segments"),
        30,
        Visibility.TEAM,
        [(50, 1, "on_track", True), (24, 2, "on_track", True), (3, 2, "on_track", False)],
    ),
    (
        "amara",
        "tomas",
        "Domain knowledge",
        "Learn the card payments landscape",
        "Map the acquirers, schemes and fees we pay, and spot one saving.",
        None,
        60,
        Visibility.TEAM,
        [],
    ),
]


def seed_goals(team: Team, people: dict[str, User]) -> None:
    """Add the demo goals to `team`; `people` maps demo e-mails to users."""
    by_name = {email.split("@")[0]: user for email, user in people.items()}
    skills = {
        s.name: s for s in db.session.scalars(sa.select(Skill).where(Skill.team_id == team.id))
    }
    now = utcnow()
    for index, (
        owner,
        mentor,
        skill,
        title,
        success,
        numbers,
        due_in,
        visibility,
        checkins,
    ) in enumerate(DEMO_GOALS):
        start, target, unit = numbers or (None, None, "")
        created = now - timedelta(days=(checkins[0][0] + 5) if checkins else 20)
        goal = services.create_goal(
            team,
            by_name[owner],
            GoalFields(
                title=title,
                success=success,
                skill_id=skills[skill].id,
                level=1 + index % 3,
                mentor_id=by_name[mentor].id if mentor else None,
                unit=unit,
                start_value=start,
                target_value=target,
                target_date=(now + timedelta(days=due_in)).date(),
                visibility=visibility,
            ),
            by_name[owner],
        )
        goal.created_at = goal.last_checkin_at = created
        for days_ago, amount, status, acknowledged in checkins:
            _demo_checkin(
                goal,
                by_name,
                owner,
                mentor,
                now - timedelta(days=days_ago),
                amount,
                status,
                acknowledged,
            )
    db.session.flush()


def _demo_checkin(goal: Goal, by_name, owner, mentor, when, amount, status, acknowledged):
    numeric = goal.is_numeric
    checkin = services.check_in(
        goal,
        by_name[owner],
        CheckInFields(
            status=GoalStatus(status),
            confidence=4 if status == "on_track" else 2,
            happened="Made progress this week; details in the team channel.",
            blockers="" if status == "on_track" else "Waiting on time with the data team.",
            next_step="Keep going and share what I learn.",
            value=float(amount) if numeric else None,
            progress=None if numeric else amount,
        ),
        now=when,
    )
    if acknowledged and mentor:
        checkin.acknowledged_at = when + timedelta(days=1)
        checkin.acknowledged_by_id = by_name[mentor].id
        checkin.feedback = "Nice work. What would you do differently next time?"
        services.count_waiting(goal, -1)
