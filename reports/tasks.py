"""Celery task: the monthly FTE snapshot from the staff register (DESIGN.md section 9).

Scheduled as "Monthly FTE snapshot" in jomcase.schedules: at 02:00 UTC on the 1st, for the
month just ended.
"""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

from jomcase.services import job_run_record


@shared_task(
    bind=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def fte_snapshot(self) -> dict:
    """Last month's returns from the register; a month loaded from a file is left alone."""
    from reports.services import fte_snapshot_take
    from reports.years import last_complete_month

    with job_run_record(name="fte_snapshot", task_id=self.request.id) as run:
        month = last_complete_month()
        batch = fte_snapshot_take(month=month)
        run.looked_at = 1
        run.changed = batch.row_count if batch else 0
        run.details = {"month": month.isoformat(), "returns": run.changed}
        return run.details
