"""Every user-facing string can be translated: `make messages` extracts the marked ones, and
templates that are marked throughout stay so (no English text outside gettext/trans), and so
does the Python that speaks to people: flashes, form fields, validators and the errors shown."""

import ast
import builtins
import re
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po
from babel.support import Translations
from flask import g, render_template_string
from jinja2 import nodes
from markupsafe import Markup

from plplan.export import tags
from plplan.formatting import lazy_gettext

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


# Calls whose words reach a person, and where those words are: a flash's message, a field's
# label, a validator's message, a shown error's text, a plan part's labels and hints.
MARKERS = {"gettext", "ngettext", "lazy_gettext", "plural"}
SHOWN_AT = {"flash": 0, "StopValidation": 0, "DataRequired": 0, "InputRequired": 0}
SHOWN_AT |= {"Length": 2, "NumberRange": 2}  # (min, max, message)
SHOWN_ALSO_AT = {"Spec": (1,), "RowKind": (2, 4), "Section": (1, 2), "SelectChoice": (1,)}
SHOWN_KEYWORDS = {"label", "description", "message", "hint", "placeholder", "optgroup"}
SHOWN_KEYWORDS |= {"add_label", "plural_label", "short"}
READ_KEYS = {"placeholder", "title", "aria-label"}
# Errors a person never sees (a programming slip, the operator's CLI) stay English; so do
# str(), dict() and the other builtins' arguments.
BUILTINS = {name for name, value in vars(builtins).items() if isinstance(value, type)}
UNSHOWN_ERRORS = BUILTINS | {"BackupError"}


def _called(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def _english(node: ast.AST) -> list[str]:
    """The words in an expression that no marker wraps: string constants and f-strings with
    letters (another call's arguments are that call's business)."""
    found, todo = [], [node]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Call):
            continue
        if isinstance(node, ast.JoinedStr):
            words = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
            found += [ast.unparse(node)] if re.search("[A-Za-z]", words) else []
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found += [node.value] if re.search("[A-Za-z]", node.value) else []
        else:
            todo.extend(ast.iter_child_nodes(node))
    return found


def _shown(call: ast.Call) -> list[ast.AST]:
    """The arguments of `call` a person reads."""
    name, args = _called(call), call.args
    at = [SHOWN_AT[name]] if name in SHOWN_AT else []
    if name.endswith(("Field", "Error")):
        at = [0]
    shown = [args[n] for n in [*at, *SHOWN_ALSO_AT.get(name, ())] if n < len(args)]
    for keyword in call.keywords:
        value = keyword.value
        if keyword.arg in SHOWN_KEYWORDS:
            shown.append(value)
        elif keyword.arg == "choices" and isinstance(value, ast.List | ast.Tuple):
            pairs = [e for e in value.elts if isinstance(e, ast.Tuple) and len(e.elts) == 2]
            shown += [pair.elts[1] for pair in pairs]
        elif keyword.arg == "render_kw" and isinstance(value, ast.Dict):
            read = zip(value.keys, value.values, strict=True)
            shown += [v for k, v in read if isinstance(k, ast.Constant) and k.value in READ_KEYS]
    return shown


def unmarked_python(source: str) -> list[str]:
    """English words a person reads that no gettext marks, in Python source."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and _called(node) not in MARKERS | UNSHOWN_ERRORS:
            found += [word for arg in _shown(node) for word in _english(arg)]
    return found


@pytest.mark.parametrize(
    "path", sorted((ROOT / "plplan").rglob("*.py")), ids=lambda p: p.relative_to(ROOT).as_posix()
)
def test_python_marks_the_words_people_read(path):
    assert unmarked_python(path.read_text()) == []


def test_the_python_checker_sees_unmarked_words_but_not_marked_ones():
    source = """
flash(f"Saved {area.name}.", "success")
flash(" ".join(errors) or "Nothing saved.", "error")
flash(gettext("Saved %(area)s.", area=area.name), "success")
flash(str(error), "error")
name = StringField("Name", validators=[DataRequired("Name it."), Length(max=80)])
team = StringField(lazy_gettext("Team"), render_kw={"placeholder": "Growth", "rows": "3"})
per = SelectField(lazy_gettext("Per"), choices=[("month", "Month"), ("year", gettext("Year"))])
days = IntegerField(lazy_gettext("Days"), validators=[NumberRange(1, 9, "From 1 to 9.")])
SelectChoice("", "Nobody yet")
SelectChoice(str(n), f"{n} · {level}")
Spec("vision", "Vision statement", "textarea", hint=lazy_gettext("One sentence."))
raise TeamRuleError(f"Make someone else a leader before you {action}.")
raise ValueError(f"{value!r} is out of range")
"""
    assert sorted(unmarked_python(source)) == sorted(
        [
            "f'Saved {area.name}.'",
            "Nothing saved.",
            "Name",
            "Name it.",
            "Growth",
            "Month",
            "From 1 to 9.",
            "Nobody yet",
            "Vision statement",
            "f'Make someone else a leader before you {action}.'",
        ]
    )


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
    assert catalog["Saved %(area)s."] is not None  # a flash
    assert catalog["What success looks like"] is not None  # a form label
    assert catalog["Positioning statement"] is not None  # a plan part's title
    assert catalog["Problems to solve, not features."] is not None  # and its hint


def test_lazy_text_is_escaped_in_html_and_hashes_by_its_words(app):
    note = lazy_gettext("Don't <b>guess</b>")
    assert Markup("<p>{}</p>").format(note) == "<p>Don&#39;t &lt;b&gt;guess&lt;/b&gt;</p>"
    with app.test_request_context():
        assert (
            render_template_string("{{ note }}", note=note) == "Don&#39;t &lt;b&gt;guess&lt;/b&gt;"
        )
    # A one-pager's tag hashes what it prints: the same words give the same tag.
    assert tags._digest([note]) == tags._digest([lazy_gettext("Don't <b>guess</b>")])
    assert tags._digest([note]) != tags._digest([lazy_gettext("Guess")])


def test_lazy_text_is_read_in_the_catalogue_of_the_moment(app):
    saved = lazy_gettext("Saved %(what)s.", what="it")
    german = Translations()
    german._catalog = {"Saved %(what)s.": "%(what)s gespeichert."}
    with app.test_request_context():
        assert str(saved) == "Saved it."
        g.catalogue = german  # another reader's language
        assert str(saved) == "it gespeichert." and saved == "it gespeichert."
