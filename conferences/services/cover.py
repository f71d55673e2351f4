"""Cover for a DEA's leave, with the work that goes with their requests (DESIGN.md s4, s5).

It spans two apps: the requests move in ``dea_support.services.cover`` and their work that
is in nobody's diary yet moves here, in one transaction. A team leader arranges a cover from
a start to an end date; it starts at once when the start is today, otherwise the scheduled
rule (``covers_run``, beat schedule "Cover dates") starts it on the start date and ends it
the day after the end date. The team leader may end it early. Every move tells the
requesters, the away DEA and the covering DEA once, listing the references.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from conferences.models import Activity, ActivityState, Participant, ParticipantRole
from conferences.services.activities import activity_event_record
from dea_support.models import Cover, CoverState, SupportRequest
from dea_support.permissions import can_cover
from dea_support.selectors import covers_to_end, covers_to_start
from dea_support.services.cover import (
    cover_check,
    cover_latest_end,
    cover_message,
    cover_record,
    cover_requests_move,
    cover_requests_return,
    cover_return_message,
    cover_tell,
)
from jomcase.errors import ensure
from jomcase.models import Staff

#: Work that is in nobody's diary yet, so it goes with its request to the covering DEA (and
#: back): proposed, waiting for the claimant's consent, or informational support after a
#: holding response. Booked and held work stays with the DEA whose diary holds it.
UNBOOKED_STATES = (
    ActivityState.PROPOSED,
    ActivityState.AWAITING_CONSENT,
    ActivityState.HOLDING_RESPONSE,
)


def _unbooked_work(*, dea_id: int, requests) -> QuerySet[Activity]:
    """The DEA's unbooked activities for these requests, locked, in id order."""
    return (
        Activity.objects.select_for_update(of=("self",))
        .filter(support_request__in=requests, dea_id=dea_id, state__in=UNBOOKED_STATES)
        .order_by("pk")
    )


def _hand_over(activity: Activity, *, actor: Staff, to_dea: Staff, message: str) -> None:
    """Make ``to_dea`` the activity's DEA, as a participant too, and record it.

    The work coach is told in the one notification about the whole move, not here.
    """
    from_dea_id = activity.dea_id
    # Whoever takes over may already take part (as an observer): they take the DEA's place.
    Participant.objects.filter(activity=activity, staff=to_dea).delete()
    Participant.objects.filter(
        activity=activity, staff_id=from_dea_id, role=ParticipantRole.DEA
    ).update(staff=to_dea)
    activity.dea = to_dea
    activity.save(update_fields=["dea"])
    activity_event_record(
        activity, actor=actor, action="cover", from_state=activity.state, message=message
    )


def _move_work(
    *, actor: Staff, from_dea_id: int, to_dea: Staff, requests, message: str
) -> dict[int, list[str]]:
    """Hand the unbooked work of ``requests`` over; per request, what went (for the notes)."""
    moved: dict[int, list[str]] = {}
    for activity in _unbooked_work(dea_id=from_dea_id, requests=[sr.pk for sr in requests]):
        _hand_over(activity, actor=actor, to_dea=to_dea, message=message)
        moved.setdefault(activity.support_request_id, []).append(
            f"its {activity.get_kind_display().lower()} (not booked yet)"
        )
    return moved


def _locked_deas(*ids: int) -> None:
    """Lock the DEAs' staff rows in id order: covers touching the same DEA queue here, so
    two arranged at once cannot both pass the overlap check. FOR NO KEY UPDATE, so writes
    elsewhere that only refer to these people (a booking's diary rows) do not wait on it."""
    people = Staff.objects.select_for_update(no_key=True).filter(pk__in=ids).order_by("pk")
    list(people.values("pk"))


def _lock_work_of(dea_id: int, request_ids=None) -> None:
    """Lock the unbooked work of a DEA's open requests before the requests themselves, in
    the order the activity services take them (the activity, then its request when it
    ends), so a cancellation racing the cover queues behind it instead of deadlocking."""
    candidates = SupportRequest.objects.filter(dea_id=dea_id).open()
    if request_ids is not None:
        candidates = candidates.filter(pk__in=request_ids)
    list(_unbooked_work(dea_id=dea_id, requests=candidates.values("pk")))


def _start(cover: Cover, *, actor: Staff, request_ids=None, strict: bool = True) -> list:
    """Move the away DEA's open requests and their unbooked work; tell everyone once."""
    _lock_work_of(cover.away_dea_id, request_ids)
    moved = cover_requests_move(cover=cover, actor=actor, request_ids=request_ids, strict=strict)
    # Read the work again under the requests' locks: an acceptance that committed while the
    # locks were awaited has proposed work the first read could not see.
    work = _move_work(
        actor=actor,
        from_dea_id=cover.away_dea_id,
        to_dea=cover.covering_dea,
        requests=moved,
        message=cover_message(cover),
    )
    cover_tell(cover=cover, back=False, requests=moved, work=work)
    return moved


