"""Configuration: defaults per environment, then whatever the environment variables say."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

# Environment variable -> (config key, converter). Read when the app is created, not on import.
ENVIRONMENT = {
    "SECRET_KEY": ("SECRET_KEY", str),
    "DATABASE_URL": ("SQLALCHEMY_DATABASE_URI", str),
    "REDIS_URL": ("REDIS_URL", str),
    "REMEMBER_DAYS": ("REMEMBER_COOKIE_DURATION", lambda v: timedelta(days=int(v))),
    "LOGIN_IP_LIMIT": ("LOGIN_IP_LIMIT", str),
    "LOGIN_MAX_FAILURES": ("LOGIN_MAX_FAILURES", int),
    "LOGIN_LOCK_MINUTES": ("LOGIN_LOCK_MINUTES", int),
    "SMTP_HOST": ("SMTP_HOST", str),
    "SMTP_PORT": ("SMTP_PORT", int),
    "SMTP_USER": ("SMTP_USER", str),
    "SMTP_PASSWORD": ("SMTP_PASSWORD", str),
    "SMTP_STARTTLS": ("SMTP_STARTTLS", lambda v: v.lower() != "false"),
    "MAIL_FROM": ("MAIL_FROM", str),
    "HTMX_CDN": ("HTMX_CDN", str),
    "PROXY_COUNT": ("PROXY_COUNT", int),
    "PROXY_TRUST_HOST": ("PROXY_TRUST_HOST", lambda v: v.lower() in ("1", "true", "yes")),
    "PLPLAN_BASE_URL": ("PLPLAN_BASE_URL", lambda v: v.rstrip("/")),
    "PLPLAN_EXTRA_HOSTS": ("PLPLAN_EXTRA_HOSTS", lambda v: [h.strip() for h in v.split(",")]),
    "REGISTER_IP_LIMIT": ("REGISTER_IP_LIMIT", str),
    "EMAIL_CHECK_IP_LIMIT": ("EMAIL_CHECK_IP_LIMIT", str),
    "API_TOKEN_LIMIT": ("API_TOKEN_LIMIT", str),
    "PLPLAN_DEMO": ("PLPLAN_DEMO", lambda v: v.lower() in ("1", "true", "yes")),
}


class Config:
    """Defaults shared by every environment."""

    SECRET_KEY = None
    SQLALCHEMY_DATABASE_URI = None
    REDIS_URL = None

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False
    REMEMBER_COOKIE_DURATION = timedelta(days=14)

    # The CSRF token lives as long as the session, so a page left open for hours keeps working.
    WTF_CSRF_TIME_LIMIT = None
    WTF_CSRF_HEADERS = ["X-CSRF-Token"]

    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_IP_LIMIT = "30 per 15 minutes"
    REGISTER_IP_LIMIT = "10 per hour"
    # The register form's inline check answers whether an email has an account: kept low.
    EMAIL_CHECK_IP_LIMIT = "60 per 15 minutes"
    API_TOKEN_LIMIT = "300 per minute"  # per personal API token
    LOGIN_MAX_FAILURES = 5
    LOGIN_LOCK_MINUTES = 15
    PASSWORD_RESET_MAX_AGE = 3600

    SMTP_HOST = None
    SMTP_PORT = 587
    SMTP_USER = None
    SMTP_PASSWORD = None
    SMTP_STARTTLS = True
    MAIL_FROM = "plplan <no-reply@plplan.local>"

    # The origin users reach the app at; every link in an email is built from it, never from
    # the request's Host header (which anyone can set).
    PLPLAN_BASE_URL = "http://127.0.0.1:5000"
    # Host names accepted besides the base URL's (production only answers those).
    PLPLAN_EXTRA_HOSTS: list[str] = []
    # A demo server (`make run`): the sign-in page says how to sign in as the demo people.
    PLPLAN_DEMO = False

    # How many proxies (load balancers) sit in front of the app and set X-Forwarded-*; 0 = none.
    PROXY_COUNT = 0
    # Whether those proxies set X-Forwarded-Host; off, so a client cannot choose our host name.
    PROXY_TRUST_HOST = False

    # Request size: a body over 2 MB is answered 413 before it is read; form fields alike.
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    MAX_FORM_MEMORY_SIZE = 512 * 1024
    MAX_FORM_PARTS = 200
    # A team bundle's upload (plplan/bundle): the one body allowed to be larger.
    BUNDLE_MAX_BYTES = 64 * 1024 * 1024

    # Strict-Transport-Security max-age in seconds; 0 sends no header (development is plain http).
    HSTS_SECONDS = 0

    # Flask-Compress: pages, CSS, JS and JSON go out as brotli (or gzip for older clients).
    # Static files are streamed; gzip is allowed there too, which the extension leaves out.
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_ALGORITHM_STREAMING = ["br", "gzip"]

    # Chat webhooks post only to public addresses; a testing app may allow local test servers.
    WEBHOOK_ALLOW_PRIVATE_FOR_TESTS = False

    HTMX_SRI = "sha384-Qp9rdC8H7EqOoX+nR0P3RPG2Noji+qdwJlGpfzwQJsfOpp3sGwIdSP9xO3+UlEhn"
    HTMX_CDN = "https://cdn.jsdelivr.net/npm/htmx.org@4.0.1/dist/htmx.min.js"


class DevelopmentConfig(Config):
    """Runs out of the box: SQLite under instance/ and a secret kept in instance/secret_key."""


class ProductionConfig(Config):
    """HTTPS only; create_app() refuses to start without a SECRET_KEY and PLPLAN_BASE_URL."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PLPLAN_BASE_URL = None
    HSTS_SECONDS = 365 * 24 * 3600


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret"
    LOGIN_IP_LIMIT = "1000 per minute"
    REGISTER_IP_LIMIT = "1000 per minute"
    EMAIL_CHECK_IP_LIMIT = "1000 per minute"
    API_TOKEN_LIMIT = "10000 per minute"
    PLPLAN_BASE_URL = "http://localhost"


CONFIGS = {"development": DevelopmentConfig, "production": ProductionConfig, "test": TestConfig}


def from_environment() -> dict:
    """The settings given as environment variables (empty ones are ignored)."""
    return {
        key: convert(os.environ[name])
        for name, (key, convert) in ENVIRONMENT.items()
        if os.environ.get(name)
    }


def development_secret(instance_path: str) -> str:
    """A random key kept beside the SQLite file, so sessions survive a restart of `make run`."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()
