"""Reads for the group work coach conference pages and API (DESIGN.md section 5, group row).

Scoped to the viewer like every selector: a cohort's sessions, pending cases and compliance
are for its DEA, the DEA's line-managing WCTL and administrators; one session is for those
who may see the activity. Each list is a fixed number of queries whatever its length.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from claimants.models import Claimant
from conferences.models import (
    Activity,
    ActivityKind,
    AgendaCase,
    Outcome,
    Participant,
    ParticipantRole,
    PartnerCoverage,
)
from conferences.permissions import activity_visibility
from conferences.services.groups import pending_cases
from conferences.services.rules import MonthCompliance, compliance_for
from dea_support.models import Cohort, CohortMembership
from dea_support.permissions import cohort_visibility
from jomcase.models import LineManagement, Role, RoleAssignment, Staff, TeamMembership
from jomcase.months import add_months, first_of_month, months_between

#: At most this many pending cases are offered on a page, oldest first.
PENDING_SHOWN = 100
#: Months the compliance page shows after the month just ended (this month and three more).
COMPLIANCE_AHEAD = 4
#: The furthest back ``?from=`` reaches in one page.
COMPLIANCE_MAX_MONTHS = 24


def _order(qs):
    return qs.order_by("last_name", "first_name", "pk")


# Cohorts


def group_cohort_for(*, user: Staff, cohort_id: int) -> Cohort:
    """A cohort the user may see, with its DEA; DoesNotExist otherwise."""
    return Cohort.objects.filter(cohort_visibility(user)).select_related("dea").get(pk=cohort_id)


def group_cohorts_for(user: Staff) -> QuerySet[Cohort]:
    """The cohorts whose group conferences the user may see, by DEA name."""
    return (
        Cohort.objects.filter(cohort_visibility(user))
        .select_related("dea__jobcentre")
        .order_by("dea__last_name", "dea__first_name", "pk")
    )


# Sessions


def _sessions(dea_id: int) -> QuerySet[Activity]:
    coaches = Q(participants__role=ParticipantRole.WORK_COACH)
    return Activity.objects.filter(kind=ActivityKind.GROUP_CONFERENCE, dea_id=dea_id).annotate(
        coach_count=Count("participants", filter=coaches, distinct=True),
        case_count=Count("agenda", distinct=True),
    )


def group_sessions_of(cohort: Cohort, *, earlier: bool = False) -> QuerySet[Activity]:
    """The cohort's sessions from the first of last month on, soonest first; or, with
    ``earlier``, those before it, latest first. Each has ``coach_count`` and ``case_count``."""
    since = add_months(first_of_month(timezone.localdate()), -1)
    boundary = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
    qs = _sessions(cohort.dea_id)
    if earlier:
        return qs.filter(start__lt=boundary).order_by("-start", "-pk")
    return qs.filter(start__gte=boundary).order_by("start", "pk")


def group_sessions_among(cohort: Cohort, ids) -> QuerySet[Activity]:
    """Some of the cohort's sessions, soonest first (e.g. those a planning run made)."""
    return _sessions(cohort.dea_id).filter(pk__in=list(ids)).order_by("start", "pk")


def pending_cases_of(cohort: Cohort) -> QuerySet[AgendaCase]:
    """Cases waiting for a session (on no agenda of one still to come), oldest first."""
    return (
        AgendaCase.objects.filter(pending_cases(), cohort=cohort)
        .select_related("claimant__work_coach", "support_request__requester", "nominated_by")
        .order_by("nominated_at", "pk")
    )


