"""Reads of the DEA's work for pages and the API, scoped to the viewer (DESIGN.md s5, s10).

Every list joins what its page shows in a fixed number of queries, however long it is:
``select_related`` for the rows' people and claimant, ``Prefetch`` for their children.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from claimants.models import Claimant
from conferences.models import (
    OPEN_ACTIVITY_STATES,
    Action,
    ActionState,
    Activity,
    ActivityEvent,
    ActivityKind,
    ActivityState,
    CalendarFeedToken,
    CsiApproval,
    DiaryEntry,
    Outcome,
    OutcomeKind,
    Participant,
)
from conferences.permissions import activity_visibility
from conferences.services.activities import CSI_CAP, CSI_COUNTED_STATES, csi_cap_refusal
from dea_support.models import Cohort, CohortMembership, SupportRequest, SupportRequestEvent
from jomcase.models import LineManagement, Role, Staff, TeamMembership

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

#: How each step of a support request reads in a claimant's timeline.
REQUEST_EVENT_TITLES = {
    "request_info": "More information asked for",
    "provide_info": "More information given",
    "accept": "Accepted",
    "decline": "Declined",
    "withdraw": "Withdrawn",
    "resolve": "Resolved",
    "cover": "Moved to a covering DEA",
}

#: How far back the calendar feed reaches; calendar apps keep what they have already read.
FEED_DAYS_BACK = 90
#: A ceiling on one feed, so a very old diary cannot make a huge download.
FEED_MAX_EVENTS = 2000


def event_title(action: str) -> str:
    return EVENT_TITLES.get(action) or action.replace("_", " ").capitalize()


# Activities


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


# Diaries


def week_bounds(monday: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The week from Monday 00:00 to the next Monday 00:00, local time, as aware datetimes."""
    start = timezone.make_aware(dt.datetime.combine(monday, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(monday + dt.timedelta(days=7), dt.time.min))
    return start, end


def diary_week(*, staff: Staff, monday: dt.date) -> list[DiaryEntry]:
    """Every booking and block of unavailability in one person's week, in time order."""
    start, end = week_bounds(monday)
    return list(
        DiaryEntry.objects.filter(staff=staff, start__lt=end, end__gt=start)
        .select_related("activity__claimant")
        .order_by("start", "id")
    )


def diary_owners_for(user: Staff) -> QuerySet[Staff]:
    """Whose diaries the user may open: their own, and those of the people they book with.

    A DEA sees the diaries of the work coaches in their cohort today and a work coach their
    cohort DEA's, because the two agree a time together before booking [14][25]; a WCTL sees
    their teams' members and the DEAs they line-manage, whose diaries they block for group
    conferences [31].
    """
    rule = Q(pk=user.pk)
    if user.has_role(Role.DEA):
        coaches = CohortMembership.objects.current_on().filter(cohort__dea=user)
        rule |= Q(pk__in=coaches.values("work_coach_id"))
    if user.has_role(Role.WORK_COACH):
        mine = CohortMembership.objects.current_on().filter(work_coach=user)
        rule |= Q(pk__in=Cohort.objects.filter(memberships__in=mine).values("dea_id"))
    if user.has_role(Role.WCTL):
        team = TeamMembership.objects.current_on().filter(team__leader=user)
        managed = LineManagement.objects.current_on().filter(manager=user)
        rule |= Q(pk__in=team.values("staff_id")) | Q(pk__in=managed.values("staff_id"))
    return Staff.objects.filter(rule, is_active=True).order_by("last_name", "first_name", "pk")


def visible_activity_ids(user: Staff, ids) -> set[int]:
    """Which of these activities the user may open (one query for a whole diary week)."""
    ids = {i for i in ids if i}
    if not ids:
        return set()
    return set(activities_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def calendar_feed_owner(token: str) -> Staff | None:
    feed = (
        CalendarFeedToken.objects.select_related("staff")
        .filter(token=token, staff__is_active=True)
        .first()
    )
    return feed.staff if feed else None


def calendar_feed_token_of(staff: Staff) -> CalendarFeedToken | None:
    return CalendarFeedToken.objects.filter(staff=staff).first()


def calendar_feed_bookings(staff: Staff) -> list[DiaryEntry]:
    """The person's bookings from a while back onwards, for their calendar app."""
    since = timezone.now() - dt.timedelta(days=FEED_DAYS_BACK)
    return list(
        DiaryEntry.objects.filter(staff=staff, activity__isnull=False, end__gte=since)
        .select_related("activity")
        .order_by("start", "id")[:FEED_MAX_EVENTS]
    )


# Partner actions


def actions_for(*, user: Staff, state: str = ActionState.OPEN) -> QuerySet[Action]:
    """Actions given to the user; open ones by due date, done ones latest first."""
    qs = Action.objects.filter(assignee=user, state=state).select_related(
        "claimant", "origin_activity"
    )
    if state == ActionState.DONE:
        return qs.order_by("-completed_at", "-id")
    return qs.order_by("due", "id")


def action_counts_for(user: Staff) -> dict[str, int]:
    today = timezone.localdate()
    return Action.objects.filter(assignee=user, state=ActionState.OPEN).aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(due__lt=today))
    )


