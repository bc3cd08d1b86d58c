"""Which webhook URLs we post to: https only, and only to public addresses (no SSRF).

A URL's host is resolved and every address it gives must be public; the sender resolves it
again when it posts and connects to an address checked then, so a name that later points at
127.0.0.1 or the cloud metadata service (DNS rebinding) is refused at send time too.
"""

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask_babel import gettext

MAX_LENGTH = 2048

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
AddressRule = Callable[[IPAddress], bool]


class WebhookError(Exception):
    """A webhook URL we refuse, or a post that failed; the message is for the leader."""


class UnsafeUrl(WebhookError):
    """A URL we never post to."""


@dataclass(frozen=True)
class Target:
    """A checked URL: where to connect (`addresses`, in order) and what to ask for."""

    host: str
    port: int
    path: str
    addresses: tuple[str, ...]


def _embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries (::ffff:a.b.c.d, 6to4, NAT64), if any."""
    if ip.version != 6:
        return None
    if ip.ipv4_mapped or ip.sixtofour:
        return ip.ipv4_mapped or ip.sixtofour
    if ip in ipaddress.IPv6Network("64:ff9b::/96"):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_public_address(ip: IPAddress) -> bool:
    """Reachable on the internet: not loopback, private, link-local, shared, multicast,
    reserved, documentation or unspecified, nor an IPv6 address wrapping one of those."""
    embedded = _embedded_ipv4(ip)
    if embedded is not None and not is_public_address(embedded):
        return False
    return ip.is_global and not ip.is_multicast


def _resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (numeric tricks like 2130706433 or 0x7f.1 included:
    the resolver reads them as the address they stand for, and that address is checked)."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise UnsafeUrl(gettext("We could not find the server %(host)s.", host=host)) from error
    return list(dict.fromkeys(info[4][0] for info in found))


def check_url(url: str, allow_address: AddressRule = is_public_address) -> Target:
    """The target of `url`, or UnsafeUrl saying why we refuse it (`allow_address` decides
    which resolved addresses are fine; only tests relax it)."""
    url = (url or "").strip()
    if not url:
        raise UnsafeUrl(gettext("Paste the webhook URL your chat gave you."))
    if len(url) > MAX_LENGTH:
        raise UnsafeUrl(gettext("This URL is too long (at most %(n)s characters).", n=MAX_LENGTH))
    try:
        parts = urlsplit(url)
        port = parts.port or 443
    except ValueError as error:
        raise UnsafeUrl(gettext("This is not a web address.")) from error
    if parts.scheme.lower() != "https":
        raise UnsafeUrl(gettext("Only https:// addresses are accepted."))
    if not parts.hostname:
        raise UnsafeUrl(gettext("This is not a web address."))
    if parts.username is not None or parts.password is not None:
        raise UnsafeUrl(gettext("The URL must not carry a user name or password."))
    if not url.isascii() or any(ord(c) <= 32 or ord(c) == 127 for c in url):
        raise UnsafeUrl(gettext("This is not a web address (spaces or unusual characters)."))
    addresses = _resolve(parts.hostname, port)
    for address in addresses:
        if not allow_address(ipaddress.ip_address(address.split("%")[0])):
            raise UnsafeUrl(
                gettext(
                    "%(host)s points inside a private network (%(address)s); only public "
                    "chat servers are accepted.",
                    host=parts.hostname,
                    address=address,
                )
            )
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(parts.hostname, port, path, tuple(addresses))


def shown_url(url: str) -> str:
    """How a saved URL is shown again: scheme, host and its last 4 characters, never more
    (the rest of a Slack URL is the secret that lets anyone post)."""
    host = urlsplit(url).hostname or ""
    return f"https://{f'[{host}]' if ':' in host else host}/…{url[-4:]}"
