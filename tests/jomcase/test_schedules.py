"""Every scheduled rule has a beat schedule after migrate, and installing keeps admin edits."""

from __future__ import annotations

import pytest
from celery import current_app
from django_celery_beat.models import PeriodicTask

from jomcase.celery import app
from jomcase.schedules import SCHEDULES, install_schedules

pytestmark = pytest.mark.django_db


def test_migrate_installed_a_schedule_for_every_rule_in_utc():
    tasks = dict(PeriodicTask.objects.values_list("name", "task"))
    assert tasks == {s.name: s.task for s in SCHEDULES}
    assert {str(tz) for tz in PeriodicTask.objects.values_list("crontab__timezone", flat=True)} == {
        "UTC"
    }


def test_every_scheduled_task_exists():
    app.loader.import_default_modules()
    missing = [s.task for s in SCHEDULES if s.task not in current_app.tasks]
    assert missing == []


def test_installing_again_adds_nothing_and_keeps_an_edited_time():
    task = PeriodicTask.objects.get(name="CSI cap audit")
    task.crontab.hour = "5"
    task.crontab.save()
    assert install_schedules() == 0
    task.refresh_from_db()
    assert task.crontab.hour == "5"
