"""Small figures are withheld below national level, and national totals never are."""

from __future__ import annotations

import datetime as dt

import pytest

from reports.activity import SUPPRESSED, FigureRow
from reports.activity.definitions import AVERAGE, SHARE, Column, parts
from reports.activity.suppression import suppress
from tests.reports.activity_builders import a_dea, a_place, a_request, area, at, national, total

AUG, SEP = dt.date(2026, 8, 1), dt.date(2026, 9, 1)
C = SUPPRESSED
KINDS = [Column("total", "All"), *parts("total", [("a", "A"), ("b", "B"), ("c", "C")])]


def _rows(table: dict[str, list], month=AUG) -> list[FigureRow]:
    """Rows from ``{area: [values in column order]}``; the area "Total" is the total row."""
    keys = [c.key for c in KINDS]
    return [
        FigureRow(
            area=name,
            month=month,
            is_total=name == "Total",
            values=dict(zip(keys, values, strict=True)),
        )
        for name, values in table.items()
    ]


def _values(rows) -> dict[str, list]:
    return {r.area: list(r.values.values()) for r in rows}


def test_counts_from_1_to_4_are_withheld_and_0_and_5_are_shown():
    rows = _rows({"North": [9, 0, 5, 4], "South": [20, 8, 7, 5], "Total": [29, 8, 12, 9]})
    suppress(rows, KINDS, protect_totals=False)
    # 4 goes; then 5 goes too, or the 4 would be 9 - 0 - 5; and South's c, or the 4 would
    # be the total's 9 less South's 5.
    assert _values(rows) == {
        "North": [9, 0, C, C],
        "South": [20, 8, C, C],
        "Total": [29, 8, 12, 9],
    }


def test_national_totals_are_never_withheld_but_other_totals_are():
    table = {"North": [3, 1, 2, 0], "Total": [3, 1, 2, 0]}
    national_rows = _rows(table)
    suppress(national_rows, KINDS, protect_totals=False)
    assert _values(national_rows)["Total"] == [3, 1, 2, 0]
    district_rows = _rows(table)
    suppress(district_rows, KINDS, protect_totals=True)
    assert _values(district_rows) == {"North": [C, C, C, 0], "Total": [C, C, C, 0]}


def test_a_lone_withheld_part_takes_the_smallest_other_part_with_it():
    rows = _rows({"North": [16, 3, 6, 7], "South": [30, 10, 10, 10], "Total": [46, 13, 16, 17]})
    suppress(rows, KINDS, protect_totals=False)
    north, south = _values(rows)["North"], _values(rows)["South"]
    assert north == [16, C, C, 7]  # 3 and then 6, the smaller of the others
    # Down the columns North's a and b each went alone, so South's a and b go too.
    assert south == [30, C, C, 10]


def test_a_lone_withheld_area_takes_the_smallest_other_area_with_it():
    table = {"North": [2, 2, 0, 0], "East": [0, 0, 0, 0], "South": [10, 10, 0, 0]}
    table |= {"West": [40, 40, 0, 0], "Total": [52, 52, 0, 0]}
    rows = _rows(table)
    suppress(rows, KINDS, protect_totals=False)
    values = _values(rows)
    assert values["North"] == [C, C, 0, 0]
    assert values["East"] == [0, 0, 0, 0]  # 0 is never the one chosen
    assert values["South"] == [C, C, 0, 0]
    assert values["West"] == [40, 40, 0, 0]


def test_shares_and_averages_go_with_small_or_withheld_counts():
    columns = [
        Column("decided", "Answered"),
        Column("on_time", "On time"),
        Column("share", "On time (%)", kind=SHARE, base="decided", numerator="on_time"),
        Column("mean", "Mean days", kind=AVERAGE, base="decided"),
    ]
    rows = [
        FigureRow("Few", AUG, False, {"decided": 4, "on_time": 0, "share": 0.0, "mean": 2.0}),
        FigureRow("Some", AUG, False, {"decided": 9, "on_time": 2, "share": 22.2, "mean": 1.5}),
        FigureRow("Many", AUG, False, {"decided": 50, "on_time": 45, "share": 90.0, "mean": 3.0}),
        FigureRow("None", AUG, False, {"decided": 0, "on_time": 0, "share": None, "mean": None}),
        FigureRow("Total", AUG, True, {"decided": 63, "on_time": 47, "share": 74.6, "mean": 2.8}),
    ]
    suppress(rows, columns, protect_totals=False)
    assert rows[0].values == {"decided": C, "on_time": 0, "share": C, "mean": C}
    assert rows[1].values == {"decided": C, "on_time": C, "share": C, "mean": C}
    # Some's 2 on time went alone down its column, so Many's 45 went too, and its share.
    assert rows[2].values == {"decided": 50, "on_time": C, "share": C, "mean": 3.0}
    assert rows[3].values == {"decided": 0, "on_time": 0, "share": None, "mean": None}
    assert rows[4].values == {"decided": 63, "on_time": 47, "share": 74.6, "mean": 2.8}


@pytest.mark.django_db
def test_a_district_with_few_requests_is_withheld_but_the_national_total_is_not():
    few, many = a_place("Fewton"), a_place("Manyford")
    for n in range(3):
        a_request(a_dea(few), at(dt.date(2026, 8, 3 + n)))
    dea = a_dea(many)
    for n in range(12):
        a_request(dea, at(dt.date(2026, 8, 3 + n)), skill=n < 2)

    by_district = national(AUG, SEP, "requests_by_kind", level="district")
    assert area(by_district, "requests_by_kind", "Fewton", AUG)["total"] == C
    # Manyford's 12 would give Fewton's 3 away from the total of 15, so it goes as well.
    manyford = area(by_district, "requests_by_kind", "Manyford", AUG)
    assert manyford == {"total": C, "claimant_support": C, "skill_support": C,
                        "colleague_support": 0}  # fmt: skip
    assert total(by_district, "requests_by_kind", AUG) == {
        "total": 15,
        "claimant_support": 13,
        "skill_support": 2,
        "colleague_support": 0,
    }
    assert area(by_district, "requests_by_kind", "Fewton", SEP)["total"] == 0

    nationally = national(AUG, None, "requests_by_kind")
    assert total(nationally, "requests_by_kind", AUG)["skill_support"] == 2


@pytest.mark.django_db
def test_no_area_row_anywhere_shows_a_count_from_1_to_4():
    for place_name, count in (("Ayr", 2), ("Bute", 6), ("Cumnock", 9)):
        dea = a_dea(a_place(place_name))
        for n in range(count):
            a_request(dea, at(dt.date(2026, 8, 3 + n)), resolved=n % 2 == 0)
    for level in ("district", "jobcentre", "dea"):
        figures = national(AUG, SEP, level=level)
        for section in figures.sections:
            for row in section.rows:
                if row.is_total:
                    continue
                for column in section.measure.columns:
                    value = row.values[column.key]
                    if column.is_count:
                        assert value in (0, C) or value >= 5, (level, section.key, row.area)
