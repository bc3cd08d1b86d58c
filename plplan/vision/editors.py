"""The plan's editors as HTML, built in Python: a section's field editors, its row list with
the add button, and the positioning sentence beneath them.

A plan of 50 rows is 50 row forms of some twenty tags each: as template macros, their calls,
attribute lookups and escaping were a third of the page's time, and a template loop turn per
row or field cost about as much again. The markup is sent without indentation and without
what a browser assumes (a button in a form submits). A conflict's panel, rare, stays a
template (templates/vision/_conflict.html).
"""

from dataclasses import dataclass

from babel.support import NullTranslations
from flask import g, get_template_attribute
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from plplan.formatting import catalogue
from plplan.idempotency import idempotency_field
from plplan.models import Plan, PlanField, PlanItem
from plplan.vision.parts import FIELDS, ROW_KINDS, Section, Spec
from plplan.vision.urls import plan_urls

# How an editor saves; how its answer swaps in (outerMorph) the plan page gives every editor
# once (hx-swap:inherited on .plan-doc, templates/vision/plan.html), not each of its rows.
AUTOSAVE = 'hx-trigger="input delay:700ms, change, submit" hx-sync="queue all"'


def autosave_attrs(url: str) -> str:
    """A form that posts itself (htmx while the leader types; plainly without JavaScript)."""
    return f'method="post" action="{url}" hx-post="{url}" {AUTOSAVE}'


def csrf_field() -> str:
    """The form's CSRF token for posts without JavaScript (htmx sends it as a header),
    built once per request: the page has one per row."""
    if "vision_csrf_field" not in g:
        g.vision_csrf_field = f'<input type="hidden" name="csrf_token" value="{generate_csrf()}">'
    return g.vision_csrf_field


def save_state(state) -> str:
    """The editor's quiet "Saved" (the page's script says "Editing…" and "Saving…" there)."""
    text, failed = "", ""
    if state and state.errors:
        text, failed = catalogue().gettext("Couldn't save — kept here"), "failed"
    elif state and state.saved:
        text = catalogue().gettext("Saved")
    return f'<p class="save-state" data-save-state="{failed}" aria-hidden="true">{text}</p>'


def conflict_slot(dom_id: str, panel: str = "", oob: bool = False) -> Markup:
    """Where a conflict about the editor `dom_id` shows (templates/vision/_conflict.html
    renders the panel); most slots are empty."""
    swap = ' hx-swap-oob="true"' if oob else ""
    return Markup(f'<div id="conflict-{dom_id}" class="conflict-slot"{swap}>{panel}</div>')


@dataclass(frozen=True)
class _Shown:
    """What a spec's input shows in every editor, escaped: its label, hint and placeholder,
    and its `<option>`s by the (escaped) choice they select (None: none selected)."""

    label: str
    hint: str
    placeholder: str
    options: dict


# Each spec's words, escaped, by spec and catalogue (the language's translations): a spec is
# found by identity, since hashing one translates every word in it (label, hint, choices).
_SHOWN: dict[tuple[int, int], tuple[Spec, NullTranslations, _Shown]] = {}


def _shown(spec: Spec) -> _Shown:
    """Escaped once per process and language, not once per row: a spec is a constant."""
    words = catalogue()
    key = (id(spec), id(words))
    kept = _SHOWN.get(key)
    if kept is None or kept[0] is not spec or kept[1] is not words:  # a reused id
        kept = _SHOWN[key] = (spec, words, _escaped(spec, words))
    return kept[2]


def _escaped(spec: Spec, words: NullTranslations) -> _Shown:
    empty = words.gettext("Not written yet" if spec.widget == "textarea" else "Not set yet")

    def options(selected) -> str:
        return "".join(
            f'<option value="{escape(choice)}"{" selected" if choice == selected else ""}>'
            f"{escape(label)}</option>"
            for choice, label in spec.choices
        )

    by_choice = {escape(choice): options(choice) for choice, _ in spec.choices}
    return _Shown(
        escape(spec.label),
        escape(spec.hint),
        escape(spec.placeholder or empty),
        {None: options(None), **by_choice},
    )


