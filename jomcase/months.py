"""Calendar months: the date arithmetic every app counts months with.

A month is named by its first day (``dt.date(2026, 8, 1)`` is August 2026), as the QAS lists,
the group conference planner and the reports all keep them. Pure functions on
``datetime.date``: nothing here reads the database, the settings or the clock, so a caller
passes "today" in. What a month means to one app stays in that app, built on these: financial
years in ``reports.years``, when a QAS check is due in ``qas.selectors.due``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
#: Three letters, as the caseload table shows the day a claimant was added: ``4 Aug 2026``.
MONTH_ABBREVIATIONS = tuple(name[:3] for name in MONTH_NAMES)

_MONTH_TEXT = re.compile(r"^\s*(\d{4})-(\d{1,2})(?:-01)?\s*$")


def first_of_month(day: dt.date) -> dt.date:
    """The first day of the month holding ``day``."""
    return day.replace(day=1)


def last_of_month(day: dt.date) -> dt.date:
    """The last day of the month holding ``day``: 28 or 29 February, 30 April, 31 May."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: dt.date, n: int) -> dt.date:
    """The same day ``n`` months later (earlier when ``n`` is negative).

    A day the later month does not have becomes its last day: 31 January plus one month is
    28 February (29 in a leap year). The first of a month always gives the first of a month.
    """
    index = day.year * 12 + day.month - 1 + n
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_starts(first: dt.date, count: int) -> list[dt.date]:
    """The first days of ``count`` consecutive months, from the month holding ``first``."""
    start = first_of_month(first)
    return [add_months(start, n) for n in range(count)]


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first days of every month from ``first``'s to ``last``'s, both included.

    Empty when ``last`` is in a month before ``first``'s.
    """
    count = (last.year - first.year) * 12 + last.month - first.month + 1
    return month_starts(first, max(count, 0))


def month_name(month: dt.date) -> str:
    """The month and its year, as pages and files name it: ``April 2014``."""
    return f"{MONTH_NAMES[month.month - 1]} {month.year}"


def month_code(month: dt.date) -> str:
    """The month as addresses, choices and files write it: ``2014-04``."""
    return f"{month:%Y-%m}"


def parse_month(text: str) -> dt.date:
    """The first day of the month that ``text`` names; ValueError if it names none.

    Takes ``2015-03`` (what :func:`month_code` writes), ``2015-3`` and ``2015-03-01``, with
    spaces around them.
    """
    match = _MONTH_TEXT.match(str(text))
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"Enter a month like 2015-03, not {text!r}")
    return dt.date(int(match.group(1)), int(match.group(2)), 1)
