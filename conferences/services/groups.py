"""Writes for group work coach conferences [29-34]: booking, agendas, attendees, planning.

A group conference is an Activity of kind ``group_conference``: the DEA leads, up to 10
coaches from the cohort attend, team leaders or the work psychologist may be invited, and
3-4 cases from the cohort's pending list make its agenda. The limit of 10 is enforced here
only, under a lock on the session's row. Booking puts the session in every participant's
diary; where a diary already has something then, the clash is reported and not overwritten.
Recording a held session is in ``group_outcomes``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from claimants.models import Claimant
from conferences.models import (
    Activity,
    ActivityKind,
    ActivityState,
    AgendaCase,
    DiaryEntry,
    MeetingChannel,
    Participant,
    ParticipantRole,
)
from conferences.permissions import can_plan_groups
from conferences.planner import divide, nth_weekday, sessions_needed
from conferences.services.activities import activity_event_record
from conferences.services.group_checks import members_during, validate_invitees, validate_session
from dea_support.models import Cohort, CohortMembership
from jomcase.errors import ensure
from jomcase.models import Staff
from jomcase.months import last_of_month, month_starts

RECOMMENDED_CASES = (3, 4)


@dataclass
class Booked:
    activity: Activity
    warnings: list[str] = field(default_factory=list)
    clashes: list[str] = field(default_factory=list)


def _diary(activity: Activity, staff_ids: list[int], actor: Staff) -> list[str]:
    """Put the session in each diary that is free then; describe the ones that are not."""
    list(Staff.objects.select_for_update().filter(pk__in=staff_ids).order_by("pk"))
    busy = (
        DiaryEntry.objects.filter(
            staff_id__in=staff_ids, start__lt=activity.end, end__gt=activity.start
        )
        .exclude(activity=activity)
        .select_related("staff")
    )
    clashing = {}
    for entry in busy:
        clashing.setdefault(entry.staff_id, entry)
    DiaryEntry.objects.filter(activity=activity).exclude(staff_id__in=staff_ids).delete()
    have = set(DiaryEntry.objects.filter(activity=activity).values_list("staff_id", flat=True))
    DiaryEntry.objects.bulk_create(
        [
            DiaryEntry(
                staff_id=pk,
                start=activity.start,
                end=activity.end,
                activity=activity,
                created_by=actor,
            )
            for pk in staff_ids
            if pk not in clashing and pk not in have
        ]
    )
    return [
        f"{e.staff.display_name} already has "
        f"{e.title or 'a booking'} at {timezone.localtime(e.start):%-d %B %Y %H:%M}"
        for e in clashing.values()
    ]


@transaction.atomic
def group_conference_create(
    *,
    actor: Staff,
    dea_id: int,
    start: dt.datetime,
    end: dt.datetime,
    channel: str = MeetingChannel.FACE_TO_FACE,
    place: str = "",
    attendee_ids: list[int] = (),
    invitee_ids: list[int] = (),
    case_ids: list[int] = (),
    claimant_ids: list[int] = (),
) -> Booked:
    """Book a group conference for a DEA's cohort: at least 60 minutes, at most 10 coaches.

    Cases come from the cohort's pending list (``case_ids``), or are named by claimant
    (``claimant_ids``, as the API does): a claimant's pending case is used, or the case is
    nominated now when the booker may see the claimant and their coach is in the cohort.
    """
    dea = Staff.objects.filter(pk=dea_id).first()
    cohort = Cohort.objects.select_for_update().filter(dea_id=dea_id).first()
    if dea is None or cohort is None:
        raise ValidationError({"dea": ["Choose a DEA with a cohort"]})
    ensure(can_plan_groups(actor, dea_id), "Only the DEA or their team leader may book this.")
    attendee_ids = list(dict.fromkeys(attendee_ids))
    validate_session(dea, start, end, channel, attendee_ids, cohort)
    validate_invitees(cohort, invitee_ids, attendee_ids)
    pending, to_nominate = _cases_for_claimants(cohort, claimant_ids, actor, start)
    activity = Activity.objects.create(
        kind=ActivityKind.GROUP_CONFERENCE,
        state=ActivityState.PROPOSED,
        dea=dea,
        created_by=actor,
    )
    people = [(dea_id, ParticipantRole.DEA)]
    people += [(pk, ParticipantRole.WORK_COACH) for pk in attendee_ids]
    people += [
        (pk, ParticipantRole.INVITEE)
        for pk in dict.fromkeys(invitee_ids)
        if pk not in attendee_ids and pk != dea_id
    ]
    Participant.objects.bulk_create(
        [Participant(activity=activity, staff_id=pk, role=role) for pk, role in people]
    )
    activity.book(start=start, end=end, channel=channel, place=place.strip(), by=actor)
    activity.save()
    activity_event_record(activity, actor=actor, action="book", from_state=ActivityState.PROPOSED)
    booked = Booked(activity=activity)
    booked.clashes = _diary(activity, [pk for pk, _ in people], actor)
    nominated = [
        AgendaCase.objects.create(
            cohort=cohort,
            claimant=claimant,
            nominated_by=actor,
            note=f"Nominated by {actor.display_name} when booking the session.",
        ).pk
        for claimant in to_nominate
    ]
    booked.warnings = group_agenda_set(
        activity=activity, actor=actor, case_ids=[*case_ids, *pending, *nominated]
    )
    return booked


def _cases_for_claimants(cohort: Cohort, claimant_ids, actor: Staff, start) -> tuple[list, list]:
    """The pending cases of these claimants, and the claimants whose case is to be nominated.

    Refused (before anything is written) for a claimant the booker may not see, or whose
    work coach is not in the cohort when the session takes place.
    """
    wanted = list(dict.fromkeys(claimant_ids))
    if not wanted:
        return [], []
    pending, booked = {}, set()
    for case in AgendaCase.objects.filter(
        cohort=cohort, claimant_id__in=wanted, closed_at__isnull=True
    ).values("pk", "claimant_id", "group_conference_id", "group_conference__state"):
        if case["group_conference_id"] and case["group_conference__state"] != (
            ActivityState.CANCELLED
        ):
            booked.add(case["claimant_id"])
        else:
            pending.setdefault(case["claimant_id"], case["pk"])
    if booked - set(pending):
        raise ValidationError(
            {"cases": ["A case you chose is already on the agenda of another session"]}
        )
    others = [pk for pk in wanted if pk not in pending]
    claimants = list(Claimant.objects.visible_to(actor).filter(pk__in=others))
    day = timezone.localtime(start).date() if start else timezone.localdate()
    in_cohort = set(
        CohortMembership.objects.current_on(day)
        .filter(cohort=cohort, work_coach_id__in=[c.work_coach_id for c in claimants])
        .values_list("work_coach_id", flat=True)
    )
    fit = [c for c in claimants if c.work_coach_id in in_cohort]
    if len(fit) != len(others):
        raise ValidationError(
            {
                "cases": [
                    "Choose claimants on the cohort's pending list, or claimants you can see "
                    "whose work coach is in the cohort"
                ]
            }
        )
    return list(pending.values()), fit


def pending_cases() -> Q:
    """Cases waiting for a session: not yet discussed, and on no agenda of a session that is
    still to take place (a cancelled session, or one nobody came to, gives its cases back)."""
    return Q(closed_at__isnull=True) & (
        Q(group_conference__isnull=True)
        | Q(group_conference__state__in=(ActivityState.CANCELLED, ActivityState.NOT_ATTENDED))
    )


def group_agenda_set(*, activity: Activity, actor: Staff, case_ids) -> list[str]:
    """Put cases from the cohort's pending list on a session's agenda; warn outside 3-4 [32]."""
    cohort = Cohort.objects.get(dea_id=activity.dea_id)
    wanted = list(dict.fromkeys(case_ids))
    cases = AgendaCase.objects.filter(
        pending_cases() | Q(group_conference=activity, closed_at__isnull=True),
        pk__in=wanted,
        cohort=cohort,
    )
    if cases.count() != len(wanted):
        raise ValidationError({"cases": ["Choose cases from the cohort's pending list"]})
    AgendaCase.objects.filter(group_conference=activity).exclude(pk__in=wanted).update(
        group_conference=None
    )
    cases.update(group_conference=activity)
    low, high = RECOMMENDED_CASES
    count = len(wanted)
    if count < low or count > high:
        return [f"The guidance expects {low} to {high} cases a session; this one has {count}."]
    return []


@transaction.atomic
def group_attendees_set(*, activity_id: int, actor: Staff, attendee_ids: list[int]) -> Booked:
    """Change who attends a booked session; never more than 10 coaches, under the row lock."""
    activity = (
        Activity.objects.select_for_update()
        .filter(pk=activity_id, kind=ActivityKind.GROUP_CONFERENCE)
        .first()
    )
    if activity is None:
        raise ValidationError({"activity": ["No such group conference"]})
    ensure(can_plan_groups(actor, activity.dea_id), "Only the DEA or their team leader may.")
    if activity.state != ActivityState.BOOKED:
        raise ValidationError({"attendees": ["Only a booked session's attendees can change"]})
    cohort = Cohort.objects.get(dea_id=activity.dea_id)
    attendee_ids = list(dict.fromkeys(attendee_ids))
    validate_session(
        activity.dea, activity.start, activity.end, activity.channel, attendee_ids, cohort
    )
    activity.participants.filter(role=ParticipantRole.WORK_COACH).exclude(
        staff_id__in=attendee_ids
    ).delete()
    have = set(activity.participants.values_list("staff_id", flat=True))
    Participant.objects.bulk_create(
        [
            Participant(activity=activity, staff_id=pk, role=ParticipantRole.WORK_COACH)
            for pk in attendee_ids
            if pk not in have
        ]
    )
    staff_ids = list(activity.participants.values_list("staff_id", flat=True))
    clashes = _diary(activity, staff_ids, actor)
    activity_event_record(
        activity,
        actor=actor,
        action="attendees",
        from_state=activity.state,
        message=f"{len(attendee_ids)} work coaches invited",
    )
    return Booked(activity=activity, clashes=clashes)


@dataclass
class BlockResult:
    created: list[Activity] = field(default_factory=list)
    already_planned: int = 0
    clashes: list[str] = field(default_factory=list)


def sessions_in_month(dea_id: int, first: dt.date):
    """The DEA's group conferences starting in a month, not cancelled, with participants."""
    start = timezone.make_aware(dt.datetime.combine(first, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(last_of_month(first), dt.time.max))
    return (
        Activity.objects.filter(
            kind=ActivityKind.GROUP_CONFERENCE, dea_id=dea_id, start__gte=start, start__lte=end
        )
        .exclude(state=ActivityState.CANCELLED)
        .order_by("start", "pk")
    )


def group_conferences_block_diaries(
    *,
    actor: Staff,
    dea_id: int,
    first_month: dt.date | None = None,
    months: int = 4,
    weekday: int = 1,
    start_time: dt.time = dt.time(10, 0),
    minutes: int = 60,
    channel: str = MeetingChannel.FACE_TO_FACE,
    place: str = "",
) -> BlockResult:
    """Book the sessions a cohort needs for the coming months into every diary [29][31].

    Each month gets ceil(n / 10) sessions (n = coaches in the cohort that month), each coach
    invited to one. Months already covered are left alone, so running it again adds only
    what is missing (e.g. for a coach who joined since); clashes are reported.
    """
    ensure(can_plan_groups(actor, dea_id), "Only the DEA or their team leader may book these.")
    cohort = Cohort.objects.filter(dea_id=dea_id).first()
    if cohort is None:
        raise ValidationError({"dea": ["This DEA has no cohort"]})
    if minutes < settings.GROUP_CONFERENCE_MIN_MINUTES:
        raise ValidationError(
            {"minutes": [f"At least {settings.GROUP_CONFERENCE_MIN_MINUTES} minutes"]}
        )
    first_month = first_month or timezone.localdate()
    result = BlockResult()
    per = settings.GROUP_CONFERENCE_MAX_COACHES
    for month in month_starts(first_month, months):
        with transaction.atomic():
            Cohort.objects.select_for_update().filter(pk=cohort.pk).first()
            since = max(month, timezone.localdate())
            members = [m.pk for m in members_during(cohort, since, last_of_month(month))]
            existing = list(sessions_in_month(dea_id, month).prefetch_related("participants"))
            invited = {
                p.staff_id
                for s in existing
                for p in s.participants.all()
                if p.role == ParticipantRole.WORK_COACH
            }
            missing = [pk for pk in members if pk not in invited]
            result.already_planned += len(existing)
            if not missing:
                continue
            # Fill free places in sessions still to come before adding new ones.
            for session in existing:
                if session.state != ActivityState.BOOKED or session.start < timezone.now():
                    continue
                coaches = [
                    p.staff_id
                    for p in session.participants.all()
                    if p.role == ParticipantRole.WORK_COACH
                ]
                room = per - len(coaches)
                if room > 0 and missing:
                    booked = group_attendees_set(
                        activity_id=session.pk, actor=actor, attendee_ids=coaches + missing[:room]
                    )
                    result.clashes += booked.clashes
                    missing = missing[room:]
            groups = divide(missing, sessions_needed(len(missing), per))
            for offset, group in enumerate(groups, start=len(existing)):
                day = nth_weekday(month, weekday, offset + 1)
                if day < timezone.localdate():
                    day = timezone.localdate() + dt.timedelta(days=1)
                start = timezone.make_aware(dt.datetime.combine(day, start_time))
                booked = group_conference_create(
                    actor=actor,
                    dea_id=dea_id,
                    start=start,
                    end=start + dt.timedelta(minutes=minutes),
                    channel=channel,
                    place=place,
                    attendee_ids=group,
                )
                result.created.append(booked.activity)
                result.clashes += booked.clashes
    return result
