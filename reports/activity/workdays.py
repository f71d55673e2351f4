"""Working days counted inside PostgreSQL, the same way ``jomcase.working_days`` counts them.

``working_days_between(start, end)`` counts the working days after ``start`` up to and
including ``end``: Monday to Friday, less the bank holidays of the jobcentre's nation. Doing
that row by row in Python would mean reading every request; instead each row's count is

    weekdays(end) - weekdays(start) - (weekday holidays h with start < h <= end)

where ``weekdays(d)`` is the number of Mondays to Fridays from Monday 1 January 1900 to ``d``
(closed form below), and the holidays travel as one sorted date array per nation, taken from
the same ``holidays`` calendars the rest of the service uses, in which ``width_bucket`` counts
those on or before a date.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from jomcase.models import Nation
from jomcase.working_days import is_working_day

# 1 January 1900 was a Monday, so whole weeks since then hold five weekdays each.
_EPOCH = "DATE '1900-01-01'"
_SENTINEL = dt.date(1900, 1, 1)


def _weekdays_to(day: str) -> str:
    n = f"({day} - {_EPOCH} + 1)"
    return f"(5 * ({n} / 7) + LEAST({n} % 7, 5))"


def _holidays_to(day: str, nation: str) -> str:
    """SQL for the weekday bank holidays of ``nation`` on or before ``day``.

    ``width_bucket`` finds the place of ``day`` in the sorted array by binary search, so a
    row costs the same however many years of holidays the array holds.
    """
    dates = (
        f"CASE WHEN {nation} = '{Nation.SCOTLAND.value}' "
        "THEN %(holidays_scotland)s::date[] ELSE %(holidays_england_and_wales)s::date[] END"
    )
    return f"width_bucket({day}, {dates})"


def working_days_sql(start: str, end: str, nation: str) -> str:
    """SQL for the working days after the date ``start`` up to and including the date ``end``
    (0 when ``end`` is not after ``start``); ``nation`` is the jobcentre's nation column."""
    holidays = f"({_holidays_to(end, nation)} - {_holidays_to(start, nation)})"
    days = f"({_weekdays_to(end)} - {_weekdays_to(start)} - {holidays})"
    # Escape the modulo sign: the statement is run with named parameters.
    return f"GREATEST(0, {days})".replace("% 7", "%% 7")


@lru_cache(maxsize=256)
def _weekday_holidays(nation: str, year: int) -> tuple[dt.date, ...]:
    day, out = dt.date(year, 1, 1), []
    while day.year == year:
        if day.weekday() < 5 and not is_working_day(day, nation):
            out.append(day)
        day += dt.timedelta(days=1)
    return tuple(out)


def holiday_params(first_year: int, last_year: int) -> dict[str, list[dt.date]]:
    """The bank holidays on weekdays from ``first_year`` to ``last_year``, per nation, in
    order, after a first date long before any request (``width_bucket`` needs a non-empty
    array, and the first date is never between two dates a report compares)."""
    return {
        f"holidays_{nation}": [
            _SENTINEL,
            *(
                day
                for year in range(first_year, last_year + 1)
                for day in _weekday_holidays(nation, year)
            ),
        ]
        for nation in Nation.values
    }
