"""The inputs of the plan's editors and its row editors as HTML, built in Python.

A plan of 50 rows is 50 row forms of some twenty tags each: as template macros, their calls,
attribute lookups and escaping were a third of the page's time. The markup is sent without
indentation and without what a browser assumes (a button in a form submits); the row
lists stay in templates/vision/_editors.html.
"""

from flask import g
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from plplan.models import Plan, PlanField, PlanItem
from plplan.vision.parts import FIELDS, ROW_KINDS, Spec
from plplan.vision.urls import plan_urls

AUTOSAVE = 'hx-trigger="input delay:700ms, change, submit" hx-swap="outerMorph" hx-sync="queue all"'


def autosave_attrs(url: str) -> Markup:
    """A form that posts itself (htmx while the leader types; plainly without JavaScript)."""
    return Markup(f'method="post" action="{url}" hx-post="{url}" {AUTOSAVE}')


def csrf_field() -> str:
    """The form's CSRF token for posts without JavaScript (htmx sends it as a header),
    built once per request: the page has one per row."""
    if "vision_csrf_field" not in g:
        g.vision_csrf_field = f'<input type="hidden" name="csrf_token" value="{generate_csrf()}">'
    return g.vision_csrf_field


def save_state(state) -> Markup:
    """The editor's quiet "Saved" (the page's script says "Editing…" and "Saving…" there)."""
    text, failed = "", ""
    if state and state.errors:
        text, failed = "Couldn't save — kept here", "failed"
    elif state and state.saved:
        text = "Saved"
    return Markup(f'<p class="save-state" data-save-state="{failed}" aria-hidden="true">{text}</p>')


def conflict_slot(dom_id: str, panel: str = "", oob: bool = False) -> Markup:
    """Where a conflict about the editor `dom_id` shows (templates/vision/_conflict.html
    renders the panel); most slots are empty."""
    swap = ' hx-swap-oob="true"' if oob else ""
    return Markup(f'<div id="conflict-{dom_id}" class="conflict-slot"{swap}>{panel}</div>')


def part_input(
    spec: Spec, id: str, name: str, value, error=None, hide_label: bool = False
) -> Markup:
    """One labelled input as its spec describes it, with its hint and error."""
    described = [f"{id}-hint"] if spec.hint else []
    if error:
        described.append(f"{id}-error")
    aria = f' aria-describedby="{" ".join(described)}"' if described else ""
    if error:
        aria += ' aria-invalid="true"'
    label_class = ' class="sr-only"' if hide_label else ""
    html = [
        f'<div class="slot{" has-error" if error else ""} slot-{spec.widget}">'
        f'<label for="{id}"{label_class}>{escape(spec.label)}</label>',
        _control(spec, id, name, value, aria),
    ]
    if spec.hint:
        html.append(f'<p class="hint" id="{id}-hint">{escape(spec.hint)}</p>')
    if error:
        html.append(f'<p class="error" id="{id}-error">{escape(error)}</p>')
    html.append("</div>")
    return Markup("".join(html))


def _control(spec: Spec, id: str, name: str, value, aria: str) -> str:
    if spec.widget == "textarea":
        placeholder = escape(spec.placeholder or "Not written yet")
        return (
            f'<textarea id="{id}" name="{name}" rows="2" placeholder="{placeholder}"{aria}>'
            f"{escape(value)}</textarea>"
        )
    placeholder = escape(spec.placeholder or "Not set yet")
    if spec.widget == "text":  # one line of text that wraps as it grows, never cut off
        return (
            f'<textarea id="{id}" name="{name}" rows="1" data-one-line placeholder="{placeholder}"'
            f"{aria}>{escape(value)}</textarea>"
        )
    if spec.widget == "choice":
        options = "".join(
            f'<option value="{escape(choice)}"{" selected" if choice == value else ""}>'
            f"{escape(label)}</option>"
            for choice, label in spec.choices
        )
        return f'<select id="{id}" name="{name}"{aria}>{options}</select>'
    kind = "date" if spec.widget == "date" else "text"
    decimal = ' inputmode="decimal"' if spec.widget == "number" else ""
    return (
        f'<input id="{id}" name="{name}" value="{escape(value)}" type="{kind}"{decimal}'
        f' placeholder="{placeholder}"{aria}>'
    )


def field_editor(plan: Plan, row: PlanField, state=None, hide_label: bool = False) -> Markup:
    """A scalar field of the plan as a form that saves itself."""
    spec = FIELDS[row.key]
    typed = state.typed if state and state.typed else {"value": row.value}
    value, error = typed.get("value", ""), state.errors.get("value") if state else None
    editor = part_input(spec, f"in-{row.key}", "value", value, error, hide_label)
    return Markup(
        f'<form id="f-{row.key}" class="part autosave field-{spec.widget}" '
        f"{autosave_attrs(plan_urls(plan).save_field(row.key))}>"
        f'{csrf_field()}<input type="hidden" name="version" value="{row.version}">'
        f'<input type="hidden" name="base__value" value="{escape(row.value)}">'
        f"{editor}{save_state(state)}"
        '<button class="small secondary save-button">Save</button></form>'
    )


def row_editor(plan: Plan, item: PlanItem, state=None, focus: bool = False) -> Markup:
    """One row of a list as a form that saves itself, with its tools. A deleted row renders
    only while a conflict about it waits."""
    conflict = state and state.conflict
    if item.deleted_at and not conflict:
        return Markup("")
    kind = ROW_KINDS[item.kind]
    urls = plan_urls(plan)
    typed = state.typed if state and state.typed else item.values
    errors = state.errors if state else {}
    single = len(kind.columns) == 1
    focused = f' data-focus="in-{item.id}-{kind.title_column}"' if focus else ""
    bases = "".join(
        f'<input type="hidden" name="base__{c.name}" value="{escape(item.values.get(c.name, ""))}">'
        for c in kind.columns
    )
    inputs = "".join(
        part_input(
            c, f"in-{item.id}-{c.name}", c.name, typed.get(c.name, ""), errors.get(c.name), single
        )
        for c in kind.columns
    )
    return Markup(
        f'<form id="r-{item.id}" class="part autosave row row-{item.kind}" '
        f"{autosave_attrs(urls.save_row(item.id))}{focused}>"
        f'{csrf_field()}<input type="hidden" name="version" value="{item.version}">{bases}'
        f'<div class="row-fields">{inputs}</div>'
        f"{_row_tools(item, urls, item.values.get(kind.title_column) or kind.label)}"
        f"{save_state(state)}</form>"
    )


def _row_tools(item: PlanItem, urls, title: str) -> str:
    """Move and delete are the row form's own submit buttons with their URL in `formaction`:
    the browser posts there without JavaScript, static/js/vision.js sends the form's request
    there (htmx goes to the form's hx-post) and swaps the list it answers with."""
    move, delete = urls.move_row(item.id), urls.delete_row(item.id)
    title = escape(title)
    return (
        '<div class="row-tools">'
        f'<button class="icon" formaction="{move}" name="direction" value="up" data-move="up"'
        f' aria-label="Move “{title}” up">↑</button>'
        f'<button class="icon" formaction="{move}" name="direction" value="down" data-move="down"'
        f' aria-label="Move “{title}” down">↓</button>'
        f'<button class="icon danger" formaction="{delete}"'
        f' aria-label="Delete “{title}”">✕</button>'
        '<button class="small secondary save-button">Save</button></div>'
    )
