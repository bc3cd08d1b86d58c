"""Posting to a chat webhook: the message's shape, and a real HTTPS server that receives it.

The server listens on 127.0.0.1, which the rules refuse, so these tests relax the address
rule (`allow_address`) and trust the server's certificate (`context`); nothing else changes.
"""

import time

import pytest

from plplan.webhooks.addresses import UnsafeUrl, WebhookError
from plplan.webhooks.kinds import PLAN_PUBLISHED, TEST
from plplan.webhooks.payload import webhook_payload
from plplan.webhooks.sender import send_webhook

ANY_ADDRESS = {"allow_address": lambda _ip: True}
LINK = "https://plplan.example.com/t/checkout/plans/3"


def test_payload_is_slack_json_with_text_alone_enough():
    payload = webhook_payload(PLAN_PUBLISHED, "Checkout", "v3 — pricing moved to now", LINK)
    assert payload["text"] == f"Plan published · Checkout: v3 — pricing moved to now {LINK}"
    assert payload["blocks"] == [
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": "*Plan published* · Checkout\nv3 — pricing moved to now",
            },
        },
        {"type": "context", "elements": [{"type": "mrkdwn", "text": f"<{LINK}|Open in plplan>"}]},
    ]


def test_payload_words_never_become_mentions_or_links_and_stay_one_short_line():
    payload = webhook_payload(
        TEST, "R&D <ops>", "<!channel> see\n<https://evil.example|here>" * 40, LINK
    )
    text = payload["text"]
    assert "<!channel>" not in text and "<https://evil" not in text
    assert text.startswith(
        "Test message · R&amp;D &lt;ops&gt;: &lt;!channel&gt; see &lt;https://evil"
    )
    summary = payload["blocks"][0]["text"]["text"].split("\n", 1)[1]
    assert "\n" not in summary and summary.endswith("…")


def test_the_server_receives_the_json(chat_server):
    payload = webhook_payload(PLAN_PUBLISHED, "Checkout", "v3", LINK)
    send_webhook(f"{chat_server.base}/ok", payload, context=chat_server.trust, **ANY_ADDRESS)
    [received] = chat_server.received
    assert received.path == "/ok"
    assert received.body == payload
    assert received.headers["Content-Type"] == "application/json"
    assert received.headers["Host"] == f"127.0.0.1:{chat_server.port}"


def test_a_name_is_resolved_checked_and_its_certificate_verified_for_that_name(chat_server):
    url = f"https://localhost:{chat_server.port}/ok"
    send_webhook(url, {"text": "hi"}, context=chat_server.trust, **ANY_ADDRESS)
    assert chat_server.received[0].headers["Host"] == f"localhost:{chat_server.port}"


def test_the_address_is_checked_again_when_sending(chat_server):
    """A URL saved while its name pointed elsewhere: at send time it resolves to loopback."""
    with pytest.raises(UnsafeUrl, match="private network"):
        send_webhook(
            f"https://localhost:{chat_server.port}/ok", {"text": "hi"}, context=chat_server.trust
        )
    assert chat_server.received == []


def test_a_silent_server_fails_fast(chat_server):
    started = time.monotonic()
    with pytest.raises(WebhookError, match="did not answer within 0.5 seconds"):
        send_webhook(
            f"https://127.0.0.1:{chat_server.silent_port}/ok",
            {"text": "hi"},
            timeout=0.5,
            **ANY_ADDRESS,
        )
    assert time.monotonic() - started < 2


def test_a_server_trickling_its_answer_fails_fast_too(chat_server):
    started = time.monotonic()
    with pytest.raises(WebhookError, match="did not answer within 0.5 seconds"):
        send_webhook(
            f"{chat_server.base}/trickle",
            {"text": "hi"},
            timeout=0.5,
            context=chat_server.trust,
            **ANY_ADDRESS,
        )
    assert time.monotonic() - started < 2


def test_a_redirect_is_not_followed(chat_server):
    with pytest.raises(WebhookError, match=r"redirect \(302\)"):
        send_webhook(
            f"{chat_server.base}/redirect", {"text": "hi"}, context=chat_server.trust, **ANY_ADDRESS
        )
    assert [r.path for r in chat_server.received] == ["/redirect"]


def test_a_refusal_says_what_the_server_answered(chat_server):
    with pytest.raises(WebhookError, match=r"refused the message \(404 no_service\)"):
        send_webhook(
            f"{chat_server.base}/refuse", {"text": "hi"}, context=chat_server.trust, **ANY_ADDRESS
        )


def test_an_untrusted_certificate_is_refused(chat_server):
    with pytest.raises(WebhookError, match="certificate could not be verified"):
        send_webhook(f"{chat_server.base}/ok", {"text": "hi"}, **ANY_ADDRESS)
    assert chat_server.received == []


def test_a_closed_port_says_it_could_not_be_reached(chat_server):
    with pytest.raises(WebhookError, match="could not be reached"):
        send_webhook("https://127.0.0.1:1/ok", {"text": "hi"}, **ANY_ADDRESS)