def action_of(*, user: Staff, action_id: int) -> Action:
    """One action given to the user; DoesNotExist otherwise."""
    return Action.objects.select_related("claimant", "origin_activity").get(
        pk=action_id, assignee=user
    )


# Claimant support interventions


def _claimants_of_managed_deas(user: Staff) -> QuerySet[Claimant]:
    """Claimants whose work coach is in the cohort of a DEA the user line-manages today.

    That DEA is the one the cap's approval comes from [36], as the approval service checks.
    """
    deas = LineManagement.objects.current_on().filter(manager=user).values("staff_id")
    coaches = CohortMembership.objects.current_on().filter(cohort__dea__in=deas)
    return Claimant.objects.filter(work_coach__in=coaches.values("work_coach_id"))


def _with_csi_figures(qs: QuerySet[Claimant]) -> QuerySet[Claimant]:
    """Annotate ``csis`` (counted towards the cap), ``approvals`` and ``allowed``."""
    counted = (
        Activity.objects.filter(
            claimant=OuterRef("pk"),
            kind=ActivityKind.CLAIMANT_SUPPORT_INTERVENTION,
            state__in=CSI_COUNTED_STATES,
        )
        .order_by()
        .values("claimant")
        .annotate(n=Count("pk"))
        .values("n")
    )
    approved = (
        CsiApproval.objects.filter(claimant=OuterRef("pk"))
        .order_by()
        .values("claimant")
        .annotate(n=Count("pk"))
        .values("n")
    )
    today = timezone.localdate()
    dea = (
        CohortMembership.objects.filter(work_coach=OuterRef("work_coach_id"))
        .filter(Q(end__isnull=True) | Q(end__gte=today), start__lte=today)
        .order_by("start")
        .values("cohort__dea_id")[:1]
    )
    return qs.annotate(
        csis=Coalesce(Subquery(counted, output_field=IntegerField()), 0),
        approvals=Coalesce(Subquery(approved, output_field=IntegerField()), 0),
        dea_id=Subquery(dea, output_field=IntegerField()),
    ).annotate(allowed=F("approvals") + CSI_CAP)


def csi_cap_warning(activity: Activity) -> str:
    """For a CSI not booked yet whose claimant has had every one allowed, what the booking
    service would say, so the DEA learns it before filling in a booking; otherwise empty."""
    waiting = (ActivityState.AWAITING_CONSENT, ActivityState.PROPOSED)
    if (
        activity.kind != ActivityKind.CLAIMANT_SUPPORT_INTERVENTION
        or activity.state not in waiting
        or not activity.claimant_id
    ):
        return ""
    return csi_cap_refusal(activity)


