"""JOMCase: the project package and its core app (staff, organisation, roles, access log)."""

from jomcase.celery import app as celery_app

__all__ = ["celery_app"]
