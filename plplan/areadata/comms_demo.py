"""The demo team's communication plan: a realistic rhythm, with one row overdue."""

from datetime import timedelta

from plplan.areadata import comms_services
from plplan.areadata.comms_services import Fields
from plplan.formatting import today
from plplan.models import Area, Team, User

AREA = "Senior leadership and stakeholder communications"
# (audience: a member's email prefix or a named audience, what, channel, cadence, owner,
#  days since last done or None for never); the investor update is the overdue one.
DEMO_ROWS = [
    ("Board", "Quarterly product review", "meeting", "quarterly", "maya", 40),
    ("Investors", "Monthly investor update", "email", "monthly", "maya", 45),
    ("Sales leadership", "Roadmap changes and launch dates", "chat", "biweekly", "priya", 5),
    ("jonas", "Payments platform status", "document", "weekly", "tomas", 2),
    ("Whole company", "Launch announcement", "email", "event", "maya", None),
]


def seed_comms(team: Team, areas: list[Area], people_by_email: dict[str, User]) -> None:
    """Maya's plan for the leadership communications area, done as it would have been."""
    area = next(a for a in areas if a.name == AREA)
    memberships = {m.user.email.split("@")[0]: m for m in team.memberships}
    maya = people_by_email["maya@example.com"]
    day = today()
    for audience, what, channel, cadence, owner, days_ago in DEMO_ROWS:
        member = memberships.get(audience)
        fields = Fields(
            audience_member=member,
            audience_name=None if member else audience,
            what=what,
            channel=channel,
            cadence=cadence,
            owner=memberships[owner],
            first_due=day - timedelta(days=(days_ago or 0) + 1),
        )
        item = comms_services.add(team, area, fields, maya)
        if days_ago is not None:
            done_on = day - timedelta(days=days_ago)
            note = "Notes in the shared drive" if channel == "meeting" else ""
            comms_services.mark_done(team, area, item, done_on, note, memberships[owner].user)