def csi_claimants_at_cap_for(user: Staff) -> QuerySet[Claimant]:
    """The user's DEAs' claimants who have had every CSI they are allowed (DESIGN.md s5)."""
    return (
        _with_csi_figures(_claimants_of_managed_deas(user))
        .filter(csis__gte=F("allowed"))
        .select_related("work_coach")
        .order_by("surname", "forenames", "id")
    )


def csi_claimant_for_approval(*, user: Staff, claimant_id: int) -> Claimant:
    """One of the user's DEAs' claimants with their CSI figures; DoesNotExist otherwise."""
    return (
        _with_csi_figures(_claimants_of_managed_deas(user))
        .select_related("work_coach")
        .get(pk=claimant_id)
    )


def csi_approvals_for(user: Staff) -> QuerySet[CsiApproval]:
    """Approvals the user gave, and those for their DEAs' claimants, newest first."""
    claimants = _claimants_of_managed_deas(user).values("pk")
    return (
        CsiApproval.objects.filter(Q(approved_by=user) | Q(claimant__in=claimants))
        .select_related("claimant", "approved_by")
        .order_by("-approved_at", "-id")
    )


def managed_deas(user: Staff) -> dict[int, Staff]:
    managed = LineManagement.objects.current_on().filter(manager=user).values("staff_id")
    return {s.pk: s for s in Staff.objects.filter(pk__in=managed)}


def claimant_by_nino_and_surname(nino: str, surname: str) -> Claimant | None:
    """The claimant with this National Insurance number, if the surname matches too.

    Both must match, as in a support request [10], so a mistyped number finds nobody rather
    than someone else.
    """
    return Claimant.objects.filter(nino=nino, surname__iexact=surname.strip()).first()


# The claimant timeline


def _when(value: dt.datetime | None) -> str:
    return f"{timezone.localtime(value):%-d %B %Y, %H:%M}" if value else ""


