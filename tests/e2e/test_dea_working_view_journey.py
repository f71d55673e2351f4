"""The DEA's working view of a request: the notification of a new request says from whom and
about whom, and opening it marks it read; the request's page leads to the claimant's record
and timeline (each read logged); the inbox narrows to a topic, and says when none has it.
axe checks every page as it is visited."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from dea_support.services import support_request_file
from jomcase.models import AccessLog
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import (
    ClaimantFactory,
    CohortFactory,
    StaffFactory,
    SupportRequestFactory,
    add_member,
    working_day,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_the_dea_opens_a_new_request_from_its_notification_and_works_from_it(page):
    coach = StaffFactory(
        username="coach1", first_name="Dafydd", last_name="ap Gruffudd", work_coach=True
    )
    dea = StaffFactory(username="dea1", first_name="Thảo", last_name="Nguyễn", dea=True)
    add_member(CohortFactory(dea=dea), coach)
    claimant = ClaimantFactory(work_coach=coach, forenames="Siân", surname="Wiśniewska")
    sr = support_request_file(
        actor=coach,
        kind="claimant_support",
        required_by=working_day(5),
        claimant_id=claimant.pk,
        challenges="Finds busy offices overwhelming.",
        reason="Advice on adjustments at the next appointment.",
    )
    autism = SupportRequestFactory(
        dea=dea,
        requester=coach,
        required_by=working_day(5),
        topics=["autism"],
        claimant=ClaimantFactory(work_coach=coach, forenames="Bartosz", surname="Kowalski"),
    )
    SupportRequestFactory(dea=dea, requester=coach, skill=True, declined=True, topics=["dyslexia"])
    title = f"New support request {sr.reference} from Dafydd ap Gruffudd about Siân Wiśniewska"

    # The notification says from whom and about whom; opening it marks it read.
    sign_in(page, "dea1")
    page.get_by_role("link", name="Notifications").click()
    expect(page.locator("#notifications-count")).to_have_text("You have 1 unread notification.")
    assert_accessible(page)
    page.get_by_role("link", name=title).click()
    expect(
        page.get_by_role("heading", name="One to one claimant support for Siân Wiśniewska")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Notifications").click()
    expect(page.locator("#notifications-count")).to_have_text(
        "You have read all your notifications."
    )
    assert_accessible(page)

    # From the request to the claimant's record and their timeline, each read logged.
    page.get_by_role("link", name=title).click()
    AccessLog.objects.all().delete()
    page.get_by_role("link", name="Open Siân Wiśniewska's record").click()
    expect(page.get_by_role("heading", name="Siân Wiśniewska", level=1)).to_be_visible()
    assert_accessible(page)
    page.go_back()
    page.get_by_role("link", name="Requests, activities and outcomes with the DEA").click()
    expect(page.get_by_role("heading", name="Timeline", level=1)).to_be_visible()
    assert_accessible(page)
    reads = AccessLog.objects.filter(record_type="claimants.claimant", record_id=claimant.pk)
    assert list(reads.order_by("at").values_list("staff__username", "via")) == [
        ("dea1", reverse("claimants:detail", args=[claimant.pk])),
        ("dea1", reverse("conferences:claimant_timeline", args=[claimant.pk])),
    ]

    # The inbox narrows to a topic, and says when no open request has it.
    page.goto("/requests/inbox/")
    table = page.get_by_role("table")
    expect(table.get_by_role("row")).to_have_count(3)  # the header and two open requests
    page.get_by_label("Topic").select_option("autism")
    page.get_by_role("button", name="Apply").click()
    expect(table.get_by_role("row")).to_have_count(2)
    expect(table.get_by_role("link", name=autism.reference)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Topic").select_option("dyslexia")
    page.get_by_role("button", name="Apply").click()
    expect(
        page.get_by_role("heading", name="No open requests have the topic “dyslexia”")
    ).to_be_visible()
    assert_accessible(page)
