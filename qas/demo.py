"""Demo data for QAS: a case conference that ``dea1`` held with ``coach2`` this month, so that
``teamleader1`` (who line-manages ``dea1``) sees QAS 2 due with something to observe.

It goes through the same services as the pages (propose, book after the event, hold), runs
after ``seed_demo`` (which makes the people), and does nothing when ``dea1`` already has a
case conference held this month, so running it again is quick and adds nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from claimants.models import Claimant
from conferences.models import Activity, ActivityKind
from conferences.services import activity_book, activity_hold, activity_propose
from jomcase.errors import DiaryClash
from jomcase.models import Staff
from jomcase.months import first_of_month
from qas.models import OBSERVED_STATES
from qas.selectors.months import local_midnight

DEA, COACH = "dea1", "coach2"


class DemoPeopleMissing(Exception):
    """The demo people are not there yet: ``seed_demo`` makes them."""


def _slots(now: dt.datetime) -> list[tuple[dt.datetime, dt.datetime]]:
    """Hour-long times before now, latest first, within this month where the month allows."""
    today = timezone.localdate(now)
    slots = []
    for days_back in range(0, 5):
        day = today - dt.timedelta(days=days_back)
        for hour in (14, 11, 9):
            start = local_midnight(day) + dt.timedelta(hours=hour)
            if start + dt.timedelta(hours=1) <= now:
                slots.append((start, start + dt.timedelta(hours=1)))
    this_month = [s for s in slots if timezone.localdate(s[0]) >= first_of_month(today)]
    return this_month or slots


@transaction.atomic
def seed_qas_demo() -> bool:
    """Hold a demo case conference for dea1 this month unless one is held; True if it did."""
    people = Staff.objects.in_bulk([DEA, COACH], field_name="username")
    if len(people) < 2:
        raise DemoPeopleMissing("Run `manage.py seed_demo` first: dea1 and coach2 are missing.")
    dea, coach = people[DEA], people[COACH]
    now = timezone.now()
    held_this_month = Activity.objects.filter(
        dea=dea,
        kind=ActivityKind.CASE_CONFERENCE,
        state__in=OBSERVED_STATES,
        start__gte=local_midnight(first_of_month(timezone.localdate(now))),
    )
    if held_this_month.exists():
        return False
    claimant = Claimant.objects.filter(work_coach=coach, non_benefit=False).order_by("nino").first()
    activity = activity_propose(
        kind=ActivityKind.CASE_CONFERENCE,
        actor=dea,
        dea=dea,
        work_coach=coach,
        claimant=claimant,
        message="Demo: how to agree adjustments for interviews with a claimant who has ME/CFS.",
    )
    for start, end in _slots(now):
        try:
            with transaction.atomic():
                activity_book(
                    activity_id=activity.pk,
                    actor=dea,
                    start=start,
                    end=end,
                    channel="video",
                    place="",
                )
        except DiaryClash:
            continue
        activity_hold(activity_id=activity.pk, actor=dea)
        return True
    raise DiaryClash("Every demo slot in the last few days is taken in a diary.")
