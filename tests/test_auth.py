"""Accounts: registration, sign-in, lockout, sessions that really end, password reset."""

import email.policy
import logging
import os
import re
import socket
import time
from email import message_from_bytes
from email.message import EmailMessage

import pytest
import redis
import sqlalchemy as sa

from plplan import create_app
from plplan.auth.services import make_reset_token
from plplan.extensions import db
from plplan.models import OutboxMessage, OutboxStatus, User
from plplan.notifications.deliver import deliver_due


def register(client, email="ada@example.com", name="Ada Lovelace", password="analytical-engine"):
    return client.post(
        "/auth/register", data={"email": email, "display_name": name, "password": password}
    )


def test_register_creates_account_and_signs_in(client, app):
    response = register(client, email="Ada@Example.com")
    assert response.status_code == 303
    assert client.get("/home").status_code == 200
    with app.app_context():
        user = db.session.scalar(sa.select(User))
        assert user.email == "ada@example.com"
        assert user.password_hash.startswith("$argon2")


def test_register_refuses_taken_email_case_insensitively_and_keeps_input(client, make_user):
    make_user(email="grace@example.com")
    response = register(client, email="GRACE@example.com", name="Grace H")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "An account with this email already exists" in page
    assert 'value="GRACE@example.com"' in page and 'value="Grace H"' in page
    assert 'aria-describedby="email-error"' in page


def test_register_short_password_error_next_to_field(client):
    response = register(client, password="short")
    assert response.status_code == 422
    assert 'id="password-error"' in response.get_data(as_text=True)


def test_inline_email_check_returns_only_the_field(client, make_user):
    make_user(email="taken@example.com")
    response = client.post("/auth/register/email", data={"email": "taken@example.com"}, htmx=True)
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert body.strip().startswith('<div class="field has-error" id="email-field">')
    assert "already exists" in body and "<html" not in body
    fine = client.post("/auth/register/email", data={"email": "new@example.com"}, htmx=True)
    assert fine.status_code == 200 and "already exists" not in fine.get_data(as_text=True)


def login(client, email, password, **extra):
    return client.post("/auth/login", data={"email": email, "password": password, **extra})


def test_login_and_generic_failure_message(client, make_user):
    person = make_user()
    wrong = login(client, person.email, "wrong password!")
    unknown = login(client, "nobody@example.com", "wrong password!")
    assert wrong.status_code == unknown.status_code == 422
    message = "don&#39;t match an account we can sign in"
    assert message in wrong.get_data(as_text=True) and message in unknown.get_data(as_text=True)
    assert login(client, person.email, person.password).status_code == 303
    assert client.get("/home").status_code == 200


def test_account_locks_after_repeated_failures_even_for_right_password(client, make_user, app):
    person = make_user()
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert login(client, person.email, "wrong password!").status_code == 422
    assert login(client, person.email, person.password).status_code == 422
    with app.app_context():
        assert db.session.get(User, person.id).locked_until is not None


def test_login_rate_limited_per_ip(another_app):
    client = another_app(LOGIN_IP_LIMIT="3 per minute").test_client()
    statuses = [login(client, f"x{i}@example.com", "wrong password!").status_code for i in range(4)]
    assert statuses == [422, 422, 422, 429]


@pytest.mark.parametrize("bad_next", ["https://evil.example/", "//evil.example/", "/\\evil"])
def test_next_parameter_cannot_leave_the_site(client, make_user, bad_next):
    person = make_user()
    response = client.post(
        f"/auth/login?next={bad_next}", data={"email": person.email, "password": person.password}
    )
    assert response.headers["Location"] == "/home"


def test_next_parameter_inside_site_is_followed(client, make_user):
    person = make_user()
    response = client.post(
        "/auth/login?next=/teams/new", data={"email": person.email, "password": person.password}
    )
    assert response.headers["Location"] == "/teams/new"


def test_logout_is_post_only_and_kills_copied_cookies(client, make_user, app):
    person = make_user()
    login(client, person.email, person.password, remember="y")
    assert client.get("/auth/logout").status_code == 405
    stolen = app.test_client()
    for cookie in client._cookies.values():
        stolen.set_cookie(cookie.key, cookie.value)
    assert stolen.get("/home").status_code == 200  # the copy works while the session lives
    client.post("/auth/logout")
    replay = stolen.get("/home")
    assert replay.status_code == 302 and "/auth/login" in replay.headers["Location"]


def test_session_and_remember_cookies_are_hardened(client, make_user):
    person = make_user()
    response = login(client, person.email, person.password, remember="y")
    cookies = response.headers.getlist("Set-Cookie")
    session = next(c for c in cookies if c.startswith("session="))
    remember = next(c for c in cookies if c.startswith("remember_token="))
    for cookie in (session, remember):
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Expires=" in remember


