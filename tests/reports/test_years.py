"""Financial years as the headcount names them, and the month whose returns are due."""

from __future__ import annotations

import datetime as dt

import pytest

from reports.years import FinancialYear, last_complete_month


@pytest.mark.parametrize(
    "text", ["2012-13", "2012.13", "2012/13", "2012/2013", " 2012 - 13 ", "2012"]
)
def test_financial_years_parse_in_the_usual_spellings(text):
    assert FinancialYear.parse(text) == FinancialYear(2012)


@pytest.mark.parametrize("text", ["2012-14", "2012/2014", "12-13", "April 2012", "", "1999-00"])
def test_other_text_is_not_a_financial_year(text):
    with pytest.raises(ValueError):
        FinancialYear.parse(text)


def test_the_year_of_a_day_runs_from_april_to_march():
    assert FinancialYear.of(dt.date(2015, 3, 31)).label == "2014.15"
    assert FinancialYear.of(dt.date(2015, 4, 1)).label == "2015.16"
    assert FinancialYear(1999).label == "1999.00"
    assert FinancialYear(2014).slug == "2014-15"
    assert FinancialYear(2014).months()[-1] == dt.date(2015, 3, 1)


def test_the_last_complete_month_is_the_one_before_this():
    assert last_complete_month(dt.date(2026, 1, 15)) == dt.date(2025, 12, 1)
    assert last_complete_month(dt.date(2024, 3, 31)) == dt.date(2024, 2, 1)
