"""The application factory, configuration and packaging."""

import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from plplan import create_app

ROOT = Path(__file__).resolve().parent.parent


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"ENV_NAME": "production", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_environment_configures_the_app(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "from-env")
    monkeypatch.setenv("PLPLAN_BASE_URL", "https://plplan.example")
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db.example/plplan")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    app = create_app({"ENV_NAME": "production"})
    assert app.config["SECRET_KEY"] == "from-env"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.example/plplan"
    assert app.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"


def test_development_defaults_to_sqlite_under_instance(monkeypatch, tmp_path):
    for name in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PLPLAN_INSTANCE_PATH", str(tmp_path))
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/plplan.sqlite"
    assert app.config["SECRET_KEY"] == (tmp_path / "secret_key").read_text()
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"


def test_a_worker_imports_no_migration_or_pdf_library(tmp_path):
    """What gunicorn loads (wsgi.py) leaves Alembic and WeasyPrint until they are needed: they
    are a large part of a worker's memory and no page view uses them."""
    script = "import sys, wsgi; print(sorted({'alembic', 'mako', 'weasyprint'} & set(sys.modules)))"
    env = {"PATH": "/usr/bin:/bin", "PLPLAN_INSTANCE_PATH": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_templates_and_static_come_from_the_checkout(app):
    assert Path(app.template_folder) == ROOT / "templates"
    assert Path(app.static_folder) == ROOT / "static"


def test_security_headers(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    # scripts: ours, and only the pinned htmx file from the CDN (not the whole CDN)
    assert (
        "script-src 'self' https://cdn.jsdelivr.net/npm/htmx.org@4.0.1/dist/htmx.min.js;" in policy
    )
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_wheel_carries_templates_static_and_migrations(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
    )
    names = zipfile.ZipFile(next(tmp_path.glob("plplan-*.whl"))).namelist()
    for expected in (
        "plplan/templates/base.html",
        "plplan/static/css/app.css",
        "plplan/migrations/env.py",
        "plplan/__init__.py",
    ):
        assert expected in names


def _locked() -> dict[str, tuple[str, list[str]]]:
    """requirements.lock as {name: (version, hashes)}."""
    pins = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", (ROOT / "requirements.lock").read_text()):
        if match := re.match(r"([A-Za-z0-9._-]+)==([^\s;\\]+)", block):
            pins[canonicalize_name(match[1])] = (match[2], re.findall(r"--hash=sha256:\w+", block))
    return pins


def test_every_dependency_is_pinned_with_hashes_and_make_installs_from_the_lock():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = [Requirement(r) for r in project["dependencies"]]
    wanted += [Requirement(r) for r in project["optional-dependencies"]["test"]]
    pins = _locked()
    for requirement in wanted:
        version, hashes = pins[canonicalize_name(requirement.name)]
        assert requirement.specifier.contains(version), (requirement, version)
        assert hashes, requirement.name
    assert all(hashes for _, hashes in pins.values())  # the transitive ones too
    makefile = (ROOT / "Makefile").read_text()
    assert "pip install --quiet --require-hashes -r requirements.lock" in makefile
    assert "pip install --quiet --no-deps --no-build-isolation -e ." in makefile
