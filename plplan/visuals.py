"""The small pictures templates draw: `icon(name)` from the local Lucide sprite
(static/icons/sprite.svg, `make icons`) and `avatar(name)`, a person's initials on a colour.

Both sit next to the words they stand for, so they are hidden from assistive technology.
"""

import zlib

from flask import Flask, url_for
from markupsafe import Markup, escape

# Backgrounds that keep white initials above 4.5:1 in light and dark themes.
AVATAR_COLOURS = ("#2346b0", "#17663a", "#5b4a8c", "#8a4b00", "#a4262c", "#006374")


def icon(name: str) -> Markup:
    href = url_for("static", filename="icons/sprite.svg", _anchor=f"i-{name}")
    return Markup(
        '<svg class="icon" aria-hidden="true" focusable="false" fill="none" stroke="currentColor"'
        ' stroke-width="2" stroke-linecap="round" stroke-linejoin="round">'
        f'<use href="{href}"></use></svg>'
    )


def initials(name: str) -> str:
    """ "Maya Chen" → "MC", "Priya" → "P": the first letters of the first and last words."""
    words = name.split() or ["?"]
    return (words[0][0] + (words[-1][0] if len(words) > 1 else "")).upper()


def avatar(name: str) -> Markup:
    """The same name always gets the same colour (crc32 is stable across processes). The
    initials are drawn by CSS, so they are no part of the text beside them."""
    colour = AVATAR_COLOURS[zlib.crc32(name.encode()) % len(AVATAR_COLOURS)]
    return Markup(
        f'<span class="avatar" style="--avatar: {colour}" data-initials="{escape(initials(name))}"'
        ' aria-hidden="true"></span>'
    )


def register_visuals(app: Flask) -> None:
    app.add_template_global(icon, "icon")
    app.add_template_global(avatar, "avatar")
