"""Working days skip weekends and the bank holidays of the jobcentre's nation."""

import datetime as dt

import pytest

from jomcase.models import Nation
from jomcase.working_days import add_working_days, is_working_day, working_days_between

EW, SCOT = Nation.ENGLAND_AND_WALES, Nation.SCOTLAND


@pytest.mark.parametrize(
    ("day", "nation", "expected"),
    [
        (dt.date(2026, 11, 23), EW, True),  # a Monday
        (dt.date(2026, 11, 28), EW, False),  # a Saturday
        (dt.date(2026, 12, 25), EW, False),  # Christmas Day
        (dt.date(2026, 11, 30), SCOT, False),  # St Andrew's Day, Scotland only
        (dt.date(2026, 11, 30), EW, True),
        (dt.date(2027, 1, 4), SCOT, False),  # 2 January falls on a Saturday: moved to Monday
        (dt.date(2026, 8, 3), SCOT, False),  # Scotland's summer bank holiday
        (dt.date(2026, 8, 31), EW, False),  # England and Wales' summer bank holiday
        (dt.date(2026, 8, 31), SCOT, True),
    ],
)
def test_working_day_by_nation(day, nation, expected):
    assert is_working_day(day, nation) is expected


def test_two_working_days_from_friday_before_christmas():
    # Thu 24 Dec 2026 -> Fri 25 and Mon 28 are holidays (Boxing Day substitute), Tue 29 next.
    assert add_working_days(dt.date(2026, 12, 24), 1, EW) == dt.date(2026, 12, 29)
    assert add_working_days(dt.date(2026, 12, 24), 2, EW) == dt.date(2026, 12, 30)


def test_counting_backwards_and_between():
    monday = dt.date(2026, 11, 23)
    assert add_working_days(monday, -1, EW) == dt.date(2026, 11, 20)
    assert working_days_between(monday, dt.date(2026, 11, 27), EW) == 4
    assert working_days_between(dt.date(2026, 11, 27), monday, EW) == -4
    assert working_days_between(monday, dt.date(2026, 12, 1), SCOT) == 5  # St Andrew's Day
    assert working_days_between(monday, dt.date(2026, 12, 1), EW) == 6
