"""Six point plan records [37] (DESIGN.md sections 3 and 10, API.md).

The holding work coach, or the DEA the claimant is referred to, records the facts of a declared
intention of suicide or self-harm; the claimant's record then carries the declaration (the
paragraph 5 exception); the coach's team leader is told at once and reviews it, once, with a
date and a note; every change keeps its history. The coach, the DEA, their team leaders and
administrators see the records; analysts and anyone else are told there is no such record.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from claimants.eligibility import SupportBasis
from claimants.models import Claimant, SixPointPlanRecord
from claimants.services import six_point_plan_record, six_point_plan_review
from jomcase.errors import RuleViolation
from jomcase.models import AccessLog, Notification
from tests.conftest import api_as
from tests.factories import (
    ClaimantFactory,
    SixPointPlanRecordFactory,
    StaffFactory,
    SupportRequestFactory,
    TeamFactory,
    join_team,
    managed_by,
    today,
)

pytestmark = pytest.mark.django_db

FACTS = {
    "declaration": "Dywedodd ei fod wedi meddwl am niweidio ei hun. He said he had thought of "
    "harming himself and had a plan for tonight.",
    "steps_taken": "Kept him talking in a quiet room; a colleague stayed with him.",
    "emergency_services_contacted": True,
    "people_told": "Team leader; supporting colleague Małgorzata Wiśniewska.",
    "follow_up": "Phone call tomorrow at 10:00 to check he is safe.",
}


def facts(**changes) -> dict:
    return {"declared_on": today() - dt.timedelta(days=1), **FACTS, **changes}


@pytest.fixture
def people():
    """A coach in a team led by one team leader, holding a claimant on PIP only who is
    referred to a DEA whom another team leader line-manages."""
    team = TeamFactory(leader=StaffFactory(wctl=True, first_name="Siân", last_name="Llewellyn"))
    coach = StaffFactory(work_coach=True, first_name="Dafydd", last_name="ap Gwilym")
    join_team(coach, team)
    dea = StaffFactory(dea=True, first_name="Nguyễn", last_name="Thị Hương")
    dea_leader = StaffFactory(wctl=True, first_name="Wojciech", last_name="Krzyżanowski")
    managed_by(dea, dea_leader)
    claimant = ClaimantFactory(
        work_coach=coach, forenames="Rhodri", surname="Ó Súilleabháin", non_benefit=True
    )
    SupportRequestFactory(requester=coach, dea=dea, claimant=claimant)
    other_team = TeamFactory()
    other_coach = StaffFactory(work_coach=True)
    join_team(other_coach, other_team)
    return {
        "coach": coach,
        "leader": team.leader,
        "dea": dea,
        "dea_leader": dea_leader,
        "claimant": claimant,
        "other_coach": other_coach,
        "other_leader": other_team.leader,
        "other_dea": StaffFactory(dea=True),
        "analyst": StaffFactory(analyst=True),
        "sdtl": StaffFactory(sdtl=True),
        "administrator": StaffFactory(administrator=True),
    }


def record_by(person, claimant, **changes) -> SixPointPlanRecord:
    return six_point_plan_record(actor=person, claimant_id=claimant.pk, **facts(**changes))


# Recording


def test_the_same_answers_sent_twice_are_one_record_and_one_notice(people):
    first = record_by(people["coach"], people["claimant"])
    again = record_by(people["coach"], people["claimant"])  # a double click, a resent form
    assert again.pk == first.pk
    assert SixPointPlanRecord.objects.count() == 1
    assert Notification.objects.filter(kind="six_point_plan").count() == 1


def test_the_coach_records_and_the_claimant_then_has_the_self_harm_exception(people):
    claimant = people["claimant"]
    assert claimant.support_basis is None  # PIP only: refused DEA support before

    record = record_by(people["coach"], claimant)

    assert record.recorded_by == people["coach"]
    assert record.declaration == FACTS["declaration"]
    assert record.emergency_services_contacted is True
    assert record.reviewed_at is None
    claimant.refresh_from_db()
    assert claimant.self_harm_declared
    assert claimant.support_basis == SupportBasis.SELF_HARM_DECLARED
    assert Claimant.objects.eligible_for_support().filter(pk=claimant.pk).exists()
    assert claimant.history.first().history_user == people["coach"]


def test_the_team_leader_is_told_once_with_whose_record_it_is_and_a_link(people):
    record = record_by(people["coach"], people["claimant"])
    # A second record (another day's facts) is a second notice.
    record_by(people["coach"], people["claimant"], follow_up="Call again on Friday.")

    told = Notification.objects.filter(kind="six_point_plan").order_by("id")
    assert [n.recipient for n in told] == [people["leader"], people["leader"]]
    first = told[0]
    assert "Rhodri Ó Súilleabháin" in first.title
    assert first.link == reverse("claimants:six_point_plan", args=[record.pk])
    assert "Dafydd ap Gwilym" in first.body
    assert first.key == f"six_point_plan:{record.pk}:recorded"
    assert len({n.key for n in told}) == 2


def test_the_dea_the_claimant_is_referred_to_records_and_the_coachs_leader_is_told(people):
    record = record_by(people["dea"], people["claimant"])

    assert record.recorded_by == people["dea"]
    assert list(Notification.objects.values_list("recipient", flat=True)) == [people["leader"].pk]


@pytest.mark.parametrize(
    "who", ["leader", "dea_leader", "other_coach", "other_dea", "analyst", "administrator"]
)
def test_anyone_else_is_refused_and_nothing_is_saved(people, who):
    with pytest.raises(PermissionDenied):
        record_by(people[who], people["claimant"])

    assert not SixPointPlanRecord.objects.exists()
    assert not Notification.objects.exists()
    people["claimant"].refresh_from_db()
    assert not people["claimant"].self_harm_declared


def test_every_missing_fact_is_named_in_one_error_and_nothing_is_saved(people):
    with pytest.raises(ValidationError) as refused:
        six_point_plan_record(
            actor=people["coach"],
            claimant_id=people["claimant"].pk,
            declared_on=None,
            declaration=" ",
            steps_taken="",
            emergency_services_contacted=None,
            people_told="",
            follow_up="",
        )

    assert refused.value.message_dict == {
        "declared_on": ["Enter the date of the declaration"],
        "declaration": ["Enter what the claimant declared"],
        "steps_taken": ["Enter the steps you took"],
        "emergency_services_contacted": ["Select yes if emergency services were contacted"],
        "people_told": ["Enter who was told"],
        "follow_up": ["Enter the follow-up agreed"],
    }
    assert not SixPointPlanRecord.objects.exists()
    assert not Notification.objects.exists()


def test_a_declaration_in_the_future_is_refused(people):
    with pytest.raises(ValidationError) as refused:
        record_by(people["coach"], people["claimant"], declared_on=today() + dt.timedelta(days=1))

    assert refused.value.message_dict == {
        "declared_on": ["The date of the declaration must be today or in the past"]
    }
    assert not SixPointPlanRecord.objects.exists()


# Reviewing


def test_the_team_leader_reviews_once_and_a_second_review_is_refused(people):
    record = record_by(people["coach"], people["claimant"])

    reviewed = six_point_plan_review(
        actor=people["leader"], record_id=record.pk, review_on=today(), note="Spoke to Dafydd."
    )

    assert reviewed.reviewed_by == people["leader"]
    assert reviewed.review_on == today()
    assert reviewed.review_note == "Spoke to Dafydd."
    assert reviewed.reviewed_at is not None
    with pytest.raises(RuleViolation) as again:
        six_point_plan_review(
            actor=people["leader"], record_id=record.pk, review_on=today(), note="Again."
        )
    assert again.value.code == "already_reviewed"
    assert "already reviewed by Siân Llewellyn" in again.value.detail
    record.refresh_from_db()
    assert record.review_note == "Spoke to Dafydd."


def test_an_administrator_may_review(people):
    record = record_by(people["coach"], people["claimant"])

    six_point_plan_review(
        actor=people["administrator"], record_id=record.pk, review_on=today(), note="Checked."
    )

    record.refresh_from_db()
    assert record.reviewed_by == people["administrator"]


@pytest.mark.parametrize("who", ["coach", "dea", "dea_leader", "other_leader", "analyst"])
def test_only_the_coachs_team_leader_reviews(people, who):
    record = record_by(people["coach"], people["claimant"])

    with pytest.raises(PermissionDenied):
        six_point_plan_review(actor=people[who], record_id=record.pk, review_on=today(), note="x")

    record.refresh_from_db()
    assert not record.reviewed


@pytest.mark.parametrize(
    ("review_on", "note", "errors"),
    [
        (
            None,
            "",
            {
                "review_on": ["Enter the date of the review"],
                "note": ["Enter a note about the review"],
            },
        ),
        (
            dt.date(2099, 1, 1),
            "Fine.",
            {"review_on": ["The date of the review must be today or in the past"]},
        ),
        (
            "before the declaration",
            "Fine.",
            {
                "review_on": [
                    "The date of the review must be on or after the date of the declaration"
                ]
            },
        ),
    ],
)
def test_a_review_needs_a_date_not_in_the_future_and_a_note(people, review_on, note, errors):
    record = record_by(people["coach"], people["claimant"])
    if review_on == "before the declaration":
        review_on = record.declared_on - dt.timedelta(days=1)

    with pytest.raises(ValidationError) as refused:
        six_point_plan_review(
            actor=people["leader"], record_id=record.pk, review_on=review_on, note=note
        )

    found = refused.value.message_dict
    assert set(found) == set(errors)
    for field, messages in errors.items():
        assert found[field][0].startswith(messages[0])
    record.refresh_from_db()
    assert not record.reviewed


def test_the_record_keeps_its_history_shown_on_its_page(people):
    record = record_by(people["coach"], people["claimant"])
    six_point_plan_review(
        actor=people["leader"], record_id=record.pk, review_on=today(), note="Spoke to Dafydd."
    )

    versions = list(record.history.order_by("history_date"))
    assert [(v.history_type, v.history_user) for v in versions] == [
        ("+", people["coach"]),
        ("~", people["leader"]),
    ]
    page = _client(people["coach"]).get(reverse("claimants:six_point_plan", args=[record.pk]))
    text = page.content.decode()
    assert "Changes to this record" in text
    assert "Review note: none to Spoke to Dafydd." in text
    assert "Siân Llewellyn" in text


# Who sees the records

SEES = ["coach", "leader", "dea", "dea_leader", "administrator"]
NOT_SEES = ["analyst", "other_coach", "other_leader", "other_dea", "sdtl"]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("who", SEES)
def test_the_coach_the_dea_their_leaders_and_administrators_open_the_record(people, who):
    record = record_by(people["coach"], people["claimant"])

    page = _client(people[who]).get(reverse("claimants:six_point_plan", args=[record.pk]))
    listed = api_as(people[who]).get(f"/api/claimants/{people['claimant'].pk}/six-point-plans/")

    assert page.status_code == 200
    assert FACTS["steps_taken"] in page.content.decode()
    assert [row["id"] for row in listed.json()["results"]] == [record.pk]
    assert AccessLog.objects.filter(staff=people[who], record_id=record.pk).exists()


@pytest.mark.parametrize("who", NOT_SEES)
def test_analysts_and_anyone_else_are_told_there_is_no_record(people, who):
    record = record_by(people["coach"], people["claimant"])

    page = _client(people[who]).get(reverse("claimants:six_point_plan", args=[record.pk]))
    listed = api_as(people[who]).get(f"/api/claimants/{people['claimant'].pk}/six-point-plans/")

    assert page.status_code == 404
    assert listed.status_code == 404
    assert FACTS["declaration"] not in page.content.decode()


def test_the_claimant_page_lists_records_newest_first_to_those_allowed(
    people, django_assert_num_queries
):
    claimant = people["claimant"]
    older = SixPointPlanRecordFactory(claimant=claimant, declared_on=dt.date(2026, 3, 2))
    newer = SixPointPlanRecordFactory(claimant=claimant, declared_on=dt.date(2026, 3, 9))
    client = _client(people["coach"])
    url = reverse("claimants:detail", args=[claimant.pk])

    # session, user and roles, claimant, access log, changes, records, moves: the holding
    # coach's own claimant needs no query to say they may see and record
    with django_assert_num_queries(7):
        text = client.get(url).content.decode()

    assert "Six point plan records" in text
    assert text.index("9 Mar 2026") < text.index("2 Mar 2026")
    assert reverse("claimants:six_point_plan", args=[newer.pk]) in text
    assert reverse("claimants:six_point_plan", args=[older.pk]) in text
    assert "Record a six point plan" in text
    leader_view = _client(people["leader"]).get(url).content.decode()
    assert "9 Mar 2026" in leader_view
    assert "Record a six point plan" not in leader_view  # the leader reviews, not records


# Pages


def test_the_coach_records_through_the_pages_with_a_month_name(people):
    claimant, client = people["claimant"], _client(people["coach"])
    yesterday = today() - dt.timedelta(days=1)
    new = reverse("claimants:six_point_plan_new", args=[claimant.pk])

    empty = client.post(new, {})
    assert empty.status_code == 200
    assert "Enter the date of the declaration" in empty.content.decode()
    assert "Select yes if emergency services were contacted" in empty.content.decode()

    answers = {
        "declared_on-day": str(yesterday.day),
        "declared_on-month": f"{yesterday:%b}",
        "declared_on-year": str(yesterday.year),
        **FACTS,
        "emergency_services_contacted": "no",
    }
    check = client.post(new, answers)
    assert check.status_code == 302
    check_page = client.get(check.url).content.decode()
    assert "Check your answers before recording the six point plan" in check_page
    assert f"{yesterday:%-d %B %Y}" in check_page
    assert "Siân Llewellyn" in check_page  # who will review it
    assert not SixPointPlanRecord.objects.exists()

    done = client.post(check.url)
    record = SixPointPlanRecord.objects.get()
    assert done.url == reverse("claimants:six_point_plan_recorded", args=[record.pk])
    assert "Six point plan recorded" in client.get(done.url).content.decode()
    assert record.declared_on == yesterday
    assert record.emergency_services_contacted is False
    assert Notification.objects.get().recipient == people["leader"]
    # The journey's answers are gone: the check page sends a new visit back to the start.
    assert client.get(check.url).url == new


def test_the_leader_reviews_on_the_records_page(people):
    record = record_by(people["coach"], people["claimant"])
    url = reverse("claimants:six_point_plan", args=[record.pk])
    client = _client(people["leader"])

    assert "Record the review" in client.get(url).content.decode()
    assert "Record the review" not in _client(people["coach"]).get(url).content.decode()
    refused = client.post(url, {"note": ""})
    assert "Enter the date of the review" in refused.content.decode()
    assert "Enter a note about the review" in refused.content.decode()

    done = client.post(
        url,
        {
            "review_on-day": str(today().day),
            "review_on-month": str(today().month),
            "review_on-year": str(today().year),
            "note": "Dafydd followed the plan.",
        },
    )
    assert done.status_code == 302
    page = client.get(url).content.decode()
    assert "Dafydd followed the plan." in page
    assert "Record the review" not in page
    assert _client(people["coach"]).post(url, {"note": "x"}).status_code == 403


def test_someone_who_may_not_record_is_refused_the_pages(people):
    new = reverse("claimants:six_point_plan_new", args=[people["claimant"].pk])

    assert _client(people["leader"]).get(new).status_code == 403
    assert _client(people["analyst"]).get(new).status_code == 404
    assert _client(people["dea"]).get(new).status_code == 200


# API

LIST = "/api/claimants/{}/six-point-plans/"


def _api_facts(**changes) -> dict:
    return {**facts(), "declared_on": f"{today() - dt.timedelta(days=1):%Y-%m-%d}", **changes}


def test_the_api_lists_records_newest_first_with_pinned_queries(people, django_assert_num_queries):
    claimant = people["claimant"]
    for day in (1, 2, 3):
        SixPointPlanRecordFactory(claimant=claimant, declared_on=dt.date(2026, 3, day))
    client = api_as(people["coach"])

    # roles, claimant, access log, count, records with who recorded and reviewed them
    with django_assert_num_queries(5):
        response = client.get(LIST.format(claimant.pk))

    body = response.json()
    assert body["count"] == 3
    assert [row["declared_on"] for row in body["results"]] == [
        "2026-03-03",
        "2026-03-02",
        "2026-03-01",
    ]
    assert set(body["results"][0]) == {
        "id",
        "claimant",
        "declared_on",
        "declaration",
        "steps_taken",
        "emergency_services_contacted",
        "people_told",
        "follow_up",
        "recorded_by",
        "recorded_at",
        "reviewed_by",
        "reviewed_at",
        "review_on",
        "review_note",
    }


def test_the_api_records_one_for_the_coach(people):
    response = api_as(people["coach"]).post(
        LIST.format(people["claimant"].pk), _api_facts(), format="json"
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["recorded_by"] == people["coach"].pk
    assert body["emergency_services_contacted"] is True
    assert body["reviewed_at"] is None
    assert SixPointPlanRecord.objects.get().pk == body["id"]
    assert Notification.objects.get().recipient == people["leader"]


def test_the_api_names_each_bad_field_and_saves_nothing(people):
    response = api_as(people["coach"]).post(
        LIST.format(people["claimant"].pk),
        {"declared_on": "2099-01-01", "declaration": "", "emergency_services_contacted": None},
        format="json",
    )

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["declared_on"] == ["The date of the declaration must be today or in the past"]
    assert set(errors) == {
        "declared_on",
        "declaration",
        "steps_taken",
        "emergency_services_contacted",
        "people_told",
        "follow_up",
    }
    assert not SixPointPlanRecord.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("leader", 403),
        ("dea_leader", 403),
        ("administrator", 403),
        ("analyst", 404),
        ("other_coach", 404),
    ],
)
def test_the_api_refuses_a_role_that_may_not_record(people, who, status):
    response = api_as(people[who]).post(
        LIST.format(people["claimant"].pk), _api_facts(), format="json"
    )

    assert response.status_code == status
    assert not SixPointPlanRecord.objects.exists()
    assert not Notification.objects.exists()


def test_the_api_review_is_for_the_team_leader_and_only_once(people):
    record = record_by(people["coach"], people["claimant"])
    url = f"/api/six-point-plans/{record.pk}/review/"
    review = {"review_on": f"{today():%Y-%m-%d}", "note": "Checked with Dafydd."}

    assert api_as(people["analyst"]).post(url, review, format="json").status_code == 404
    assert api_as(people["coach"]).post(url, review, format="json").status_code == 403
    missing = api_as(people["leader"]).post(url, {}, format="json")
    assert missing.status_code == 400
    assert set(missing.json()["errors"]) == {"review_on", "note"}

    done = api_as(people["leader"]).post(url, review, format="json")
    assert done.status_code == 200, done.content
    assert done.json()["reviewed_by"] == people["leader"].pk
    assert done.json()["review_note"] == "Checked with Dafydd."

    again = api_as(people["leader"]).post(url, review, format="json")
    assert again.status_code == 409
    assert again.json()["code"] == "already_reviewed"


# Admin


def test_the_admin_only_shows_records():
    model_admin = admin.site._registry[SixPointPlanRecord]
    request = type("Request", (), {"user": StaffFactory(is_superuser=True, is_staff=True)})()

    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


# The claimant's timeline


def test_recording_and_reviewing_appear_on_the_claimants_timeline(people):
    record = record_by(people["coach"], people["claimant"])
    six_point_plan_review(
        actor=people["leader"], record_id=record.pk, review_on=today(), note="Spoke to Dafydd."
    )
    url = reverse("conferences:claimant_timeline", args=[people["claimant"].pk])

    page = _client(people["dea"]).get(url).content.decode()
    listed = api_as(people["coach"]).get(
        f"/api/claimants/{people['claimant'].pk}/timeline/", {"page_size": 200}
    )

    assert "Six point plan recorded" in page
    assert "Six point plan reviewed" in page
    assert reverse("claimants:six_point_plan", args=[record.pk]) in page
    assert FACTS["declaration"] not in page  # the facts stay on the record's own page
    entries = [item for item in listed.json()["results"] if "six_point_plan" in item["type"]]
    assert [(item["type"], item["id"]) for item in entries] == [
        ("six_point_plan", record.pk),
        ("six_point_plan_review", record.pk),
    ]
    assert _client(people["analyst"]).get(url).status_code == 404
