"""Posting a message to a chat webhook, with the standard library's http.client: it follows
no redirects, and it lets us connect to the address we checked while TLS still verifies the
URL's host name."""

import http.client
import json
import socket
import ssl

from flask_babel import gettext

from plplan.webhooks.addresses import (
    AddressRule,
    Target,
    WebhookError,
    check_url,
    is_public_address,
)

TIMEOUT = 5.0  # seconds, for connecting and for each read: a silent server fails fast
MAX_ANSWER = 64 * 1024  # bytes of the answer read at most
SHOWN_ANSWER = 200  # characters of an error answer shown to the leader


class _CheckedConnection(http.client.HTTPSConnection):
    """An HTTPS connection to one checked address of the URL's host."""

    def __init__(self, target: Target, address: str, timeout: float, context: ssl.SSLContext):
        super().__init__(target.host, target.port, timeout=timeout, context=context)
        self.address = address

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        try:
            self.sock = self._context.wrap_socket(sock, server_hostname=self.host)
        except BaseException:
            sock.close()
            raise


def _post(target: Target, body: bytes, timeout: float, context: ssl.SSLContext):
    """(status, first bytes of the answer) from the first address that takes the connection."""
    last_error = None
    for address in target.addresses:
        connection = _CheckedConnection(target, address, timeout, context)
        try:
            connection.request(
                "POST",
                target.path,
                body,
                {"Content-Type": "application/json", "User-Agent": "plplan-webhook"},
            )
            response = connection.getresponse()
            return response.status, response.read(MAX_ANSWER)
        except ConnectionRefusedError as error:
            last_error = error  # try the host's next address
        finally:
            connection.close()
    raise last_error


def send_webhook(
    url: str,
    payload: dict,
    *,
    allow_address: AddressRule = is_public_address,
    timeout: float = TIMEOUT,
    context: ssl.SSLContext | None = None,
) -> None:
    """Post `payload` as JSON to `url`, or raise WebhookError saying what went wrong.

    The URL is checked again now (its host may resolve elsewhere than when it was saved).
    `allow_address` and `context` (which certificates to trust) are for tests only.
    """
    target = check_url(url, allow_address)
    body = json.dumps(payload).encode()
    try:
        status, answer = _post(target, body, timeout, context or ssl.create_default_context())
    except TimeoutError as error:
        raise WebhookError(
            gettext("The chat server did not answer within %(n)s seconds.", n=f"{timeout:g}")
        ) from error
    except ssl.SSLError as error:
        raise WebhookError(
            gettext("The chat server's certificate could not be verified (%(why)s).", why=error)
        ) from error
    except (OSError, http.client.HTTPException) as error:
        raise WebhookError(
            gettext("The chat server could not be reached (%(why)s).", why=error)
        ) from error
    if 300 <= status < 400:
        raise WebhookError(
            gettext(
                "The chat server answered with a redirect (%(status)s); we do not follow "
                "redirects. Paste the final webhook URL.",
                status=status,
            )
        )
    if not 200 <= status < 300:
        shown = answer.decode(errors="replace")[:SHOWN_ANSWER].strip()
        raise WebhookError(
            gettext(
                "The chat server refused the message (%(status)s %(answer)s).",
                status=status,
                answer=shown,
            )
        )
