"""Every user-facing string can be translated: `make messages` extracts the marked ones, and
templates that are marked throughout stay so (no English text outside gettext/trans)."""

import re
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po
from jinja2 import nodes

ROOT = Path(__file__).resolve().parent.parent
# Every template is marked throughout: a new English word in one fails here until it is marked.
MARKED = sorted((ROOT / "templates").rglob("*.html"))
# Text a person reads: between tags, and in these attributes.
READ_ATTRIBUTES = re.compile(r'\b(?:title|alt|placeholder|aria-label)="([^"]*)"')
GAP = "\x00"
TAG = re.compile(r"<[^>]*>")
# What a browser runs rather than shows: a page's CSS and scripts.
CODE = re.compile(r"<(style|script)\b.*?</\1>", re.DOTALL)
# The product's name reads the same in every language.
BRAND = re.compile(r"\bplplan\b")


def unmarked_text(source: str, env) -> list[str]:
    """English words in a template that no gettext call or {% trans %} block wraps. The
    template's own text is joined with a gap where each expression or tag was, so an HTML
    tag cut by an expression (`<a href="{{ url }}">`) is still one tag."""
    text = GAP.join(data.data for data in env.parse(source).find_all(nodes.TemplateData))
    text = CODE.sub("\n", text)
    found = [value for value in READ_ATTRIBUTES.findall(text) if value.strip(GAP + " ")]
    bits = re.split(rf"[\n{GAP}]", TAG.sub("\n", text))
    return found + [bit.strip() for bit in bits if re.search("[A-Za-z]", BRAND.sub("", bit))]


@pytest.mark.parametrize("path", MARKED, ids=lambda p: p.relative_to(ROOT / "templates").as_posix())
def test_marked_templates_have_no_unmarked_text(app, path):
    assert unmarked_text(path.read_text(), app.jinja_env) == []


def test_the_checker_sees_text_and_read_attributes_but_not_marked_text(app):
    source = (
        '<p title="Hover me">Plain words</p><img alt="">'
        "{% trans %}Marked{% endtrans %}{{ _('Also marked') }}<b>{{ name }}</b> · 3"
        "<style>@page { size: {{ paper }}; margin: 1mm }</style><script>go()</script>"
        "{{ title }} · plplan"
        "<i>Back to plplan</i>"
    )
    assert unmarked_text(source, app.jinja_env) == ["Hover me", "Plain words", "Back to plplan"]


def test_make_messages_extracts_plurals_labels_and_template_strings(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    pot = tmp_path / "messages.pot"
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", "babel.cfg", "-o", str(pot), "."])
    with pot.open("rb") as f:
        catalog = read_po(f)
    plural = ("No check-in for %(num)d day", "No check-in for %(num)d days")
    assert catalog[plural] is not None  # a template's ngettext
    assert catalog[("day", "days")] is not None  # plural() in Python
    assert catalog["Time zone"] is not None  # a form label
    assert catalog["just now"] is not None