def claimant_timeline(claimant: Claimant) -> list[dict]:
    """Everything that happened about a claimant with a DEA, oldest first (DESIGN.md s5).

    Each item is ``{"type", "at", "id", "summary", ...}`` with the ids a page needs for its
    links. Types: ``support_request`` and ``support_request_event``, ``activity`` and
    ``activity_event``, ``consent``, ``outcome`` and ``action``. Six queries whatever the
    timeline's length. The caller checks the claimant is visible and logs the read.
    """
    items: list[dict] = []
    requests = list(
        SupportRequest.objects.filter(claimant=claimant).select_related("requester", "dea")
    )
    for sr in requests:
        items.append(
            {
                "type": "support_request",
                "at": sr.created_at,
                "id": sr.pk,
                "support_request_id": sr.pk,
                "title": f"{sr.get_kind_display()} request {sr.reference}",
                "summary": f"Asked of {sr.dea.display_name}; "
                f"response needed by {sr.required_by:%-d %B %Y}.",
                "by": sr.requester.display_name,
                "state": sr.state,
            }
        )
    request_events = SupportRequestEvent.objects.filter(
        support_request__claimant=claimant
    ).select_related("by", "support_request")
    for event in request_events:
        if event.action not in REQUEST_EVENT_TITLES:
            continue
        items.append(
            {
                "type": "support_request_event",
                "at": event.at,
                "id": event.pk,
                "support_request_id": event.support_request_id,
                "title": f"{event.support_request.reference}: "
                f"{REQUEST_EVENT_TITLES[event.action].lower()}",
                "summary": event.message,
                "by": event.by.display_name,
                "action": event.action,
            }
        )

    activities = list(
        Activity.objects.filter(claimant=claimant).select_related(
            "dea", "work_coach", "created_by", "consent__recorded_by"
        )
    )
    for activity in activities:
        booked = (
            f" Booked for {_when(activity.start)}, {activity.get_channel_display().lower()}."
            if activity.start
            else ""
        )
        items.append(
            {
                "type": "activity",
                "at": activity.created_at,
                "id": activity.pk,
                "activity_id": activity.pk,
                "title": f"{activity.get_kind_display()} proposed",
                "summary": f"With {activity.dea.display_name} (DEA)"
                + (f" and {activity.work_coach.display_name}" if activity.work_coach else "")
                + f". Now: {activity.get_state_display().lower()}.{booked}",
                "by": activity.created_by.display_name,
                "kind": activity.kind,
                "state": activity.state,
            }
        )
        consent = getattr(activity, "consent", None)
        if consent is not None:
            answer = "agreed to" if consent.given else "did not agree to"
            withdrawn = (
                f" Withdrawn on {_when(consent.withdrawn_at)}." if consent.withdrawn_at else ""
            )
            items.append(
                {
                    "type": "consent",
                    "at": consent.recorded_at,
                    "id": consent.pk,
                    "activity_id": activity.pk,
                    "title": "Consent given" if consent.given else "Consent refused",
                    "summary": f"The claimant {answer} the "
                    f"{activity.get_kind_display().lower()}.{withdrawn}",
                    "by": consent.recorded_by.display_name,
                    "given": consent.given,
                    "withdrawn_at": consent.withdrawn_at,
                }
            )
    shown = set(EVENT_TITLES) - {"propose", "consent", "conclude"}
    events = ActivityEvent.objects.filter(
        activity__claimant=claimant, action__in=shown
    ).select_related("by", "activity")
    for event in events:
        kind = event.activity.get_kind_display()
        items.append(
            {
                "type": "activity_event",
                "at": event.at,
                "id": event.pk,
                "activity_id": event.activity_id,
                "title": f"{kind}: {event_title(event.action).lower()}",
                "summary": event.message,
                "by": event.by.display_name,
                "action": event.action,
            }
        )

    # A group conference's outcomes are about the cases on its agenda, not the session.
    outcomes = Outcome.objects.filter(
        Q(activity__claimant=claimant) | Q(agenda_case__claimant=claimant)
    ).select_related("activity", "recorded_by")
    for outcome in outcomes:
        follow_on = None
        if outcome.follow_on_activity_id:
            follow_on = {"type": "activity", "id": outcome.follow_on_activity_id}
        elif outcome.follow_on_action_id:
            follow_on = {"type": "action", "id": outcome.follow_on_action_id}
        elif outcome.follow_on_agenda_case_id:
            follow_on = {"type": "agenda_item", "id": outcome.follow_on_agenda_case_id}
        items.append(
            {
                "type": "outcome",
                "at": outcome.recorded_at,
                "id": outcome.pk,
                "activity_id": outcome.activity_id,
                "title": f"Outcome: {OutcomeKind(outcome.kind).label.lower()}",
                "summary": f"From the {outcome.activity.get_kind_display().lower()}.",
                "by": outcome.recorded_by.display_name,
                "kind": outcome.kind,
                "follow_on": follow_on,
            }
        )

    actions = Action.objects.filter(claimant=claimant).select_related("assignee")
    for action in actions:
        done = (
            f"Done on {_when(action.completed_at)}."
            if action.state == ActionState.DONE
            else f"Due by {action.due:%-d %B %Y}."
        )
        items.append(
            {
                "type": "action",
                "at": action.created_at,
                "id": action.pk,
                "activity_id": action.origin_activity_id,
                "title": action.get_kind_display(),
                "summary": f"For {action.assignee.display_name}. {done}",
                "by": "",
                "kind": action.kind,
                "state": action.state,
                "due": action.due,
            }
        )
    order = {
        "support_request": 0,
        "support_request_event": 1,
        "activity": 2,
        "consent": 3,
        "activity_event": 4,
        "outcome": 5,
        "action": 6,
    }
    items.sort(key=lambda item: (item["at"], order[item["type"]], item["id"]))
    return items
