"""Who may open which support request through the API (DESIGN.md section 10).

A requester sees their own; a DEA the requests sent to them, including those moved to them
for cover; a WCTL their team's requests and those of the DEAs they line-manage;
administrators all; an analyst none but any they made themselves. A request the caller may
not open is 404 for reading and for every step, exactly as if it did not exist, and the list
never holds a request its viewer could not open.
"""

from __future__ import annotations

import pytest

from dea_support.models import SupportRequest, SupportRequestEvent
from dea_support.selectors import inbox
from tests.conftest import api_as
from tests.factories import (
    ClaimantFactory,
    CohortFactory,
    StaffFactory,
    SupportRequestFactory,
    TeamFactory,
    add_member,
    join_team,
    managed_by,
)

pytestmark = pytest.mark.django_db

LIST = "/api/support-requests/"

STEPS = {
    "request-info": {"message": "Which office?"},
    "provide-info": {"message": "Leeds."},
    "accept": {"channel": "case_conference"},
    "decline": {"reason": "duplicate", "note": "Already asked."},
    "withdraw": {},
}


def listed(user, **query) -> set[int]:
    response = api_as(user).get(LIST, {"page_size": 200, **query})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == len(body["results"])
    return {row["id"] for row in body["results"]}


def opens(user, sr) -> bool:
    status = api_as(user).get(f"{LIST}{sr.pk}/").status_code
    assert status in (200, 404)
    return status == 200


@pytest.fixture
def office():
    """Two teams, each with a WCTL managing a DEA whose cohort holds the team's coaches."""
    people = {}
    for side in ("a", "b"):
        team = TeamFactory()
        dea = StaffFactory(dea=True)
        managed_by(dea, team.leader)
        cohort = CohortFactory(dea=dea)
        coaches = [StaffFactory(work_coach=True) for _ in range(2)]
        for coach in coaches:
            join_team(coach, team)
            add_member(cohort, coach)
        people[side] = {"wctl": team.leader, "dea": dea, "coaches": coaches}
    a, b = people["a"], people["b"]
    people["requests"] = {
        "a1": SupportRequestFactory(requester=a["coaches"][0], dea=a["dea"]),
        "a2": SupportRequestFactory(requester=a["coaches"][1], dea=a["dea"], info_requested=True),
        "a1_closed": SupportRequestFactory(requester=a["coaches"][0], dea=a["dea"], declined=True),
        "b1": SupportRequestFactory(requester=b["coaches"][0], dea=b["dea"]),
        "b2": SupportRequestFactory(requester=b["coaches"][1], dea=b["dea"], skill=True),
    }
    return people


def test_a_coach_sees_only_their_own_requests(office):
    coach = office["a"]["coaches"][0]
    requests = office["requests"]
    assert listed(coach) == {requests["a1"].pk, requests["a1_closed"].pk}
    assert opens(coach, requests["a1"])
    assert not opens(coach, requests["a2"])  # a colleague's, to the same DEA


@pytest.mark.parametrize("step", list(STEPS))
def test_another_coachs_request_is_404_for_every_step_and_unchanged(office, step):
    coach = office["a"]["coaches"][0]
    theirs = office["requests"]["a2"]  # in info_requested, so provide-info would fit
    before = SupportRequest.objects.filter(pk=theirs.pk).values().get()

    response = api_as(coach).post(f"{LIST}{theirs.pk}/{step}/", STEPS[step], format="json")

    assert response.status_code == 404, response.content
    assert response.json() == {"code": "not_found", "detail": "Not found.", "errors": {}}
    assert SupportRequest.objects.filter(pk=theirs.pk).values().get() == before
    assert not SupportRequestEvent.objects.filter(support_request=theirs).exists()


@pytest.mark.parametrize("step", ["", *STEPS])
def test_a_hidden_request_looks_the_same_as_one_that_does_not_exist(office, step):
    coach = office["a"]["coaches"][0]
    hidden = office["requests"]["b1"]
    method = "get" if not step else "post"
    suffix = f"{step}/" if step else ""
    client = api_as(coach)
    seen = getattr(client, method)(f"{LIST}{hidden.pk}/{suffix}", STEPS.get(step), format="json")
    missing = getattr(client, method)(f"{LIST}{10**9}/{suffix}", STEPS.get(step), format="json")
    assert (seen.status_code, seen.json()) == (missing.status_code, missing.json())
    assert seen.status_code == 404


def test_a_dea_sees_only_the_requests_sent_to_them(office):
    dea = office["a"]["dea"]
    requests = office["requests"]
    mine = {requests[k].pk for k in ("a1", "a2", "a1_closed")}
    assert listed(dea) == mine
    assert not opens(dea, requests["b1"])
    assert opens(dea, requests["a2"])


