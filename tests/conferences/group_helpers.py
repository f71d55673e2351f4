"""Builders for group conference tests: a cohort with its team leader, cases waiting for a
session, and sessions booked or held as the services would leave them."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from django.utils import timezone

from conferences.models import AgendaCase, PartnerCoverage
from conferences.services import activity_hold, group_conference_create
from dea_support.models import Cohort
from jomcase.models import Role, Staff
from tests.factories import (
    LONG_AGO,
    ClaimantFactory,
    StaffFactory,
    SupportRequestFactory,
    a_cohort_of,
    managed_by,
)


@dataclass
class Scene:
    cohort: Cohort
    dea: Staff
    leader: Staff
    coaches: list[Staff]


def a_led_cohort_of(n: int, *, start: dt.date = LONG_AGO) -> Scene:
    """A DEA's cohort of ``n`` coaches, the DEA line-managed by a team leader."""
    cohort = a_cohort_of(n, start=start)
    leader = StaffFactory(wctl=True)
    managed_by(cohort.dea, leader)
    coaches = [
        m.work_coach
        for m in cohort.memberships.select_related("work_coach").order_by("work_coach_id")
    ]
    return Scene(cohort=cohort, dea=cohort.dea, leader=leader, coaches=coaches)


_numbers = itertools.count(1)


def pending_cases(scene: Scene, n: int, *, coach: Staff | None = None) -> list[AgendaCase]:
    """``n`` accepted requests from a coach, each a case waiting for a group conference.

    Each claimant's surname is unique, so a page test can tell whether it is shown.
    """
    coach = coach or scene.coaches[0]
    cases = []
    for _ in range(n):
        claimant = ClaimantFactory(work_coach=coach, surname=f"Case{next(_numbers):05d}")
        sr = SupportRequestFactory(
            requester=coach,
            dea=scene.dea,
            claimant=claimant,
            accepted=True,
            channel="group_conference_case",
        )
        cases.append(
            AgendaCase.objects.create(
                cohort=scene.cohort,
                support_request=sr,
                claimant=claimant,
                nominated_by=scene.dea,
                note="Talk through adjustments for interviews.",
            )
        )
    return cases


def a_slot(days: int, hour: int = 10, minutes: int = 60):
    day = timezone.localdate() + dt.timedelta(days=days)
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
    return start, start + dt.timedelta(minutes=minutes)


def a_session(scene: Scene, *, days: int = 7, coaches=None, cases=(), hour: int = 10, **kw):
    """A booked session (in the past for a negative ``days``)."""
    start, end = a_slot(days, hour)
    booked = group_conference_create(
        actor=scene.dea,
        dea_id=scene.dea.pk,
        start=start,
        end=end,
        attendee_ids=[c.pk for c in (scene.coaches[:10] if coaches is None else coaches)],
        case_ids=[c.pk for c in cases],
        **kw,
    )
    return booked.activity


def a_held_session(scene: Scene, **kwargs):
    session = a_session(scene, days=kwargs.pop("days", -1), **kwargs)
    activity_hold(activity_id=session.pk, actor=scene.dea)
    session.refresh_from_db()
    return session


def partners_for(coach: Staff) -> dict[str, Staff]:
    """A work psychologist, employer adviser and TPP manager covering the coach's jobcentre."""
    people = {}
    for role in (Role.WORK_PSYCHOLOGIST, Role.EMPLOYER_ADVISER, Role.TPP_MANAGER):
        person = StaffFactory(roles=[role])
        PartnerCoverage.objects.create(
            staff=person, jobcentre=coach.jobcentre, role=role, start=LONG_AGO
        )
        people[role] = person
    return people
