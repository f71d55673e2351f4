"""Reads of cohorts for pages and the API."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from dea_support.models import Cohort, CohortMembership
from dea_support.permissions import cohort_visibility
from jomcase.models import Staff


def cohorts_visible_to(user: Staff) -> QuerySet[Cohort]:
    members = CohortMembership.objects.select_related("work_coach").order_by(
        "work_coach__last_name", "work_coach__first_name", "start"
    )
    return (
        Cohort.objects.filter(cohort_visibility(user))
        .select_related("dea")
        .prefetch_related(Prefetch("memberships", queryset=members))
    )


def cohort_of_dea(dea: Staff) -> Cohort | None:
    return Cohort.objects.filter(dea=dea).first()


def members_on(cohort: Cohort, day: dt.date | None = None) -> list[CohortMembership]:
    day = day or timezone.localdate()
    return [m for m in cohort.memberships.all() if m.is_current(day)]


def dea_for_work_coach(work_coach: Staff, day: dt.date | None = None) -> Staff | None:
    """The DEA whose cohort holds the coach on ``day``; support requests route by this."""
    membership = (
        CohortMembership.objects.current_on(day)
        .filter(work_coach=work_coach)
        .select_related("cohort__dea")
        .first()
    )
    return membership.cohort.dea if membership else None
