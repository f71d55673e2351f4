"""The support request API as a client sees it (API.md, ``/api/support-requests/``).

Lists are scoped, filtered and paginated and cost the same queries whatever their length;
a request reads with its history and is access-logged when it names a claimant; each step
returns the request; accepting returns the work it created; a WCTL moves requests for
cover; each person reads and clears their own notifications.
"""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from conferences.models import Activity, ActivityState, AgendaCase
from conferences.services import activity_propose
from dea_support.models import SupportRequest, SupportRequestEvent
from jomcase.models import AccessLog, Notification
from tests.conftest import api_as
from tests.factories import (
    ClaimantFactory,
    CohortFactory,
    StaffFactory,
    SupportRequestFactory,
    TeamFactory,
    a_request_in_cohort,
    add_member,
    join_team,
    managed_by,
    today,
    working_day,
)

pytestmark = pytest.mark.django_db

LIST = "/api/support-requests/"
MONDAY = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


def detail(sr) -> str:
    return f"{LIST}{sr.pk}/"


def client_for(user) -> APIClient:
    """A client that signs in with a token, as an API client would; roles are read afresh."""
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "detail", "errors"}
    assert body["code"] == code
    return body


# --- signing in ---------------------------------------------------------------------------


def test_without_signing_in_every_endpoint_is_401(api):
    sr = SupportRequestFactory()
    for url in (LIST, detail(sr), "/api/notifications/"):
        assert_error(api.get(url), 401, "not_authenticated")
    for step in ("request-info", "provide-info", "accept", "decline", "withdraw"):
        assert_error(api.post(f"{detail(sr)}{step}/", {}, format="json"), 401, "not_authenticated")
    for url in (LIST, f"{LIST}cover/", "/api/notifications/read/"):
        assert_error(api.post(url, {}, format="json"), 401, "not_authenticated")
    assert SupportRequest.objects.get().state == "submitted"


# --- the list: filters and pages ----------------------------------------------------------


@pytest.fixture
def dea():
    return StaffFactory(dea=True)


def test_the_list_is_most_pressing_first_with_the_documented_fields(dea):
    later = SupportRequestFactory(dea=dea, required_by=today() + dt.timedelta(days=9))
    sooner = SupportRequestFactory(dea=dea, required_by=today() + dt.timedelta(days=2))
    response = api_as(dea).get(LIST)
    assert ids(response) == [sooner.pk, later.pk]
    row = response.json()["results"][0]
    for field in (
        "id",
        "reference",
        "kind",
        "state",
        "requester",
        "dea",
        "claimant",
        "challenges",
        "reason",
        "knowledge_gap",
        "description",
        "job_role",
        "criticality",
        "required_by",
        "created_at",
        "activities",
    ):
        assert field in row
    assert row["reference"] == f"DSR-{sooner.pk:06d}"
    assert (row["requester"], row["dea"], row["claimant"]) == (
        sooner.requester_id,
        dea.pk,
        sooner.claimant_id,
    )


def test_filters_are_named_after_fields(dea):
    claimant_request = SupportRequestFactory(dea=dea)
    skill = SupportRequestFactory(dea=dea, skill=True)
    waiting = SupportRequestFactory(dea=dea, info_requested=True)
    client = api_as(dea)
    assert ids(client.get(LIST, {"kind": "skill_support"})) == [skill.pk]
    assert ids(client.get(LIST, {"state": "info_requested"})) == [waiting.pk]
    assert ids(client.get(LIST, {"claimant": claimant_request.claimant_id})) == [
        claimant_request.pk
    ]
    assert ids(client.get(LIST, {"requester": skill.requester_id})) == [skill.pk]
    assert ids(
        client.get(LIST, {"dea": dea.pk, "state": "submitted", "kind": "skill_support"})
    ) == [skill.pk]


def test_a_filter_cannot_reach_past_the_callers_scope(dea):
    theirs = SupportRequestFactory()  # another DEA's
    client = api_as(dea)
    assert ids(client.get(LIST, {"claimant": theirs.claimant_id})) == []
    assert ids(client.get(LIST, {"dea": theirs.dea_id})) == []


