"""The two markers beside each section's title, as HTML built in Python: a plan has some
twenty sections, and as macros the markers were a call and a filter chain each. Both are
sent again out of band when what they say changes (templates/vision/_oob.html and
_presence_fragment.html)."""

from flask_babel import ngettext
from markupsafe import Markup, escape

from plplan.formatting import catalogue
from plplan.vision.presence import Here


def changed(key: str, changed_keys, published, oob: bool = False) -> Markup:
    """The section's "Changed since last publish", when there was a publish."""
    shown = published and key in changed_keys
    text = catalogue().gettext("Changed since last publish") if shown else ""
    return Markup(f'<span id="changed-{key}" class="changed-marker"{_oob(oob)}>{text}</span>')


def presence(key: str, others: list[Here], oob: bool = False) -> Markup:
    """Who else is editing the section now."""
    names = [here.name for here in others if here.section == key]
    text = ""
    if names:
        text = ngettext(
            "%(names)s is editing here",
            "%(names)s are editing here",
            len(names),
            names=escape(", ".join(names)),
        )
    return Markup(f'<span id="presence-{key}" class="presence-marker"{_oob(oob)}>{text}</span>')


def _oob(oob: bool) -> str:
    return ' hx-swap-oob="true"' if oob else ""
