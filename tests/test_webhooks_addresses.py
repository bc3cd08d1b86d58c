"""Which webhook URLs are accepted: https to public addresses only, as a table with reasons.

Host names are resolved by the machine's resolver; the rows use IP literals, the names every
resolver maps to loopback, and names under .invalid, which never resolve.
"""

import pytest

from plplan.webhooks.addresses import UnsafeUrl, check_url, shown_url

ACCEPTED = [
    ("https://93.184.215.14/services/T0/B0/XXXX", "93.184.215.14", 443, "/services/T0/B0/XXXX"),
    ("https://8.8.8.8:8443/hook?x=1", "8.8.8.8", 8443, "/hook?x=1"),
    ("HTTPS://1.1.1.1", "1.1.1.1", 443, "/"),
    ("  https://[2606:4700::1111]/hooks/abc  ", "2606:4700::1111", 443, "/hooks/abc"),
]

REFUSED = [
    ("", "Paste the webhook URL"),
    ("not a url", "Only https://"),
    ("http://93.184.215.14/hook", "Only https://"),
    ("ftp://93.184.215.14/hook", "Only https://"),
    ("javascript:alert(1)", "Only https://"),
    ("https://", "not a web address"),
    ("https://93.184.215.14:99999/", "not a web address"),
    ("https://[::1/", "not a web address"),
    ("https://user:secret@93.184.215.14/hook", "user name or password"),
    ("https://93.184.215.14/a b", "spaces or unusual characters"),
    ("https://93.184.215.14/\r\nHost: evil", "spaces or unusual characters"),
    ("https://hooks.chat.invalid/x", "could not find the server hooks.chat.invalid"),
    ("https://" + "a" * 10_000 + ".com/", "too long"),
    # loopback, however it is written
    ("https://localhost/hook", "private network (127.0.0.1)"),
    ("https://127.0.0.1/hook", "private network (127.0.0.1)"),
    ("https://127.1/hook", "private network (127.0.0.1)"),
    ("https://2130706433/hook", "private network (127.0.0.1)"),  # decimal
    ("https://017700000001/hook", "private network (127.0.0.1)"),  # octal
    ("https://0x7f.0.0.1/hook", "private network (127.0.0.1)"),  # hexadecimal
    ("https://[::1]/hook", "private network (::1)"),
    ("https://[::ffff:127.0.0.1]/hook", "private network (::ffff:127.0.0.1)"),  # IPv4-mapped
    ("https://[::ffff:10.0.0.1]/hook", "private network"),
    ("https://[2002:7f00:1::]/hook", "private network"),  # 6to4 around 127.0.0.1
    ("https://[64:ff9b::a9fe:a9fe]/hook", "private network"),  # NAT64 around 169.254.169.254
    # private, link-local (cloud metadata), shared, multicast, reserved, unspecified
    ("https://10.1.2.3/hook", "private network (10.1.2.3)"),
    ("https://172.16.0.1/hook", "private network"),
    ("https://192.168.1.1/hook", "private network"),
    ("https://169.254.169.254/latest/meta-data", "private network (169.254.169.254)"),
    ("https://100.64.0.1/hook", "private network"),
    ("https://[fd00::1]/hook", "private network"),
    ("https://[fe80::1]/hook", "private network"),
    ("https://224.0.0.1/hook", "private network"),
    ("https://[ff02::1]/hook", "private network"),
    ("https://240.0.0.1/hook", "private network"),
    ("https://0.0.0.0/hook", "private network (0.0.0.0)"),
    ("https://0/hook", "private network (0.0.0.0)"),
    ("https://[::]/hook", "private network (::)"),
    ("https://192.0.2.1/hook", "private network"),  # documentation range
]


@pytest.mark.parametrize(("url", "host", "port", "path"), ACCEPTED, ids=lambda v: str(v)[:40])
def test_accepted(url, host, port, path):
    target = check_url(url)
    assert (target.host, target.port, target.path) == (host, port, path)
    assert target.addresses == (host,)


@pytest.mark.parametrize(("url", "reason"), REFUSED, ids=lambda v: str(v)[:40])
def test_refused_with_the_reason(url, reason):
    with pytest.raises(UnsafeUrl, match=None) as refused:
        check_url(url)
    assert reason in str(refused.value)


def test_a_relaxed_rule_lets_tests_reach_local_servers():
    assert check_url("https://127.0.0.1:8443/hook", lambda _ip: True).addresses == ("127.0.0.1",)


def test_shown_again_only_as_scheme_host_and_last_four():
    url = "https://hooks.slack.com/services/T0AAA/B0BBB/abcdefghijklmnopQRST"
    assert shown_url(url) == "https://hooks.slack.com/…QRST"
    assert (
        shown_url("https://[2606:4700::1111]:8443/hooks/abcd") == "https://[2606:4700::1111]/…abcd"
    )
