"""The caseload, claimant, and add and change claimant pages, for the roles that use them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from claimants import nino as nino_rules
from claimants.models import Benefit, CaseloadTransfer, Claimant, Regime
from jomcase.models import AccessLog
from tests.factories import ClaimantFactory, StaffFactory, TeamFactory, join_team

pytestmark = pytest.mark.django_db

CASELOAD = reverse("claimants:caseload")
ADD = reverse("claimants:add")


def page_title(page: str) -> str:
    """A page's <title>: the page, an en dash, then the service."""
    return f"{page} \N{EN DASH} JOMCase"


def detail_url(claimant) -> str:
    return reverse("claimants:detail", args=[claimant.pk])


def edit_url(claimant) -> str:
    return reverse("claimants:edit", args=[claimant.pk])


def html(response) -> str:
    return response.content.decode()


def title(response) -> str:
    return re.search(r"<title>(.*?)</title>", html(response), re.S).group(1).strip()


def rows(response) -> list[str]:
    """The claimant names in the caseload table, in order."""
    return re.findall(r'href="/claimants/\d+/">([^<]+)</a>', html(response))


def error_summary(response) -> list[str]:
    summary = re.search(r'class="govuk-error-summary".*?</ul>', html(response), re.S)
    if not summary:
        return []
    return [
        re.sub(r"<[^>]+>", "", item).strip().replace("&#x27;", "'")
        for item in re.findall(r"<li>(.*?)</li>", summary.group(0), re.S)
    ]


def many_claimants(coach, n: int, start: int = 0) -> None:
    """``n`` claimants on a coach's caseload, made in one query (no history is needed)."""
    Claimant.objects.bulk_create(
        Claimant(
            nino=nino_rules.from_number(50_000_000 + start + i),
            surname=f"Surname{i:04d}",
            forenames="Sam",
            benefits=[Benefit.UC],
            work_coach=coach,
        )
        for i in range(n)
    )


@pytest.fixture
def coach(db):
    return StaffFactory(username="coach", first_name="Carol", last_name="Coach", work_coach=True)


@pytest.fixture
def coach_client(client, coach):
    client.force_login(coach)
    return client


VALID_NEW = {
    "nino": "ab 12 34 56 c",
    "forenames": "Alex",
    "surname": "Morgan",
    "benefits": ["uc"],
    "regime": "searching_for_work",
    "conditionality": "mandatory",
}


# The caseload


def test_caseload_lists_only_the_coachs_own_claimants(coach_client, coach):
    mine = ClaimantFactory(work_coach=coach, surname="Mine", forenames="Mo")
    ClaimantFactory(surname="Theirs")
    response = coach_client.get(CASELOAD)
    assert response.status_code == 200
    assert title(response) == page_title("Your caseload")
    assert rows(response) == ["Mine, Mo"]
    assert mine.nino_display in html(response)
    assert "<strong>1</strong> claimant" in html(response)
    assert "Add a claimant" in html(response)


def test_caseload_empty_state(coach_client):
    response = coach_client.get(CASELOAD)
    assert "There are no claimants on your caseload yet" in html(response)
    assert "<table" not in html(response)


def test_caseload_search_with_no_match_says_so(coach_client, coach):
    ClaimantFactory(work_coach=coach, surname="Jones")
    response = coach_client.get(CASELOAD, {"q": "Smith"})
    assert "No claimants match your search" in html(response)
    assert "Clear search and filters" in html(response)


def test_caseload_search_by_nino_in_any_case_and_spacing(coach_client, coach):
    ClaimantFactory(work_coach=coach, nino="AB123456C", surname="Found", forenames="Fay")
    ClaimantFactory(work_coach=coach, surname="Other")
    response = coach_client.get(CASELOAD, {"q": " ab 12-34 56 c "})
    assert rows(response) == ["Found, Fay"]
    assert "AB 12 34 56 C" in html(response)


