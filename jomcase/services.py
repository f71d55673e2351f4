"""Writes of the core app."""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import models, transaction
from django.utils import timezone

from jomcase.models import AccessLog, JobRun, Notification, Staff


def access_log_record(*, staff: Staff, record: models.Model, via: str) -> AccessLog:
    """Note that ``staff`` read a personal record, and where (DESIGN.md section 10)."""
    return AccessLog.objects.create(
        staff=staff,
        record_type=record._meta.label_lower,
        record_id=record.pk,
        via=via[:200],
    )


def notification_send(
    *, recipient: Staff, key: str, kind: str, title: str, body: str = "", link: str = ""
) -> Notification | None:
    """Tell a staff member something, in the service and by e-mail once the change commits.

    Returns None when ``recipient`` was already told about ``key``: a notification is sent
    once however many times the caller runs.
    """
    # get_or_create copes with a concurrent insert of the same key (it retries the get).
    notification, created = Notification.objects.get_or_create(
        recipient=recipient,
        key=key[:200],
        defaults={"kind": kind, "title": title[:200], "body": body, "link": link},
    )
    if not created:
        return None
    if not recipient.email:
        return notification

    from jomcase.tasks import notification_email

    notification_id = notification.pk
    transaction.on_commit(lambda: notification_email.delay(notification_id=notification_id))
    return notification


#: An e-mail's subject and first line. E-mail leaves the service for mailboxes that may be
#: shared or forwarded, so it names no claimant, colleague or health detail: it says there is
#: something to read and links to it, and the notification itself is read signed in
#: (DESIGN.md section 10).
EMAIL_SUBJECT = "JOMCase: you have a new notification"
EMAIL_INTRO = "You have a new notification in JOMCase. Sign in to read it:"


def notification_email_text(notification: Notification) -> str:
    """What the e-mail of ``notification`` says: no personal data, only where to read it."""
    from django.conf import settings
    from django.urls import reverse

    site = settings.SITE_URL.rstrip("/")
    if notification.has_local_link:
        # Through the notification, so following the e-mail's link marks it read too.
        where = reverse("notification_open", args=[notification.pk])
    else:
        where = reverse("notifications")
    return f"{EMAIL_INTRO}\n\n{site}{where}"


@transaction.atomic
def notification_email_send(*, notification_id: int) -> bool:
    """E-mail one notification unless it has been e-mailed already; True when it sent now."""
    from django.core.mail import send_mail

    notification = (
        Notification.objects.select_for_update(of=("self",))
        .select_related("recipient")
        .filter(pk=notification_id, emailed_at__isnull=True)
        .first()
    )
    if notification is None or not notification.recipient.email:
        return False
    send_mail(
        subject=EMAIL_SUBJECT,
        message=notification_email_text(notification),
        from_email=None,
        recipient_list=[notification.recipient.email],
    )
    notification.emailed_at = timezone.now()
    notification.save(update_fields=["emailed_at"])
    return True


def notification_open(*, notification: Notification) -> str:
    """Its recipient opens a notification: it is read from now on; returns where it leads,
    a page of the service, or "" for one that leads nowhere here."""
    if notification.read_at is None:
        notifications_mark_read(recipient=notification.recipient, ids=[notification.pk])
    return notification.link if notification.has_local_link else ""


def notifications_mark_read(*, recipient: Staff, ids: list[int] | None = None) -> int:
    """Mark some or all of a person's notifications read; returns how many changed."""
    unread = Notification.objects.filter(recipient=recipient, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


@contextmanager
def job_run_record(*, name: str, task_id: str = "") -> Iterator[JobRun]:
    """Record one run of a scheduled rule; the rule fills in ``looked_at``, ``changed`` and
    ``details`` on the yielded row. A failure is recorded with its traceback and re-raised.

    The row is written outside the rule's own transaction, so a failed run still leaves it.
    """
    run = JobRun.objects.create(name=name, task_id=task_id or "")
    try:
        yield run
    except Exception:
        run.status = JobRun.Status.FAILED
        run.error = traceback.format_exc()[-4000:]
        run.finished_at = timezone.now()
        run.save()
        raise
    run.status = JobRun.Status.SUCCEEDED
    run.finished_at = timezone.now()
    run.save()
