"""Throughput under gunicorn, measured with wrk against the bare reference, and worker memory.

Both apps run under gunicorn (2 workers each) on the same database; wrk loads the bare page,
the plan page and a 304 revalidation in turn, a few rounds, so a busy machine slows all alike.
Besides requests per second, the workers' CPU time per request (from /proc) is printed: on a
machine others keep busy the scheduler favours the light bare page, whose workers mostly wait,
so the ratio of requests per second drifts with the load while the CPU a request costs holds.
"""

import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from flask import url_for

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
WORKERS, ROUNDS, SECONDS, CONNECTIONS = 2, 3, 5, 8


def report(app, database_url: str, team) -> None:
    """Print worker memory after boot and after load, and requests per second vs bare."""
    cookie = "session=" + app.session_interface.get_signing_serializer(app).dumps(
        {"_user_id": f"{team.people['leader']}:{_session_token(app, team)}", "_fresh": True}
    )
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": app.config["SECRET_KEY"],
        "PLPLAN_INSTANCE_PATH": str(ROOT / "instance" / "bench-gunicorn"),
    }
    plan_path = f"/t/{team.slug}/plans/{team.plan_id}"
    with (
        served(["wsgi:app"], env, "/healthz") as plplan,
        served(["--pythonpath", "bench", "bare:create_bare_app()"], env, "/") as bare,
    ):
        booted = {"plplan": worker_rss(plplan.pid), "bare": worker_rss(bare.pid)}
        assert _get(plplan.port, plan_path, cookie)[0] == 200, "the plan page must answer 200"
        revalidation = _revalidation(app, plplan.port, team, cookie)
        targets = {
            "bare page": (bare.port, "/", []),
            "plan page (leader)": (plplan.port, plan_path, [f"Cookie: {cookie}"]),
            f"304 of {revalidation[0]}": (
                plplan.port,
                revalidation[0],
                [f"Cookie: {revalidation[2]}", f"If-None-Match: {revalidation[1]}"],
            ),
        }
        servers = {plplan.port: plplan.pid, bare.port: bare.pid}
        rates = {label: [] for label in targets}
        costs = {label: [] for label in targets}
        for _ in range(ROUNDS):
            for label, (port, path, headers) in targets.items():
                cpu_before = workers_cpu_ms(servers[port])
                rate, requests = wrk(port, path, headers)
                rates[label].append(rate)
                costs[label].append((workers_cpu_ms(servers[port]) - cpu_before) / requests)
        loaded = {"plplan": worker_rss(plplan.pid), "bare": worker_rss(bare.pid)}
    backend = database_url.split(":", 1)[0]
    print(
        f"\nThroughput, gunicorn {WORKERS} workers each, wrk {CONNECTIONS} connections, "
        f"{ROUNDS} × {SECONDS} s in turn ({backend})"
    )
    bare_rate = statistics.median(rates["bare page"])
    bare_cost = statistics.median(costs["bare page"])
    for label, values in rates.items():
        rate, cost = statistics.median(values), statistics.median(costs[label])
        print(
            f"  {label:<36} {rate:7.0f} req/s {rate / bare_rate:7.1%} of bare   "
            f"CPU {cost:6.2f} ms/request {bare_cost / cost:7.1%} of bare"
        )
    print("Worker memory (RSS, MiB per worker)")
    for name in booted:
        print(f"  {name:<7} after boot {_mib(booted[name])}   after load {_mib(loaded[name])}")


class Server:
    def __init__(self, process: subprocess.Popen, port: int):
        self.process, self.pid, self.port = process, process.pid, port


@contextmanager
def served(app_args: list[str], env: dict, ready_path: str):
    """gunicorn serving `app_args` on a free port, once `ready_path` answers."""
    port = _free_port()
    command = [str(GUNICORN), "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen([*command, "--log-level", "warning", *app_args], cwd=ROOT, env=env)
    try:
        _wait_until_ready(port, ready_path, process)
        time.sleep(2)  # every worker has booted, not only the one that answered
        yield Server(process, port)
    finally:
        process.terminate()
        process.wait(timeout=30)


def wrk(port: int, path: str, headers: list[str]) -> tuple[float, int]:
    """Requests per second wrk reaches on `path`, and how many requests it made."""
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s"]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True
    ).stdout
    assert "Non-2xx" not in output, output
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return rate, int(re.search(r"(\d+) requests in", output).group(1))


def worker_rss(master_pid: int) -> list[int]:
    """Resident memory (KiB) of each worker of a gunicorn master."""
    return [_rss(pid) for pid in _workers(master_pid)]


def workers_cpu_ms(master_pid: int) -> float:
    """CPU time (user + system, ms) the workers of a gunicorn master have used so far."""
    ticks = 0
    for pid in _workers(master_pid):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks * 1000 / os.sysconf("SC_CLK_TCK")


def _workers(master_pid: int) -> list[int]:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    return [int(pid) for pid in children]


def _rss(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))


def _mib(kib_per_worker: list[int]) -> str:
    return " / ".join(f"{kib / 1024:5.0f}" for kib in kib_per_worker)


def _revalidation(app, port: int, team, cookie: str) -> tuple[str, str, str]:
    """The first of the one-pager, its PDF and a static file that answers a 304: path, ETag,
    and the cookie to send, kept as a browser keeps it (the page's first answer adds its form
    token's secret to the session)."""
    with app.test_request_context():
        stylesheet = url_for("static", filename="css/app.css")
    for path in (f"/t/{team.slug}/one-pager", f"/t/{team.slug}/one-pager.pdf", stylesheet):
        status, etag, kept = _get(port, path, cookie)
        kept = kept or cookie
        if status == 200 and etag and _get(port, path, kept, etag)[0] == 304:
            return path, etag, kept
    raise AssertionError("nothing answers a conditional request")


def _get(port: int, path: str, cookie: str, etag: str | None = None) -> tuple:
    """(status, ETag, the session cookie the answer sets or None)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": cookie, **({"If-None-Match": etag} if etag else {})}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    set_cookie = response.getheader("Set-Cookie")
    return response.status, response.getheader("ETag"), set_cookie and set_cookie.split(";")[0]


def _wait_until_ready(port: int, path: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited")
        try:
            if _get(port, path, "")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn on port {port} never answered {path}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _session_token(app, team) -> str:
    from plplan.extensions import db
    from plplan.models import User

    with app.app_context():
        return db.session.get(User, team.people["leader"]).session_token
