"""Build static/icons/sprite.svg from lucide-static's icon files: one <symbol> per icon used.

`make icons` fetches the pinned lucide-static package and runs this; the sprite and the
licence are committed, so the app needs neither npm nor the network.
Usage: icon_sprite.py ICON_DIR OUT NAME...
"""

import re
import sys
from pathlib import Path

INNER = re.compile(r"<svg[^>]*>(.*)</svg>", re.S)


def symbol(icon_dir: Path, name: str) -> str:
    """The icon's shapes as a symbol `i-<name>`; its stroke comes from the <svg> that uses it."""
    shapes = INNER.search((icon_dir / f"{name}.svg").read_text()).group(1)
    body = "".join(line.strip() for line in shapes.splitlines())
    return f'<symbol id="i-{name}" viewBox="0 0 24 24">{body}</symbol>'


def main(icon_dir: str, out: str, *names: str) -> None:
    symbols = "\n".join(symbol(Path(icon_dir), name) for name in sorted(names))
    Path(out).write_text(
        "<!-- Lucide icons (lucide-static, ISC licence: static/icons/LICENSE), made by"
        " scripts/icon_sprite.py -->\n"
        f'<svg xmlns="http://www.w3.org/2000/svg">\n{symbols}\n</svg>\n'
    )


if __name__ == "__main__":
    main(*sys.argv[1:])
