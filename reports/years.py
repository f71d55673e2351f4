"""Financial years (1 April to 31 March), as the headcount report names them.

A financial year is known by the calendar year it starts in and labelled as the FOI table
labels it: the year starting in April 2012 is ``2012.13``. People type it in several ways
(``2012-13``, ``2012/13``, ``2012.13`` or ``2012``); all of them parse. Calendar months
(naming, parsing, adding) are every app's, in ``jomcase.months``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone

from jomcase.months import add_months, first_of_month, month_name, month_starts, parse_month

#: The earliest financial year anyone can ask about; nothing in JOMCase is older.
EARLIEST_YEAR = 2000
#: The longest span of years one report covers.
MAX_YEARS = 40

_YEAR = re.compile(r"^\s*(\d{4})(?:\s*[-./]\s*(\d{2}|\d{4}))?\s*$")


@dataclass(frozen=True, order=True)
class FinancialYear:
    start_year: int

    @property
    def label(self) -> str:
        return f"{self.start_year}.{(self.start_year + 1) % 100:02d}"

    @property
    def slug(self) -> str:
        """The form used in addresses and commands: ``2012-13``."""
        return self.label.replace(".", "-")

    @property
    def first_month(self) -> dt.date:
        return dt.date(self.start_year, 4, 1)

    @property
    def last_month(self) -> dt.date:
        return dt.date(self.start_year + 1, 3, 1)

    def months(self) -> list[dt.date]:
        return month_starts(self.first_month, 12)

    def __str__(self) -> str:
        return self.label

    @classmethod
    def of(cls, day: dt.date) -> FinancialYear:
        return cls(day.year if day.month >= 4 else day.year - 1)

    @classmethod
    def current(cls) -> FinancialYear:
        return cls.of(timezone.localdate())

    @classmethod
    def parse(cls, text: str) -> FinancialYear:
        """``2012-13``, ``2012.13``, ``2012/13``, ``2012/2013`` or ``2012``; else ValueError."""
        match = _YEAR.match(str(text))
        if not match:
            raise ValueError(f"Enter a financial year like 2012-13, not {text!r}")
        start = int(match.group(1))
        if match.group(2):
            end = int(match.group(2))
            if end % 100 != (start + 1) % 100 or (end >= 100 and end != start + 1):
                raise ValueError(
                    f"{text} is not a financial year: it ends the year after it starts"
                )
        if not EARLIEST_YEAR <= start <= cls.current().start_year + 1:
            raise ValueError(
                f"Choose a financial year from {cls(EARLIEST_YEAR)} to {cls.current().next()}"
            )
        return cls(start)

    def next(self) -> FinancialYear:
        return FinancialYear(self.start_year + 1)


def years_or_default(
    first: FinancialYear | None,
    last: FinancialYear | None,
    *,
    default: tuple[FinancialYear, FinancialYear],
) -> tuple[FinancialYear, FinancialYear]:
    """The years a headcount covers: those asked for; for an end not asked for, that end of
    ``default`` (the years with returns, to this one), moved so that the last is not before
    the first."""
    default_first, default_last = default
    if first is None:
        first = default_first if last is None else min(default_first, last)
    if last is None:
        last = max(first, default_last)
    return first, last


def years_between(first: FinancialYear, last: FinancialYear) -> list[FinancialYear]:
    return [FinancialYear(y) for y in range(first.start_year, last.start_year + 1)]


def last_complete_month(today: dt.date | None = None) -> dt.date:
    """The month before this one: returns for a month are made once it has ended."""
    return add_months(first_of_month(today or timezone.localdate()), -1)


def parse_report_month(text: str) -> dt.date:
    """A month a report may cover, from January of EARLIEST_YEAR to a year ahead of this
    month (booked work lies ahead); ValueError with the range otherwise."""
    month = parse_month(text)
    earliest = dt.date(EARLIEST_YEAR, 1, 1)
    latest = add_months(first_of_month(timezone.localdate()), 12)
    if not earliest <= month <= latest:
        raise ValueError(f"Choose a month from {month_name(earliest)} to {month_name(latest)}")
    return month