def _end(cover: Cover, *, actor: Staff, early: bool) -> list:
    """Give back what is still open and with the covering DEA, with its unbooked work."""
    candidates = SupportRequest.objects.filter(
        covers__cover=cover, covers__returned_at__isnull=True, dea=cover.covering_dea_id
    ).open()
    list(_unbooked_work(dea_id=cover.covering_dea_id, requests=candidates.values("pk")))
    was_running = cover.started_at is not None
    returned = cover_requests_return(cover=cover, actor=actor, early=early)
    if not was_running:
        return returned
    work = _move_work(
        actor=actor,
        from_dea_id=cover.covering_dea_id,
        to_dea=cover.away_dea,
        requests=returned,
        message=cover_return_message(cover),
    )
    cover_tell(cover=cover, back=True, requests=returned, work=work)
    return returned


@transaction.atomic
def support_requests_cover(
    *,
    actor: Staff,
    from_dea_id: int,
    to_dea_id: int,
    request_ids: list[int] | None = None,
    note: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> tuple[Cover, list[SupportRequest]]:
    """A WCTL arranges cover for a DEA's leave from ``start`` to ``end`` (DESIGN.md s4, s5).

    With no ``start`` it starts today; with no ``end`` it lasts as long as a cover may (six
    months), for clients written before covers had dates. Starting today, the DEA's open
    requests (or only ``request_ids``) move at once with their unbooked work; starting later
    they all move on the start date, so choosing some is refused. Booked and held work stays
    with the DEA whose diary holds it; the covering DEA may open it through the request.
    Returns the cover and the requests that moved now.
    """
    today = timezone.localdate()
    start = start or today
    end = end or cover_latest_end(start)
    check = {
        "actor": actor,
        "away_dea_id": from_dea_id,
        "covering_dea_id": to_dea_id,
        "start": start,
        "end": end,
        "choosing": request_ids is not None,
        "today": today,
    }
    if start == today:
        # The work first, then the people, in the order booking takes them (its activity,
        # then its participants), so a booking racing the cover cannot deadlock with it.
        _lock_work_of(from_dea_id, request_ids)
    # Checked under the locks: another cover of either DEA may have just committed.
    _locked_deas(from_dea_id, to_dea_id)
    away, covering = cover_check(**check)
    cover = cover_record(actor=actor, away=away, covering=covering, start=start, end=end, note=note)
    moved = _start(cover, actor=actor, request_ids=request_ids) if start == today else []
    return cover, moved


def _locked_cover(cover_id: int) -> Cover | None:
    return (
        Cover.objects.select_for_update(of=("self",))
        .select_related("away_dea", "covering_dea", "arranged_by")
        .filter(pk=cover_id)
        .first()
    )


@transaction.atomic
def cover_end(*, cover_id: int, actor: Staff) -> tuple[Cover, list[SupportRequest]]:
    """The team leader ends a cover before its time (DESIGN.md s4).

    A running cover gives back its requests still open and with the covering DEA, with their
    unbooked work, at once; a planned one is cancelled and nothing moves. An ended cover
    cannot end again (TransitionNotAllowed, 409).
    """
    cover = _locked_cover(cover_id)
    if cover is None:
        raise Http404("No such cover")
    ensure(can_cover(actor, cover.away_dea), "Only the DEA's line manager may end their cover.")
    if cover.state in (CoverState.ENDED, CoverState.CANCELLED):
        raise TransitionNotAllowed("This cover has already ended.")
    returned = _end(cover, actor=actor, early=True)
    return cover, returned


def covers_run(*, run=None, today: dt.date | None = None) -> dict:
    """The scheduled rule: end the covers whose last day has passed, then start the ones
    whose first day has come. Each cover moves in its own transaction, under a lock on it,
    and a cover already moved is left alone, so running twice changes nothing more."""
    today = today or timezone.localdate()
    ended = started = returned = moved = 0
    due_to_end = list(covers_to_end(today).values_list("pk", flat=True))
    due_to_start = list(covers_to_start(today).values_list("pk", flat=True))
    for cover_id in due_to_end:
        with transaction.atomic():
            cover = _locked_cover(cover_id)
            if cover is None or cover.ended_at is not None or cover.end >= today:
                continue
            returned += len(_end(cover, actor=cover.arranged_by, early=False))
            ended += 1
    for cover_id in due_to_start:
        with transaction.atomic():
            cover = _locked_cover(cover_id)
            if cover is None or cover.started_at is not None or cover.ended_at is not None:
                continue
            moved += len(_start(cover, actor=cover.arranged_by, strict=False))
            started += 1
    summary = {
        "looked_at": len(due_to_end) + len(due_to_start),
        "started": started,
        "moved": moved,
        "ended": ended,
        "returned": returned,
    }
    if run is not None:
        run.looked_at, run.changed, run.details = summary["looked_at"], started + ended, summary
    return summary
