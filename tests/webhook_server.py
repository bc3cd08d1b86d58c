"""A real HTTPS chat server for the webhook tests, on 127.0.0.1 with a certificate made for
the test run (trusted only by the `trust` context), which records what it receives.

Paths (the query string aside): /ok answers 200 "ok", /refuse 404 "no_service", /redirect
302 to /ok, /trickle a byte at a time for ever. `silent_port` is a port that takes
connections and never answers.
"""

import json
import socket
import ssl
import subprocess
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Received:
    path: str
    headers: dict
    body: dict


@dataclass
class ChatServer:
    base: str  # https://127.0.0.1:PORT
    port: int
    cert: str  # the certificate's file (a CA bundle of one)
    trust: ssl.SSLContext  # a client context that trusts it
    silent_port: int
    received: list[Received] = field(default_factory=list)


def _certificate(directory) -> tuple[str, str]:
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    return str(cert), str(key)


def _handler(received: list[Received]):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            body = json.loads(self.rfile.read(length) or b"null")
            received.append(Received(self.path, dict(self.headers), body))
            if self.path == "/trickle":
                self._trickle()
                return
            answers = {
                "/ok": (200, {}, b"ok"),
                "/refuse": (404, {}, b"no_service"),
                "/redirect": (302, {"Location": "/ok"}, b""),
            }
            status, headers, answer = answers.get(self.path.split("?")[0], (500, {}, b"?"))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def _trickle(self):
            """A header a byte every 0.1 s, for 10 s: each read is quick, the answer endless."""
            try:
                self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
                for _ in range(100):
                    time.sleep(0.1)
                    self.wfile.write(b"x")
            except OSError:
                pass  # the client hung up, as it should

        def log_message(self, *args):
            pass

    return Handler


@pytest.fixture(scope="session")
def _chat_certificate(tmp_path_factory):
    return _certificate(tmp_path_factory.mktemp("chat-tls"))


@pytest.fixture
def chat_server(_chat_certificate):
    cert, key = _chat_certificate
    received: list[Received] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(received))
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)
    server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()  # the kernel completes connections; nobody ever reads or answers
    port = server.server_address[1]
    yield ChatServer(
        f"https://127.0.0.1:{port}",
        port,
        cert,
        ssl.create_default_context(cafile=cert),
        silent.getsockname()[1],
        received,
    )
    silent.close()
    server.shutdown()
    server.server_close()
    thread.join(5)