@pytest.mark.parametrize("bad", [{"state": "lost"}, {"kind": "advice"}, {"due": "someday"}])
def test_an_unknown_filter_value_is_400(dea, bad):
    body = assert_error(api_as(dea).get(LIST, bad), 400, "invalid")
    assert set(body["errors"]) == set(bad)


def test_due_filters_count_working_days_and_only_open_requests(dea, time_machine):
    time_machine.move_to(MONDAY, tick=False)  # Monday 2 November 2026

    def due(day: int, **traits):
        return SupportRequestFactory(dea=dea, required_by=dt.date(2026, 11, day), **traits)

    overdue = SupportRequestFactory(dea=dea, required_by=dt.date(2026, 10, 30))
    SupportRequestFactory(dea=dea, required_by=dt.date(2026, 10, 30), declined=True)
    tuesday, wednesday, thursday, sunday = due(3), due(4, accepted=True), due(5), due(8)
    due(12)
    client = api_as(dea)
    assert set(ids(client.get(LIST, {"due": "overdue"}))) == {overdue.pk}
    # Due means waiting for the DEA's answer: an accepted request is answered, so never due;
    # one needed by Sunday is due on the Monday after, so not this week.
    assert set(ids(client.get(LIST, {"due": "soon"}))) == {tuesday.pk}
    assert set(ids(client.get(LIST, {"due": "today"}))) == set()
    assert set(ids(client.get(LIST, {"due": "this_week"}))) == {tuesday.pk, thursday.pk}
    everything = {row["id"]: row for row in client.get(LIST).json()["results"]}
    assert everything[wednesday.pk]["timeliness"] == "answered"
    assert everything[sunday.pk]["due_on"] == "2026-11-09"
    row = client.get(LIST, {"due": "overdue"}).json()["results"][0]
    assert row["overdue"] is True


def test_lists_are_paginated_with_count_next_and_previous(dea):
    SupportRequestFactory.create_batch(5, dea=dea)
    client = api_as(dea)
    first = client.get(LIST, {"page_size": 2}).json()
    assert set(first) == {"count", "next", "previous", "results"}
    assert (first["count"], len(first["results"]), first["previous"]) == (5, 2, None)
    last = client.get(LIST, {"page_size": 2, "page": 3}).json()
    assert len(last["results"]) == 1 and last["next"] is None


def _accepted_with_work(**kwargs) -> SupportRequest:
    sr = SupportRequestFactory(accepted=True, **kwargs)
    activity_propose(
        kind="case_conference",
        actor=sr.dea,
        dea=sr.dea,
        work_coach=sr.requester,
        claimant=sr.claimant,
        support_request=sr,
    )
    return sr


@pytest.mark.parametrize(("rows", "query"), [(25, {}), (200, {"page_size": 200})])
def test_a_deas_list_runs_the_same_queries_whatever_its_length(
    dea, django_assert_num_queries, rows, query
):
    SupportRequestFactory.create_batch(rows - 3, dea=dea)
    worked = [_accepted_with_work(dea=dea) for _ in range(3)]
    client = client_for(dea)
    with django_assert_num_queries(5):  # token and user, roles, count, page, activities
        response = client.get(LIST, query)
    results = response.json()["results"]
    assert len(results) == rows
    by_id = {row["id"]: row["activities"] for row in results}
    assert all(len(by_id[sr.pk]) == 1 for sr in worked)


@pytest.mark.parametrize(("rows", "query"), [(25, {}), (200, {"page_size": 200})])
def test_a_coachs_list_runs_the_same_queries_whatever_its_length(
    work_coach, django_assert_num_queries, rows, query
):
    SupportRequestFactory.create_batch(rows - 2, requester=work_coach)
    for _ in range(2):
        _accepted_with_work(requester=work_coach)
    client = client_for(work_coach)
    with django_assert_num_queries(5):  # token and user, roles, count, page, activities
        response = client.get(LIST, query)
    assert len(response.json()["results"]) == rows


