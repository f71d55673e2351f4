"""A request waiting for the requester's answer never waits unseen (issue 12, point 4).

When the DEA asks the requester for more [12], the request waits in ``info_requested``. The
requester is reminded after 2 working days of the DEA's nation without an answer and again
after 5, and at 5 the DEA is told too, so they can chase (a message to the requester,
recorded on the timeline) or close the request as declined with reason ``no_response``
(``support_request_decline``). Every reminder is keyed by the request and the time the
question was asked, so a scheduled run sends each once, and a new question starts afresh.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from dea_support.models import RequestState, SupportRequest, SupportRequestEvent
from dea_support.permissions import can_triage
from dea_support.services.requests import support_request_locked
from jomcase.errors import ensure
from jomcase.models import Staff
from jomcase.services import notification_send
from jomcase.working_days import working_days_between

#: Working days without an answer after which the requester is reminded; at the last the
#: DEA is told as well.
REMINDER_WORKING_DAYS = (2, 5)


def _days(count: int) -> str:
    return f"{count} working day{'s' if count != 1 else ''}"


@transaction.atomic
def support_request_chase(*, request_id: int, actor: Staff, message: str) -> SupportRequest:
    """The DEA reminds the requester of their question, in their own words; recorded."""
    sr = support_request_locked(request_id, actor)
    ensure(can_triage(actor, sr), "Only the DEA the request was sent to may chase it.")
    message = message.strip()
    if not message:
        raise ValidationError({"message": ["Enter a message for the requester"]})
    if sr.state != RequestState.INFO_REQUESTED:
        # Answered, withdrawn or closed meanwhile: like a refused transition (API: 409).
        raise TransitionNotAllowed("Only a request waiting for the requester's answer is chased")
    event = SupportRequestEvent.objects.create(
        support_request=sr,
        action="chase",
        from_state=sr.state,
        to_state=sr.state,
        by=actor,
        message=message,
    )
    notification_send(
        recipient=sr.requester,
        key=f"support-request-event:{event.pk}",
        kind="support_request_chase",
        title=f"{actor.display_name} is waiting for your answer on {sr.reference}",
        body=message,
        link=reverse("support_requests:detail", args=[sr.pk]) + "#answer",
    )
    return sr


def _waiting(today: dt.date) -> list[SupportRequest]:
    """Requests waiting for the requester since at least the first reminder's day."""
    # Two working days are at least two calendar days: nothing asked since yesterday.
    return list(
        SupportRequest.objects.filter(
            state=RequestState.INFO_REQUESTED,
            info_requested_at__lt=timezone.make_aware(
                dt.datetime.combine(today - dt.timedelta(days=1), dt.time.min)
            ),
        )
        .select_related("requester", "dea__jobcentre", "claimant")
        .order_by("info_requested_at", "pk")
    )


def _remind(sr: SupportRequest, *, days: int, last: bool) -> int:
    """Send the reminder for ``days`` without an answer, once; returns how many were sent."""
    asked = f"{sr.info_requested_at:%Y%m%dT%H%M%S}"
    link = reverse("support_requests:detail", args=[sr.pk])
    about = f" about {sr.claimant.full_name}" if sr.claimant_id else ""
    sent = notification_send(
        recipient=sr.requester,
        key=f"info-reminder:{sr.pk}:{asked}:{days}",
        kind="support_request_info_reminder",
        title=f"Reminder: {sr.dea.display_name} is waiting for your answer on {sr.reference}",
        body=(
            f"{sr.dea.display_name} asked you a question{about} {_days(days)} ago and cannot "
            "decide how to help until you answer it on the request's page."
            + (" If no answer comes, they may close the request." if last else "")
        ),
        link=link + "#answer",
    )
    if sent is None:
        return 0
    told = 1
    if last:
        told += (
            notification_send(
                recipient=sr.dea,
                key=f"info-reminder:{sr.pk}:{asked}:{days}:dea",
                kind="support_request_no_answer",
                title=f"No answer on {sr.reference} after {_days(days)}",
                body=(
                    f"{sr.requester.display_name} has not answered your question. Chase them "
                    "from the request's page, or close the request if no answer will come."
                ),
                link=link,
            )
            is not None
        )
    SupportRequestEvent.objects.create(
        support_request=sr,
        action="info_reminder",
        from_state=sr.state,
        to_state=sr.state,
        by=sr.dea,
        message=(
            f"Reminder sent to {sr.requester.display_name} after {_days(days)} without an answer"
            + (f"; {sr.dea.display_name} was told" if last else "")
        ),
    )
    return told


def info_request_reminders_send(*, run=None, today: dt.date | None = None) -> dict:
    """The scheduled rule: each reminder due today for a request waiting for the requester.

    Each request is handled in its own transaction, under a lock, and looked at again there:
    an answer given meanwhile sends nothing. Reminders missed on earlier days (the rule did
    not run) are sent in order, each once.
    """
    today = today or timezone.localdate()
    looked_at = sent = 0
    for candidate in _waiting(today):
        looked_at += 1
        with transaction.atomic():
            sr = (
                SupportRequest.objects.select_for_update(of=("self",))
                .select_related("requester", "dea__jobcentre", "claimant")
                .filter(pk=candidate.pk, state=RequestState.INFO_REQUESTED)
                .first()
            )
            if sr is None or sr.info_requested_at is None:
                continue
            asked_on = timezone.localtime(sr.info_requested_at).date()
            waited = working_days_between(asked_on, today, sr.dea.nation)
            for days in REMINDER_WORKING_DAYS:
                if waited >= days:
                    sent += _remind(sr, days=days, last=days == REMINDER_WORKING_DAYS[-1])
    summary = {"looked_at": looked_at, "notifications": sent}
    if run is not None:
        run.looked_at, run.changed, run.details = looked_at, sent, summary
    return summary