def _input(spec: Spec, id: str, name: str, text: str, error=None, hide_label: bool = False) -> str:
    """One labelled input as its spec describes it, with its hint and error; `text` is its
    value, escaped."""
    shown = _shown(spec)
    described = f"{id}-hint" if spec.hint else ""
    if error:
        described = f"{described} {id}-error" if described else f"{id}-error"
    aria = f' aria-describedby="{described}"' if described else ""
    if error:
        aria += ' aria-invalid="true"'
    label_class = ' class="sr-only"' if hide_label else ""
    hint = f'<p class="hint" id="{id}-hint">{shown.hint}</p>' if spec.hint else ""
    if error:
        hint += f'<p class="error" id="{id}-error">{escape(error)}</p>'
    return (
        f'<div class="slot{" has-error" if error else ""} slot-{spec.widget}">'
        f'<label for="{id}"{label_class}>{shown.label}</label>'
        f"{_control(spec, shown, id, name, text, aria)}{hint}</div>"
    )


def _control(spec: Spec, shown: _Shown, id: str, name: str, text: str, aria: str) -> str:
    widget = spec.widget
    if widget == "textarea":  # two rows tall: a textarea's default
        return (
            f'<textarea id="{id}" name="{name}" placeholder="{shown.placeholder}"{aria}>'
            f"{text}</textarea>"
        )
    if widget == "text":  # one line of text that wraps as it grows, never cut off
        return (
            f'<textarea id="{id}" name="{name}" rows="1" data-one-line'
            f' placeholder="{shown.placeholder}"{aria}>{text}</textarea>'
        )
    if widget == "choice":
        options = shown.options.get(text, shown.options[None])
        return f'<select id="{id}" name="{name}"{aria}>{options}</select>'
    kind = "date" if widget == "date" else "text"
    decimal = ' inputmode="decimal"' if widget == "number" else ""
    return (
        f'<input id="{id}" name="{name}" value="{text}" type="{kind}"{decimal}'
        f' placeholder="{shown.placeholder}"{aria}>'
    )


def field_editor(plan: Plan, row: PlanField, state=None, hide_label: bool = False) -> Markup:
    """A scalar field of the plan as a form that saves itself."""
    key, base = row.key, escape(row.value)
    spec = FIELDS[key]
    typed = state.typed if state and state.typed else None
    text = escape(typed.get("value", "")) if typed else base
    error = state.errors.get("value") if state else None
    return Markup(
        f'<form id="f-{key}" class="part autosave field-{spec.widget}" '
        f"{autosave_attrs(plan_urls(plan).save_field(key))}>"
        f'{csrf_field()}<input type="hidden" name="version" value="{row.version}">'
        f'<input type="hidden" name="base__value" value="{base}">'
        f"{_input(spec, f'in-{key}', 'value', text, error, hide_label)}{save_state(state)}"
        f'<button class="small secondary save-button">{catalogue().gettext("Save")}</button></form>'
    )


def section_fields(plan: Plan, section: Section, fields: dict, states: dict) -> Markup:
    """The section's field editors, each beside its conflict slot (with the panel while a
    conflict about the field waits)."""
    single = len(section.fields) == 1
    html = [f'<div class="editors editors-{section.key}">']
    for key in section.fields:
        row, state = fields[key], states.get(f"f-{key}")
        html.append(field_editor(plan, row, state, single))
        if state and state.conflict:
            html.append(_conflict_panel("field_conflict")(plan, row, state))
        else:
            html.append(conflict_slot(f"f-{key}"))
    html.append("</div>")
    return Markup("".join(html))


def row_list(
    plan: Plan, kind_name: str, items: list[PlanItem], states=None, focus=None, focus_move=None
) -> Markup:
    """A list's rows, each editor beside its conflict slot, and the form that adds a row."""
    kind, urls, csrf = ROW_KINDS[kind_name], plan_urls(plan), csrf_field()
    moved = f' data-focus="r-{focus_move}"' if focus_move else ""
    html = [f'<div id="list-{kind_name}" class="rows"{moved}>']
    if items:
        html.append('<ol class="row-list">')
        for item in items:
            item_id = item.id
            state = states.get(f"r-{item_id}") if states else None
            html.append(f"<li>{_row_form(item, state, focus == item_id, urls, csrf)}")
            if state and state.conflict:
                html.append(_conflict_panel("row_conflict")(plan, item, state))
            else:
                html.append(conflict_slot(f"r-{item_id}"))
            html.append("</li>")
        html.append("</ol>")
    add = urls.add_row()
    html.append(
        f'<form class="add-row" method="post" action="{add}" hx-post="{add}"'
        f' hx-target="#list-{kind_name}" hx-swap="outerMorph">{csrf}{idempotency_field()}'
        f'<input type="hidden" name="kind" value="{kind_name}">'
        f'<button type="submit" class="link">+ {escape(kind.add_label)}</button></form></div>'
    )
    return Markup("".join(html))


