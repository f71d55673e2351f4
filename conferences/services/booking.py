"""Writes for booking: an activity into every participant's diary, and one's own time off.

The rules that involve other rows take their locks in one order (claimant, then staff by id,
then the activity) so two bookings that race queue rather than deadlock or both pass:
the CSI cap locks the claimant; the diary check locks every participant.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from claimants.models import Claimant
from conferences.models import (
    Activity,
    ActivityKind,
    ActivityState,
    DiaryEntry,
    MeetingChannel,
)
from conferences.permissions import is_staff_participant
from conferences.services.activities import (
    activity_event_record,
    activity_locked,
    csi_cap_refusal,
    participants_tell,
    staff_participants,
)
from jomcase.errors import ConsentRequired, CsiCapReached, DiaryClash, ensure
from jomcase.models import Staff


def _check_csi_cap(activity: Activity) -> None:
    # The claimant's row is the lock that serialises two bookings of CSIs for one claimant.
    Claimant.objects.select_for_update().filter(pk=activity.claimant_id).first()
    refusal = csi_cap_refusal(activity)
    if refusal:
        raise CsiCapReached(refusal)


def _check_diaries(activity: Activity, start, end) -> None:
    staff_ids = sorted(p.staff_id for p in activity.participants.all())
    # Lock the participants so two bookings for the same person queue.
    list(Staff.objects.select_for_update().filter(pk__in=staff_ids).order_by("pk"))
    clashes = (
        DiaryEntry.objects.filter(staff_id__in=staff_ids, start__lt=end, end__gt=start)
        .exclude(activity=activity)
        .select_related("staff")
        .order_by("start")
    )
    found = list(clashes[:5])
    if found:
        described = "; ".join(
            f"{e.staff.display_name} from {timezone.localtime(e.start):%-d %B %Y %H:%M} "
            f"to {timezone.localtime(e.end):%H:%M}"
            for e in found
        )
        raise DiaryClash(f"That time clashes with a diary: {described}.", field="start")


@transaction.atomic
def activity_book(
    *,
    activity_id: int,
    actor: Staff,
    start: dt.datetime,
    end: dt.datetime,
    channel: str,
    place: str = "",
) -> Activity:
    """Book a time in every participant's diary; may be recorded after the event (s5).

    Refused when consent is missing (three-way, CSI), when the claimant has had their
    CSIs and no approval allows another, or when any participant's diary clashes.
    """
    activity = activity_locked(activity_id, actor)
    ensure(is_staff_participant(actor, activity), "Only the work coach or DEA may book it.")
    errors = {}
    if channel not in MeetingChannel.values:
        errors["channel"] = ["Choose how it will take place"]
    elif activity.kind == ActivityKind.CLAIMANT_SUPPORT_INTERVENTION and (
        channel != MeetingChannel.FACE_TO_FACE
    ):
        errors["channel"] = ["A claimant support intervention is face to face"]
    if activity.kind == ActivityKind.INFORMATIONAL_SUPPORT:
        errors["kind"] = ["Informational support is not booked: send the information instead"]
    elif activity.kind == ActivityKind.GROUP_CONFERENCE:
        # Its own page checks what a session needs: at least 60 minutes, the cohort's
        # coaches as attendees, and their diaries.
        errors["kind"] = ["Move a group conference from its own page"]
    if start is None:
        errors["start"] = ["Enter the start date and time"]
    if end is None or (start is not None and end <= start):
        errors["end"] = ["The end must be after the start"]
    elif start is not None and end - start > dt.timedelta(hours=8):
        errors["end"] = ["An activity cannot last more than 8 hours"]
    if errors:
        raise ValidationError(errors)
    if activity.state == ActivityState.AWAITING_CONSENT:
        raise ConsentRequired(
            "Record the claimant's consent before booking: the work coach explains what the "
            "DEA does and asks them first.",
        )
    if activity.kind == ActivityKind.CLAIMANT_SUPPORT_INTERVENTION:
        _check_csi_cap(activity)
    _check_diaries(activity, start, end)
    from_state = activity.state
    activity.book(start=start, end=end, channel=channel, place=place.strip(), by=actor)
    activity.save(
        update_fields=["state", "start", "end", "channel", "place", "booked_by", "booked_at"]
    )
    DiaryEntry.objects.filter(activity=activity).delete()
    DiaryEntry.objects.bulk_create(
        [
            DiaryEntry(
                staff_id=p.staff_id, start=start, end=end, activity=activity, created_by=actor
            )
            for p in activity.participants.all()
        ]
    )
    when = f"{timezone.localtime(start):%-d %B %Y, %H:%M}"
    action = "rebook" if from_state == ActivityState.BOOKED else "book"
    event = activity_event_record(
        activity,
        actor=actor,
        action=action,
        from_state=from_state,
        message=f"{MeetingChannel(channel).label}, {when}" + (f", {place}" if place else ""),
    )
    participants_tell(
        activity,
        event,
        recipients=staff_participants(activity),
        title=f"{activity.get_kind_display()} booked for {when}",
    )
    return activity


@transaction.atomic
def unavailability_add(
    *, actor: Staff, start: dt.datetime, end: dt.datetime, title: str = "Unavailable"
) -> DiaryEntry:
    """Block time in your own diary (leave, training); bookings over it are refused."""
    if start is None or end is None or end <= start:
        raise ValidationError({"end": ["The end must be after the start"]})
    return DiaryEntry.objects.create(
        staff=actor,
        start=start,
        end=end,
        title=title.strip()[:200] or "Unavailable",
        created_by=actor,
    )


@transaction.atomic
def unavailability_remove(*, actor: Staff, entry_id: int) -> None:
    deleted, _ = DiaryEntry.objects.filter(pk=entry_id, staff=actor, activity=None).delete()
    if not deleted:
        raise Http404("No such diary entry")
