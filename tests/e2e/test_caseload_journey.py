"""A work coach finds a claimant on their caseload by National Insurance number."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import ClaimantFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_coach_searches_by_nino_and_opens_the_claimant(page):
    coach = StaffFactory(username="coach1", first_name="Carol", last_name="Coach", work_coach=True)
    ClaimantFactory(work_coach=coach, nino="AB123456C", forenames="Fay", surname="Found")
    for surname in ("Adams", "Brown", "Clark"):
        ClaimantFactory(work_coach=coach, surname=surname)

    sign_in(page, "coach1")
    assert_accessible(page)

    page.get_by_role("link", name="Caseload", exact=True).click()
    expect(page.get_by_role("heading", name="Your caseload")).to_be_visible()
    expect(page.get_by_role("row")).to_have_count(5)  # the heading row and 4 claimants
    assert_accessible(page)

    page.get_by_label("National Insurance number or surname").fill("ab 12 34 56 c")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("row")).to_have_count(2)
    expect(page.locator("#caseload-count")).to_contain_text("1 claimant matching your search")
    assert_accessible(page)

    page.get_by_role("link", name="Found, Fay").click()
    expect(page.get_by_role("heading", name="Fay Found", level=1)).to_be_visible()
    expect(page.get_by_text("AB 12 34 56 C", exact=True)).to_be_visible()
    assert_accessible(page)
