"""Who the demo team is and how to sign in as them: read by the demo loader, the CLI and the
sign-in page (which must not import the loader and every module's demo content)."""

import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import Role, User

DEMO_PASSWORD = "plplan-demo-2026"
DEMO_TEAM = "Checkout & Payments"
DEMO_PEOPLE = [
    ("maya@example.com", "Maya Chen", Role.LEADER),
    ("jonas@example.com", "Jonas Weber", Role.MEMBER),
    ("priya@example.com", "Priya Nair", Role.MEMBER),
    ("tomas@example.com", "Tomás Ortega", Role.MEMBER),
    ("amara@example.com", "Amara Okafor", Role.MEMBER),
    ("elena@example.com", "Elena Rossi", Role.VIEWER),
]


def demo_logins() -> list[tuple[str, str, Role]]:
    """The demo people to sign in as, when the demo was loaded here (its leader exists)."""
    leader = DEMO_PEOPLE[0][0]
    found = db.session.scalar(sa.select(User.id).where(User.email == leader))
    return DEMO_PEOPLE if found is not None else []