def test_caseload_search_by_surname_start(coach_client, coach):
    ClaimantFactory(work_coach=coach, surname="Patel", forenames="Priya")
    ClaimantFactory(work_coach=coach, surname="Smith", forenames="Sue")
    assert rows(coach_client.get(CASELOAD, {"q": "pat"})) == ["Patel, Priya"]


def test_caseload_filters_by_benefit_and_regime(coach_client, coach):
    ClaimantFactory(work_coach=coach, surname="Esa", forenames="E", benefits=[Benefit.ESA])
    ClaimantFactory(
        work_coach=coach,
        surname="Uc",
        forenames="U",
        benefits=[Benefit.UC],
        regime=Regime.PLANNING_FOR_WORK,
    )
    assert rows(coach_client.get(CASELOAD, {"benefit": "esa"})) == ["Esa, E"]
    assert rows(coach_client.get(CASELOAD, {"regime": "planning_for_work"})) == ["Uc, U"]
    selected = html(coach_client.get(CASELOAD, {"benefit": "esa"}))
    assert '<option value="esa" selected>' in selected


def test_caseload_sorts_by_column_and_says_which_way(coach_client, coach):
    for surname in ("Brown", "Adams", "Clark"):
        ClaimantFactory(work_coach=coach, surname=surname, forenames="X")
    ascending = coach_client.get(CASELOAD)
    assert rows(ascending) == ["Adams, X", "Brown, X", "Clark, X"]
    assert 'aria-sort="ascending"' in html(ascending)
    assert 'href="?sort=-name"' in html(ascending)
    descending = coach_client.get(CASELOAD, {"sort": "-name"})
    assert rows(descending) == ["Clark, X", "Brown, X", "Adams, X"]
    assert 'aria-sort="descending"' in html(descending)
    by_nino = coach_client.get(CASELOAD, {"sort": "nino"})
    assert html(by_nino).count('aria-sort="ascending"') == 1
    assert html(by_nino).count('aria-sort="none"') == 2


def test_caseload_is_paged_25_at_a_time_with_page_numbers(coach_client, coach):
    many_claimants(coach, 60)
    first = coach_client.get(CASELOAD, {"benefit": "uc"})
    assert len(rows(first)) == 25
    assert "Showing 1 to 25 of <strong>60</strong> claimants" in html(first)
    assert 'class="govuk-pagination"' in html(first)
    assert 'aria-label="Page 3"' in html(first)
    # Page links keep the filters.
    assert 'href="?benefit=uc&amp;page=2"' in html(first)
    last = coach_client.get(CASELOAD, {"benefit": "uc", "page": 3})
    assert len(rows(last)) == 10
    assert 'aria-current="page">3</a>' in html(last)
    assert 'rel="prev"' in html(last) and 'rel="next"' not in html(last)
    # A page past the end shows the last page rather than an error.
    assert len(rows(coach_client.get(CASELOAD, {"page": 99}))) == 10


def test_caseload_runs_the_same_queries_for_25_or_200_claimants(
    coach_client, coach, django_assert_num_queries
):
    many_claimants(coach, 25)
    # session, user and roles, count, one page of claimants with their coach
    with django_assert_num_queries(4):
        response = coach_client.get(CASELOAD)
    assert len(rows(response)) == 25
    many_claimants(coach, 175, start=25)
    with django_assert_num_queries(4):
        response = coach_client.get(CASELOAD)
    assert len(rows(response)) == 25
    assert "of <strong>200</strong> claimants" in html(response)
    with django_assert_num_queries(4):
        response = coach_client.get(CASELOAD, {"page": 5, "sort": "-added", "benefit": "uc"})
    assert len(rows(response)) == 25


def test_team_leader_sees_their_teams_caseloads_with_the_work_coach(client, coach):
    team = TeamFactory()
    join_team(coach, team)
    ClaimantFactory(work_coach=coach, surname="Teamed", forenames="T")
    ClaimantFactory(surname="Elsewhere")
    client.force_login(team.leader)
    response = client.get(CASELOAD)
    assert response.status_code == 200
    assert rows(response) == ["Teamed, T"]
    assert "Carol Coach" in html(response)
    assert title(response) == page_title("Caseload")


