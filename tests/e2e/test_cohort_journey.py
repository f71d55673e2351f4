"""A DEA with a full cohort tries to add a work coach, is told why not, and removes one."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dea_support.models import CohortMembership
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import StaffFactory, a_cohort_of, today

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_dea_is_refused_a_31st_coach_then_removes_one(page):
    dea = StaffFactory(username="dea1", first_name="Dee", last_name="Adviser", dea=True)
    cohort = a_cohort_of(30, dea=dea)
    newcomer = StaffFactory(first_name="Nina", last_name="Newcomer", work_coach=True)

    sign_in(page, "dea1")
    page.get_by_role("link", name="Cohort", exact=True).click()
    expect(page.get_by_role("heading", name="Your cohort")).to_be_visible()
    expect(page.locator("#cohort-size")).to_have_text("30 of 30 work coaches today")
    expect(page.get_by_text("This cohort is full")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Add a work coach").click()
    assert_accessible(page)
    # The newcomer works in another district, so the search is widened to find them.
    page.get_by_label("Find a work coach").fill("Nina New")
    page.get_by_label("Include work coaches in other districts").check()
    page.get_by_role("button", name="Search").click()
    assert_accessible(page)
    page.get_by_label(f"Nina Newcomer ({newcomer.username}").check()
    page.get_by_role("button", name="Add to cohort").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("already has 30 work coaches")
    expect(page.locator("#id_work_coach-error")).to_contain_text("at most 30")
    assert_accessible(page)
    assert not CohortMembership.objects.filter(work_coach=newcomer).exists()

    page.get_by_role("link", name="Back to the cohort").click()
    leaving = cohort.memberships.select_related("work_coach").order_by(
        "work_coach__last_name", "work_coach__first_name", "start"
    )[0]
    name = leaving.work_coach.display_name
    page.get_by_role("link", name=f"Remove {name}").click()
    expect(page.get_by_role("heading", name=f"Remove {name} from the cohort")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Remove from cohort").click()

    expect(page.get_by_text(f"{name}'s last day in the cohort is")).to_be_visible()
    assert_accessible(page)
    leaving.refresh_from_db()
    assert leaving.end == today()
