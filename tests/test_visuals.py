"""The icon sprite holds exactly the icons the templates draw; avatars show initials."""

import re
from pathlib import Path

import pytest

from plplan.visuals import avatar, initials

ROOT = Path(__file__).resolve().parent.parent


def test_the_sprite_holds_every_icon_the_templates_use_and_no_other():
    used = {
        name
        for path in (ROOT / "templates").rglob("*.html")
        for name in re.findall(r"""icon\(["']([\w-]+)["']\)""", path.read_text(encoding="utf-8"))
    }
    sprite = (ROOT / "static/icons/sprite.svg").read_text(encoding="utf-8")
    assert used and set(re.findall(r'<symbol id="i-([\w-]+)"', sprite)) == used
    assert "ISC License" in (ROOT / "static/icons/LICENSE").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "letters"),
    [("Maya Chen", "MC"), ("Priya", "P"), ("tomás de la ortega", "TO"), ("  ", "?")],
)
def test_initials_are_the_first_and_last_words_first_letters(name, letters):
    assert initials(name) == letters


def test_an_avatar_keeps_its_colour_and_escapes_the_name():
    assert avatar("Maya Chen") == avatar("Maya Chen")
    assert 'data-initials="&lt;"' in avatar("<script>")
