"""Helpers shared by the browser journeys."""

from axe_playwright_python.sync_playwright import Axe

_axe = Axe()


def assert_accessible(page) -> None:
    """axe-core finds no violations on the page as it is now."""
    results = _axe.run(page)
    assert results.violations_count == 0, results.generate_report()


def wait_for_htmx(page) -> None:
    page.wait_for_function("() => window.htmx !== undefined")
