"""Notifications: stored once per recipient and key, e-mailed once after the change commits,
never e-mailed for a change that rolled back, and in the service only for someone with no
e-mail address (jomcase.services, issue 3 point 7)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction

from jomcase.celery import app as celery_app
from jomcase.models import Notification
from jomcase.services import notification_email_send, notification_send
from jomcase.tasks import notification_email
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def send(recipient, key: str = "support-request-event:1", **fields):
    fields = {"kind": "support_request_submitted", "title": "New support request", **fields}
    return notification_send(recipient=recipient, key=key, **fields)


@pytest.fixture
def person():
    return StaffFactory(work_coach=True, email="sam.coach@example.gov.uk")


def test_tests_run_celery_tasks_inline():
    assert celery_app.conf.task_always_eager and celery_app.conf.task_eager_propagates


def test_a_key_is_stored_once_per_recipient(person):
    first = send(person, body="Claimant support, response needed by 3 March 2027.")
    assert first is not None and first.recipient == person
    assert send(person, title="A second title") is None
    other = StaffFactory(dea=True)
    assert send(other) is not None
    assert Notification.objects.filter(recipient=person).count() == 1
    assert Notification.objects.get(recipient=person).title == "New support request"
    assert Notification.objects.count() == 2


def test_the_email_goes_once_the_change_commits_and_only_once(
    person, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://127.0.0.1:8000"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        note = send(person, body="Claimant support.", link="/requests/1/")
        assert mail.outbox == []  # nothing leaves before the commit
        send(person)  # the same key again queues nothing
    assert len(callbacks) == 1

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [person.email]
    # E-mail names nobody and says nothing of the case: it says where to read it. The link
    # goes through the notification, which marks it read and leads to /requests/1/.
    assert message.subject == "JOMCase: you have a new notification"
    assert message.body == (
        "You have a new notification in JOMCase. Sign in to read it:\n\n"
        f"http://127.0.0.1:8000/notifications/{note.pk}/open/"
    )
    assert "Claimant support" not in message.body
    note.refresh_from_db()
    assert note.emailed_at is not None


def test_the_email_task_run_twice_sends_one_email(person):
    note = Notification.objects.create(
        recipient=person, key="test:twice", kind="test", title="Once only"
    )
    assert notification_email.delay(notification_id=note.pk).get() is True
    assert notification_email.delay(notification_id=note.pk).get() is False
    assert notification_email_send(notification_id=note.pk) is False
    assert len(mail.outbox) == 1


def test_a_recipient_without_an_email_address_is_told_in_the_service_only(
    django_capture_on_commit_callbacks,
):
    nobody = StaffFactory(work_coach=True, email="")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        note = send(nobody)
    assert note is not None and Notification.objects.filter(recipient=nobody).exists()
    assert callbacks == []
    assert notification_email_send(notification_id=note.pk) is False
    assert mail.outbox == []


def test_a_missing_notification_sends_nothing():
    assert notification_email.delay(notification_id=987_654).get() is False
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_sends_neither_notification_nor_email(person):
    with pytest.raises(RuntimeError), transaction.atomic():
        send(person, key="rolled-back")
        raise RuntimeError("the change fails after the notification was queued")
    assert not Notification.objects.exists()
    assert mail.outbox == []

    # The same call in a transaction that commits e-mails at the commit.
    with transaction.atomic():
        send(person, key="committed")
        assert mail.outbox == []
    assert [m.to for m in mail.outbox] == [[person.email]]
    assert Notification.objects.get().emailed_at is not None
