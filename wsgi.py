"""Entry point for gunicorn (`gunicorn wsgi:app`) and `flask --app wsgi`."""

from plplan import create_app

app = create_app()
