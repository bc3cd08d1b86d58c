"""The only code that reads or writes htmx headers: full page or fragment, redirects, notices."""

import json

from flask import Response, make_response, redirect, render_template, request
from flask.typing import ResponseReturnValue
from jinja2_fragments.flask import render_block


def is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def is_partial() -> bool:
    """An htmx request that wants a fragment, not a boosted navigation or a history restore."""
    return (
        is_htmx()
        and request.headers.get("HX-Boosted") != "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def render(template: str, block: str | None = None, status: int = 200, **context) -> Response:
    """Render the whole page, or only `block` of the same template when htmx asked for it."""
    if block and is_partial():
        body = render_block(template, block, **context)
    else:
        body = render_template(template, **context)
    response = make_response(body, status)
    response.vary.add("HX-Request")
    return response


def hx_redirect(url: str) -> Response:
    """Send the browser to `url`: a full navigation for htmx, a 303 after a plain POST."""
    if is_htmx():
        return Response(status=204, headers={"HX-Redirect": url})
    return redirect(url, 303)


def redirect_location(response: Response) -> str | None:
    """Where a redirect answer sends the browser, whether it was made for htmx or not."""
    return response.headers.get("HX-Redirect") or response.headers.get("Location")


def retarget(response: ResponseReturnValue, selector: str, swap: str) -> Response:
    """Swap the answer into `selector` (the `swap` way) instead of where the request pointed."""
    response = make_response(response)
    response.headers["HX-Retarget"] = selector
    response.headers["HX-Reswap"] = swap
    return response


def trigger(response: Response, event: str, detail: dict | None = None) -> Response:
    """Ask the page to fire `event` (see static/js/app.js for the listeners)."""
    events = json.loads(response.headers.get("HX-Trigger", "{}"))
    events[event] = detail or {}
    response.headers["HX-Trigger"] = json.dumps(events)
    return response


def notice_only(message: str, status: int, level: str = "error", **extra_events) -> Response:
    """An htmx answer that swaps nothing, so what the user typed stays; the page shows `message`."""
    response = Response(status=status, headers={"HX-Reswap": "none"})
    trigger(response, "plplan:notice", {"message": message, "level": level})
    for event, detail in extra_events.items():
        trigger(response, event.replace("_", ":"), detail)
    return response
