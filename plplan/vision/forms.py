"""Forms for plans as a whole, publishing and comments (plan parts are checked in parts.py)."""

from flask_babel import gettext
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional, StopValidation

from plplan.formatting import lazy_gettext
from plplan.vision.parts import SECTIONS_BY_KEY
from plplan.vision.plan_templates import plan_templates

BLANK = "blank"


class PlanForm(FlaskForm):
    """A plan's name; a new plan may also start from an example, which brings its own name."""

    name = StringField(
        lazy_gettext("Plan name"),
        validators=[Length(max=120)],
        description=lazy_gettext(
            "For example “Checkout 2027”. Starting from an example, leave it empty to "
            "keep the example's name."
        ),
    )
    start = RadioField(lazy_gettext("Start from"), default=BLANK)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        examples = [(t.key, t.title) for t in plan_templates().values()]
        self.start.choices = [(BLANK, gettext("A blank plan")), *examples]

    def validate_name(self, field):
        if not (field.data or "").strip() and self.start.data == BLANK:
            raise StopValidation(gettext("Give the plan a name."))

    @property
    def template(self):
        """The example to start from, or None for a blank plan."""
        return plan_templates().get(self.start.data)


class PublishForm(FlaskForm):
    note = TextAreaField(
        lazy_gettext("What changed and why (optional)"),
        validators=[Optional(), Length(max=2000)],
        description=lazy_gettext("Viewers see this note with the published version."),
    )


class CommentForm(FlaskForm):
    # The dict itself, not a copy: a section added later (parts.add_section) counts too.
    section = HiddenField(validators=[AnyOf(SECTIONS_BY_KEY)])
    parent_id = HiddenField()
    body = TextAreaField(
        lazy_gettext("Comment"),
        validators=[DataRequired(lazy_gettext("Write something first.")), Length(max=4000)],
        description=lazy_gettext("Markdown works: **bold**, _italic_, lists and links."),
    )