def cells(response) -> list[list[str]]:
    """The caseload table's cells, row by row, as text."""
    body = re.search(r"<tbody.*?</tbody>", html(response), re.S).group(0)
    return [
        [
            " ".join(re.sub(r"<[^>]+>", " ", cell).split())
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def test_caseload_rows_show_each_column_as_people_read_it(client, coach):
    team = TeamFactory()
    join_team(coach, team)
    unnamed = StaffFactory(username="nameless", first_name="", last_name="", work_coach=True)
    join_team(unnamed, team)
    # 23:30 on 30 March 2025 in UTC is already 31 March in London (summer time).
    added = dt.datetime(2025, 3, 30, 23, 30, tzinfo=dt.UTC)
    first = ClaimantFactory(
        work_coach=coach,
        surname="Able",
        forenames="Ann",
        nino="AB123456C",
        benefits=[Benefit.UC, Benefit.ESA],
        regime=Regime.PLANNING_FOR_WORK,
        created_at=added,
    )
    ClaimantFactory(
        work_coach=unnamed, surname="Baker", forenames="Bo", non_benefit=True, created_at=added
    )
    ClaimantFactory(work_coach=coach, surname="O'Neill & Co", forenames="<b>Cy</b>", benefits=[])
    client.force_login(team.leader)

    response = client.get(CASELOAD)

    able, baker, oneill = cells(response)
    assert able == [
        "Able, Ann",
        "AB 12 34 56 C",
        "UC, ESA",
        "Planning for work",
        "Carol Coach",
        "31 Mar 2025",
    ]
    assert baker[2:5] == ["PIP No out-of-work benefit", "Not recorded", "nameless"]
    assert oneill[2] == "None No out-of-work benefit"
    # Names are escaped, never markup.
    assert "O&#x27;Neill &amp; Co, &lt;b&gt;Cy&lt;/b&gt;" in html(response)
    assert f'href="{detail_url(first)}">Able, Ann</a>' in html(response)
    # A work coach's own caseload has no work coach column.
    client.force_login(coach)
    assert len(cells(client.get(CASELOAD))[0]) == 5


@pytest.mark.parametrize("role", ["dea", "analyst", "administrator", "sdtl"])
def test_caseload_is_refused_to_roles_without_one(client, role):
    client.force_login(StaffFactory(**{role: True}))
    assert client.get(CASELOAD).status_code == 403


# A claimant's record


def test_claimant_page_shows_the_record_with_the_nino_spaced(coach_client, coach):
    claimant = ClaimantFactory(
        work_coach=coach, nino="AB123456C", forenames="Fay", surname="Found", regime=""
    )
    response = coach_client.get(detail_url(claimant))
    assert response.status_code == 200
    assert title(response) == page_title("Fay Found")
    assert "AB 12 34 56 C" in html(response)
    assert "Universal Credit (UC)" in html(response)
    assert f'href="{edit_url(claimant)}#id_nino"' in html(response)
    assert "Carol Coach" in html(response)
    assert "DEA support is not available" not in html(response)


def test_claimant_page_writes_one_access_log_row_per_view(coach_client, coach):
    claimant = ClaimantFactory(work_coach=coach)
    coach_client.get(detail_url(claimant))
    assert AccessLog.objects.count() == 1
    coach_client.get(detail_url(claimant))
    logs = list(AccessLog.objects.order_by("at"))
    assert len(logs) == 2
    assert {(log.staff_id, log.record_type, log.record_id) for log in logs} == {
        (coach.pk, "claimants.claimant", claimant.pk)
    }
    assert logs[0].via == detail_url(claimant)


def test_non_benefit_claimant_page_warns_that_dea_support_needs_an_exception(coach_client, coach):
    claimant = ClaimantFactory(work_coach=coach, non_benefit=True)
    response = coach_client.get(detail_url(claimant))
    assert "govuk-warning-text" in html(response)
    assert "DEA support is not available unless they are clearly vulnerable" in html(response)
    claimant.vulnerability_exception = "Lives alone and has stopped eating"
    claimant.save()
    response = coach_client.get(detail_url(claimant))
    assert "govuk-warning-text" not in html(response)
    assert "a vulnerability exception is recorded on their record, so a DEA can help" in html(
        response
    )
    claimant.vulnerability_exception = None
    claimant.self_harm_declared = True
    claimant.save()
    response = coach_client.get(detail_url(claimant))
    assert "govuk-warning-text" not in html(response)
    assert "no team leader&#x27;s agreement is needed first" in html(response)


def test_another_coachs_claimant_is_not_found_and_not_logged(coach_client):
    theirs = ClaimantFactory()
    assert coach_client.get(detail_url(theirs)).status_code == 404
    assert coach_client.get(edit_url(theirs)).status_code == 404
    assert AccessLog.objects.count() == 0


@pytest.mark.parametrize("role", ["analyst", "administrator", "dea"])
def test_roles_without_claimants_see_none(client, role):
    claimant = ClaimantFactory()
    client.force_login(StaffFactory(**{role: True}))
    assert client.get(detail_url(claimant)).status_code == 404
    assert AccessLog.objects.count() == 0


def test_claimant_page_for_anonymous_sends_to_sign_in(client):
    claimant = ClaimantFactory()
    response = client.get(detail_url(claimant))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# Adding a claimant


def test_add_page(coach_client):
    response = coach_client.get(ADD)
    assert response.status_code == 200
    assert title(response) == page_title("Add a claimant")
    assert "govuk-error-summary" not in html(response)
    # A work coach adds to their own caseload, so is not asked whose.
    assert 'name="work_coach"' not in html(response)
    assert 'value="mandatory" checked' in html(response)


def test_adding_with_an_invalid_nino_shows_the_error_and_saves_nothing(coach_client):
    response = coach_client.post(ADD, {**VALID_NEW, "nino": "QQ123456C"})
    assert response.status_code == 200
    assert title(response) == page_title("Error: Add a claimant")
    assert error_summary(response) == ["A National Insurance number cannot start with Q"]
    assert '<a href="#id_nino">' in html(response)
    assert 'id="id_nino-error"' in html(response)
    # What was typed is kept so it can be corrected.
    assert 'value="QQ123456C"' in html(response)
    assert 'value="uc" checked' in html(response)
    assert Claimant.objects.count() == 0
    assert CaseloadTransfer.objects.count() == 0


def test_adding_a_nino_already_recorded_shows_the_error_and_saves_nothing(coach_client):
    ClaimantFactory(nino="AB123456C")
    response = coach_client.post(ADD, VALID_NEW)
    assert response.status_code == 200
    assert error_summary(response) == [
        "A claimant with this National Insurance number is already recorded"
    ]
    assert Claimant.objects.count() == 1


def test_adding_with_missing_names_lists_every_problem(coach_client):
    response = coach_client.post(ADD, {**VALID_NEW, "forenames": "", "surname": " "})
    assert error_summary(response) == [
        "Enter the claimant's first names",
        "Enter the claimant's surname",
    ]
    assert Claimant.objects.count() == 0


def test_adding_a_claimant_puts_them_on_the_coachs_caseload(coach_client, coach):
    response = coach_client.post(ADD, VALID_NEW)
    claimant = Claimant.objects.get()
    assert response.status_code == 302
    assert response.url == detail_url(claimant)
    assert claimant.nino == "AB123456C"
    assert claimant.work_coach == coach
    page = coach_client.get(response.url)
    assert "govuk-notification-banner--success" in html(page)
    assert "Alex Morgan was added to the caseload" in html(page)
    assert "Added to caseload" in html(page)


def test_team_leader_adds_a_claimant_for_a_coach_in_their_team(client, coach):
    team = TeamFactory()
    join_team(coach, team)
    client.force_login(team.leader)
    form = client.get(ADD)
    assert 'name="work_coach"' in html(form)
    assert "Carol Coach" in html(form)
    missing = client.post(ADD, VALID_NEW)
    assert error_summary(missing) == ["Choose the work coach who holds the claimant"]
    response = client.post(ADD, {**VALID_NEW, "work_coach": coach.pk})
    assert response.status_code == 302
    assert Claimant.objects.get().work_coach == coach


def test_add_is_refused_to_other_roles(client):
    client.force_login(StaffFactory(dea=True))
    assert client.get(ADD).status_code == 403
    assert client.post(ADD, VALID_NEW).status_code == 403
    assert Claimant.objects.count() == 0


# Changing a claimant


def test_edit_page_shows_the_current_details(coach_client, coach):
    claimant = ClaimantFactory(work_coach=coach, nino="AB123456C", surname="Before")
    response = coach_client.get(edit_url(claimant))
    assert response.status_code == 200
    assert 'value="AB123456C"' in html(response)
    assert 'value="Before"' in html(response)
    assert 'value="uc" checked' in html(response)
    # Opening the form shows the record, so it is a logged read too.
    assert AccessLog.objects.count() == 1


def test_changing_a_claimant_saves_and_keeps_the_history(coach_client, coach):
    claimant = ClaimantFactory(work_coach=coach, nino="AB123456C", surname="Before", forenames="F")
    response = coach_client.post(
        edit_url(claimant),
        {**VALID_NEW, "surname": "After", "forenames": "F", "benefits": ["uc", "pip"]},
    )
    assert response.status_code == 302
    claimant.refresh_from_db()
    assert claimant.surname == "After"
    assert claimant.benefits == ["uc", "pip"]
    page = coach_client.get(detail_url(claimant))
    assert "The claimant&#x27;s details were saved" in html(page)
    assert "Surname: Before to After" in html(page)
    assert "Carol Coach" in html(page)


def test_changing_to_an_invalid_nino_shows_the_error_and_changes_nothing(coach_client, coach):
    claimant = ClaimantFactory(work_coach=coach, nino="AB123456C", surname="Same")
    response = coach_client.post(
        edit_url(claimant), {**VALID_NEW, "nino": "AB12345", "surname": "Changed"}
    )
    assert response.status_code == 200
    assert title(response).startswith("Error: Change")
    assert error_summary(response)[0].startswith("Enter a National Insurance number in the right")
    claimant.refresh_from_db()
    assert (claimant.nino, claimant.surname) == ("AB123456C", "Same")
    assert claimant.history.count() == 1


def test_team_leader_moves_a_claimant_between_their_coaches(client, coach):
    team = TeamFactory()
    join_team(coach, team)
    other = StaffFactory(first_name="Owen", last_name="Other", work_coach=True)
    join_team(other, team)
    claimant = ClaimantFactory(work_coach=coach)
    client.force_login(team.leader)
    data = {
        **VALID_NEW,
        "nino": claimant.nino,
        "surname": claimant.surname,
        "forenames": claimant.forenames,
        "work_coach": other.pk,
    }
    response = client.post(edit_url(claimant), data)
    assert response.status_code == 302
    claimant.refresh_from_db()
    assert claimant.work_coach == other
    page = client.get(detail_url(claimant))
    moves = html(page).split("Moves between caseloads")[1].split("Changes to this record")[0]
    assert "Carol Coach" in moves and "Owen Other" in moves


def test_only_those_with_a_caseload_get_a_back_link_to_it(coach_client, coach, client):
    from tests.factories import SupportRequestFactory

    claimant = ClaimantFactory(work_coach=coach)
    back = f'href="{reverse("claimants:caseload")}" class="govuk-back-link"'
    assert back in coach_client.get(detail_url(claimant)).content.decode()
    # A DEA opens the claimant from a request: a link to a caseload would end in a 403.
    referral = SupportRequestFactory(claimant=claimant, requester=coach)
    client.force_login(referral.dea)
    page = client.get(detail_url(claimant))
    assert page.status_code == 200
    assert "govuk-back-link" not in page.content.decode()
