"""Financial years and months as the headcount names them."""

from __future__ import annotations

import datetime as dt

import pytest

from reports.years import FinancialYear, add_months, last_complete_month, parse_month


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


def test_months():
    assert parse_month("2015-03") == dt.date(2015, 3, 1)
    assert add_months(dt.date(2014, 12, 1), 3) == dt.date(2015, 3, 1)
    assert last_complete_month(dt.date(2026, 1, 15)) == dt.date(2025, 12, 1)
    with pytest.raises(ValueError):
        parse_month("2015-13")
