"""The Celery application; tasks are found in each app's tasks.py."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jomcase.settings")

app = Celery("jomcase")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
