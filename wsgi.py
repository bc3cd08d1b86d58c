"""Entry point in the checkout (`gunicorn wsgi:app`, `flask --app wsgi`); see plplan/wsgi.py."""

from plplan.wsgi import app  # noqa: F401
