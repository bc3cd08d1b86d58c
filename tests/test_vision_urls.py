"""The plan page formats its URLs from the plan's own (plplan/vision/urls.py): each is the
URL `url_for` gives for its view, and the page asks `url_for` once."""

from flask import url_for

from plplan.extensions import db
from plplan.models import Plan
from plplan.vision.urls import plan_urls
from tests import vision_world

world = vision_world.world
plan_id = vision_world.plan_id


def test_each_formatted_url_is_the_one_its_view_answers(app, world, plan_id):
    with app.test_request_context():
        plan = db.session.get(Plan, plan_id)
        ids = {"slug": world.slug, "plan_id": plan_id}
        urls = plan_urls(plan)
        assert urls.save_field("vision") == url_for("vision.save_field", key="vision", **ids)
        assert urls.add_row() == url_for("vision.add_row", **ids)
        assert urls.save_row(7) == url_for("vision.save_row", item_id=7, **ids)
        assert urls.move_row(7) == url_for("vision.move_row", item_id=7, **ids)
        assert urls.delete_row(7) == url_for("vision.delete_row", item_id=7, **ids)
        assert urls.thread("pmf") == url_for("vision.thread", section="pmf", **ids)
        assert urls.revisions() == url_for("vision.revisions", **ids)
        assert urls.publications() == url_for("vision.publications", **ids)
        assert urls.compare_draft() == url_for("vision.compare_draft", **ids)
        assert urls.publish() == url_for("vision.publish", **ids)
        assert urls.presence() == url_for("vision.presence", **ids)
        assert plan_urls(plan) is urls  # built once per request
