"""Accepting a support request (DESIGN.md s4, s5).

It lives here because it spans two apps: it moves the request (dea_support) and creates its
first piece of work (this app), in one transaction. Cover, which also spans both, is in
``conferences.services.cover``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from conferences.models import AgendaCase
from conferences.services.activities import (
    activity_propose,
)
from dea_support.models import Channel, SupportRequest
from dea_support.selectors import cohort_of_dea
from dea_support.services.requests import (
    support_request_locked,
    support_request_mark_accepted,
    support_request_notify_accepted,
)
from jomcase.models import Staff


def agenda_case_nominate(
    *, support_request: SupportRequest, actor: Staff, note: str = ""
) -> AgendaCase:
    """Put a request's case on the DEA's cohort list for its next group conference [13]."""
    cohort = cohort_of_dea(support_request.dea)
    if cohort is None:
        raise ValidationError(
            {"channel": ["You have no cohort, so there is no group conference to add the case to"]}
        )
    return AgendaCase.objects.create(
        cohort=cohort,
        support_request=support_request,
        claimant=support_request.claimant,
        nominated_by=actor,
        note=note,
    )


@transaction.atomic
def support_request_accept(
    *, request_id: int, actor: Staff, channel: str, note: str = ""
) -> SupportRequest:
    """The DEA accepts a request with a channel, which creates its first piece of work [13].

    Every channel proposes an activity of that kind, except a case for a group conference,
    which goes on the cohort's pending agenda. The requester is told once it commits.
    """
    sr = support_request_locked(request_id, actor)
    event = support_request_mark_accepted(sr=sr, actor=actor, channel=channel, note=note)
    if channel == Channel.GROUP_CONFERENCE_CASE:
        agenda_case_nominate(support_request=sr, actor=actor, note=note)
    else:
        activity_propose(
            kind=channel,
            actor=actor,
            dea=sr.dea,
            work_coach=sr.requester,
            claimant=sr.claimant,
            support_request=sr,
            message=f"Proposed on accepting {sr.reference}.",
        )
    support_request_notify_accepted(sr=sr, event=event)
    return sr
