"""Template source hygiene: lines a reviewer can read without scrolling."""

from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
MAX_LINE = 120


def test_no_template_line_is_longer_than_120_characters():
    files = sorted(TEMPLATES.rglob("*.html"))
    too_long = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if len(line) > MAX_LINE
    ]
    assert files and too_long == []
