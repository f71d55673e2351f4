"""A team leader sees their DEA's QAS 2 due, opens the checklist for a case conference the DEA
held, leaves a question unanswered (the error summary says which, nothing is saved), then
signs it off; the due item goes. The DEA reads the check and acknowledges it. Every page is
checked with axe."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qas.models import QasCheck
from tests.e2e.conftest import assert_accessible, sign_in, sign_out
from tests.factories import StaffFactory, managed_by
from tests.qas.builders import published_checklists, work_at

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def earlier_today() -> dt.datetime:
    """Two hours ago, or a minute after midnight when the day (and month) has just begun."""
    now = timezone.now()
    midnight = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time.min))
    return max(now - dt.timedelta(hours=2), midnight + dt.timedelta(minutes=1))


def answer(page, criterion, choice: str) -> None:
    group = page.get_by_role("group", name=f"{criterion.position}. {criterion.text}")
    group.get_by_label(choice, exact=True).check()


def test_a_team_leader_checks_a_case_conference_and_the_dea_acknowledges(page):
    template = published_checklists()["qas2"]
    criteria = list(template.criteria.all())
    dea = StaffFactory(username="dea1", first_name="Dee", last_name="Adviser", dea=True)
    leader = StaffFactory(username="teamleader1", first_name="Tess", last_name="Leader", wctl=True)
    # Managed from the first of this month, so this month's QAS 2 is the only one due.
    managed_by(dea, leader, start=timezone.localdate().replace(day=1))
    coach = StaffFactory(work_coach=True, first_name="Carl", last_name="Coach")
    conference = work_at(dea, earlier_today(), coach=coach)
    month = f"{timezone.localdate():%B %Y}"

    sign_in(page, "teamleader1")
    page.get_by_role("link", name="QAS checks", exact=True).click()
    expect(page.get_by_role("heading", name="QAS checks", level=1)).to_be_visible()
    due = page.locator("table").filter(has_text="Work to observe").last
    expect(due).to_contain_text("QAS 2")
    expect(due).to_contain_text(f"for {month}")
    expect(due).to_contain_text("Case conference, held")
    assert_accessible(page)
    page.get_by_role("link", name="Dee Adviser", exact=True).first.click()
    expect(page.get_by_role("heading", name="Dee Adviser", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Held work with no check yet")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name=f"Start QAS 2 for Dee Adviser, {month}").click()
    expect(page.get_by_role("heading", name="QAS 2 of Dee Adviser's work")).to_be_visible()
    expect(page.get_by_text("Carl Coach")).to_be_visible()
    assert_accessible(page)
    for criterion in criteria:
        if criterion.position != 3:
            answer(page, criterion, "Met")
    page.get_by_role("group", name="Overall, did the DEA achieve the standard?").get_by_label(
        "Achieved", exact=True
    ).check()
    page.get_by_label("What went well (optional)").fill("The coach left with a clear plan.")
    page.get_by_role("button", name="Sign off the check").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select met, not met or not applicable for question 3")
    expect(page).to_have_title(re.compile("^Error: "))
    assert_accessible(page)
    assert not QasCheck.objects.exists()

    answer(page, criteria[2], "Not applicable")
    page.get_by_label("Comment on question 1 (optional)").fill("Read the request beforehand.")
    page.get_by_role("button", name="Sign off the check").click()
    expect(page.get_by_text("QAS 2 signed off")).to_be_visible()
    expect(page.get_by_role("heading", name="QAS 2 of Dee Adviser's work")).to_be_visible()
    assert_accessible(page)
    check = QasCheck.objects.get()
    assert (check.activity_id, check.wctl_id, check.dea_id) == (conference.pk, leader.pk, dea.pk)

    page.get_by_role("link", name="QAS checks", exact=True).click()
    expect(page.get_by_text("No checks are due.")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Start QAS 2"))).to_have_count(0)
    assert_accessible(page)
    sign_out(page)

    sign_in(page, "dea1")
    expect(
        page.get_by_text("1 check of your work is waiting for you to acknowledge")
    ).to_be_visible()
    page.get_by_role("link", name="Checks of your work", exact=True).click()
    expect(page.get_by_role("heading", name="Checks of your work", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^QAS 2 observed")).click()
    expect(page.get_by_text("Read the request beforehand.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Acknowledge the check").click()
    expect(page.get_by_text("You have acknowledged this check")).to_be_visible()
    expect(page.get_by_role("button", name="Acknowledge the check")).to_have_count(0)
    assert_accessible(page)
    check.refresh_from_db()
    assert check.acknowledged_at is not None
