"""Searching the inbox, "Your requests" and the API (issue 12, point 7): by reference as people
type it, by National Insurance number in any spacing and case, or by a claimant's name
ignoring case and accents; never revealing a claimant the viewer may not see named."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import api_as
from tests.dea_support.request_page_helpers import INBOX, MINE, html, references, rows, text
from tests.factories import (
    ClaimantFactory,
    CohortFactory,
    StaffFactory,
    SupportRequestFactory,
    TeamFactory,
    add_member,
    join_team,
    managed_by,
    working_day,
)

pytestmark = pytest.mark.django_db

API = reverse("api-support-requests")

#: Forenames, surname and National Insurance number of each claimant asked about.
CLAIMANTS = {
    "sian": ("Siân", "Llywelyn", "JK123456C"),
    "bozena": ("Bożena", "Łukasiewicz", "JK654321A"),
    "mai": ("Thị Mai", "Nguyễn", "PR102030B"),
    "padraig": ("Pádraig", "Ó Briain", "AB987654D"),
    "huw": ("Huw", "Roberts", "CE246801A"),
    "rhodri": ("Rhodri", "Lloyd-Jones", "CE135791B"),
}


@pytest.fixture
def scene():
    """A DEA, Gwyneth, with one request from her cohort's coach about each claimant; a team
    leader, Katarzyna, who manages Gwyneth but leads another team, so she may open the
    requests but not see the claimants named."""
    dea = StaffFactory(dea=True, first_name="Gwyneth", last_name="Morgan")
    coach = StaffFactory(work_coach=True, first_name="Tomasz", last_name="Zieliński")
    add_member(CohortFactory(dea=dea), coach)
    leader = StaffFactory(wctl=True, first_name="Katarzyna", last_name="Nowak")
    managed_by(dea, leader)
    join_team(StaffFactory(work_coach=True), TeamFactory(leader=leader))
    requests = {}
    for key, (forenames, surname, nino) in CLAIMANTS.items():
        claimant = ClaimantFactory(
            work_coach=coach, forenames=forenames, surname=surname, nino=nino
        )
        requests[key] = SupportRequestFactory(
            dea=dea, requester=coach, claimant=claimant, required_by=working_day(5)
        )
    return {"dea": dea, "coach": coach, "leader": leader, "requests": requests}


def found(client, user, address: str, search: str) -> set[str]:
    client.force_login(user)
    response = client.get(address, {"search": search})
    assert response.status_code == 200
    return set(references(response))


def refs(scene, *keys) -> set[str]:
    return {scene["requests"][key].reference for key in keys}


def by_reference(sr) -> list[str]:
    return [sr.reference, f"dsr{sr.pk}", f"DSR {sr.pk}", str(sr.pk), f"  dsr-{sr.pk:06d} "]


@pytest.mark.parametrize("address", [INBOX, MINE])
def test_a_request_is_found_by_its_reference_however_it_is_typed(client, scene, address):
    sr = scene["requests"]["bozena"]
    for typed in by_reference(sr):
        assert found(
            client, scene["dea"] if address == INBOX else scene["coach"], address, typed
        ) == {sr.reference}, typed


@pytest.mark.parametrize("address", [INBOX, MINE])
@pytest.mark.parametrize(
    "typed",
    [
        "JK123456C",
        "jk123456c",
        "JK 12 34 56 C",
        "jk 12 34 56 c",
        " j k1234 56c ",
        "JK12",
        "jk 1234",
    ],
)
def test_a_request_is_found_by_the_claimants_nino_whole_or_its_start(client, scene, address, typed):
    viewer = scene["dea"] if address == INBOX else scene["coach"]
    assert found(client, viewer, address, typed) == refs(scene, "sian")


@pytest.mark.parametrize("address", [INBOX, MINE])
@pytest.mark.parametrize(
    ("typed", "who"),
    [
        ("Siân", "sian"),
        ("sian", "sian"),
        ("LLYWELYN", "sian"),
        ("llyw", "sian"),
        ("Łukasiewicz", "bozena"),
        ("lukasiewicz", "bozena"),
        ("bozena", "bozena"),
        ("BOŻENA ŁUKASIEWICZ", "bozena"),
        ("Nguyễn", "mai"),
        ("nguyen", "mai"),
        ("thi mai", "mai"),
        ("Ó Briain", "padraig"),
        ("o briain", "padraig"),
        ("padraig", "padraig"),
        ("jones", "rhodri"),
        ("lloyd-jones", "rhodri"),
        ("Lloyd Jones", "rhodri"),
    ],
)
def test_a_request_is_found_by_surname_or_forename_ignoring_case_and_accents(
    client, scene, address, typed, who
):
    viewer = scene["dea"] if address == INBOX else scene["coach"]
    assert found(client, viewer, address, typed) == refs(scene, who)


def test_a_search_that_matches_nothing_says_so_and_an_empty_one_lists_all(client, scene):
    client.force_login(scene["dea"])
    nothing = client.get(INBOX, {"search": "Kowalczyk"})
    assert references(nothing) == []
    assert "No open requests match the filters" in text(html(nothing))
    client.force_login(scene["coach"])
    none_of_mine = client.get(MINE, {"search": "Kowalczyk", "show": "open"})
    assert references(none_of_mine) == []
    assert "None of your open requests match “Kowalczyk”" in text(html(none_of_mine))
    client.force_login(scene["dea"])
    for wildcard in ("%", "_", "l%n", "\\"):
        assert references(client.get(INBOX, {"search": wildcard})) == [], wildcard
    everything = client.get(INBOX, {"search": "  "})
    assert set(references(everything)) == refs(scene, *CLAIMANTS)


def test_the_search_box_keeps_what_was_typed(client, scene):
    client.force_login(scene["dea"])
    for address in (INBOX, MINE):
        client.force_login(scene["dea"] if address == INBOX else scene["coach"])
        page = html(client.get(address, {"search": "Łukasiewicz"}))
        assert 'name="search"' in page
        assert 'value="Łukasiewicz"' in page


def test_a_search_never_reveals_a_claimant_the_viewer_may_not_see_named(client, scene):
    """The team leader may open the requests of the DEA she manages, but the claimants are
    on another team's caseloads: a name or NINO finds nothing, and a reference finds the
    request without naming its claimant."""
    leader = scene["leader"]
    for typed in ("Łukasiewicz", "bozena", "JK654321A", "jk 65", "Llywelyn"):
        assert found(client, leader, INBOX, typed) == set(), typed
        response = api_as(leader).get(API, {"search": typed})
        assert response.status_code == 200
        assert response.json()["count"] == 0, typed
    sr = scene["requests"]["bozena"]
    client.force_login(leader)
    response = client.get(INBOX, {"search": sr.reference})
    assert references(response) == [sr.reference]
    (row,) = rows(response)
    assert "A claimant" in row
    assert "Łukasiewicz" not in html(response) and "JK 65 43 21 A" not in html(response)


def test_another_coachs_request_is_not_found_in_your_requests(client, scene):
    other = StaffFactory(work_coach=True, first_name="Dafydd", last_name="ap Rhys")
    mine = SupportRequestFactory(
        requester=other,
        claimant=ClaimantFactory(work_coach=other, forenames="Anh", surname="Llywelyn"),
    )
    assert found(client, other, MINE, "llywelyn") == {mine.reference}
    assert found(client, other, MINE, scene["requests"]["sian"].reference) == set()


def test_the_api_searches_as_the_pages_do(scene):
    api = api_as(scene["dea"])
    sr = scene["requests"]["mai"]
    for typed in ("nguyen", "Thị", "PR 10 20 30 B", "pr10", sr.reference, f"dsr{sr.pk}"):
        response = api.get(API, {"search": typed})
        assert response.status_code == 200
        assert [r["id"] for r in response.json()["results"]] == [sr.pk], typed
    assert api.get(API, {"search": "Kowalczyk"}).json()["count"] == 0
    coach = api_as(scene["coach"]).get(API, {"search": "o briain"}).json()
    assert [r["id"] for r in coach["results"]] == [scene["requests"]["padraig"].pk]


@pytest.mark.parametrize("how_many", [1, 20])
def test_a_searched_inbox_costs_the_same_queries_for_one_row_or_twenty(
    client, scene, how_many, django_assert_num_queries
):
    dea, coach = scene["dea"], scene["coach"]
    for n in range(how_many - 1):
        claimant = ClaimantFactory(work_coach=coach, forenames=f"Eira {n}", surname="Wiśniewska")
        SupportRequestFactory(dea=dea, requester=coach, claimant=claimant)
    claimant = ClaimantFactory(work_coach=coach, forenames="Ngọc", surname="Wiśniewska")
    SupportRequestFactory(dea=dea, requester=coach, claimant=claimant)
    client.force_login(dea)
    # session, user, coaches and topics for the filters, the tabs' counts, the matching rows'
    # count, rows
    with django_assert_num_queries(7):
        response = client.get(INBOX, {"search": "wisniewska"})
    assert len(references(response)) == how_many
