"""Project wiring: settings, URLs, Celery, accounts and the NHS.UK interface layer."""

from .celery import app as celery_app

__all__ = ["celery_app"]