def test_a_team_leaders_filtered_list_runs_the_same_queries(django_assert_num_queries):
    team = TeamFactory()
    dea = StaffFactory(dea=True)
    managed_by(dea, team.leader)
    coach = StaffFactory(work_coach=True)
    join_team(coach, team)
    SupportRequestFactory.create_batch(30, requester=coach, dea=dea, required_by=today())
    client = client_for(team.leader)
    with django_assert_num_queries(5):  # token and user, roles, count, page, activities
        response = client.get(LIST, {"state": "submitted", "due": "this_week", "page_size": 200})
    assert response.json()["count"] == 30


# --- one request --------------------------------------------------------------------------


def test_a_request_reads_with_its_history_and_activities():
    sr = a_request_in_cohort()
    client = api_as(sr.dea)
    client.post(f"{detail(sr)}request-info/", {"message": "Which office?"}, format="json")
    api_as(sr.requester).post(f"{detail(sr)}provide-info/", {"message": "Leeds"}, format="json")
    client.post(f"{detail(sr)}accept/", {"channel": "three_way"}, format="json")

    body = api_as(sr.requester).get(detail(sr)).json()
    activity = Activity.objects.get(support_request=sr)
    assert body["activities"] == [activity.pk]
    assert body["channel"] == "three_way"
    assert [(h["action"], h["from"], h["to"], h["by"]) for h in body["history"]] == [
        ("request_info", "submitted", "info_requested", sr.dea_id),
        ("provide_info", "info_requested", "submitted", sr.requester_id),
        ("accept", "submitted", "accepted", sr.dea_id),
    ]
    assert [h["message"] for h in body["history"]] == [
        "Which office?",
        "Leeds",
        "Three-way intervention",
    ]


def test_reading_a_request_about_a_claimant_is_access_logged_each_time():
    sr = SupportRequestFactory()
    for reader in (sr.dea, sr.requester, sr.dea):
        assert api_as(reader).get(detail(sr)).status_code == 200
    logged = AccessLog.objects.order_by("at", "id")
    assert [(e.staff_id, e.record_type, e.record_id, e.via) for e in logged] == [
        (reader.pk, "claimants.claimant", sr.claimant_id, detail(sr))
        for reader in (sr.dea, sr.requester, sr.dea)
    ]


def test_the_list_a_hidden_request_and_a_request_with_no_claimant_are_not_logged():
    sr = SupportRequestFactory()
    colleague = SupportRequestFactory(colleague=True, dea=sr.dea)
    api_as(sr.dea).get(LIST)
    api_as(sr.dea).get(detail(colleague))
    api_as(StaffFactory(work_coach=True)).get(detail(sr))  # 404
    assert not AccessLog.objects.exists()


# --- steps --------------------------------------------------------------------------------


def test_each_step_returns_the_request():
    sr = a_request_in_cohort()
    response = api_as(sr.dea).post(f"{detail(sr)}request-info/", {"message": "Why?"}, format="json")
    assert response.status_code == 200
    assert (response.json()["id"], response.json()["state"]) == (sr.pk, "info_requested")
    response = api_as(sr.requester).post(f"{detail(sr)}withdraw/", format="json")
    assert response.status_code == 200
    assert response.json()["state"] == "withdrawn"
    assert response.json()["history"][-1]["message"] == ""


@pytest.mark.parametrize(
    ("step", "body", "field"),
    [
        ("request-info", {}, "message"),
        ("request-info", {"message": "  "}, "message"),
        ("decline", {"reason": "duplicate"}, "note"),
        ("decline", {"reason": "bored", "note": "No."}, "reason"),
        ("accept", {}, "channel"),
        ("accept", {"channel": "carrier_pigeon"}, "channel"),
    ],
)
def test_a_step_with_bad_input_is_400_naming_the_field_and_changes_nothing(step, body, field):
    sr = a_request_in_cohort()
    before = SupportRequest.objects.filter(pk=sr.pk).values().get()
    response = api_as(sr.dea).post(f"{detail(sr)}{step}/", body, format="json")
    assert set(assert_error(response, 400, "invalid")["errors"]) == {field}
    assert SupportRequest.objects.filter(pk=sr.pk).values().get() == before
    assert not SupportRequestEvent.objects.filter(support_request=sr).exists()


