"""An analyst reads the DEA activity and compliance report nationally, breaks it down by
district (a small count is withheld there, with a second one that would give it away,
never in the national total), and downloads the
same figures: no output names a DEA. Every page is checked with axe."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jomcase.months import month_name
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import StaffFactory
from tests.reports.activity_builders import a_dea, a_place, a_request, at

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def requests_row(page, area: str, month: str):
    """The cells of the requests-by-kind table's row for ``area`` and ``month``."""
    rows = page.locator("#table-requests_by_kind tbody tr")
    return (
        rows.filter(has=page.get_by_role("rowheader", name=area, exact=True))
        .filter(has_text=month)
        .locator("td")
    )


def test_an_analyst_reads_the_activity_report_by_district_and_downloads_it(page):
    today = timezone.localdate()
    filed = at(today, 0, 1)
    north = a_dea(a_place("Ashbourne"), last_name="Quillfeather")
    south = a_dea(a_place("Avondale"), last_name="Underhay")
    # Named to come first among the districts (other people's make more), so on page 1.
    east = a_dea(a_place("Amberdale"))
    for _ in range(7):
        a_request(north, filed)
    for _ in range(12):
        a_request(east, filed)
    for _ in range(2):
        a_request(south, filed)
    StaffFactory(username="analyst1", analyst=True)
    month = month_name(today.replace(day=1))

    sign_in(page, "analyst1")
    page.get_by_role("link", name="Reports", exact=True).click()
    page.get_by_role("link", name="DEA activity and compliance", exact=True).click()
    expect(page.get_by_role("heading", name="DEA activity and compliance", level=1)).to_be_visible()
    # Nationally: one row a month, nothing withheld.
    expect(requests_row(page, "All areas", month).nth(1)).to_have_text("21")
    assert_accessible(page)

    page.get_by_label("Break down by").select_option(label="District")
    page.get_by_role("button", name="Show figures").click()
    # Avondale's 2 is withheld, and Ashbourne's 7 with it, or 21 - 12 - 7 would give it away.
    expect(requests_row(page, "Amberdale", month).nth(1)).to_have_text("12")
    expect(requests_row(page, "Ashbourne", month).nth(1)).to_have_text("[c] withheld")
    expect(requests_row(page, "Avondale", month).nth(1)).to_have_text("[c] withheld")
    expect(requests_row(page, "All areas", month).nth(1)).to_have_text("21")
    assert_accessible(page)

    href = page.get_by_role("link", name="CSV file of the DEA activity figures").get_attribute(
        "href"
    )
    assert href.startswith("/reports/activity/download/?") and "level=district" in href
    csv = page.request.get(href).text()
    assert "Amberdale" in csv and "[c]" in csv
    shown = page.content() + csv
    for word in ("Quillfeather", "Underhay", north.username, south.username):
        assert word not in shown
