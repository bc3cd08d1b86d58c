"""Markdown in user text is rendered without letting any script or htmx attribute through."""

import re

import pytest

from plplan.text import render_markdown

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<div hx-get="/auth/logout" hx-trigger="load">x</div>',
    '<a href="#" hx-post="/t/x/leave">leave</a>',
    "<iframe src=//evil.example></iframe>",
    '<svg onload="alert(1)"></svg>',
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<style>body{display:none}</style>",
]


SAFE_TAGS = {"p", "/p", "a", "/a", "em", "/em", "strong", "/strong"}


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payloads_are_neutralised(payload):
    html = str(render_markdown(payload)).lower()
    tags = re.findall(r"<([^>]*)>", html)
    for tag in tags:
        assert tag.split()[0] in SAFE_TAGS
        assert not re.search(r"\s(on\w+|hx-[\w:-]+|style)=", tag)
        assert "javascript:" not in tag and "data:" not in tag


def test_plain_formatting_survives():
    html = str(render_markdown("**Bold** and *em*\n\n- one\n- [link](https://example.com)"))
    assert "<strong>Bold</strong>" in html and "<em>em</em>" in html and "<li>one</li>" in html
    assert 'href="https://example.com"' in html and 'rel="noopener noreferrer nofollow"' in html
