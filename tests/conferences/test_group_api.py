"""``/api/group-conferences/`` (API.md): the caller's visible sessions, and booking one with
the rules' answers: 409 ``group_too_large`` beyond 10 coaches, 400 under 60 minutes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conferences.models import Activity, ActivityKind, AgendaCase, DiaryEntry
from tests.conferences.group_helpers import a_led_cohort_of, a_session, a_slot, pending_cases
from tests.conftest import api_as
from tests.factories import ClaimantFactory, StaffFactory, TeamFactory, join_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(db):
    return a_led_cohort_of(12)


def url() -> str:
    return reverse("api-group-conferences")


def body(scene, *, minutes=60, coaches=None, **extra):
    start, end = a_slot(6, 10, minutes)
    return {
        "dea": scene.dea.pk,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "attendees": [c.pk for c in (scene.coaches[:10] if coaches is None else coaches)],
        **extra,
    }


def nothing_booked() -> bool:
    return not Activity.objects.filter(kind=ActivityKind.GROUP_CONFERENCE).exists() and not (
        DiaryEntry.objects.exists()
    )


def test_the_dea_books_a_session_with_invitees_and_cases(scene):
    cases = pending_cases(scene, 3)
    response = api_as(scene.dea).post(
        url(),
        body(
            scene,
            invitees=[scene.leader.pk],
            cases=[c.claimant_id for c in cases],
            place="Room 3",
        ),
        format="json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    session = Activity.objects.get(pk=data["id"])
    assert session.kind == ActivityKind.GROUP_CONFERENCE and data["state"] == "booked"
    assert data["dea"] == scene.dea.pk and data["channel"] == "face_to_face"
    assert sorted(data["attendees"]) == sorted(c.pk for c in scene.coaches[:10])
    assert data["invitees"] == [scene.leader.pk]
    assert sorted(data["cases"]) == sorted(c.claimant_id for c in cases)
    assert sorted(data["agenda"]) == sorted(c.pk for c in cases)
    assert data["warnings"] == [] and data["clashes"] == []
    assert DiaryEntry.objects.filter(activity=session).count() == 12


def test_an_eleventh_attendee_is_409_group_too_large_and_nothing_is_saved(scene):
    response = api_as(scene.dea).post(url(), body(scene, coaches=scene.coaches[:11]), format="json")
    assert response.status_code == 409
    data = response.json()
    assert data["code"] == "group_too_large"
    assert "at most 10" in data["detail"]
    assert data["errors"] == {"attendees": [data["detail"]]}
    assert nothing_booked()


def test_a_45_minute_session_is_400_and_nothing_is_saved(scene):
    response = api_as(scene.dea).post(url(), body(scene, minutes=45), format="json")
    assert response.status_code == 400
    data = response.json()
    assert data["code"] == "invalid"
    assert data["errors"]["end"] == ["A group conference lasts at least 60 minutes"]
    assert nothing_booked()


def test_cases_named_by_claimant_are_nominated_when_the_booker_may_see_them(scene):
    team = TeamFactory(leader=scene.leader)
    coach = scene.coaches[0]
    join_team(coach, team)
    claimant = ClaimantFactory(work_coach=coach)
    response = api_as(scene.leader).post(url(), body(scene, cases=[claimant.pk]), format="json")
    assert response.status_code == 201, response.json()
    case = AgendaCase.objects.get(claimant=claimant)
    assert case.nominated_by == scene.leader and case.group_conference_id == response.json()["id"]
    assert response.json()["warnings"] == [
        "The guidance expects 3 to 4 cases a session; this one has 1."
    ]


def test_a_claimant_outside_the_cohort_is_400_and_nothing_is_saved(scene):
    stranger = ClaimantFactory()
    response = api_as(scene.dea).post(url(), body(scene, cases=[stranger.pk]), format="json")
    assert response.status_code == 400
    assert "cases" in response.json()["errors"]
    assert nothing_booked() and not AgendaCase.objects.exists()


def test_only_the_dea_their_team_leader_or_an_administrator_books(scene):
    for person in (scene.coaches[0], StaffFactory(wctl=True), StaffFactory(dea=True)):
        response = api_as(person).post(url(), body(scene), format="json")
        assert response.status_code == 403, person
        assert response.json()["code"] == "forbidden"
    assert nothing_booked()


def test_the_list_shows_what_the_caller_may_see(scene):
    mine = a_session(scene, coaches=scene.coaches[:3])
    other = a_led_cohort_of(2)
    theirs = a_session(other)
    assert [s["id"] for s in api_as(scene.dea).get(url()).json()["results"]] == [mine.pk]
    assert [s["id"] for s in api_as(scene.coaches[0]).get(url()).json()["results"]] == [mine.pk]
    assert api_as(scene.coaches[5]).get(url()).json()["count"] == 0  # not invited
    assert api_as(other.leader).get(url()).json()["results"][0]["id"] == theirs.pk
    filtered = api_as(StaffFactory(administrator=True)).get(url(), {"dea": other.dea.pk})
    assert [s["id"] for s in filtered.json()["results"]] == [theirs.pk]


def test_the_list_is_401_without_signing_in(api):
    assert api.get(url()).status_code == 401


def test_the_list_runs_the_same_queries_for_few_and_many_sessions(scene):
    client = api_as(scene.dea)
    a_session(scene, days=3, cases=pending_cases(scene, 1))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url()).status_code == 200
        return len(queries)

    few = count()
    for days in range(4, 16):
        a_session(scene, days=days, coaches=scene.coaches[:4], cases=pending_cases(scene, 2))
    many = count()
    # roles, count, page, coaches, invitees, agenda
    assert few == many <= 7
    assert len(client.get(url()).json()["results"]) == 13


def test_start_and_end_are_given_with_their_offset(scene):
    a_session(scene, days=3)
    (row,) = api_as(scene.dea).get(url()).json()["results"]
    parsed = dt.datetime.fromisoformat(row["start"])
    assert parsed.tzinfo is not None


def test_the_schema_describes_the_endpoint_without_warnings():
    from drf_spectacular.drainage import GENERATOR_STATS, reset_generator_stats
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema

    reset_generator_stats()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    assert not [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
    operations = schema["paths"]["/api/group-conferences/"]
    assert set(operations) == {"get", "post"}


def test_a_case_already_on_another_sessions_agenda_is_400(scene):
    (case,) = pending_cases(scene, 1)
    a_session(scene, days=3, cases=[case])
    response = api_as(scene.dea).post(url(), body(scene, cases=[case.claimant_id]), format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["cases"] == [
        "A case you chose is already on the agenda of another session"
    ]
    assert Activity.objects.filter(kind=ActivityKind.GROUP_CONFERENCE).count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_unknown_invitee_is_400_and_nothing_is_saved():
    """Committed for real, so a foreign key to nobody would surface as a crash."""
    scene = a_led_cohort_of(3)
    client = api_as(scene.dea)
    client.raise_request_exception = False
    response = client.post(url(), body(scene, invitees=[10**9]), format="json")
    assert response.status_code == 400
    assert "invitees" in response.json()["errors"]
    assert nothing_booked()


def test_only_people_the_planner_offers_may_be_invited(scene):
    """An analyst or a coach of another office would be shown the session and its cases."""
    for outsider in (StaffFactory(analyst=True), StaffFactory(work_coach=True)):
        response = api_as(scene.dea).post(url(), body(scene, invitees=[outsider.pk]), format="json")
        assert response.status_code == 400, response.json()
        assert response.json()["errors"]["invitees"] == [
            "Invite only the DEA's or the coaches' team leaders, or the work psychologist for "
            "the jobcentre"
        ]
    assert nothing_booked()
