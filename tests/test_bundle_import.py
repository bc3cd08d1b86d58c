"""Importing a bundle over HTTP: upload, dry run, confirm; every bad input is refused with a
clear message and creates nothing; a double confirm creates one team."""

import io
import json
import re
from urllib.parse import urlsplit

import sqlalchemy as sa

from plplan.extensions import db
from plplan.models import Assignment, Goal, Invitation, Membership, Raci, Role, Team, User
from tests.bundle_world import DEMO_LEADER, demo_team, export_text
from tests.conftest import Person
from tests.races import ROUNDS, posting, statuses, together


def _leader(app) -> Person:
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == DEMO_LEADER))
        return Person(user.id, user.email, user.display_name, user.session_token)


def _slug(app, team_id: int) -> str:
    with app.app_context():
        return db.session.get(Team, team_id).slug


def _teams(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Team))


def _upload(client, slug: str, data: bytes):
    file = (io.BytesIO(data), "team.json")
    return client.post(
        f"/t/{slug}/bundle/import", data={"bundle": file}, content_type="multipart/form-data"
    )


def _dry_run(client, slug: str, data: bytes):
    answer = _upload(client, slug, data)
    assert answer.status_code == 303
    return answer.location, client.get(answer.location)


def _confirm(client, url: str, page, name: str = "Copy"):
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page.get_data(as_text=True))
    return client.post(url, data={"name": name, "idempotency_key": key.group(1) if key else ""})


def _edited(text: str, change) -> bytes:
    bundle = json.loads(text)
    change(bundle)
    return json.dumps(bundle).encode()


def _set(kind: str, field: str, value):
    return lambda bundle: bundle[kind][0].__setitem__(field, value)


