"""A claimant support intervention beyond the cap of three (DESIGN.md section 5, [36]): the DEA
tries to book a fourth for a claimant who has had three and is told how many they have had
and whom to ask; the DEA's line-managing team leader approves one more from "CSI approvals",
after first being told a reason is needed; the DEA books the fourth, and a fifth is refused
again. axe checks every page as it is visited."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from conferences.models import Activity, ActivityKind, ActivityState, CsiApproval
from tests.conferences.page_helpers import booked, consented
from tests.e2e.conftest import assert_accessible, sign_in, sign_out
from tests.factories import (
    ClaimantFactory,
    CohortFactory,
    StaffFactory,
    add_member,
    an_activity,
    managed_by,
    today,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

CAP_MESSAGE = (
    "This claimant has already had {had} claimant support interventions, and {allowed} are "
    "allowed. For another, ask Lee Leader to approve one for exceptional circumstances."
)


def open_the_unbooked_csi(page, *, cap: str = "") -> None:
    """From the DEA's work, open the claimant support intervention that is not booked yet and
    its booking form, each warning of the cap before anything is filled in when it is reached."""
    page.get_by_role("link", name="Your work", exact=True).click()
    expect(page.get_by_role("heading", name="Your work", level=1)).to_be_visible()
    assert_accessible(page)
    row = page.get_by_role("row").filter(has_text="Not booked")
    row.get_by_role("link", name=re.compile("Claimant support intervention")).click()
    expect(
        page.get_by_role("heading", name="Claimant support intervention with Ana Okafor")
    ).to_be_visible()
    warning = page.locator(".govuk-warning-text")
    if cap:
        expect(warning).to_contain_text(cap)
    else:
        expect(warning).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("button", name="Book", exact=True).click()
    expect(
        page.get_by_role("heading", name="Book the claimant support intervention")
    ).to_be_visible()
    if cap:
        expect(warning).to_contain_text(cap)
    else:
        expect(warning).to_have_count(0)
    assert_accessible(page)


def fill_in_the_booking(page, day: dt.date) -> None:
    page.get_by_label("Day").fill(str(day.day))
    page.get_by_label("Month").fill(str(day.month))
    page.get_by_label("Year").fill(str(day.year))
    page.get_by_label("Start time").fill("14:00")
    page.get_by_label("End time").fill("15:00")
    page.get_by_label("Face to face").check()
    page.get_by_role("button", name="Book it").click()


def test_a_fourth_csi_needs_the_team_leaders_approval_and_a_fifth_another(page):
    coach = StaffFactory(username="coach1", first_name="Cara", last_name="Coach", work_coach=True)
    dea = StaffFactory(username="dea1", first_name="Dee", last_name="Adviser", dea=True)
    leader = StaffFactory(username="wctl1", first_name="Lee", last_name="Leader", wctl=True)
    managed_by(dea, leader)
    add_member(CohortFactory(dea=dea), coach)
    claimant = ClaimantFactory(work_coach=coach, forenames="Ana", surname="Okafor")
    for days in (2, 3, 4):
        booked(an_activity("claimant_support_intervention", claimant=claimant, dea=dea), days=days)
    consented(an_activity("claimant_support_intervention", claimant=claimant, dea=dea))
    fourth_day = today() + dt.timedelta(days=6)

    # The DEA is warned of the cap, tries to book a fourth all the same and is refused.
    sign_in(page, "dea1")
    open_the_unbooked_csi(page, cap=CAP_MESSAGE.format(had=3, allowed=3))
    fill_in_the_booking(page, fourth_day)
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(CAP_MESSAGE.format(had=3, allowed=3))
    assert_accessible(page)
    sign_out(page)

    # The DEA's team leader finds the claimant at the cap and approves one more, giving the
    # exceptional reason after first being told one is needed.
    sign_in(page, "wctl1")
    page.get_by_role("link", name="CSI approvals", exact=True).click()
    expect(
        page.get_by_role("heading", name="Claimant support interventions beyond three", level=1)
    ).to_be_visible()
    row = page.get_by_role("row", name=re.compile("Ana Okafor"))
    expect(row).to_contain_text("Dee Adviser")
    expect(page.get_by_text("There are no approvals yet.")).to_be_visible()
    assert_accessible(page)
    row.get_by_role("link", name="Allow one more for Ana Okafor").click()
    expect(
        page.get_by_role("heading", name="Allow another claimant support intervention")
    ).to_be_visible()
    expect(page.get_by_text("They have had 3 and are allowed 3")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Approve one more").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the exceptional circumstances"
    )
    assert_accessible(page)
    assert not CsiApproval.objects.exists()
    page.get_by_label("What are the exceptional circumstances?").fill(
        "Recent bereavement; she asked for one more session."
    )
    page.get_by_role("button", name="Approve one more").click()
    expect(
        page.get_by_text("Ana Okafor may have one more claimant support intervention")
    ).to_be_visible()
    approvals = page.get_by_role("table", name=re.compile("approvals"))
    expect(approvals.get_by_role("row", name=re.compile("Ana Okafor"))).to_contain_text(
        "Recent bereavement"
    )
    expect(page.get_by_text("None of your DEAs' claimants has reached their limit")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # The DEA books the fourth now.
    sign_in(page, "dea1")
    open_the_unbooked_csi(page)
    fill_in_the_booking(page, fourth_day)
    expect(page.get_by_text(f"Booked for {fourth_day:%-d %B %Y} at 14:00")).to_be_visible()
    assert_accessible(page)

    # A fifth is proposed and agreed to, but the approval allowed one more only.
    consented(an_activity("claimant_support_intervention", claimant=claimant, dea=dea))
    open_the_unbooked_csi(page, cap=CAP_MESSAGE.format(had=4, allowed=4))
    fill_in_the_booking(page, fourth_day + dt.timedelta(days=1))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        CAP_MESSAGE.format(had=4, allowed=4)
    )
    assert_accessible(page)

    csis = Activity.objects.filter(
        claimant=claimant, kind=ActivityKind.CLAIMANT_SUPPORT_INTERVENTION
    )
    assert sorted(csis.values_list("state", flat=True)) == sorted(
        [ActivityState.BOOKED] * 4 + [ActivityState.PROPOSED]
    )
    assert CsiApproval.objects.get().claimant == claimant
