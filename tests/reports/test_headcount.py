"""The headcount's arithmetic and notes on small, hand-made returns (DESIGN.md section 8)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest

from reports.selectors import headcount, round_half_up
from reports.services import fte_returns_import
from reports.years import FinancialYear
from tests.factories import DistrictFactory, JobcentreFactory, StaffFactory
from tests.reports.factories import adviser_type, load_month, months_of, returns_csv

pytestmark = pytest.mark.django_db

DEA = "Disability Employment Adviser"
COACH = "Work Coach"


def _values(result, name: str) -> dict:
    return next(r.values for r in result.rows if r.adviser_type == name)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2.5", 3),
        ("3.5", 4),  # banker's rounding would give 4 here and 2 above
        ("0.5", 1),
        ("7792.5", 7793),
        ("2.4999", 2),
        ("2.5001", 3),
        ("0.4", 0),
    ],
)
def test_round_half_up(value, expected):
    assert round_half_up(Decimal(value)) == expected


def test_a_half_rounds_up_in_the_table():
    # Two months of one year: 2.0 and 3.0 FTE, mean 2.5 -> 3 (round() would say 2).
    april, may = months_of(2020, 2)
    load_month(april, {DEA: ["1", "1"]})
    load_month(may, {DEA: ["1", "1", "1"]})
    assert _values(headcount(first_year=2020, last_year=2020), DEA) == {"2020.21": 3}
    # 4.5 stays 5 (round() would say 4): add a month of 8.5 -> (2 + 3 + 8.5) / 3 = 4.5
    load_month(months_of(2020, 3)[2], {DEA: ["1"] * 8 + ["0.5"]})
    assert _values(headcount(first_year=2020, last_year=2020), DEA) == {"2020.21": 5}


def test_each_cell_is_the_mean_of_monthly_totals_over_the_reported_months():
    months = months_of(2019)
    # Twelve months of 10.6 FTE, except one of 4.6: (11 * 10.6 + 4.6) / 12 = 10.1 -> 10
    for n, month in enumerate(months):
        load_month(month, {DEA: ["1"] * (10 if n else 4) + ["0.6"]})
    assert _values(headcount(first_year=2019, last_year=2019), DEA) == {"2019.20": 10}


def test_a_type_missing_from_a_reported_month_counts_zero_that_month():
    # A pilot with 12 FTE in six of twelve reported months averages 6 over the year.
    for n, month in enumerate(months_of(2018)):
        ftes = {COACH: ["1"] * 100}
        if n < 6:
            ftes[DEA] = ["1"] * 12
        load_month(month, ftes)
    result = headcount(first_year=2018, last_year=2018)
    assert _values(result, DEA) == {"2018.19": 6}
    assert _values(result, COACH) == {"2018.19": 100}


def test_a_year_without_returns_is_blank_never_zero():
    load_month(dt.date(2016, 4, 1), {DEA: ["0.3"]})  # tiny but real: rounds to 0
    load_month(dt.date(2018, 4, 1), {COACH: ["1"]})
    result = headcount(first_year=2016, last_year=2018)
    assert _values(result, DEA) == {"2016.17": 0, "2017.18": None, "2018.19": None}
    assert _values(result, COACH) == {"2016.17": None, "2017.18": None, "2018.19": 1}
    assert "There are no returns for 2017.18." in result.notes


def test_rows_are_types_with_returns_unless_types_are_chosen():
    load_month(dt.date(2021, 4, 1), {DEA: ["1"], COACH: ["1", "1"]})
    unused = adviser_type("Outreach Adviser")
    assert [r.adviser_type for r in headcount(first_year=2021, last_year=2021).rows] == [
        DEA,
        COACH,
    ]
    chosen = headcount(first_year=2021, last_year=2021, adviser_types=[adviser_type(COACH), unused])
    # Chosen types come in report order, and one without returns is a blank row.
    assert [(r.adviser_type, r.values["2021.22"]) for r in chosen.rows] == [
        ("Outreach Adviser", None),
        (COACH, 2),
    ]


def test_notes_describe_partial_years_gaps_and_years_before_the_first_returns():
    for month in months_of(2014, 11):  # April 2014 to February 2015
        load_month(month, {DEA: ["1"]})
    for month in months_of(2015, 5):  # April to August 2015 but not June
        if month.month != 6:
            load_month(month, {DEA: ["1"]})
    notes = headcount(first_year=2012, last_year=2015).notes
    assert notes[0] == "Figures are not available before April 2014, the first month with returns."
    assert "2012.13 and 2013.14 are before the first returns." in notes
    assert "2014.15 covers April 2014 to February 2015 (11 months)." in notes
    assert (
        "2015.16 covers 4 months from April 2015 to August 2015; there are no returns for "
        "June 2015." in notes
    )
    assert any("full-time equivalents" in n for n in notes)


def test_with_no_returns_at_all_the_notes_say_so():
    result = headcount(first_year=2020, last_year=2021)
    assert result.rows == []
    assert result.notes[0] == "No FTE returns have been loaded yet, so there are no figures."


def test_filters_by_district_and_jobcentre():
    north, south = DistrictFactory(), DistrictFactory()
    north_a = JobcentreFactory(district=north)
    north_b = JobcentreFactory(district=north)
    south_a = JobcentreFactory(district=south)
    month = dt.date(2022, 4, 1)
    # One month's returns come in one file, so build it from the three jobcentres' rows.
    adviser_type(DEA)
    rows = [(f"N{n}", DEA, north_a.name, "1") for n in range(5)]
    rows += [(f"M{n}", DEA, north_b.name, "0.5") for n in range(4)]
    rows += [(f"S{n}", DEA, south_a.name, "1") for n in range(7)]
    fte_returns_import(
        actor=StaffFactory(analyst=True), month=month, file=BytesIO(returns_csv(rows))
    )
    year = FinancialYear(2022)
    assert _values(headcount(first_year=year, last_year=year), DEA) == {"2022.23": 14}
    in_north = headcount(first_year=year, last_year=year, district=north)
    assert _values(in_north, DEA) == {"2022.23": 7}
    assert any(north.name in note for note in in_north.notes)
    assert _values(headcount(first_year=year, last_year=year, jobcentre=north_b), DEA) == {
        "2022.23": 2
    }
    assert headcount(first_year=year, last_year=year, jobcentre=JobcentreFactory()).rows == []


def test_the_headcount_is_one_query(django_assert_num_queries):
    for month in months_of(2017, 3):
        load_month(month, {DEA: ["1"], COACH: ["1"]})
    with django_assert_num_queries(1):
        headcount(first_year=2010, last_year=2020, district=DistrictFactory.build(pk=1))


def test_the_last_year_must_not_come_before_the_first():
    with pytest.raises(ValueError):
        headcount(first_year=2015, last_year=2014)
