"""The demo team's responsibility map: realistic, with one gap and one overloaded person."""

from plplan.models import Membership, Raci, Team, User
from plplan.responsibilities.services import areas, set_cell

# area position → {email prefix: role}. Go-to-market has no Accountable (the gap) and Maya is
# Accountable for three areas and Responsible for a fourth: a load of 7, above the default 6.
DEMO_MAP = {
    0: {"maya": "A", "amara": "R", "jonas": "C", "priya": "I", "tomas": "I"},
    1: {"jonas": "A", "maya": "R", "tomas": "R", "priya": "C"},
    2: {"maya": "A", "priya": "R", "jonas": "C", "amara": "I"},
    3: {"amara": "R", "maya": "C", "priya": "C", "jonas": "I"},
    4: {"tomas": "A", "jonas": "R", "priya": "R", "amara": "C", "maya": "I"},
    5: {"maya": "A", "priya": "R", "tomas": "R"},
}


def seed_responsibilities(team: Team, people_by_email: dict[str, User]) -> None:
    """Fill the grid as Maya, so the history and the feed show who set it up."""
    memberships = {m.user.email.split("@")[0]: m for m in team.memberships}
    leader = people_by_email["maya@example.com"]
    team_areas = areas(team)
    for position, roles in DEMO_MAP.items():
        for person, role in roles.items():
            membership: Membership = memberships[person]
            set_cell(team, team_areas[position], membership, Raci(role), leader)