def claimants_shown(user: Staff, dea_id: int, cases) -> set[int]:
    """Whose names the user may see among these cases' claimants.

    The cohort's DEA discusses every case, so sees them all; anyone else sees the claimants
    whose records are theirs to see (DESIGN.md section 10), in one query.
    """
    ids = {c.claimant_id for c in cases if c.claimant_id}
    if not ids:
        return set()
    if user.pk == dea_id:
        return ids
    return set(Claimant.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def group_session_for(*, user: Staff, session_id: int) -> Activity:
    """One group conference the user may see, with everything its page shows."""
    agenda = AgendaCase.objects.select_related(
        "claimant__work_coach", "support_request__requester", "nominated_by"
    ).order_by("nominated_at", "pk")
    outcomes = Outcome.objects.select_related(
        "follow_on_activity", "follow_on_action__assignee"
    ).order_by("pk")
    participants = Participant.objects.select_related("staff").order_by(
        "role", "staff__last_name", "staff__first_name", "pk"
    )
    return (
        Activity.objects.filter(activity_visibility(user), kind=ActivityKind.GROUP_CONFERENCE)
        .select_related("dea", "booked_by")
        .prefetch_related(
            Prefetch("participants", queryset=participants),
            Prefetch("agenda", queryset=agenda),
            Prefetch("outcomes", queryset=outcomes),
        )
        .get(pk=session_id)
    )


def group_sessions_visible_to(user: Staff) -> QuerySet[Activity]:
    """Every group conference the user may see, latest first, for the API."""
    coaches = Participant.objects.filter(role=ParticipantRole.WORK_COACH).order_by("staff_id")
    others = Participant.objects.filter(
        role__in=(ParticipantRole.INVITEE, ParticipantRole.OBSERVER)
    )
    return (
        Activity.objects.filter(activity_visibility(user), kind=ActivityKind.GROUP_CONFERENCE)
        .prefetch_related(
            Prefetch("participants", queryset=coaches, to_attr="coach_rows"),
            Prefetch("participants", queryset=others.order_by("staff_id"), to_attr="invitee_rows"),
            Prefetch("agenda", queryset=AgendaCase.objects.order_by("pk")),
        )
        .order_by("-start", "-pk")
    )


# Choices for booking


def coaches_to_invite(cohort: Cohort, days: int = 150) -> list[Staff]:
    """Coaches in the cohort today or joining within ``days``, by name."""
    today = timezone.localdate()
    ids = (
        CohortMembership.objects.overlapping(today, today + dt.timedelta(days=days))
        .filter(cohort=cohort)
        .values("work_coach_id")
    )
    return list(_order(Staff.objects.filter(pk__in=ids)))


def people_to_invite(cohort: Cohort) -> list[Staff]:
    """Who else may be asked [30]: the DEA's team leader, the coaches' team leaders, and the
    work psychologist for the DEA's jobcentre."""
    today = timezone.localdate()
    members = CohortMembership.objects.current_on(today).filter(cohort=cohort)
    leaders = TeamMembership.objects.current_on(today).filter(
        staff_id__in=members.values("work_coach_id")
    )
    managers = LineManagement.objects.current_on(today).filter(staff_id=cohort.dea_id)
    psychologists = Q(pk__in=[])
    if cohort.dea.jobcentre_id:
        covering = PartnerCoverage.objects.current_on(today).filter(
            jobcentre_id=cohort.dea.jobcentre_id, role=Role.WORK_PSYCHOLOGIST
        )
        holders = RoleAssignment.objects.current_on(today).filter(role=Role.WORK_PSYCHOLOGIST)
        psychologists = Q(pk__in=covering.values("staff_id")) | Q(
            pk__in=holders.values("staff_id"), jobcentre_id=cohort.dea.jobcentre_id
        )
    rule = (
        Q(pk__in=leaders.values("team__leader_id"))
        | Q(pk__in=managers.values("manager_id"))
        | psychologists
    )
    return list(_order(Staff.objects.filter(rule, is_active=True).exclude(pk=cohort.dea_id)))


# Compliance


@dataclass
class ComplianceRow:
    month: dt.date
    figures: MonthCompliance
    not_covered: list[Staff] = field(default_factory=list)
    ended: bool = False
    current: bool = False


def compliance_months(first: dt.date | None = None) -> list[dt.date]:
    """The month just ended and the next four, or from ``first`` to the same end."""
    this_month = first_of_month(timezone.localdate())
    last_month = add_months(this_month, -1)
    start = min(first or last_month, last_month)
    months = months_between(start, add_months(this_month, COMPLIANCE_AHEAD - 1))
    return months[-(COMPLIANCE_MAX_MONTHS + COMPLIANCE_AHEAD) :]


def cohort_compliance(cohort: Cohort, months: list[dt.date]) -> list[ComplianceRow]:
    """Month by month: required, booked and held sessions, minutes, coaches not covered.

    The counting is the scheduled rule's own (``compliance_for``); names come in one query.
    """
    table = compliance_for([cohort], months).get(cohort.pk, [])
    ids = {pk for row in table for pk in row.not_covered}
    people = {s.pk: s for s in _order(Staff.objects.filter(pk__in=ids))} if ids else {}
    this_month = first_of_month(timezone.localdate())
    return [
        ComplianceRow(
            month=row.month,
            figures=row,
            not_covered=sorted(
                (people[pk] for pk in row.not_covered),
                key=lambda s: (s.last_name, s.first_name, s.pk),
            ),
            ended=row.month < this_month,
            current=row.month == this_month,
        )
        for row in table
    ]
