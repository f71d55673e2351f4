"""Builders for the activity report's tests: places, DEAs, requests and activities at set times.

Rows are written directly with the times a test needs (the services stamp ``now``); the
states are those the services would have left.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from conferences.models import Activity, CsiApproval
from jomcase.models import Nation
from reports.activity import Scope, activity_figures
from tests.factories import (
    ClaimantFactory,
    DistrictFactory,
    JobcentreFactory,
    StaffFactory,
    SupportRequestFactory,
)


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    """A UK local time on ``day``."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def a_place(district_name: str | None = None, *, nation: str = Nation.ENGLAND_AND_WALES):
    district = DistrictFactory(name=district_name) if district_name else DistrictFactory()
    return JobcentreFactory(district=district, nation=nation)


def a_dea(jobcentre=None, **kwargs):
    return StaffFactory(dea=True, jobcentre=jobcentre or a_place(), **kwargs)


def a_request(dea, filed: dt.datetime, **fields):
    """A support request filed at ``filed`` to ``dea``; ``fields`` set its state and times."""
    fields.setdefault("required_by", (filed + dt.timedelta(days=7)).date())
    return SupportRequestFactory(dea=dea, created_at=filed, **fields)


def accepted(decided: dt.datetime, channel: str = "case_conference", **extra) -> dict:
    return {
        "state": "accepted",
        "channel": channel,
        "first_response_at": decided,
        "accepted_at": decided,
        **extra,
    }


def declined(decided: dt.datetime, reason: str = "outside_remit", **extra) -> dict:
    return {
        "state": "declined",
        "decline_reason": reason,
        "first_response_at": decided,
        "closed_at": decided,
        **extra,
    }


def an_activity_at(kind: str, state: str, dea, start: dt.datetime | None, **fields) -> Activity:
    """An activity of ``dea`` booked for ``start`` (None: never booked) in ``state``."""
    end = start + dt.timedelta(hours=1) if start else None
    return Activity.objects.create(
        kind=kind,
        state=state,
        dea=dea,
        created_by=dea,
        created_at=fields.pop("created_at", start or timezone.now()),
        start=start,
        end=end,
        channel=fields.pop("channel", "face_to_face" if start else ""),
        **fields,
    )


def csis_for(claimant, dea, starts, state: str = "held") -> list[Activity]:
    return [
        an_activity_at("claimant_support_intervention", state, dea, start, claimant=claimant)
        for start in starts
    ]


def an_approval(claimant, when: dt.datetime, by=None) -> CsiApproval:
    return CsiApproval.objects.create(
        claimant=claimant,
        approved_by=by or StaffFactory(wctl=True),
        reason="Exceptional circumstances",
        approved_at=when,
    )


def a_claimant(**kwargs):
    return ClaimantFactory(**kwargs)


def national(first: dt.date, last: dt.date | None = None, *measures: str, **kwargs):
    """The national figures for months ``first`` to ``last`` (the named measures only)."""
    scope = Scope(first=first, last=last or first, **kwargs)
    return activity_figures(scope, list(measures) or None)


def total(figures, key: str, month: dt.date) -> dict:
    """The values of the total row of table ``key`` for ``month``."""
    return next(r.values for r in figures.section(key).rows if r.is_total and r.month == month)


def area(figures, key: str, label: str, month: dt.date) -> dict:
    return next(
        r.values
        for r in figures.section(key).rows
        if not r.is_total and r.area == label and r.month == month
    )
