"""Helpers shared by the browser journeys."""

from axe_playwright_python.sync_playwright import Axe

_axe = Axe()


def assert_accessible(page) -> None:
    """axe-core finds no violations on the page as it is now."""
    results = _axe.run(page)
    assert results.violations_count == 0, results.generate_report()


def wait_for_htmx(page) -> None:
    page.wait_for_function("() => window.htmx !== undefined")


def open_comments(browser, sign_in, base_url: str, person, plan_url: str, section: str):
    """A new page signed in as `person` on the plan, with `section`'s comments opened."""
    page = browser.new_context().new_page()
    sign_in(page, base_url, person)
    page.goto(plan_url)
    wait_for_htmx(page)
    block = page.locator(f"#comments-{section}")
    block.locator("summary").click()
    return page, block
