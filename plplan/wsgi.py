"""The WSGI entry of an installed plplan: `gunicorn plplan.wsgi:app` from any directory."""

from plplan import create_app

app = create_app()
