"""The one-pager never waits on layout: fits are found in a few layouts, stored for every
worker, and the page never lays anything out; answers revalidate (ETag → 304); WeasyPrint
is loaded only when first needed."""

import copy
import subprocess
import sys
import time

import pytest
import sqlalchemy as sa

from plplan.export import formats
from plplan.export.content import DEFAULT_SECTIONS, FITS, apply_fit, estimated_pages
from plplan.extensions import db
from plplan.models import OnePagerFit, Plan, ShareLink, User
from plplan.vision.services import add_item
from tests.export_world import SLUG, create_link, pdf_text, shared_path
from tests.onepager_data import REALISTIC_SNAPSHOT
from tests.races import together
from tests.test_export_fitting import big_one_pager
from tests.test_export_formats import one_pager

QUERY = "?source=draft&chosen=1&paper=a4" + "".join(f"&sections={s}" for s in DEFAULT_SECTIONS)
PAGE, PDF, MARKDOWN = (f"/t/{SLUG}/one-pager{ext}{QUERY}" for ext in ("", ".pdf", ".md"))


def signed_in_on(instance, email: str):
    """A client of `instance` (the test app or another one) signed in as a demo person."""
    client = instance.test_client()
    with instance.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        user_id, token = user.id, user.session_token
    with client.session_transaction() as session:
        session["_user_id"] = f"{user_id}:{token}"
    return client


def stored_fits(app) -> list[OnePagerFit]:
    with app.app_context():
        return list(db.session.scalars(sa.select(OnePagerFit)))


def layouts() -> int:
    return formats.layouts["documents"]


def test_creating_the_app_does_not_load_weasyprint():
    script = (
        "import sys\n"
        "from plplan import create_app\n"
        "create_app({'ENV_NAME': 'test', 'SQLALCHEMY_DATABASE_URI': 'sqlite://'})\n"
        "print('weasyprint' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_an_over_long_plan_is_fitted_in_at_most_three_layouts(ctx):
    for page, most in ((one_pager(), 1), (big_one_pager(), formats.MAX_LAYOUTS)):
        before = layouts()
        fitted, fits, document = formats.fit_to_page(page)
        assert fits and len(document.pages) == 1
        assert layouts() - before <= most
    assert fitted.shortened  # the big one was cut, the realistic one fits as it is


def test_the_first_layout_corrects_the_estimate_and_the_fit_is_the_fullest_that_fits(ctx):
    # The estimate's fit, confirmed by its layout (both plans take one); were the estimate off,
    # the first layout would correct it and a second confirm the corrected fit.
    for page, most in ((one_pager(), 1), (big_one_pager(), 2)):
        before = layouts()
        fitted, fits, document = formats.fit_to_page(page)
        assert fits and len(document.pages) == 1 and layouts() - before <= most
        step = FITS.index(fitted.fit)
        if step:  # the next fuller fit runs over
            assert len(formats.layout(apply_fit(page, FITS[step - 1])).pages) > 1


def test_the_estimate_is_within_a_few_per_cent_of_the_layout_and_one_layout_does(ctx):
    bare = copy.deepcopy(REALISTIC_SNAPSHOT)
    bare["positioning"], bare["strategy"]["north_star"] = {}, {}  # they print nothing
    for page in (one_pager(), one_pager(snapshot=bare), big_one_pager()):
        fitted = formats.estimated_fit(page)
        laid_out = formats.filled_pages(formats.layout(fitted))
        assert abs(estimated_pages(fitted) / laid_out - 1) < 0.05
        before = layouts()
        assert formats.fit_to_page(page)[1] and layouts() - before == 1


def test_the_text_laid_out_fills_what_the_pages_say(ctx):
    fitting = formats.filled_pages(formats.layout(one_pager()))
    overlong = formats.layout(big_one_pager())
    pages = len(overlong.pages)
    assert 0.5 < fitting <= 1 and pages > 1 and pages - 1 < formats.filled_pages(overlong) <= pages


def test_the_page_lays_nothing_out_and_the_pdf_stores_the_fit_for_every_worker(
    long_draft, app, another_app
):
    client = signed_in_on(app, "maya@example.com")
    before = layouts()
    page = client.get(PAGE).get_data(as_text=True)
    assert "Shortened to fit one page:</strong> Needs (" in page  # as the estimate guesses
    assert layouts() == before and stored_fits(app) == []

    pdf = client.get(PDF)
    reader, _ = pdf_text(pdf.data)
    assert len(reader.pages) == 1 and 0 < layouts() - before <= formats.MAX_LAYOUTS
    [stored] = stored_fits(app)
    assert stored.fits_one_page and stored.max_items == 20

    other = signed_in_on(another_app(), "maya@example.com")
    done = layouts()
    assert other.get(PDF).data == pdf.data  # the stored PDF: laid out by nobody
    page = other.get(PAGE).get_data(as_text=True)
    assert "Shortened to fit one page:</strong> Needs (20 of 43 shown)" in page
    assert layouts() == done and len(stored_fits(app)) == 1


def test_two_workers_fitting_the_same_plan_at_once_store_it_once(long_draft, app, another_app):
    first, second = (signed_in_on(another_app(), "maya@example.com") for _ in range(2))
    responses = together(lambda: first.get(PDF), lambda: second.get(PDF))
    assert [r.status_code for r in responses] == [200, 200]
    assert responses[0].data == responses[1].data
    assert len(stored_fits(app)) == 1


@pytest.mark.parametrize("path", [PAGE, PDF, MARKDOWN])
def test_the_page_and_downloads_answer_304_while_unchanged(long_draft, app, path):
    client = signed_in_on(app, "jonas@example.com")
    first = client.get(path)
    tag = first.headers["ETag"]
    # A download's tag is strong; the page's is weak: its form token is new every second.
    assert first.status_code == 200 and tag.startswith("W/") == (path == PAGE)
    time.sleep(1.1)
    again = client.get(path, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == tag
    with app.app_context():
        plan = db.session.scalars(sa.select(Plan)).first()
        maya = db.session.scalar(sa.select(User).where(User.email == "maya@example.com"))
        add_item(plan, "product", {"text": "A feature nobody has seen"}, maya)
        db.session.commit()
    changed = client.get(path, headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["ETag"] != tag


def test_a_share_link_revalidates_counts_each_view_and_stops_once_revoked(
    demo, signed_in, client, app
):
    leader = signed_in("maya@example.com")
    path = shared_path(create_link(leader, demo["plan_id"]))
    for url in (path, f"{path}/one-pager.pdf"):
        first = client.get(url)
        assert first.headers["Cache-Control"] == "private, no-cache"
        again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304 and again.headers["Cache-Control"] == "private, no-cache"
    with app.app_context():
        link = db.session.scalar(sa.select(ShareLink))
        assert link.view_count == 4  # a revalidation is someone opening the link again
        link_id = link.id
    assert leader.post(f"/t/{SLUG}/share-links/{link_id}/revoke").status_code == 303
    assert client.get(path, headers={"If-None-Match": first.headers["ETag"]}).status_code == 404
