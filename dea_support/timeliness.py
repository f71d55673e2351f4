"""When a support request's answer is due, and whether it is late: one meaning everywhere.

DESIGN.md section 4 and issue 12. The requester gives a required date; the DEA's answer
(accepting or declining) is due on that date, or the next working day of the DEA's nation
when it falls on a weekend or a bank holiday. While the DEA waits for the requester's
answers the clock stops, so the due date moves on by the working days the request spent
waiting. The result is stored on the request as ``due_on``, so lists, counts, the
scheduled rule and the reports all filter on one indexed column.

A request is *overdue* only while it is waiting for the DEA (``submitted``) after its due
date. One waiting for the requester is never overdue. One the DEA has answered is
*answered*, and *answered late* when the answer came after its due date.

Every page, the API, the scheduled rule and the reports ask this module; none works it out
for itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import models
from django.db.models import Q
from django.utils import timezone

from jomcase.models import Nation
from jomcase.working_days import add_working_days, is_working_day, working_days_between

#: "Due soon" means due within this many working days after today (and not today).
DUE_SOON_WORKING_DAYS = 2

# The states are spelt out here rather than imported, so the models can import this module.
_SUBMITTED = "submitted"
_INFO_REQUESTED = "info_requested"
_ANSWERED = ("accepted", "declined", "resolved")


class Timeliness(models.TextChoices):
    """Where a request stands against its due date, as every surface names it."""

    OVERDUE = "overdue", "Overdue"
    DUE_TODAY = "due_today", "Due today"
    DUE_SOON = "due_soon", "Due soon"
    ON_TRACK = "on_track", "Waiting for the DEA"
    WAITING_FOR_REQUESTER = "waiting_for_requester", "Waiting for the requester"
    ANSWERED = "answered", "Answered"
    ANSWERED_LATE = "answered_late", "Answered late"
    CLOSED = "closed", "Closed"


#: The GOV.UK tag colour for each, where a list shows one.
TAG_CLASSES = {
    Timeliness.OVERDUE: "govuk-tag--red",
    Timeliness.DUE_TODAY: "govuk-tag--orange",
    Timeliness.DUE_SOON: "govuk-tag--yellow",
    Timeliness.WAITING_FOR_REQUESTER: "govuk-tag--purple",
    Timeliness.ANSWERED_LATE: "govuk-tag--pink",
}


def tag(status: Timeliness) -> dict | None:
    """The GOV.UK tag a list or page shows for ``status``: ``text`` and ``classes``, or None
    for a status that needs no tag (waiting for the DEA in good time, answered on time)."""
    if status not in TAG_CLASSES:
        return None
    return {"text": Timeliness(status).label, "classes": TAG_CLASSES[status]}


def first_due_on(required_by: dt.date, nation: str = Nation.ENGLAND_AND_WALES) -> dt.date:
    """The due date of a newly filed request: its required date, or the next working day."""
    day = required_by
    while not is_working_day(day, nation):
        day += dt.timedelta(days=1)
    return day


def due_on_after_wait(
    due_on: dt.date,
    *,
    asked_on: dt.date,
    answered_on: dt.date,
    nation: str = Nation.ENGLAND_AND_WALES,
) -> dt.date:
    """The due date moved on by the working days spent waiting for the requester.

    Asked on Monday and answered on Wednesday is two working days' wait; asked and
    answered on the same day moves nothing.
    """
    waited = max(0, working_days_between(asked_on, answered_on, nation))
    return add_working_days(due_on, waited, nation) if waited else due_on


def due_soon_until(today: dt.date, nation: str = Nation.ENGLAND_AND_WALES) -> dt.date:
    """The last due date that counts as "due soon" on ``today``."""
    return add_working_days(today, DUE_SOON_WORKING_DAYS, nation)


def is_overdue(*, state: str, due_on: dt.date, today: dt.date | None = None) -> bool:
    """Waiting for the DEA after the due date (``overdue_q`` for one request)."""
    return state == _SUBMITTED and due_on < (today or timezone.localdate())


def timeliness(
    *,
    state: str,
    due_on: dt.date,
    answered_at: dt.datetime | None = None,
    today: dt.date | None = None,
    nation: str | Callable[[], str] = Nation.ENGLAND_AND_WALES,
) -> Timeliness:
    """Where one request stands on ``today``; see the module docstring.

    ``nation`` may be a function, called only when the answer depends on it (due soon).
    """
    today = today or timezone.localdate()
    if state == _INFO_REQUESTED:
        return Timeliness.WAITING_FOR_REQUESTER
    if state == _SUBMITTED:
        if is_overdue(state=state, due_on=due_on, today=today):
            return Timeliness.OVERDUE
        if due_on == today:
            return Timeliness.DUE_TODAY
        if callable(nation):
            nation = nation()
        if due_on <= due_soon_until(today, nation):
            return Timeliness.DUE_SOON
        return Timeliness.ON_TRACK
    if state in _ANSWERED:
        if answered_at is not None and timezone.localtime(answered_at).date() > due_on:
            return Timeliness.ANSWERED_LATE
        return Timeliness.ANSWERED
    return Timeliness.CLOSED


# Filters for querysets of requests. Each is the same rule as ``timeliness`` above.


def overdue_q(today: dt.date | None = None) -> Q:
    """Requests waiting for the DEA after their due date."""
    return Q(state=_SUBMITTED, due_on__lt=today or timezone.localdate())


def due_today_q(today: dt.date | None = None) -> Q:
    return Q(state=_SUBMITTED, due_on=today or timezone.localdate())


def due_soon_q(today: dt.date | None = None, nation: str = Nation.ENGLAND_AND_WALES) -> Q:
    """Requests waiting for the DEA due after today and within the next 2 working days."""
    today = today or timezone.localdate()
    return Q(state=_SUBMITTED, due_on__gt=today, due_on__lte=due_soon_until(today, nation))


def this_week_q(today: dt.date | None = None) -> Q:
    """Requests waiting for the DEA due from today up to and including Sunday."""
    today = today or timezone.localdate()
    sunday = today + dt.timedelta(days=6 - today.weekday())
    return Q(state=_SUBMITTED, due_on__gte=today, due_on__lte=sunday)


def overdue_sql(alias: str, today_param: str = "%(today)s") -> str:
    """``overdue_q`` for the reports' SQL: ``alias`` is the support request table's alias."""
    return f"({alias}.state = '{_SUBMITTED}' AND {alias}.due_on < {today_param})"


def answered_late_sql(alias: str, answered_on: str) -> str:
    """An answer given after the due date, for the reports' SQL (``answered_on`` a date)."""
    return f"({answered_on} > {alias}.due_on)"
