"""Helpers shared by the notifications test modules."""

from plplan.extensions import db
from plplan.models import Team, User
from plplan.vision import services as vision


def publish(app, world, name: str = "Checkout 2027", note: str = "Small shops first.") -> None:
    """The world's leader publishes a new plan: everyone else in the team hears of it."""
    with app.app_context():
        leader = db.session.get(User, world.person("leader").id)
        plan = vision.create_plan(db.session.get(Team, world.id), name, leader)
        db.session.flush()
        vision.publish(plan, leader, note)
        db.session.commit()
