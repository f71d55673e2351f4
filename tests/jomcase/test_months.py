"""Calendar months: first and last days, adding months, the months between two days, and
their names, across year ends, leap years and the ends of long and short months."""

from __future__ import annotations

import datetime as dt

import pytest

from jomcase.months import (
    MONTH_ABBREVIATIONS,
    MONTH_NAMES,
    add_months,
    first_of_month,
    last_of_month,
    month_code,
    month_name,
    month_starts,
    months_between,
    parse_month,
)

D = dt.date


def every_day(first: dt.date, last: dt.date):
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("day", "first", "last"),
    [
        (D(2026, 1, 1), D(2026, 1, 1), D(2026, 1, 31)),
        (D(2026, 1, 31), D(2026, 1, 1), D(2026, 1, 31)),
        (D(2026, 2, 14), D(2026, 2, 1), D(2026, 2, 28)),
        (D(2024, 2, 14), D(2024, 2, 1), D(2024, 2, 29)),  # leap year
        (D(2000, 2, 1), D(2000, 2, 1), D(2000, 2, 29)),  # divisible by 400: leap
        (D(1900, 2, 1), D(1900, 2, 1), D(1900, 2, 28)),  # divisible by 100: not leap
        (D(2026, 4, 30), D(2026, 4, 1), D(2026, 4, 30)),
        (D(2026, 12, 31), D(2026, 12, 1), D(2026, 12, 31)),
    ],
)
def test_first_and_last_day_of_the_month(day, first, last):
    assert first_of_month(day) == first
    assert last_of_month(day) == last


def test_the_last_day_is_the_day_before_the_next_month_starts_for_every_day():
    for day in every_day(D(2023, 1, 1), D(2025, 1, 31)):
        next_month = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        assert last_of_month(day) == next_month - dt.timedelta(days=1), day
        assert first_of_month(day) <= day <= last_of_month(day)


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        (D(2026, 8, 1), 0, D(2026, 8, 1)),
        (D(2026, 8, 15), 1, D(2026, 9, 15)),
        # year ends, both ways
        (D(2026, 12, 1), 1, D(2027, 1, 1)),
        (D(2027, 1, 1), -1, D(2026, 12, 1)),
        (D(2014, 12, 1), 3, D(2015, 3, 1)),
        (D(2026, 11, 30), 14, D(2028, 1, 30)),
        (D(2026, 1, 15), -13, D(2024, 12, 15)),
        (D(2026, 8, 1), -24, D(2024, 8, 1)),
        # a day the later month lacks becomes its last day
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year
        (D(2024, 3, 31), -1, D(2024, 2, 29)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2024, 2, 29), 48, D(2028, 2, 29)),
        (D(2026, 3, 31), 1, D(2026, 4, 30)),
        (D(2026, 5, 31), 1, D(2026, 6, 30)),
        (D(2026, 1, 30), 1, D(2026, 2, 28)),
        (D(2026, 1, 31), 2, D(2026, 3, 31)),  # from the day asked for, not from 28 February
        (D(2026, 12, 31), 2, D(2027, 2, 28)),
    ],
)
def test_add_months(day, n, expected):
    assert add_months(day, n) == expected


def test_adding_months_to_a_first_day_gives_a_first_day():
    for year in (1999, 2000, 2024, 2026):
        for month in range(1, 13):
            first = D(year, month, 1)
            for n in range(-30, 31):
                index = year * 12 + month - 1 + n
                assert add_months(first, n) == D(index // 12, index % 12 + 1, 1)


@pytest.mark.parametrize(
    ("first", "count", "expected"),
    [
        (D(2026, 11, 20), 4, [D(2026, 11, 1), D(2026, 12, 1), D(2027, 1, 1), D(2027, 2, 1)]),
        (D(2026, 1, 31), 2, [D(2026, 1, 1), D(2026, 2, 1)]),
        (D(2026, 8, 1), 1, [D(2026, 8, 1)]),
        (D(2026, 8, 1), 0, []),
    ],
)
def test_month_starts(first, count, expected):
    assert month_starts(first, count) == expected


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (D(2026, 11, 1), D(2027, 2, 1), month_starts(D(2026, 11, 1), 4)),
        (D(2026, 12, 1), D(2027, 1, 1), [D(2026, 12, 1), D(2027, 1, 1)]),
        # days inside the months count as their months, both ends included
        (D(2024, 1, 31), D(2024, 3, 1), [D(2024, 1, 1), D(2024, 2, 1), D(2024, 3, 1)]),
        (D(2026, 8, 20), D(2026, 8, 3), [D(2026, 8, 1)]),
        (D(2026, 8, 1), D(2026, 8, 31), [D(2026, 8, 1)]),
        (D(2026, 8, 1), D(2026, 7, 31), []),
        (D(2027, 1, 1), D(2026, 12, 1), []),
    ],
)
def test_months_between(first, last, expected):
    assert months_between(first, last) == expected


def test_months_between_matches_counting_month_by_month():
    days = [D(2023, 11, 30), D(2024, 1, 1), D(2024, 2, 29), D(2024, 12, 31), D(2025, 3, 15)]
    for first in days:
        for last in days:
            expected, month = [], first_of_month(first)
            while month <= last:
                expected.append(month)
                month = add_months(month, 1)
            assert months_between(first, last) == expected, (first, last)


def test_names_and_codes():
    assert month_name(D(2014, 4, 1)) == "April 2014"
    assert month_name(D(2026, 12, 31)) == "December 2026"
    assert month_code(D(2026, 8, 1)) == "2026-08"
    assert month_code(D(2026, 12, 25)) == "2026-12"
    assert MONTH_NAMES[0] == "January" and len(MONTH_NAMES) == 12
    assert MONTH_ABBREVIATIONS == (
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    )  # fmt: skip
    for month in month_starts(D(2026, 1, 1), 12):
        assert month_name(month) == f"{month:%B %Y}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-08", D(2026, 8, 1)),
        ("2015-03", D(2015, 3, 1)),
        ("2015-3", D(2015, 3, 1)),
        ("2015-03-01", D(2015, 3, 1)),
        (" 2026-12 ", D(2026, 12, 1)),
    ],
)
def test_parse_month(text, expected):
    assert parse_month(text) == expected


@pytest.mark.parametrize(
    "text", ["2015-13", "2015-00", "2015-03-15", "2015/03", "March 2015", "15-03", "", None]
)
def test_text_that_names_no_month(text):
    with pytest.raises(ValueError):
        parse_month(text)


def test_a_month_code_parses_back_to_its_month():
    for month in month_starts(D(2023, 10, 1), 30):
        assert parse_month(month_code(month)) == month