def _conflict_panel(macro: str):
    """A macro of templates/vision/_conflict.html, to call from here (rarely: a conflict)."""
    return get_template_attribute("vision/_conflict.html", macro)


def positioning_sentence(sentence: str, oob: bool = False) -> Markup:
    """The positioning statement as one sentence, under its slots (sent again as they change)."""
    swap = ' hx-swap-oob="true"' if oob else ""
    empty = catalogue().gettext("Fill the slots and the statement appears here.")
    text = escape(sentence) if sentence else f'<span class="muted">{empty}</span>'
    return Markup(f'<p id="positioning-sentence" class="sentence"{swap}>{text}</p>')


def row_editor(plan: Plan, item: PlanItem, state=None, focus: bool = False) -> Markup:
    """One row of a list as a form that saves itself, with its tools. A deleted row renders
    only while a conflict about it waits."""
    return Markup(_row_form(item, state, focus, plan_urls(plan), csrf_field()))


def _row_form(item: PlanItem, state, focus: bool, urls, csrf: str) -> str:
    conflict = state and state.conflict
    if item.deleted_at and not conflict:
        return ""
    item_id, values, kind = item.id, item.values, ROW_KINDS[item.kind]
    columns = kind.columns
    bases = {c.name: escape(values.get(c.name, "")) for c in columns}
    typed = state.typed if state and state.typed else None
    errors = state.errors if state else {}
    single = len(columns) == 1
    focused = f' data-focus="in-{item_id}-{kind.title_column}"' if focus else ""
    hidden = "".join(  # an empty start is sent as "" without a value attribute
        f'<input type="hidden" name="base__{name}"{_value(text)}>' for name, text in bases.items()
    )
    inputs = "".join(
        _input(
            c,
            f"in-{item_id}-{c.name}",
            c.name,
            escape(typed.get(c.name, "")) if typed else bases[c.name],
            errors.get(c.name),
            single,
        )
        for c in columns
    )
    return (
        f'<form id="r-{item_id}" class="part autosave row row-{item.kind}" '
        f"{autosave_attrs(urls.save_row(item_id))}{focused}>"
        f'{csrf}<input type="hidden" name="version" value="{item.version}">{hidden}'
        f'<div class="row-fields">{inputs}</div>'
        f"{_row_tools(item_id, urls, values.get(kind.title_column) or kind.label)}"
        f"{save_state(state)}</form>"
    )


def _value(text: str) -> str:
    return f' value="{text}"' if text else ""


def _row_tools(item_id: int, urls, title: str) -> str:
    """Move and delete are the row form's own submit buttons with their URL in `formaction`:
    the browser posts there without JavaScript, static/js/vision.js sends the form's request
    there (htmx goes to the form's hx-post) and swaps the list it answers with."""
    move, delete = urls.move_row(item_id), urls.delete_row(item_id)
    words, named = catalogue(), {"title": escape(title)}
    return (
        '<div class="row-tools">'
        f'<button class="icon" formaction="{move}" name="direction" value="up"'
        f' aria-label="{words.gettext("Move “%(title)s” up") % named}">↑</button>'
        f'<button class="icon" formaction="{move}" name="direction" value="down"'
        f' aria-label="{words.gettext("Move “%(title)s” down") % named}">↓</button>'
        f'<button class="icon danger" formaction="{delete}"'
        f' aria-label="{words.gettext("Delete “%(title)s”") % named}">✕</button>'
        f'<button class="small secondary save-button">{words.gettext("Save")}</button></div>'
    )