BAD_INPUTS = {
    "malformed JSON": (lambda text: text.replace('"plans"', "plans", 1).encode(), "not valid JSON"),
    "truncated file": (lambda text: text[: len(text) // 2].encode(), "cut short (truncated)"),
    "not UTF-8": (lambda text: b"\xff\xfe" + text.encode("utf-16"), "not UTF-8"),
    "wrong type": (
        lambda text: _edited(text, _set("goals", "progress", "high")),
        "goals row 1: “progress” must be a whole number.",
    ),
    "wrong type of time": (
        lambda text: _edited(text, _set("checkins", "created_at", "yesterday")),
        "checkins row 1: “created_at”",
    ),
    "unknown field": (
        lambda text: _edited(text, _set("areas", "colour", "red")),
        "areas row 1 has an unknown field “colour”.",
    ),
    "secret field": (
        lambda text: _edited(text, _set("plans", "token_hash", "a" * 64)),
        "plans row 1 carries “token_hash”: a bundle never holds secrets.",
    ),
    "broken reference": (
        lambda text: _edited(text, _set("checkins", "goal_id", 9999)),
        "checkins row 1: “goal_id” names a row of goals that is not there.",
    ),
    "rows removed": (
        lambda text: _edited(text, lambda bundle: bundle["goals"].pop()),
        "The manifest counts 8 goals but the file holds 7",
    ),
    "newer format version": (
        lambda text: _edited(text, lambda b: b["manifest"].__setitem__("format_version", 99)),
        "made by a newer plplan (format 99)",
    ),
    "not a bundle": (lambda text: b"[1, 2, 3]", "must hold one JSON object"),
}


def test_each_bad_input_is_refused_and_creates_nothing(app, client_as):
    team_id = demo_team(app)
    slug, text = _slug(app, team_id), export_text(app, team_id)
    client = client_as(_leader(app))
    before = _teams(app)
    for case, (make, message) in BAD_INPUTS.items():
        url, page = _dry_run(client, slug, make(text))
        assert page.status_code == 422, case
        shown = page.get_data(as_text=True).replace("&#34;", '"')
        assert "This bundle cannot be imported" in shown, case
        assert message in shown, (case, re.findall(r"<li>(.*?)</li>", shown)[:3])
        assert _confirm(client, url, page).status_code == 422, case
        assert _teams(app) == before, case


def test_rows_that_break_a_rule_together_are_refused_at_the_confirm(app, client_as):
    team_id = demo_team(app)
    slug, text = _slug(app, team_id), export_text(app, team_id)

    def one_field_twice(bundle):
        fields = bundle["plan_fields"]
        fields.append({**fields[0], "id": len(fields) + 1})
        bundle["manifest"]["counts"]["plan_fields"] = len(fields)

    client = client_as(_leader(app))
    before = _teams(app)
    url, page = _dry_run(client, slug, _edited(text, one_field_twice))
    assert page.status_code == 200
    answer = _confirm(client, url, page)
    assert answer.status_code == 422
    assert "break a rule of plplan" in answer.get_data(as_text=True)
    assert _teams(app) == before


def test_a_huge_file_is_refused_before_it_is_read(app, client_as, monkeypatch):
    team_id = demo_team(app)
    monkeypatch.setitem(app.config, "BUNDLE_MAX_BYTES", 10_000)
    answer = _upload(client_as(_leader(app)), _slug(app, team_id), b" " * 20_000)
    assert answer.status_code == 413
    assert "more than we accept" in answer.get_data(as_text=True)
    assert _teams(app) == 1


def test_a_bundle_may_be_larger_than_other_bodies(app, client_as, monkeypatch):
    team_id = demo_team(app)
    text = export_text(app, team_id)
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", len(text) // 2)
    client = client_as(_leader(app))
    assert _upload(client, _slug(app, team_id), text.encode()).status_code == 303
    assert client.post(f"/t/{_slug(app, team_id)}/leave", data={"x": text}).status_code == 413


def test_dry_run_then_confirm_creates_one_team_even_when_clicked_twice(app, client_as):
    team_id = demo_team(app)
    slug, text = _slug(app, team_id), export_text(app, team_id)
    client = client_as(_leader(app))
    url, page = _dry_run(client, slug, text.encode())
    shown = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "What will be created" in shown and "Plan revisions" in shown
    first = _confirm(client, url, page, "Demo copy")
    second = _confirm(client, url, page, "Demo copy")
    assert first.status_code == second.status_code == 303
    assert first.location == second.location
    with app.app_context():
        copies = db.session.scalars(sa.select(Team).where(Team.name == "Demo copy")).all()
        assert len(copies) == 1
        assert first.location.endswith(f"/t/{copies[0].slug}/")


def test_people_to_invite_are_listed_and_their_rows_left_out(app, client_as):
    team_id = demo_team(app)
    slug, text = _slug(app, team_id), export_text(app, team_id)

    def ghost(bundle):
        bundle["people"].append({"email": "ghost@example.com", "name": "Gus Ghost", "role": 2})
        bundle["goals"][0]["owner_id"] = "ghost@example.com"
        bundle["goals"][1]["mentor_id"] = "ghost@example.com"

    client = client_as(_leader(app))
    url, page = _dry_run(client, slug, _edited(text, ghost))
    shown = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "People to invite" in shown and "ghost@example.com" in shown
    assert "The import leaves out what needs them (their goals, their\n          cells)" in shown
    answer = _confirm(client, url, page, "Ghostless")
    assert answer.status_code == 200
    with app.app_context():
        team = db.session.scalar(sa.select(Team).where(Team.name == "Ghostless"))
        goals = db.session.scalars(sa.select(Goal).where(Goal.team_id == team.id)).all()
        assert len(goals) == len(json.loads(text)["goals"]) - 1
        assert sum(goal.mentor_id is None for goal in goals) >= 1
        members = db.session.scalar(sa.select(sa.func.count()).where(Membership.team_id == team.id))
        assert members == len(json.loads(text)["people"])


def _naming(email: str, name: str = "Sam Lee"):
    """A change to a bundle: `email` joins its people as a member and owns its first goal."""

    def change(bundle):
        bundle["people"].append({"email": email, "name": name, "role": int(Role.MEMBER)})
        bundle["goals"][0]["owner_id"] = email

    return change


def _team_named(name: str) -> Team:
    return db.session.scalar(sa.select(Team).where(Team.name == name))


def _comparable_page(page, email: str) -> str:
    """The dry-run page without what differs between any two uploads: the email named, the
    upload's digest, and the form's one-time tokens."""
    shown = page.get_data(as_text=True).replace(email, "EMAIL")
    shown = re.sub(r"[0-9a-f]{64}", "DIGEST", shown)
    shown = re.sub(r'("X-CSRF-Token": ")[^"]+', r"\1", shown)
    return re.sub(r'(name="(?:csrf_token|idempotency_key)"[^>]*value=")[^"]+', r"\1", shown)


def test_a_registered_stranger_looks_like_an_unknown_email_and_both_are_invited(
    app, client_as, make_user
):
    team_id = demo_team(app)
    slug, text = _slug(app, team_id), export_text(app, team_id)
    stranger = make_user(name="Sam Lee", email="sam.stranger@example.com")
    unknown = "sam.nobody00@example.com"  # as long as the stranger's: the pages may not differ
    client = client_as(_leader(app))
    pages = {}
    for email in (stranger.email, unknown):
        url, page = _dry_run(client, slug, _edited(text, _naming(email)))
        assert page.status_code == 200
        assert "People to invite" in page.get_data(as_text=True)
        pages[email] = (url, page)
    assert _comparable_page(pages[stranger.email][1], stranger.email) == _comparable_page(
        pages[unknown][1], unknown
    )
    links = []
    for n, (email, (url, page)) in enumerate(pages.items()):
        answer = _confirm(client, url, page, f"Copy {n}")
        assert answer.status_code == 200
        shown = answer.get_data(as_text=True)
        assert "Their invite links" in shown and email in shown
        links.append(re.search(r'value="(http[^"]*/join/[^"]+)"', shown).group(1))
        with app.app_context():
            team = _team_named(f"Copy {n}")
            members = db.session.scalars(
                sa.select(User.email).join(Membership).where(Membership.team_id == team.id)
            ).all()
            assert email not in members and stranger.email not in members
            invitations = db.session.scalars(
                sa.select(Invitation).where(Invitation.team_id == team.id, Invitation.pending())
            ).all()
            assert [invitation.role for invitation in invitations] == [Role.MEMBER]
            goals = db.session.scalar(sa.select(sa.func.count()).where(Goal.team_id == team.id))
            assert goals == len(json.loads(text)["goals"]) - 1
    joined = client_as(stranger).post(urlsplit(links[0]).path)
    assert joined.status_code == 303
    with app.app_context():
        assert (
            db.session.scalar(
                sa.select(Membership.role).where(
                    Membership.team_id == _team_named("Copy 0").id,
                    Membership.user_id == stranger.id,
                )
            )
            == Role.MEMBER
        )


def test_a_retried_confirm_does_not_show_the_links_again(app, client_as):
    team_id = demo_team(app)
    slug, text = _slug(app, team_id), export_text(app, team_id)
    client = client_as(_leader(app))
    url, page = _dry_run(client, slug, _edited(text, _naming("new.person@example.com")))
    assert _confirm(client, url, page, "Invited").status_code == 200
    again = _confirm(client, url, page, "Invited")
    assert again.status_code == 303
    with app.app_context():
        assert again.location.endswith(f"/t/{_team_named('Invited').slug}/invitations")


def test_someone_who_shares_a_team_with_the_importer_is_added_with_their_rows(
    app, client_as, make_user
):
    team_id = demo_team(app)
    slug, text = _slug(app, team_id), export_text(app, team_id)
    colleague = make_user(name="Cal Colleague")
    leader = _leader(app)
    with app.app_context():
        side = Team(name="Side project", slug="side-project")
        db.session.add(side)
        db.session.add_all(
            Membership(team=side, user_id=person.id, role=Role.MEMBER)
            for person in (leader, colleague)
        )
        db.session.commit()

    def colleague_in(bundle):
        _naming(colleague.email)(bundle)
        cell = {**bundle["assignments"][1], "id": len(bundle["assignments"]) + 1}
        bundle["assignments"].append({**cell, "membership_id": colleague.email, "role": "C"})
        bundle["manifest"]["counts"]["assignments"] += 1

    client = client_as(leader)
    url, page = _dry_run(client, slug, _edited(text, colleague_in))
    assert "People to invite" not in page.get_data(as_text=True)
    assert _confirm(client, url, page, "With Cal").status_code == 303
    with app.app_context():
        team = _team_named("With Cal")
        mine = db.session.scalar(
            sa.select(Membership).where(
                Membership.team_id == team.id, Membership.user_id == colleague.id
            )
        )
        assert mine.role == Role.MEMBER
        goal_title = json.loads(text)["goals"][0]["title"]
        goal = db.session.scalar(
            sa.select(Goal).where(Goal.team_id == team.id, Goal.title == goal_title)
        )
        assert goal.owner_id == colleague.id
        assert db.session.scalar(
            sa.select(Assignment.role).where(Assignment.membership_id == mine.id)
        ) == Raci("C")
        assert not db.session.scalar(
            sa.select(sa.func.count()).where(Invitation.team_id == team.id)
        )


def test_an_upload_is_only_its_uploaders(app, client_as, make_user):
    team_id = demo_team(app)
    slug, text = _slug(app, team_id), export_text(app, team_id)
    url, page = _dry_run(client_as(_leader(app)), slug, text.encode())
    other = make_user(name="Other leader")
    with app.app_context():
        db.session.add(Membership(team_id=team_id, user_id=other.id, role=Role.LEADER))
        db.session.commit()
    assert client_as(other).get(url).status_code == 404


def test_the_download_is_the_whole_team_as_a_file(app, client_as):
    team_id = demo_team(app)
    answer = client_as(_leader(app)).get(f"/t/{_slug(app, team_id)}/bundle/team.json")
    assert answer.status_code == 200
    assert answer.is_streamed
    assert answer.headers["Content-Disposition"].startswith("attachment; filename=")
    bundle = json.loads(answer.get_data())
    assert bundle["manifest"]["counts"]["goals"] == len(bundle["goals"]) == 8


def test_two_confirms_at_the_same_instant_create_one_team(app, workers):
    team_id = demo_team(app)
    slug, text = _slug(app, team_id), export_text(app, team_id)
    leader = _leader(app)
    url, page = _dry_run(workers(leader)[0], slug, text.encode())
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page.get_data(as_text=True))
    for _ in range(ROUNDS):
        clients = workers(leader, leader)
        data = {"name": "Raced", "idempotency_key": key.group(1)}
        answers = together(*(posting(client, url, data=data) for client in clients))
        assert statuses(answers) == [303, 303]
        with app.app_context():
            count = db.session.scalar(sa.select(sa.func.count()).where(Team.name == "Raced"))
            assert count == 1
