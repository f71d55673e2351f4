"""Working days: Monday to Friday, less the bank holidays of the jobcentre's nation.

Response dates and "days waiting" count working days. England and Wales share bank holidays;
Scotland has its own (2 January, St Andrew's Day, an August bank holiday in early August).
The holiday calendars come from the ``holidays`` package.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays

from jomcase.models import Nation

_SUBDIVISION = {Nation.ENGLAND_AND_WALES: "ENG", Nation.SCOTLAND: "SCT"}


@lru_cache(maxsize=64)
def _holidays_in(nation: str, year: int) -> frozenset[dt.date]:
    calendar = holidays.country_holidays("GB", subdiv=_SUBDIVISION[Nation(nation)], years=year)
    return frozenset(calendar)


def is_working_day(day: dt.date, nation: str = Nation.ENGLAND_AND_WALES) -> bool:
    return day.weekday() < 5 and day not in _holidays_in(nation, day.year)


def add_working_days(start: dt.date, days: int, nation: str = Nation.ENGLAND_AND_WALES) -> dt.date:
    """The date ``days`` working days after ``start`` (before it when ``days`` is negative)."""
    step = 1 if days >= 0 else -1
    day, left = start, abs(days)
    while left:
        day += dt.timedelta(days=step)
        if is_working_day(day, nation):
            left -= 1
    return day


def working_days_between(
    start: dt.date, end: dt.date, nation: str = Nation.ENGLAND_AND_WALES
) -> int:
    """Working days after ``start`` up to and including ``end``; negative when end is earlier."""
    if end < start:
        return -working_days_between(end, start, nation)
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day, nation):
            count += 1
    return count
