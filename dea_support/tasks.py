"""Celery tasks for the scheduled rules about support requests (DESIGN.md section 9).

Thin: each records its run in the job-run log and calls one service, which is idempotent,
so a retry or a second run changes nothing more. The beat schedules ("Required response
dates", "Referral trends", "Waiting for the requester") are in ``jomcase.schedules``, kept
in the database and editable in the admin. Database hiccups are retried with backoff.
"""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError, transaction

from dea_support.services.due import response_dates_check
from dea_support.services.trends import referral_trends_check
from dea_support.services.waiting import info_request_reminders_send
from jomcase.services import job_run_record

RETRY = {
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 5,
}


@shared_task(bind=True, **RETRY)
def response_dates(self) -> dict:
    """Requests near their required date go to the DEA; overdue ones to the WCTL too."""
    # One transaction a run: nothing half-done if it fails, and one commit, not one per alert.
    with (
        job_run_record(name="response_dates", task_id=self.request.id) as run,
        transaction.atomic(),
    ):
        return response_dates_check(run=run)


@shared_task(bind=True, **RETRY)
def referral_trends(self) -> dict:
    """Coaches and topics that pass the trend threshold go to the team leaders, once."""
    with job_run_record(name="referral_trends", task_id=self.request.id) as run:
        return referral_trends_check(run=run)


@shared_task(bind=True, **RETRY)
def info_request_reminders(self) -> dict:
    """Requesters who have not answered the DEA are reminded after 2 and 5 working days."""
    # Each request in its own transaction inside the service: an answer given meanwhile wins.
    with job_run_record(name="info_request_reminders", task_id=self.request.id) as run:
        return info_request_reminders_send(run=run)