def test_production_cookies_are_secure(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    monkeypatch.setenv("PLPLAN_BASE_URL", "https://plplan.example")
    prod = create_app({"ENV_NAME": "production", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert prod.config["SESSION_COOKIE_SECURE"] and prod.config["REMEMBER_COOKIE_SECURE"]


def test_change_password_ends_other_sessions(client_as, make_user):
    person = make_user()
    laptop, phone = client_as(person), client_as(person)
    response = laptop.post(
        "/auth/password",
        data={"current_password": person.password, "new_password": "a brand new password"},
    )
    assert response.status_code == 303
    assert laptop.get("/home").status_code == 200
    assert phone.get("/home").status_code == 302


def test_change_password_wrong_current_is_refused(client_as, make_user):
    person = make_user()
    client = client_as(person)
    response = client.post(
        "/auth/password",
        data={"current_password": "not it at all", "new_password": "a brand new password"},
    )
    assert response.status_code == 422
    assert "not your current password" in response.get_data(as_text=True)


def test_password_reset_by_token(client, client_as, make_user, app, caplog):
    person = make_user()
    other_device = client_as(person)
    response = client.post("/auth/reset", data={"email": person.email})
    assert response.status_code == 303
    with app.app_context(), caplog.at_level(logging.WARNING):
        assert deliver_due().sent == 1  # no SMTP configured: the mail goes to the log
    link = re.search(r"http://\S+/auth/reset/\S+", caplog.text).group(0)
    path = link.split("localhost", 1)[-1]
    assert client.get(path).status_code == 200
    assert client.post(path, data={"password": "my new long password"}).status_code == 303
    assert other_device.get("/home").status_code == 302  # every other session ended
    assert client.get(path).status_code == 303  # single use: the link is dead now
    fresh = app.test_client()
    assert login(fresh, person.email, "my new long password").status_code == 303


def test_password_reset_for_unknown_email_says_the_same(client, app):
    response = client.post("/auth/reset", data={"email": "ghost@example.com"})
    assert response.status_code == 303
    follow = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "If that email has an account, a reset link is on its way." in follow
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0


def test_a_broken_smtp_server_neither_slows_nor_fails_the_reset_and_the_mail_goes_later(
    another_app, mailbox, make_user
):
    person = make_user()
    with socket.socket() as closed:  # a port nothing listens on
        closed.bind(("127.0.0.1", 0))
        dead_port = closed.getsockname()[1]
    broken = another_app(**{**mailbox.config, "SMTP_PORT": dead_port})
    started = time.monotonic()
    response = broken.test_client().post("/auth/reset", data={"email": person.email})
    assert response.status_code == 303 and time.monotonic() - started < 5  # never waits on SMTP
    with broken.app_context():
        assert deliver_due().failed == 1  # refused: kept, to try again
        (row,) = db.session.scalars(sa.select(OutboxMessage)).all()
        assert row.status == OutboxStatus.PENDING and "ConnectionRefusedError" in row.last_error
        assert "token" not in str(row.payload)  # the outbox keeps the person, not a secret
        later = row.next_attempt_at
    with another_app(**mailbox.config).app_context():
        assert deliver_due(now=later).sent == 1
    (message,) = mailbox.messages
    assert message["To"] == person.email and message["Subject"] == "Reset your plplan password"


def read_as_a_mail_program(message) -> EmailMessage:
    """A mail the SMTP server got, with its parts and headers decoded."""
    return message_from_bytes(message.as_bytes(), policy=email.policy.default)


def test_the_reset_mail_has_a_text_and_an_html_part_each_with_the_link(
    another_app, mailbox, make_user
):
    person = make_user(name="Ada <Lovelace>")
    app = another_app(**mailbox.config)
    assert app.test_client().post("/auth/reset", data={"email": person.email}).status_code == 303
    with app.app_context():
        assert deliver_due().sent == 1
    (message,) = mailbox.messages
    mail = read_as_a_mail_program(message)
    assert mail.get_content_type() == "multipart/alternative"
    text, html = (part.get_content() for part in mail.iter_parts())
    link = re.search(r"http://localhost/auth/reset/\S+", text).group(0)
    assert f'href="{link}"' in html
    assert "Hello Ada <Lovelace>," in text and "Hello Ada &lt;Lovelace&gt;," in html
    assert "within an hour" in text and "within an hour" in html
    client = app.test_client()
    assert client.get(link.removeprefix("http://localhost")).status_code == 200  # it works


def test_forged_reset_token_is_refused(client, make_user, app):
    person = make_user()
    with app.app_context():
        token = make_reset_token(db.session.get(User, person.id))
    assert client.get(f"/auth/reset/{token[:-2]}xx").status_code == 303


def test_profile_display_name(client_as, make_user, app):
    person = make_user()
    client = client_as(person)
    assert client.post("/auth/profile", data={"display_name": ""}).status_code == 422
    assert client.post("/auth/profile", data={"display_name": "Ada L."}).status_code == 303
    with app.app_context():
        assert db.session.get(User, person.id).display_name == "Ada L."


def test_pages_require_login(client):
    for path in ["/home", "/auth/profile", "/auth/password", "/teams/new"]:
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/auth/login?next=")


def test_account_lock_holds_across_workers(app, another_app, make_user):
    person = make_user()
    workers = [another_app().test_client(), another_app().test_client()]
    for attempt in range(app.config["LOGIN_MAX_FAILURES"]):
        login(workers[attempt % 2], person.email, "wrong password!")
    assert login(workers[0], person.email, person.password).status_code == 422
    assert login(workers[1], person.email, person.password).status_code == 422


def test_ip_limit_shared_through_redis_across_workers(another_app):
    url = os.environ.get("PLPLAN_TEST_REDIS_URL")
    if not url:
        pytest.skip("PLPLAN_TEST_REDIS_URL not set")
    redis.Redis.from_url(url).flushdb()
    config = {"RATELIMIT_STORAGE_URI": url, "LOGIN_IP_LIMIT": "3 per minute"}
    workers = [another_app(**config).test_client() for _ in range(2)]
    statuses = [
        login(workers[i % 2], f"x{i}@example.com", "wrong password!").status_code for i in range(4)
    ]
    assert statuses == [422, 422, 422, 429]


@pytest.mark.parametrize(
    ("config", "environ"),
    [
        ({}, {"HTTP_HOST": "evil.example"}),
        ({"PROXY_COUNT": 1}, {"HTTP_X_FORWARDED_HOST": "evil.example"}),
    ],
    ids=["host-header", "forwarded-host-behind-proxy"],
)
def test_reset_link_uses_the_canonical_origin_whatever_the_request_says(
    another_app, mailbox, make_user, config, environ
):
    person = make_user()
    app = another_app(PLPLAN_BASE_URL="https://plplan.example", **mailbox.config, **config)
    client = app.test_client()
    client.environ_base.update(environ)  # every request of this client, the token fetch too
    assert client.post("/auth/reset", data={"email": person.email}).status_code == 303
    with app.app_context():
        deliver_due()
    (message,) = mailbox.messages
    assert message["To"] == person.email
    text = read_as_a_mail_program(message).get_body(("plain",)).get_content()
    link = re.search(r"\S+/auth/reset/\S+", text).group(0)
    assert link.startswith("https://plplan.example/auth/reset/")
    assert client.get(link.removeprefix("https://plplan.example")).status_code == 200


def test_production_answers_only_its_own_host_names(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    monkeypatch.setenv("PLPLAN_BASE_URL", "https://plplan.example")
    monkeypatch.setenv("PLPLAN_EXTRA_HOSTS", "www.plplan.example")
    prod = create_app({"ENV_NAME": "production", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    client = prod.test_client()
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"Host": "plplan.example"}).status_code == 200
    assert client.get("/", headers={"Host": "www.plplan.example"}).status_code == 200


def test_production_refuses_to_start_without_base_url(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    monkeypatch.delenv("PLPLAN_BASE_URL", raising=False)
    with pytest.raises(RuntimeError, match="PLPLAN_BASE_URL"):
        create_app({"ENV_NAME": "production", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


@pytest.mark.parametrize(
    "password", ["password123", "1234567890", "PassWord123", "ada@example.com"]
)
def test_register_refuses_common_passwords_and_the_email_next_to_the_field(client, password):
    response = register(client, email="ada@example.com", password=password)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    error = re.search(r'id="password-error"[^>]*>(.*?)<', page, re.S).group(1)
    assert "among the most common ones" in error
    assert client.get("/home").status_code == 302  # no account, not signed in


def test_new_password_cannot_be_common_when_reset_or_changed(client_as, client, make_user, app):
    person = make_user(email="grace.hopper@example.com")
    changed = client_as(person).post(
        "/auth/password", data={"current_password": person.password, "new_password": "qwertyuiop"}
    )
    assert changed.status_code == 422 and "among the most common" in changed.get_data(as_text=True)
    with app.app_context():
        token = make_reset_token(db.session.get(User, person.id))
    reset = client.post(f"/auth/reset/{token}", data={"password": "Grace.Hopper"})
    assert reset.status_code == 422 and "among the most common" in reset.get_data(as_text=True)


def test_overlong_password_is_refused_at_the_form(client, make_user):
    person = make_user()
    response = login(client, person.email, "x" * 5000)
    assert response.status_code == 422
    assert "at most 1024 characters" in response.get_data(as_text=True)


def test_registration_is_rate_limited_per_ip(another_app):
    client = another_app(REGISTER_IP_LIMIT="3 per minute").test_client()
    statuses = [
        register(client, email=f"taken{i}@example.com", password="short").status_code
        for i in range(4)
    ]
    assert statuses == [422, 422, 422, 429]
    assert client.get("/auth/register").status_code == 200  # the page itself still opens


def test_the_inline_email_check_is_rate_limited_per_ip(another_app, make_user):
    """It tells whether an email has an account, so nobody may ask it about many emails."""
    make_user(email="taken@example.com")
    client = another_app(EMAIL_CHECK_IP_LIMIT="3 per minute").test_client()
    statuses = [
        client.post("/auth/register/email", data={"email": email}, htmx=True).status_code
        for email in ("a@example.com", "taken@example.com", "b@example.com", "taken@example.com")
    ]
    assert statuses == [200, 422, 200, 429]
    assert "already exists" not in client.post(
        "/auth/register/email", data={"email": "taken@example.com"}, htmx=True
    ).get_data(as_text=True)
