"""A section's comments while closed, as HTML built in Python: the plan page shows them for
every section (some twenty), and as macros each was two calls and a filter chain. Opening
them loads the threads (templates/vision/_comments.html, which shows the same summary)."""

from markupsafe import Markup, escape

from plplan.formatting import catalogue, format_datetime
from plplan.models import Plan
from plplan.vision.comments import Summary
from plplan.vision.parts import Section
from plplan.vision.urls import plan_urls


def summary(section: Section, counts: Summary) -> Markup:
    """How many comments, how many are open (resolved threads still count as what they
    hold) and when the latest was written."""
    total, still_open, last_at = counts.total, counts.open, counts.last_at
    words = catalogue()
    html = [
        f'<summary><span class="comment-count" data-count="{still_open}">{total}</span>'
        f" {words.ngettext('comment', 'comments', total)}"
        f'<span class="sr-only"> {_on(section)}</span>'
    ]
    if total != still_open:
        state = (
            words.gettext("%(num)d open") % {"num": still_open}
            if still_open
            else words.gettext("all resolved")
        )
        html.append(f' <span class="muted">· {state}</span>')
    if last_at:
        when = f'<time datetime="{last_at.isoformat()}">{escape(format_datetime(last_at))}</time>'
        html.append(
            f' <span class="muted">· {words.gettext("last %(when)s") % {"when": when}}</span>'
        )
    html.append("</summary>")
    return Markup("".join(html))


def closed(plan: Plan, section: Section, counts: Summary) -> Markup:
    """The closed comments: opening them loads the threads in place (htmx); without
    JavaScript the link opens them on a page of their own."""
    url = plan_urls(plan).thread(section.key)
    words = catalogue()
    link = (
        words.gettext("Read and reply")
        if counts.total
        else words.gettext("Write the first comment")
    )
    return Markup(
        f'<details id="comments-{section.key}" class="comments" hx-get="{url}"'
        f' hx-trigger="toggle once" hx-swap="outerMorph">{summary(section, counts)}'
        f'<p class="thread-link"><a href="{url}">{link}'
        f'<span class="sr-only"> {_on(section)}</span></a></p></details>'
    )


def _on(section: Section) -> str:
    """What a screen reader hears after a comment count or link: which section it is about."""
    return catalogue().gettext("on %(section)s") % {"section": escape(section.title)}
