"""Text for people and for URLs: user-written Markdown rendered safely (markdown-it without raw
HTML, then nh3), slugs, and names compared the way people read them."""

import re
import unicodedata

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup


def markdown_parser() -> MarkdownIt:
    """The parser of user-written Markdown ("js-default" turns raw HTML off); nh3 then strips
    anything that is not plain formatting, including event handlers and hx-* attributes."""
    return MarkdownIt("js-default", {"linkify": False, "typographer": False})


_markdown = markdown_parser()
_ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "hr",
    "span",  # only as an @mention (plplan/notifications/mentions.py)
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
_ALLOWED_CLASSES = {"span": {"mention"}}


def render_markdown(
    text: str | None, parser: MarkdownIt = _markdown, env: dict | None = None
) -> Markup:
    """Safe HTML for a user's Markdown text; links get rel="noopener noreferrer nofollow".

    `parser` may be one of `markdown_parser()` with plugins, `env` what their rules read."""
    if not text:
        return Markup("")
    html = parser.render(text, env)
    return Markup(
        nh3.clean(
            html,
            tags=_ALLOWED_TAGS,
            attributes=_ALLOWED_ATTRIBUTES,
            allowed_classes=_ALLOWED_CLASSES,
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer nofollow",
        )
    )


def slugify(name: str) -> str:
    """Lowercase ASCII words joined by hyphens, at most 60 characters; "team" if none are left."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60] or "team"


def name_key(name: str) -> str:
    """A name as people compare names: "Équipe", "équipe " and "ÉQUIPE" are one name.

    Stored next to names that must be unique, under a unique index, because SQLite's lower()
    only folds ASCII letters.
    """
    return unicodedata.normalize("NFKC", name).casefold().strip()


class NameTaken(Exception):
    """Another row already has this name (found by the check, or by the unique index in a race)."""
