"""An analyst reads the FTE headcount, narrows it to one adviser type, and loads a month of
returns: first a file with a mistake (nothing loads, the row is named), then the corrected one.
"""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import JobcentreFactory, StaffFactory
from tests.reports.factories import load_month, months_of, returns_csv

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

DEA = "Disability Employment Adviser"
COACH = "Work Coach"


def test_analyst_reads_the_headcount_and_loads_a_month(page, tmp_path):
    jobcentre = JobcentreFactory(name="Stirling Wallace Street")
    analyst = StaffFactory(username="analyst1", analyst=True)
    for month in months_of(2014, 11):
        load_month(month, {DEA: ["1"] * 3 + ["0.5"], COACH: ["1"] * 7}, jobcentre=jobcentre)

    sign_in(page, "analyst1")
    page.get_by_role("link", name="Reports", exact=True).click()
    expect(page.get_by_role("heading", name="Reports", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="FTE headcount", exact=True).click()
    expect(page.get_by_role("heading", name="FTE headcount", level=1)).to_be_visible()
    table = page.get_by_role("table")
    expect(table.get_by_role("row", name=f"{DEA} 4")).to_have_count(1)  # 3.5 rounds up
    expect(page.locator("#headcount-notes")).to_contain_text(
        "2014.15 covers April 2014 to February 2015 (11 months)."
    )
    assert_accessible(page)

    page.get_by_text("Choose adviser types").click()
    page.get_by_label(COACH, exact=True).check()
    page.get_by_role("button", name="Show figures").click()
    expect(table.get_by_role("row")).to_have_count(2)  # the heading row and Work Coach
    expect(table.get_by_role("row", name=f"{COACH} 7")).to_have_count(1)
    assert_accessible(page)

    page.get_by_role("link", name="Back to reports").click()
    page.get_by_role("link", name="FTE returns", exact=True).click()
    page.get_by_role("button", name="Load a month of returns").click()
    expect(page.get_by_role("heading", name="Load a month of FTE returns")).to_be_visible()
    assert_accessible(page)

    rows = [(f"S{n}", DEA, jobcentre.name, "1") for n in range(4)]
    bad = tmp_path / "bad.csv"
    bad.write_bytes(returns_csv([*rows[:2], ("S9", DEA, jobcentre.name, "1.2"), *rows[2:]]))
    page.get_by_label("Which month are the returns for?").fill("2015-03")
    page.get_by_label("Returns file (CSV)").set_input_files(str(bad))
    page.get_by_role("button", name="Load returns").click()
    expect(page.get_by_text("Nothing was loaded: the file has 1 problem")).to_be_visible()
    problem = page.locator("#problems").get_by_role("row").nth(1)
    expect(problem).to_contain_text("4")
    expect(problem).to_contain_text("fte")
    assert_accessible(page)

    good = tmp_path / "good.csv"
    good.write_bytes(returns_csv(rows))
    page.get_by_label("Which month are the returns for?").fill("2015-03")
    page.get_by_label("Returns file (CSV)").set_input_files(str(good))
    page.get_by_role("button", name="Load returns").click()
    expect(page.get_by_text("Returns for March 2015 loaded: 4 returns, 4.000 FTE.")).to_be_visible()
    assert_accessible(page)
    assert analyst.fte_imports.get(month=dt.date(2015, 3, 1)).row_count == 4
