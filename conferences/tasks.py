"""Celery tasks for the scheduled rules about the DEA's work (DESIGN.md section 9).

Thin: each records its run in the job-run log and calls one service, which is idempotent,
so a retry or a second run changes nothing more. A run is one transaction: one that fails
part-way leaves nothing half-done (its job-run row, written outside it, says what went
wrong), and the e-mails it queues go once it commits. Database hiccups are retried with
backoff.
"""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError, transaction

from conferences.services.activities import information_reminder_due
from conferences.services.cover import covers_run
from conferences.services.outcomes import information_reminders_send
from conferences.services.rules import csi_cap_audit, group_conference_compliance_check
from jomcase.services import job_run_record

TRANSIENT = (OperationalError, InterfaceError)
RETRY = {
    "autoretry_for": TRANSIENT,
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 5,
}


@shared_task(bind=True, **RETRY)
def group_conference_compliance(self) -> dict:
    """Sessions planned four months ahead and last month's kept, per cohort."""
    with (
        job_run_record(name="group_conference_compliance", task_id=self.request.id) as run,
        transaction.atomic(),
    ):
        return group_conference_compliance_check(run=run)


@shared_task(bind=True, **RETRY)
def csi_cap_audit_run(self) -> dict:
    """Claimants above the CSI cap without approvals go to the WCTL."""
    with (
        job_run_record(name="csi_cap_audit", task_id=self.request.id) as run,
        transaction.atomic(),
    ):
        return csi_cap_audit(run=run)


@shared_task(bind=True, **RETRY)
def information_reminders(self) -> dict:
    """Holding responses past their expected date go back to the DEA, once."""
    with job_run_record(name="information_reminders", task_id=self.request.id) as run:
        run.looked_at = information_reminder_due().count()
        with transaction.atomic():
            sent = information_reminders_send()
        run.changed = sent
        run.details = {"due": run.looked_at, "reminders": sent}
        return run.details


@shared_task(bind=True, **RETRY)
def cover_dates(self) -> dict:
    """Covers start on their first day and give their requests back the day after the last."""
    # Each cover moves in its own transaction inside the service: one that fails leaves the
    # others done, and the next run picks it up again.
    with job_run_record(name="cover_dates", task_id=self.request.id) as run:
        return covers_run(run=run)
