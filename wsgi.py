"""WSGI entry point: the only place that builds the app (`gunicorn wsgi:app`)."""
from app import create_app

app = create_app()
