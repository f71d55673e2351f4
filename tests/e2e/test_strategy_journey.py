"""A joint local strategy from proposal to agreement (seed 002 [58-59]): dea1 proposes one
with its partners and the conference that found the gap, checking the answers; teamleader2,
who does not manage dea1, cannot open it, let alone agree it; teamleader1, dea1's team leader
and so its owner, is told, agrees it after a confirmation and gives the work psychologist an
action; dea1 sees it agreed, with its history. axe checks every page as it is visited."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conferences.services import activity_book
from partnerships.models import Strategy, StrategyState
from tests.conferences.page_helpers import held, slot
from tests.e2e.conftest import assert_accessible, sign_in, sign_out
from tests.factories import StaffFactory, an_activity, managed_by, working_day

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_a_dea_proposes_a_joint_local_strategy_and_its_owner_agrees(page):
    dea = StaffFactory(username="dea1", first_name="Siân", last_name="ap Gruffudd", dea=True)
    leader = StaffFactory(
        username="teamleader1", first_name="Agnieszka", last_name="Wiśniewska", wctl=True
    )
    managed_by(dea, leader)
    StaffFactory(username="teamleader2", first_name="Bartosz", last_name="Zieliński", wctl=True)
    StaffFactory(
        username="psychologist1",
        first_name="Thị Mai",
        last_name="Nguyễn",
        work_psychologist=True,
        jobcentre=dea.jobcentre,
    )
    conference = an_activity("case_conference", dea=dea)
    start, end = slot(-3, 10)
    activity_book(activity_id=conference.pk, actor=dea, start=start, end=end, channel="video")
    held(conference)

    sign_in(page, "dea1")
    expect(page.get_by_text("Nothing about strategies is waiting for you")).to_be_visible()
    page.get_by_role("link", name="See strategies").click()
    expect(page.get_by_text("There are no strategies for you yet")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Propose a strategy").click()
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("link", name="Enter a title for the strategy")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Joint local strategy").check()
    page.get_by_label("Title").fill("Cynllun ar y cyd i hawlwyr â phoen cronig")
    page.get_by_label("Why is the strategy needed").fill(
        "Claimants with chronic pain are passed between the GP, a charity and us."
    )
    page.get_by_label("Condition management").check()
    page.get_by_label("Employment", exact=True).check()
    page.get_by_label("Thị Mai Nguyễn, work psychologist").check()
    page.get_by_label("External partners").fill("Meddygfa Glan-y-Môr\nFundacja Zdrowie")
    page.get_by_label(re.compile("^Case conference on")).check()
    page.get_by_role("button", name="Continue").click()

    expect(
        page.get_by_role("heading", name="Check your answers before proposing the strategy")
    ).to_be_visible()
    expect(page.get_by_text("Agnieszka Wiśniewska, your team leader, will own")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Propose strategy").click()
    expect(page.get_by_text("Strategy proposed to Agnieszka Wiśniewska")).to_be_visible()
    expect(page.get_by_text("goes ahead once Agnieszka Wiśniewska, its owner")).to_be_visible()
    expect(page.get_by_text("Meddygfa Glan-y-Môr")).to_be_visible()
    assert_accessible(page)
    strategy = Strategy.objects.get()
    strategy_url = page.url
    sign_out(page)

    # Another team leader is told there is no such strategy.
    sign_in(page, "teamleader2")
    refused = page.goto(f"/strategies/{strategy.pk}/agree/")
    assert refused.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    # Chromium logs the page's own 404 status as a console error; nothing else went wrong.
    assert page.script_errors == [
        "Failed to load resource: the server responded with a status of 404 (Not Found)"
    ]
    page.script_errors.clear()
    sign_out(page)

    sign_in(page, "teamleader1")
    expect(page.get_by_text("1 strategy is waiting for you to agree")).to_be_visible()
    page.get_by_role("link", name="See strategies").click()
    page.get_by_role("link", name="Cynllun ar y cyd i hawlwyr â phoen cronig").click()
    assert_accessible(page)
    page.get_by_role("button", name="Agree").click()
    expect(page.get_by_role("heading", name=re.compile("^Agree “Cynllun"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Agree the strategy").click()
    expect(
        page.get_by_text("You agreed the strategy. Siân ap Gruffudd has been told")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Add an action").click()
    page.get_by_role("button", name="Add action").click()
    expect(page.get_by_role("link", name="Select who carries out the action")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Work psychologist").check()
    page.get_by_label("What needs doing?").fill("A themed case conference on chronic pain")
    page.get_by_label("Who owns the action?").select_option(label="Thị Mai Nguyễn")
    due = working_day(14)
    page.get_by_label("Day").fill(str(due.day))
    page.get_by_label("Month").fill(str(due.month))
    page.get_by_label("Year").fill(str(due.year))
    page.get_by_role("button", name="Add action").click()
    expect(page.get_by_text("Action added")).to_be_visible()
    expect(
        page.get_by_role("cell", name="A themed case conference on chronic pain")
    ).to_be_visible()
    sign_out(page)

    sign_in(page, "dea1")
    page.goto(strategy_url)
    expect(page.get_by_text("Agnieszka Wiśniewska agreed it")).to_be_visible()
    expect(page.get_by_text("Siân ap Gruffudd proposed it")).to_be_visible()
    assert_accessible(page)
    strategy.refresh_from_db()
    assert strategy.state == StrategyState.AGREED and strategy.actions.count() == 1
