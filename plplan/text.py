"""Text for people and for URLs: user-written Markdown rendered safely (markdown-it without raw
HTML, then nh3), slugs, and names compared the way people read them."""

import re
import unicodedata

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

# "js-default" turns raw HTML off; nh3 then strips anything that is not plain formatting,
# including event handlers and hx-* attributes.
_markdown = MarkdownIt("js-default", {"linkify": False, "typographer": False})
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
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def render_markdown(text: str | None) -> Markup:
    """Safe HTML for a user's Markdown text; links get rel="noopener noreferrer nofollow"."""
    if not text:
        return Markup("")
    html = _markdown.render(text)
    return Markup(
        nh3.clean(
            html,
            tags=_ALLOWED_TAGS,
            attributes=_ALLOWED_ATTRIBUTES,
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
