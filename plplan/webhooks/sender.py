"""Posting a message to a chat webhook, with the standard library's http.client: it follows
no redirects, and it lets us connect to the address we checked while TLS still verifies the
URL's host name."""

import contextlib
import http.client
import json
import socket
import ssl
import threading

from flask_babel import gettext

from plplan.webhooks.addresses import (
    AddressRule,
    Target,
    WebhookError,
    check_url,
    is_public_address,
)

# Seconds for the whole exchange with one address: a silent server, or one trickling its
# answer a byte at a time, fails fast.
TIMEOUT = 5.0
MAX_ANSWER = 64 * 1024  # bytes of the answer read at most
SHOWN_ANSWER = 200  # characters of an error answer shown to the leader


class _CheckedConnection(http.client.HTTPSConnection):
    """An HTTPS connection to one checked address of the URL's host, which `abort` cuts from
    another thread (a socket timeout only bounds each read, not the whole answer)."""

    def __init__(self, target: Target, address: str, timeout: float, context: ssl.SSLContext):
        super().__init__(target.host, target.port, timeout=timeout, context=context)
        self.address = address
        self.raw = None
        self.aborted = False

    def connect(self) -> None:
        self.raw = socket.create_connection((self.address, self.port), self.timeout)
        if self.aborted:
            self.raw.close()
            raise TimeoutError
        self.sock = self._context.wrap_socket(self.raw, server_hostname=self.host)

    def abort(self) -> None:
        self.aborted = True
        # The TLS socket took over the raw one's descriptor once the handshake began.
        current = self.sock or self.raw
        if current is not None:
            with contextlib.suppress(OSError):  # already closed
                socket.socket.shutdown(current, socket.SHUT_RDWR)  # the blocked read returns


def _exchange(connection: _CheckedConnection, path: str, body: bytes) -> tuple[int, bytes]:
    headers = {"Content-Type": "application/json", "User-Agent": "plplan-webhook"}
    connection.request("POST", path, body, headers)
    response = connection.getresponse()
    return response.status, response.read(MAX_ANSWER)


def _post(target: Target, body: bytes, timeout: float, context: ssl.SSLContext):
    """(status, first bytes of the answer) from the first address that takes the connection."""
    last_error = None
    for address in target.addresses:
        connection = _CheckedConnection(target, address, timeout, context)
        deadline = threading.Timer(timeout, connection.abort)
        deadline.start()
        try:
            answer = _exchange(connection, target.path, body)
        except ConnectionRefusedError as error:
            last_error = error  # try the host's next address
            continue
        except (OSError, http.client.HTTPException) as error:
            if connection.aborted:
                raise TimeoutError from error
            raise
        finally:
            deadline.cancel()
            connection.close()
        if connection.aborted:  # cut off mid-answer: what was read is not the answer
            raise TimeoutError
        return answer
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
    except ssl.SSLCertVerificationError as error:
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
