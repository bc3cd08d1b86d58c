"""The built wheel is a working server on its own: installed into a fresh venv and started from
another directory, it migrates an empty database and serves pages and a sign-up over HTTP."""

import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HTMX = ROOT / "static" / "vendor" / "htmx.min.js"


def _clean_env(**extra) -> dict:
    """The environment without this checkout on the path, so only the installed plplan counts."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PLPLAN_", "FLASK_"))}
    return {**env, **extra}


def _build_wheel(source: Path, out: Path, env=None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
    return subprocess.run(
        [*command, "--no-index", "-q", "-w", str(out), str(source)],
        capture_output=True,
        text=True,
        env=env,
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed; its dependencies come from this venv's
    site-packages through a .pth line (which adds the folder, not its editable plplan hook)."""
    if not HTMX.is_file():
        pytest.fail(f"{HTMX} is missing: run `make {HTMX.relative_to(ROOT)}` first")
    base = tmp_path_factory.mktemp("packaging")
    built = _build_wheel(ROOT, base / "dist")
    assert built.returncode == 0, built.stderr
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.check_output(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True
    ).strip()
    Path(purelib, "shared-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    wheel = next((base / "dist").glob("plplan-*.whl"))
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps"]
    subprocess.run([*install, "--no-index", "-q", str(wheel)], check=True, env=_clean_env())
    return python


def test_the_wheel_migrates_and_serves_a_sign_up_from_any_directory(installed, tmp_path):
    where = subprocess.check_output(
        [installed, "-c", "import plplan; print(plplan.__file__)"], cwd=tmp_path, text=True
    )
    assert where.startswith(str(installed.parent.parent)), where
    env = _clean_env()
    migrate = [installed, "-m", "flask", "--app", "plplan", "db", "upgrade"]
    done = subprocess.run(migrate, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "instance" / "plplan.sqlite").is_file()

    port = _free_port()
    server = subprocess.Popen(
        [installed, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--no-control-socket"]
        + ["--workers", "1", "plplan.wsgi:app"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        page = _wait_for(opener, f"{base}/auth/register")
        htmx = re.search(r'/static/vendor/htmx\.min\.js[^"]*', page).group(0)
        with opener.open(base + htmx.replace("&amp;", "&")) as answer:
            assert answer.read() == HTMX.read_bytes()
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        form = {
            "csrf_token": token,
            "display_name": "Ada Lovelace",
            "email": "ada@example.com",
            "password": "analytical engine 1843",
        }
        with opener.open(f"{base}/auth/register", urllib.parse.urlencode(form).encode()) as home:
            assert home.status == 200
            assert "Welcome to plplan, Ada Lovelace!" in home.read().decode()
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=30)
    assert "Traceback" not in errors.decode(), errors.decode()


def test_a_wheel_without_the_htmx_copy_is_not_built_silently(tmp_path):
    """A clean clone has no static/vendor/; the build fetches it, or stops and says why."""
    source = tmp_path / "clone"
    source.mkdir()
    for name in ("pyproject.toml", "hatch_build.py", "README.md", "Makefile"):
        shutil.copy(ROOT / name, source / name)
    for name in ("plplan", "templates", "migrations"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "static", source / "static", ignore=shutil.ignore_patterns("vendor"))
    # Without `make` (or npm) on PATH the copy cannot be fetched.
    built = _build_wheel(source, tmp_path / "dist", _clean_env(PATH="/nonexistent"))
    assert built.returncode != 0
    assert "static/vendor/htmx.min.js is missing" in built.stdout + built.stderr
    assert not list(tmp_path.glob("dist/*.whl"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(opener, url: str, seconds: float = 60) -> str:
    """The page's HTML once the server answers (a loaded machine boots gunicorn slowly)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with opener.open(url) as answer:
                return answer.read().decode()
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