@pytest.mark.parametrize(
    ("who", "step", "body"),
    [
        ("requester", "accept", {"channel": "case_conference"}),
        ("requester", "decline", {"reason": "duplicate", "note": "Mine twice."}),
        ("requester", "request-info", {"message": "?"}),
        ("dea", "withdraw", {}),
    ],
)
def test_a_step_for_someone_else_is_403_and_changes_nothing(who, step, body):
    sr = a_request_in_cohort()
    response = api_as(getattr(sr, who)).post(f"{detail(sr)}{step}/", body, format="json")
    assert_error(response, 403, "forbidden")
    assert SupportRequest.objects.get(pk=sr.pk).state == "submitted"
    assert not SupportRequestEvent.objects.filter(support_request=sr).exists()


def test_provide_info_is_for_the_requester_only():
    sr = a_request_in_cohort(info_requested=True)
    response = api_as(sr.dea).post(f"{detail(sr)}provide-info/", {"message": "x"}, format="json")
    assert_error(response, 403, "forbidden")


def test_accepting_returns_the_request_with_its_first_activity():
    sr = a_request_in_cohort()
    response = api_as(sr.dea).post(
        f"{detail(sr)}accept/", {"channel": "claimant_support_intervention"}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    activity = Activity.objects.get(support_request=sr)
    assert (body["state"], body["activities"], body["agenda_cases"]) == (
        "accepted",
        [activity.pk],
        [],
    )
    assert (activity.kind, activity.state) == (
        "claimant_support_intervention",
        ActivityState.AWAITING_CONSENT,
    )


def test_accepting_as_a_group_conference_case_puts_it_on_the_agenda():
    sr = a_request_in_cohort()
    response = api_as(sr.dea).post(
        f"{detail(sr)}accept/",
        {"channel": "group_conference_case", "note": "Good one for the group."},
        format="json",
    )
    assert response.status_code == 200, response.content
    case = AgendaCase.objects.get(support_request=sr)
    assert (response.json()["activities"], response.json()["agenda_cases"]) == ([], [case.pk])
    assert response.json()["history"][-1]["message"] == (
        "Case for a group conference. Good one for the group."
    )


# --- topics for referral trends ------------------------------------------------------------


def topics_of(sr) -> list[str]:
    return SupportRequest.objects.get(pk=sr.pk).topics


def test_the_dea_sets_the_topics_and_gets_the_request_back():
    sr = a_request_in_cohort()
    response = api_as(sr.dea).put(
        f"{detail(sr)}topics/",
        {"topics": [" Anxiety", "reasonable adjustments", "anxiety"]},
        format="json",
    )
    assert response.status_code == 200, response.content
    # Trimmed, in lower case, each once, as the request page stores them.
    assert response.json()["topics"] == ["anxiety", "reasonable adjustments"]
    assert response.json()["id"] == sr.pk and "history" in response.json()
    assert topics_of(sr) == ["anxiety", "reasonable adjustments"]

    response = api_as(sr.dea).put(f"{detail(sr)}topics/", {"topics": []}, format="json")
    assert response.status_code == 200 and response.json()["topics"] == []
    assert topics_of(sr) == []


def test_topics_can_be_tagged_whatever_state_the_request_is_in():
    """A declined request is where the DEA marks a trend of inappropriate ones [12]."""
    sr = a_request_in_cohort(declined=True)
    response = api_as(sr.dea).put(f"{detail(sr)}topics/", {"topics": ["pip only"]}, format="json")
    assert response.status_code == 200, response.content
    assert topics_of(sr) == ["pip only"]


@pytest.mark.parametrize(
    "body",
    [{}, {"topics": "anxiety"}, {"topics": [None]}, {"topics": ["x" * 61]}],
    ids=["missing", "not a list", "not text", "too long"],
)
def test_topics_that_cannot_be_read_are_400_and_change_nothing(body):
    sr = a_request_in_cohort()
    response = api_as(sr.dea).put(f"{detail(sr)}topics/", body, format="json")
    assert set(assert_error(response, 400, "invalid")["errors"]) == {"topics"}
    assert topics_of(sr) == []


def test_more_than_ten_topics_are_refused_by_the_service():
    sr = a_request_in_cohort()
    eleven = [f"topic {n}" for n in range(11)]
    response = api_as(sr.dea).put(f"{detail(sr)}topics/", {"topics": eleven}, format="json")
    body = assert_error(response, 400, "invalid")
    assert body["errors"] == {"topics": ["Use at most 10 topics"]}
    assert topics_of(sr) == []


def test_only_the_requests_dea_tags_it(api):
    sr = a_request_in_cohort()
    url = f"{detail(sr)}topics/"
    assert_error(api.put(url, {"topics": ["a"]}, format="json"), 401, "not_authenticated")
    response = api_as(sr.requester).put(url, {"topics": ["a"]}, format="json")
    assert_error(response, 403, "forbidden")
    response = api_as(StaffFactory(dea=True)).put(url, {"topics": ["a"]}, format="json")
    assert_error(response, 404, "not_found")
    assert topics_of(sr) == []


def test_topics_are_put_not_posted():
    sr = a_request_in_cohort()
    response = api_as(sr.dea).post(f"{detail(sr)}topics/", {"topics": ["a"]}, format="json")
    assert response.status_code == 405
    assert topics_of(sr) == []


# --- cover --------------------------------------------------------------------------------


@pytest.fixture
def leave():
    """A WCTL managing two DEAs; the first has open and closed requests."""
    wctl = StaffFactory(wctl=True)
    away, covering = StaffFactory(dea=True), StaffFactory(dea=True)
    managed_by(away, wctl)
    managed_by(covering, wctl)
    open_ones = [
        SupportRequestFactory(dea=away),
        SupportRequestFactory(dea=away, info_requested=True),
        SupportRequestFactory(dea=away, accepted=True),
    ]
    closed = SupportRequestFactory(dea=away, declined=True)
    return {"wctl": wctl, "away": away, "covering": covering, "open": open_ones, "closed": closed}


def test_a_team_leader_moves_every_open_request_for_cover(leave):
    response = api_as(leave["wctl"]).post(
        f"{LIST}cover/",
        {"from_dea": leave["away"].pk, "to_dea": leave["covering"].pk, "note": "Annual leave"},
        format="json",
    )
    assert response.status_code == 200, response.content
    moved = {row["id"] for row in response.json()["moved"]}
    assert moved == {sr.pk for sr in leave["open"]}
    assert all(row["dea"] == leave["covering"].pk for row in response.json()["moved"])
    assert SupportRequest.objects.get(pk=leave["closed"].pk).dea == leave["away"]
    history = api_as(leave["covering"]).get(detail(leave["open"][0])).json()["history"]
    assert history[-1]["action"] == "cover"
    assert history[-1]["by"] == leave["wctl"].pk
    assert history[-1]["message"].endswith("for cover: Annual leave")
    assert (history[-1]["from"], history[-1]["to"]) == ("submitted", "submitted")


def test_a_team_leader_moves_only_the_requests_listed(leave):
    chosen = leave["open"][1]
    response = api_as(leave["wctl"]).post(
        f"{LIST}cover/",
        {"from_dea": leave["away"].pk, "to_dea": leave["covering"].pk, "requests": [chosen.pk]},
        format="json",
    )
    assert [row["id"] for row in response.json()["moved"]] == [chosen.pk]
    assert set(SupportRequest.objects.filter(dea=leave["covering"])) == {chosen}


def test_a_closed_request_cannot_be_moved_and_nothing_moves(leave):
    response = api_as(leave["wctl"]).post(
        f"{LIST}cover/",
        {
            "from_dea": leave["away"].pk,
            "to_dea": leave["covering"].pk,
            "requests": [leave["open"][0].pk, leave["closed"].pk],
        },
        format="json",
    )
    assert "requests" in assert_error(response, 400, "invalid")["errors"]
    assert not SupportRequest.objects.filter(dea=leave["covering"]).exists()


@pytest.mark.parametrize("who", ["dea", "coach", "other_wctl"])
def test_only_the_deas_team_leader_may_arrange_cover(leave, who):
    caller = {
        "dea": leave["away"],
        "coach": leave["open"][0].requester,
        "other_wctl": StaffFactory(wctl=True),
    }[who]
    response = api_as(caller).post(
        f"{LIST}cover/",
        {"from_dea": leave["away"].pk, "to_dea": leave["covering"].pk},
        format="json",
    )
    assert_error(response, 403, "forbidden")
    assert not SupportRequest.objects.filter(dea=leave["covering"]).exists()


def test_cover_must_go_to_another_dea(leave):
    client = api_as(leave["wctl"])
    for to_dea in (leave["away"].pk, leave["open"][0].requester_id, 10**9):
        response = client.post(
            f"{LIST}cover/", {"from_dea": leave["away"].pk, "to_dea": to_dea}, format="json"
        )
        assert "to_dea" in assert_error(response, 400, "invalid")["errors"]


# --- notifications ------------------------------------------------------------------------


def test_a_person_reads_their_own_notifications_newest_first(django_capture_on_commit_callbacks):
    coach = StaffFactory(work_coach=True)
    add_member(CohortFactory(), coach)
    claimant = ClaimantFactory(work_coach=coach)
    with django_capture_on_commit_callbacks():
        filed = (
            api_as(coach)
            .post(
                LIST,
                {
                    "kind": "claimant_support",
                    "claimant": claimant.pk,
                    "challenges": "Anxiety.",
                    "reason": "Adjustments.",
                    "required_by": working_day().isoformat(),
                },
                format="json",
            )
            .json()
        )
        sr = SupportRequest.objects.get(pk=filed["id"])
        api_as(sr.dea).post(f"{detail(sr)}request-info/", {"message": "Which?"}, format="json")
        api_as(coach).post(f"{detail(sr)}provide-info/", {"message": "Leeds"}, format="json")

    dea_notes = api_as(sr.dea).get("/api/notifications/").json()
    assert dea_notes["count"] == 2
    first, second = dea_notes["results"]
    assert first["created_at"] >= second["created_at"]
    assert "answered" in first["title"] and sr.reference in second["title"]
    assert set(first) == {"id", "kind", "title", "body", "link", "created_at", "read_at"}
    coach_notes = api_as(coach).get("/api/notifications/").json()["results"]
    assert [n["kind"] for n in coach_notes] == ["support_request_request_info"]


def test_notifications_are_marked_read_by_id_or_all_and_only_ones_own():
    me, someone = StaffFactory(work_coach=True), StaffFactory(work_coach=True)
    mine = [
        Notification.objects.create(recipient=me, key=f"k{i}", kind="x", title=f"{i}")
        for i in range(3)
    ]
    theirs = Notification.objects.create(recipient=someone, key="k", kind="x", title="t")
    client = api_as(me)

    response = client.post(
        "/api/notifications/read/", {"ids": [mine[0].pk, theirs.pk]}, format="json"
    )
    assert response.json() == {"marked": 1}
    assert ids(client.get("/api/notifications/", {"unread": "true"})) == [mine[2].pk, mine[1].pk]
    assert client.post("/api/notifications/read/", {}, format="json").json() == {"marked": 2}
    assert ids(client.get("/api/notifications/", {"unread": "true"})) == []
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert ids(api_as(someone).get("/api/notifications/")) == [theirs.pk]


def test_marking_read_with_bad_ids_is_400():
    me = StaffFactory(work_coach=True)
    body = assert_error(
        api_as(me).post("/api/notifications/read/", {"ids": "all"}, format="json"), 400, "invalid"
    )
    assert "ids" in body["errors"]
