"""Reads of activities: one activity's page, the open work, a viewer's view of the claimant."""

from __future__ import annotations

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from claimants.models import Claimant
from conferences.models import (
    OPEN_ACTIVITY_STATES,
    Activity,
    ActivityEvent,
    ActivityState,
    DiaryEntry,
    Outcome,
    Participant,
)
from conferences.permissions import activity_visibility
from jomcase.models import Staff

#: How each step of an activity reads in a timeline.
EVENT_TITLES = {
    "propose": "Proposed",
    "consent": "Consent recorded",
    "book": "Booked",
    "rebook": "Booking changed",
    "hold": "Held",
    "not_attended": "Marked as not attended",
    "cancel": "Cancelled",
    "consent_withdrawn": "Consent withdrawn",
    "observer": "Observer added",
    "conclude": "Outcome recorded",
    "information": "Information sent",
    "holding_response": "Holding response sent",
    "action_done": "Partner action done",
    "cover": "Moved to a covering DEA",
}


def step_refused_by_time(activity_id: int) -> str:
    """Why booked work refused a step because of its time, for pages and the API alike; ''
    when its state alone explains the refusal.

    Before its start nothing is recorded; after it, it is marked held or not attended, never
    cancelled (the models' ``_has_started`` and ``_not_started`` guards).
    """
    state, start = Activity.objects.filter(pk=activity_id).values_list("state", "start").get()
    if state != ActivityState.BOOKED or start is None:
        return ""
    when = f"{timezone.localtime(start):%-d %B %Y at %H:%M}"
    if start > timezone.now():
        return f"This cannot be recorded before the activity starts on {when}."
    return (
        f"It was booked for {when}, which has passed: mark it as held or as not attended instead."
    )


def event_title(action: str) -> str:
    return EVENT_TITLES.get(action) or action.replace("_", " ").capitalize()


def activities_visible_to(user: Staff) -> QuerySet[Activity]:
    return Activity.objects.filter(activity_visibility(user))


def activity_for(*, user: Staff, activity_id: int) -> Activity:
    """One activity the user may see, with everything its page shows; DoesNotExist otherwise."""
    events = ActivityEvent.objects.select_related("by").order_by("at", "id")
    outcomes = Outcome.objects.select_related(
        "follow_on_activity", "follow_on_action__assignee", "follow_on_agenda_case__cohort__dea"
    ).order_by("id")
    return (
        activities_visible_to(user)
        .select_related(
            "claimant",
            "dea",
            "work_coach",
            "support_request",
            "origin",
            "booked_by",
            "consent__recorded_by",
        )
        .prefetch_related(
            Prefetch("participants", queryset=Participant.objects.select_related("staff")),
            Prefetch("events", queryset=events),
            Prefetch("outcomes", queryset=outcomes),
        )
        .get(pk=activity_id)
    )


def shows_claimant(user: Staff, activity: Activity) -> bool:
    """Whether the user may see who the activity's claimant is.

    The people taking part must know whom they are meeting, even when the claimant's record
    is not otherwise theirs to see (a DEA asked directly for a CSI [39]); anyone else only
    when the claimant's record is visible to them (DESIGN.md s10).
    """
    if activity.claimant_id is None:
        return False
    if user.pk in (activity.dea_id, activity.work_coach_id):
        return True
    if any(p.staff_id == user.pk for p in activity.participants.all()):
        return True
    return Claimant.objects.visible_to(user).filter(pk=activity.claimant_id).exists()


def claimant_record_visible(user: Staff, claimant_id: int | None) -> bool:
    """Whether the claimant's own pages (record, timeline) are open to the user."""
    return bool(claimant_id) and (Claimant.objects.visible_to(user).filter(pk=claimant_id).exists())


def open_work_for(*, user: Staff, kind: str = "", state: str = "") -> QuerySet[Activity]:
    """The open activities the user takes part in, soonest first, unbooked ones last."""
    mine = Participant.objects.filter(staff=user).values("activity_id")
    qs = Activity.objects.filter(
        Q(dea=user) | Q(work_coach=user) | Q(pk__in=mine), state__in=OPEN_ACTIVITY_STATES
    )
    if kind:
        qs = qs.filter(kind=kind)
    if state:
        qs = qs.filter(state=state)
    return qs.select_related("claimant", "dea", "work_coach").order_by(
        F("start").asc(nulls_last=True), "created_at", "id"
    )


def next_bookings_for(user: Staff, limit: int = 5) -> list[DiaryEntry]:
    """The user's next booked activities (not unavailability), soonest first."""
    return list(
        DiaryEntry.objects.filter(staff=user, activity__isnull=False, end__gte=timezone.now())
        .select_related("activity__claimant")
        .order_by("start", "id")[:limit]
    )
