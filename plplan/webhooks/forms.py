"""The chat webhook settings form: the URL is checked (https, public address) as it is saved."""

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import SelectChoice, StringField
from wtforms.validators import ValidationError

from plplan.export.forms import CheckboxesField
from plplan.webhooks.addresses import UnsafeUrl, check_url
from plplan.webhooks.kinds import KINDS, TITLES
from plplan.webhooks.settings import address_rule


class WebhookForm(FlaskForm):
    url = StringField(
        lazy_gettext("Incoming webhook URL"),
        description=lazy_gettext(
            "From your chat's incoming-webhook settings (Slack, Mattermost or Microsoft "
            "Teams); it starts with https://."
        ),
        render_kw={"autocomplete": "off", "spellcheck": "false", "inputmode": "url"},
    )
    kinds = CheckboxesField(
        lazy_gettext("Post these events"),
        choices=[SelectChoice(kind, TITLES[kind]) for kind in KINDS],
        default=list(KINDS),
    )

    def __init__(self, *args, has_url: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_url = has_url
        if has_url:
            self.url.description = lazy_gettext(
                "Leave empty to keep the saved URL, or paste a new one to replace it."
            )

    def validate_url(self, field) -> None:
        field.data = (field.data or "").strip()
        if not field.data and self.has_url:
            return
        try:
            check_url(field.data, address_rule())
        except UnsafeUrl as refused:
            raise ValidationError(str(refused)) from refused

    def new_url(self) -> str | None:
        """The URL to save, or None to keep the saved one."""
        return self.url.data or None
