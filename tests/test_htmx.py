"""The htmx contract: fragments for htmx, whole pages otherwise; CSRF on htmx requests too;
errors never swap away what the user typed."""

import json
import re
from pathlib import Path

import plplan
from plplan.extensions import db
from plplan.htmx import retarget
from plplan.models import Plan, Team, User
from plplan.vision import services as vision_services


def test_full_page_or_fragment_from_one_template(client):
    page = client.get("/auth/register")
    assert page.status_code == 200 and "<html" in page.get_data(as_text=True)
    assert "HX-Request" in page.headers["Vary"]
    fragment = client.post(
        "/auth/register",
        data={"email": "not-an-email", "display_name": "", "password": ""},
        htmx=True,
    )
    body = fragment.get_data(as_text=True)
    assert fragment.status_code == 422
    assert body.lstrip().startswith('<form method="post"') and "<html" not in body
    assert 'value="not-an-email"' in body


def test_successful_htmx_form_redirects_with_header(client):
    response = client.post(
        "/auth/register",
        data={"email": "ok@example.com", "display_name": "Ok", "password": "long enough password"},
        htmx=True,
    )
    assert response.status_code == 204 and response.headers["HX-Redirect"] == "/home"


def test_htmx_post_without_csrf_token_is_refused_and_gets_a_fresh_one(client):
    response = client.post(
        "/auth/register/email", data={"email": "a@example.com"}, csrf=False, htmx=True
    )
    assert response.status_code == 400
    assert response.headers["HX-Reswap"] == "none"
    events = json.loads(response.headers["HX-Trigger"])
    assert "Nothing you typed was lost" in events["plplan:notice"]["message"]
    fresh = events["plplan:csrf"]["token"]
    retry = client.post(
        "/auth/register/email",
        data={"email": "a@example.com"},
        csrf=False,
        headers={"X-CSRF-Token": fresh, "HX-Request": "true"},
    )
    assert retry.status_code == 200


def test_plain_post_without_token_is_refused(client):
    response = client.post("/auth/login", data={"email": "a@b.c", "password": "x"}, csrf=False)
    assert response.status_code == 400
    assert "your text is still in the form" in response.get_data(as_text=True)


def test_csrf_token_does_not_expire_with_time(app):
    assert app.config["WTF_CSRF_TIME_LIMIT"] is None


def test_htmx_request_after_sign_out_keeps_the_page(client_as, team):
    client = client_as(team.person("leader"))
    client.post("/auth/logout")
    response = client.post(
        f"/t/{team.slug}/invitations", data={"days": "7", "role": "member"}, htmx=True
    )
    assert response.status_code == 401
    assert response.headers["HX-Reswap"] == "none"
    assert "what you typed is still here" in response.headers["HX-Trigger"]


def test_htmx_forbidden_and_not_found_swap_nothing(client_as, team):
    member = client_as(team.person("member"))
    response = member.post(
        f"/t/{team.slug}/invitations", data={"days": "7", "role": "member"}, htmx=True
    )
    assert response.status_code == 403 and response.headers["HX-Reswap"] == "none"
    outsider = client_as(team.person("outsider"))
    response = outsider.get(f"/t/{team.slug}/members", headers={"HX-Request": "true"})
    assert response.status_code == 404 and response.headers["HX-Reswap"] == "none"


def test_base_page_loads_htmx_from_cdn_with_sri_and_local_fallback(client, app):
    page = client.get("/").get_data(as_text=True)
    assert app.config["HTMX_SRI"] in page
    assert "cdn.jsdelivr.net/npm/htmx.org@4.0.1/dist/htmx.min.js" in page
    assert 'data-htmx-local="/static/vendor/htmx.min.js?v=' in page
    assert re.search(r"<body hx-headers:inherited='\{\"X-CSRF-Token\": \"[^\"]+\"\}'>", page)
    assert client.get("/static/vendor/htmx.min.js").status_code == 200


def test_retarget_sends_the_answer_elsewhere_keeping_its_status(app):
    with app.test_request_context():
        response = retarget(("<p>typed text</p>", 409), "#r-7", "outerMorph")
    assert response.status_code == 409 and response.get_data(as_text=True) == "<p>typed text</p>"
    assert response.headers["HX-Retarget"] == "#r-7"
    assert response.headers["HX-Reswap"] == "outerMorph"


def test_moving_a_row_with_stale_typing_answers_in_that_row(client_as, team, app):
    with app.app_context():
        leader = db.session.get(User, team.person("leader").id)
        plan = vision_services.create_plan(db.session.get(Team, team.id), "Checkout 2027", leader)
        vision_services.add_item(plan, "need", {"text": "First"}, leader)
        second = vision_services.add_item(plan, "need", {"text": "Second"}, leader)
        vision_services.save_item(plan, second, {"text": "Second, theirs"}, 1, leader)
        db.session.commit()
        plan_id, second_id = plan.id, second.id
    response = client_as(team.person("leader")).post(
        f"/t/{team.slug}/plans/{plan_id}/rows/{second_id}/move",
        data={"direction": "up", "text": "Second, mine", "version": "1"},
        htmx=True,
    )
    assert response.status_code == 409
    assert response.headers["HX-Retarget"] == f"#r-{second_id}"
    assert response.headers["HX-Reswap"] == "outerMorph"
    assert "Second, mine" in response.get_data(as_text=True)  # what was typed is still there
    with app.app_context():
        needs = vision_services.plan_snapshot(db.session.get(Plan, plan_id))["board"]["needs"]
    assert needs == ["First", "Second, theirs"]  # nothing moved


def test_only_the_htmx_module_names_htmx_headers():
    package = Path(plplan.__file__).parent
    naming = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if path.name != "htmx.py" and '"HX-' in path.read_text()
    ]
    assert naming == []
