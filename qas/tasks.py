"""Celery task for the scheduled QAS rule (DESIGN.md section 9).

Thin: it records its run in the job-run log and calls one idempotent service in one
transaction, so a retry or a second run sends nothing more.
"""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError, transaction

from jomcase.services import job_run_record
from qas.services import qas_due_notify


@shared_task(
    bind=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def qas_due(self) -> dict:
    """Due and overdue QAS checks go to each DEA's team leader."""
    with job_run_record(name="qas_due", task_id=self.request.id) as run, transaction.atomic():
        return qas_due_notify(run=run)