def test_a_dea_covering_sees_the_moved_requests_and_the_absent_dea_only_reads_them(office):
    a, b = office["a"], office["b"]
    moved = office["requests"]["b1"]
    response = api_as(b["wctl"]).post(
        f"{LIST}cover/",
        {"from_dea": b["dea"].pk, "to_dea": a["dea"].pk, "requests": [moved.pk], "note": "Leave"},
        format="json",
    )
    assert response.status_code == 200, response.content

    assert moved.pk in listed(a["dea"])
    assert opens(a["dea"], moved)
    # The absent DEA handled it, so may still read it (issue 12), but it is not theirs now:
    # it leaves their inbox and they may not decide on it.
    assert opens(b["dea"], moved)
    assert moved.pk not in set(inbox(user=b["dea"]).values_list("pk", flat=True))
    step = {"message": "Which office?"}
    assert (
        api_as(b["dea"]).post(f"{LIST}{moved.pk}/request-info/", step, format="json").status_code
        == 403
    )
    assert (
        api_as(a["dea"]).post(f"{LIST}{moved.pk}/request-info/", step, format="json").status_code
        == 200
    )
    # Its requester's team leader still sees it; so does the covering DEA's line manager.
    assert moved.pk in listed(b["wctl"])
    assert moved.pk in listed(a["wctl"])


def test_a_team_leader_sees_their_teams_requests_and_their_deas(office):
    a = office["a"]
    requests = office["requests"]
    # A request from outside the team to the DEA they manage, e.g. a colleague's.
    outsider = SupportRequestFactory(dea=a["dea"], colleague=True)
    # A request from their team's coach to another DEA (after the coach moved cohort).
    elsewhere = SupportRequestFactory(requester=a["coaches"][0], dea=office["b"]["dea"])
    assert listed(a["wctl"]) == {
        requests["a1"].pk,
        requests["a2"].pk,
        requests["a1_closed"].pk,
        outsider.pk,
        elsewhere.pk,
    }
    assert not opens(a["wctl"], requests["b1"])


def test_a_team_leader_may_look_but_not_decide(office):
    sr = office["requests"]["a1"]
    response = api_as(office["a"]["wctl"]).post(
        f"{LIST}{sr.pk}/accept/", {"channel": "case_conference"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert SupportRequest.objects.get(pk=sr.pk).state == "submitted"


def test_an_administrator_sees_every_request(office):
    admin = StaffFactory(administrator=True)
    assert listed(admin) == set(SupportRequest.objects.values_list("pk", flat=True))


def test_an_analyst_sees_none_and_no_names_or_ninos(office, analyst):
    claimants = [sr.claimant for sr in office["requests"].values() if sr.claimant]
    client = api_as(analyst)
    answers = [client.get(LIST), client.get(LIST, {"state": "submitted"})]
    answers += [client.get(f"{LIST}{sr.pk}/") for sr in office["requests"].values()]
    assert answers[0].json()["results"] == []
    assert all(a.status_code == 404 for a in answers[2:])
    text = b"".join(a.content for a in answers).decode()
    for claimant in claimants:
        for personal in (claimant.nino, claimant.surname, claimant.forenames):
            assert personal not in text
    assert listed(analyst) == set()


def test_a_request_stays_with_its_requester_after_the_claimant_moves_caseload(office):
    sr = office["requests"]["a1"]
    sr.claimant.work_coach = StaffFactory(work_coach=True)
    sr.claimant.save(update_fields=["work_coach"])
    assert opens(sr.requester, sr)
    assert not opens(sr.claimant.work_coach, sr)


@pytest.mark.parametrize(
    "who",
    ["coach", "other_coach", "dea", "other_dea", "wctl", "other_wctl", "analyst", "admin"],
)
def test_the_list_never_holds_a_request_its_viewer_cannot_open(office, who):
    a, b = office["a"], office["b"]
    # Some more that cross the lines: a colleague request, and a claimant on a's caseload.
    SupportRequestFactory(dea=a["dea"], colleague=True)
    SupportRequestFactory(
        requester=b["coaches"][0],
        dea=b["dea"],
        claimant=ClaimantFactory(work_coach=a["coaches"][1]),  # the claimant has moved since
    )
    viewer = {
        "coach": a["coaches"][0],
        "other_coach": b["coaches"][1],
        "dea": a["dea"],
        "other_dea": b["dea"],
        "wctl": a["wctl"],
        "other_wctl": b["wctl"],
        "analyst": StaffFactory(analyst=True),
        "admin": StaffFactory(administrator=True),
    }[who]
    openable = {sr.pk for sr in SupportRequest.objects.all() if opens(viewer, sr)}
    assert listed(viewer) == openable
    for state in ("submitted", "info_requested", "declined"):
        assert listed(viewer, state=state) <= openable
