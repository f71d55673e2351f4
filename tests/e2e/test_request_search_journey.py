"""A DEA finds a request in the inbox by a claimant's National Insurance number typed as it is
said, then by surname without its accents; the coach finds it in "Your requests" by its
reference. axe checks every page as it is visited."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, sign_in, sign_out
from tests.factories import (
    ClaimantFactory,
    CohortFactory,
    StaffFactory,
    SupportRequestFactory,
    add_member,
    working_day,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def search_for(page, text: str) -> None:
    page.get_by_label("Search", exact=True).fill(text)


def test_a_dea_and_a_coach_find_a_request_by_nino_surname_and_reference(page):
    coach = StaffFactory(username="coach1", first_name="Rhys", last_name="Bowen", work_coach=True)
    dea = StaffFactory(username="dea1", first_name="Agnieszka", last_name="Nowak", dea=True)
    add_member(CohortFactory(dea=dea), coach)
    wanted = SupportRequestFactory(
        dea=dea,
        requester=coach,
        required_by=working_day(5),
        claimant=ClaimantFactory(
            work_coach=coach, forenames="Bożena", surname="Łukasiewicz", nino="JK654321A"
        ),
    )
    for forenames, surname in (("Siân", "Llywelyn"), ("Thị Mai", "Nguyễn")):
        SupportRequestFactory(
            dea=dea,
            requester=coach,
            required_by=working_day(5),
            claimant=ClaimantFactory(work_coach=coach, forenames=forenames, surname=surname),
        )

    sign_in(page, "dea1")
    page.goto("/requests/inbox/")
    table = page.get_by_role("table")
    expect(table.get_by_role("row")).to_have_count(4)  # the header and three requests
    assert_accessible(page)

    search_for(page, "jk 65 43 21 a")
    page.get_by_role("button", name="Apply").click()
    expect(table.get_by_role("row")).to_have_count(2)
    expect(table.get_by_role("link", name=wanted.reference)).to_be_visible()
    expect(page.get_by_label("Search", exact=True)).to_have_value("jk 65 43 21 a")
    assert_accessible(page)

    search_for(page, "lukasiewicz")
    page.get_by_role("button", name="Apply").click()
    expect(table.get_by_role("row")).to_have_count(2)
    expect(table).to_contain_text("Bożena Łukasiewicz")

    search_for(page, "Kowalczyk")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("heading", name="No open requests match the filters")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    sign_in(page, "coach1")
    page.goto("/requests/")
    search_for(page, f"dsr{wanted.pk}")
    page.get_by_role("button", name="Search").click()
    table = page.get_by_role("table")
    expect(table.get_by_role("row")).to_have_count(2)
    expect(table.get_by_role("link", name=wanted.reference)).to_be_visible()
    assert_accessible(page)
