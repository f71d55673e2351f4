"""A work coach adds a claimant, mistypes the National Insurance number, and corrects it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from claimants.models import Claimant
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_coach_corrects_an_invalid_nino_and_sees_the_new_claimant(page):
    StaffFactory(username="coach1", work_coach=True)
    sign_in(page, "coach1")
    page.get_by_role("link", name="Caseload", exact=True).click()
    page.get_by_role("button", name="Add a claimant").click()
    expect(page).to_have_title("Add a claimant \N{EN DASH} JOMCase")
    assert_accessible(page)

    page.get_by_label("National Insurance number").fill("QQ 12 34 56 C")
    page.get_by_label("First names").fill("Alex")
    page.get_by_label("Surname").fill("Morgan")
    page.get_by_label("Universal Credit (UC)").check()
    page.get_by_role("button", name="Add claimant").click()

    expect(page).to_have_title("Error: Add a claimant \N{EN DASH} JOMCase")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary
    expect(summary.get_by_role("link")).to_have_text(
        "A National Insurance number cannot start with Q"
    )
    assert_accessible(page)
    assert Claimant.objects.count() == 0

    # The summary's link takes the user to the field to correct.
    summary.get_by_role("link").click()
    expect(page.get_by_label("National Insurance number")).to_be_focused()
    page.get_by_label("National Insurance number").fill("ab 12 34 56 c")
    page.get_by_role("button", name="Add claimant").click()

    expect(page.get_by_role("heading", name="Alex Morgan", level=1)).to_be_visible()
    expect(page.get_by_text("Alex Morgan was added to the caseload")).to_be_visible()
    expect(page.get_by_text("AB 12 34 56 C", exact=True)).to_be_visible()
    assert_accessible(page)
    assert Claimant.objects.get().nino == "AB123456C"
