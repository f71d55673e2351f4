"""Accepting a support request, and moving requests to a covering DEA (DESIGN.md s4, s5).

Both live here because they span two apps: each moves requests (dea_support) and creates or
moves their work (this app), in one transaction.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from conferences.models import Activity, ActivityState, AgendaCase, Participant, ParticipantRole
from conferences.services.activities import (
    activity_event_record,
    activity_propose,
    participants_tell,
)
from dea_support.models import Channel, SupportRequest
from dea_support.selectors import cohort_of_dea
from dea_support.services.requests import (
    cover_message,
    support_request_locked,
    support_request_mark_accepted,
    support_request_notify_accepted,
    support_requests_cover_check,
    support_requests_mark_covered,
)
from jomcase.models import Staff

#: Work that is in nobody's diary yet, so it goes with its request to the covering DEA:
#: proposed, waiting for the claimant's consent, or informational support after a holding
#: response. Booked and held work stays with the DEA whose diary holds it.
UNBOOKED_STATES = (
    ActivityState.PROPOSED,
    ActivityState.AWAITING_CONSENT,
    ActivityState.HOLDING_RESPONSE,
)


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


def _unbooked_work(*, dea: Staff, requests) -> QuerySet[Activity]:
    """The DEA's unbooked activities for these requests, locked, in id order."""
    return (
        Activity.objects.select_for_update(of=("self",))
        .filter(support_request__in=requests, dea=dea, state__in=UNBOOKED_STATES)
        .order_by("pk")
    )


def _hand_over(activity: Activity, *, actor: Staff, to_dea: Staff, message: str) -> None:
    """Make the covering DEA the activity's DEA, as a participant too, and record it."""
    from_dea_id = activity.dea_id
    # Whoever covers may already take part (as an observer): they take the DEA's place.
    Participant.objects.filter(activity=activity, staff=to_dea).delete()
    Participant.objects.filter(
        activity=activity, staff_id=from_dea_id, role=ParticipantRole.DEA
    ).update(staff=to_dea)
    activity.dea = to_dea
    activity.save(update_fields=["dea"])
    event = activity_event_record(
        activity, actor=actor, action="cover", from_state=activity.state, message=message
    )
    participants_tell(
        activity,
        event,
        recipients=[activity.work_coach],
        title=f"{to_dea.display_name} is now the DEA for the {activity.get_kind_display().lower()}",
    )


@transaction.atomic
def support_requests_cover(
    *,
    actor: Staff,
    from_dea_id: int,
    to_dea_id: int,
    request_ids: list[int] | None = None,
    note: str = "",
) -> list[SupportRequest]:
    """A WCTL moves a DEA's open requests to another DEA for their leave, with the work that
    is not yet booked (DESIGN.md s4, s5).

    The covering DEA takes over each request and its activities that are in nobody's diary
    yet, which they must now arrange. Booked and held work stays with the DEA whose diary
    holds it; the covering DEA may open it through the request. Each request and each
    activity that moves records the move; the covering DEA and the work coach are told.
    With ``request_ids`` only those requests move; otherwise every open one does.
    """
    from_dea, to_dea = support_requests_cover_check(
        actor=actor, from_dea_id=from_dea_id, to_dea_id=to_dea_id
    )
    # Lock the work before the requests, in the order the activity services take them (the
    # activity, then its request when it ends), so a cancellation racing the cover queues
    # behind it instead of deadlocking.
    candidates = SupportRequest.objects.filter(dea=from_dea).open()
    if request_ids is not None:
        candidates = candidates.filter(pk__in=request_ids)
    list(_unbooked_work(dea=from_dea, requests=candidates.values("pk")))
    moved = support_requests_mark_covered(
        actor=actor, from_dea=from_dea, to_dea=to_dea, request_ids=request_ids, note=note
    )
    # Read the work again under the requests' locks: an acceptance that committed while the
    # locks were awaited has proposed work the first read could not see.
    message = cover_message(from_dea=from_dea, to_dea=to_dea, note=note)
    for activity in _unbooked_work(dea=from_dea, requests=[sr.pk for sr in moved]):
        _hand_over(activity, actor=actor, to_dea=to_dea, message=message)
    return moved
