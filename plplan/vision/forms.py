"""Forms for plans as a whole, publishing and comments (plan parts are checked in parts.py)."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from plplan.vision.parts import SECTIONS_BY_KEY


class PlanForm(FlaskForm):
    name = StringField(
        "Plan name",
        validators=[DataRequired("Give the plan a name."), Length(max=120)],
        description="For example “Checkout 2027”.",
    )


class PublishForm(FlaskForm):
    note = TextAreaField(
        "What changed and why (optional)",
        validators=[Optional(), Length(max=2000)],
        description="Viewers see this note with the published version.",
    )


class CommentForm(FlaskForm):
    # The dict itself, not a copy: a section added later (parts.add_section) counts too.
    section = HiddenField(validators=[AnyOf(SECTIONS_BY_KEY)])
    parent_id = HiddenField()
    body = TextAreaField(
        "Comment",
        validators=[DataRequired("Write something first."), Length(max=4000)],
        description="Markdown works: **bold**, _italic_, lists and links.",
    )
