"""Writes for cohorts. The rule of at most 30 coaches per DEA lives here and only here."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dea_support.models import Cohort, CohortMembership
from dea_support.permissions import can_manage_cohort
from jomcase.errors import CohortFull, ensure
from jomcase.models import Role, RoleAssignment, Staff


def _busiest_day(memberships: list[CohortMembership], start: dt.date, end: dt.date | None):
    """The day in [start, end] with the most memberships, and that number.

    The count only rises on a membership's first day, so those days (and ``start``) are the
    only ones to look at.
    """
    days = {start} | {
        m.start for m in memberships if m.start > start and (not end or m.start <= end)
    }
    best_day, best = start, 0
    for day in sorted(days):
        count = sum(1 for m in memberships if m.is_current(day))
        if count > best:
            best_day, best = day, count
    return best_day, best


@transaction.atomic
def cohort_member_add(
    *,
    actor: Staff,
    cohort_id: int,
    work_coach_id: int,
    start: dt.date,
    end: dt.date | None = None,
) -> CohortMembership:
    """Add a work coach to a DEA's cohort for a period; never more than 30 at any date [6][29].

    The cohort row is locked, so concurrent additions queue and the count stays true.
    """
    cohort = Cohort.objects.select_for_update().select_related("dea").get(pk=cohort_id)
    ensure(can_manage_cohort(actor, cohort), "Only the cohort's DEA or an administrator may.")
    if end is not None and end < start:
        raise ValidationError({"end": ["The end date must be the same as or after the start date"]})
    # Lock the coach too, so they cannot be put in two cohorts at once by two DEAs.
    coach = Staff.objects.select_for_update().filter(pk=work_coach_id).first()
    if coach is None:
        raise ValidationError({"work_coach": ["Choose a work coach"]})
    is_coach = (
        RoleAssignment.objects.filter(staff=coach, role=Role.WORK_COACH).current_on(start).exists()
    )
    if not is_coach:
        raise ValidationError(
            {"work_coach": [f"{coach.display_name} is not a work coach on {start:%-d %B %Y}"]}
        )
    clash = (
        CohortMembership.objects.overlapping(start, end)
        .filter(work_coach=coach)
        .select_related("cohort__dea")
        .first()
    )
    if clash:
        where = "this cohort" if clash.cohort_id == cohort.pk else f"{clash.cohort.dea}'s cohort"
        raise ValidationError(
            {
                "work_coach": [
                    f"{coach.display_name} is already in {where} from {clash.start:%-d %B %Y}"
                    + (f" to {clash.end:%-d %B %Y}" if clash.end else "")
                ]
            }
        )
    limit = settings.COHORT_MAX_COACHES
    overlapping = list(CohortMembership.objects.overlapping(start, end).filter(cohort=cohort))
    day, count = _busiest_day(overlapping, start, end)
    if count >= limit:
        raise CohortFull(
            f"{cohort.dea}'s cohort already has {count} work coaches on {day:%-d %B %Y}. "
            f"A DEA supports at most {limit}: end another membership first or choose "
            "another DEA.",
            field="work_coach",
        )
    return CohortMembership.objects.create(
        cohort=cohort, work_coach=coach, start=start, end=end, added_by=actor
    )


@transaction.atomic
def cohort_member_end(*, actor: Staff, membership_id: int, end: dt.date | None = None):
    """Take a coach out of a cohort from a date (their last day), keeping the history."""
    membership = CohortMembership.objects.select_related("cohort").get(pk=membership_id)
    cohort = Cohort.objects.select_for_update().get(pk=membership.cohort_id)
    ensure(can_manage_cohort(actor, cohort), "Only the cohort's DEA or an administrator may.")
    membership.refresh_from_db()
    end = end or timezone.localdate()
    if end < membership.start:
        raise ValidationError({"end": ["The last day must be the same as or after the start date"]})
    if membership.end is not None and membership.end <= end:
        raise ValidationError({"end": ["This membership has already ended"]})
    membership.end = end
    membership.save(update_fields=["end"])
    return membership


@transaction.atomic
def cohort_create(*, actor: Staff, dea: Staff) -> Cohort:
    """Give a DEA their (empty) cohort."""
    ensure(actor.is_superuser or actor.has_role(Role.ADMINISTRATOR), "Only administrators may.")
    if not dea.has_role(Role.DEA):
        raise ValidationError({"dea": [f"{dea.display_name} is not a DEA"]})
    cohort, _ = Cohort.objects.get_or_create(dea=dea)
    return cohort
