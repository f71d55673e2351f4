"""Recording a check (DESIGN.md section 6): only the DEA's line-managing team leader may, of a
held activity whose kind fits the check, once per activity, answering every question of the
current checklist version. The API's answers: 201, 400 for a kind that does not fit, 404 for
a DEA the caller may not see, 403 for one they may see but not check. A refusal saves nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from conferences.models import ActivityKind, ActivityState
from jomcase.models import Notification
from qas.models import CheckAnswer, QasCheck
from tests.conftest import api_as
from tests.factories import StaffFactory, managed_by
from tests.qas.builders import a_check, a_led_dea, work_at

pytestmark = pytest.mark.django_db

URL = "/api/qas-checks/"
KINDS = [k.value for k in ActivityKind if k != ActivityKind.INFORMATIONAL_SUPPORT]
FITS = {
    "qas1": {"claimant_support_intervention"},
    "qas2": {"case_conference", "skill_conference", "three_way"},
    "group_checklist": {"group_conference"},
}


def yesterday() -> dt.datetime:
    return timezone.now() - dt.timedelta(days=1)


def body(checklists, activity, check_type: str = "qas2", **changes) -> dict:
    template = checklists[check_type]
    data = {
        "check_type": check_type,
        "dea": activity.dea_id,
        "activity": activity.pk,
        "answers": {str(c.pk): "met" for c in template.criteria.all()},
        "result": "achieved",
        "positive_feedback": "The work coach left with a plan.",
    }
    return data | changes


@pytest.mark.parametrize("check_type", sorted(FITS))
@pytest.mark.parametrize("kind", KINDS)
def test_each_check_fits_only_its_kinds_of_activity(pair, checklists, check_type, kind):
    activity = work_at(pair.dea, yesterday(), kind=kind)
    response = api_as(pair.leader).post(URL, body(checklists, activity, check_type), format="json")
    if kind in FITS[check_type]:
        assert response.status_code == 201, response.json()
        assert response.json()["check_type"] == check_type
    else:
        assert response.status_code == 400
        assert response.json()["code"] == "invalid"
        assert list(response.json()["errors"]) == ["activity"]
        assert not QasCheck.objects.exists()


def test_a_qas2_on_a_group_conference_is_400_and_saves_nothing(pair, checklists):
    session = work_at(pair.dea, yesterday(), kind=ActivityKind.GROUP_CONFERENCE)
    response = api_as(pair.leader).post(URL, body(checklists, session, "qas2"), format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["activity"] == [
        "QAS 2 observes a case conference, skill conference or three-way intervention, so it "
        "cannot be done on this group work coach conference"
    ]
    assert not QasCheck.objects.exists() and not CheckAnswer.objects.exists()


def test_the_line_managing_team_leader_signs_off_a_check_and_the_dea_is_told(pair, checklists):
    activity = work_at(pair.dea, yesterday())
    criteria = list(checklists["qas2"].criteria.all())
    data = body(
        checklists,
        activity,
        answers={str(c.pk): "met" for c in criteria} | {str(criteria[4].pk): "not_applicable"},
        comments={str(criteria[0].pk): "Read the request and the claimant's history first."},
        evidence={str(criteria[0].pk): "Notes on the record from the day before."},
        feedback_given_on=timezone.localdate().isoformat(),
    )
    response = api_as(pair.leader).post(URL, data, format="json")
    assert response.status_code == 201
    shown = response.json()
    check = QasCheck.objects.get()
    assert shown["id"] == check.pk
    assert (shown["dea"], shown["wctl"], shown["activity"]) == (
        pair.dea.pk,
        pair.leader.pk,
        activity.pk,
    )
    assert (shown["template"], shown["version"]) == (checklists["qas2"].pk, 1)
    assert shown["answers"][str(criteria[4].pk)] == "not_applicable"
    assert shown["comments"] == {str(criteria[0].pk): data["comments"][str(criteria[0].pk)]}
    assert shown["evidence"] == {str(criteria[0].pk): "Notes on the record from the day before."}
    assert check.observed_on == timezone.localtime(activity.start).date()
    assert check.history.count() == 1
    told = Notification.objects.get(recipient=pair.dea, kind="qas_check")
    assert told.link == reverse("qas:check", args=[check.pk])


def test_a_team_leader_who_does_not_manage_the_dea_gets_404_and_cannot_create(pair, checklists):
    activity = work_at(pair.dea, yesterday())
    check = a_check(pair.leader, work_at(pair.dea, yesterday() - dt.timedelta(days=1)))
    other = StaffFactory(wctl=True)
    managed_by(StaffFactory(dea=True), other)  # they manage someone, just not this DEA
    client = api_as(other)

    response = client.post(URL, body(checklists, activity), format="json")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert client.get(f"{URL}{check.pk}/").status_code == 404
    assert client.get(URL, {"dea": pair.dea.pk}).json()["count"] == 0
    due = client.get(f"{URL}due/").json()["results"]
    assert due and pair.dea.pk not in {item["dea"] for item in due}
    assert QasCheck.objects.count() == 1

    from django.test import Client

    page = Client()
    page.force_login(other)
    for url in (
        reverse("qas:dea", args=[pair.dea.pk]),
        reverse("qas:check", args=[check.pk]),
        reverse("qas:check_edit", args=[check.pk]),
        reverse("qas:check_new", args=[activity.pk]),
    ):
        assert page.get(url).status_code == 404, url
    assert page.post(reverse("qas:check_new", args=[activity.pk]), {}).status_code == 404
    assert QasCheck.objects.count() == 1


def test_the_dea_sees_their_checks_but_may_not_check_their_own_work(pair, checklists):
    activity = work_at(pair.dea, yesterday())
    response = api_as(pair.dea).post(URL, body(checklists, activity), format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert not QasCheck.objects.exists()


def test_a_former_manager_may_no_longer_check(pair, checklists):
    activity = work_at(pair.dea, yesterday())
    pair.dea.line_managers.update(end=timezone.localdate() - dt.timedelta(days=1))
    managed_by(pair.dea, StaffFactory(wctl=True))
    response = api_as(pair.leader).post(URL, body(checklists, activity), format="json")
    assert response.status_code == 404


@pytest.mark.parametrize(
    "change, field",
    [
        ({"answers": {}}, "answers"),
        ({"result": "not_achieved"}, "areas_to_improve"),
        ({"template": 0}, "template"),
        ({"feedback_given_on": "2099-01-01"}, "feedback_given_on"),
        ({"answers": {"x": "met"}}, "answers"),
        ({"check_type": "qas3"}, "check_type"),
    ],
)
def test_incomplete_or_wrong_checks_are_400_and_save_nothing(pair, checklists, change, field):
    activity = work_at(pair.dea, yesterday())
    response = api_as(pair.leader).post(URL, body(checklists, activity) | change, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not QasCheck.objects.exists() and not CheckAnswer.objects.exists()


def test_an_unanswered_question_is_named(pair, checklists):
    activity = work_at(pair.dea, yesterday())
    data = body(checklists, activity)
    first = str(checklists["qas2"].criteria.first().pk)
    del data["answers"][first]
    response = api_as(pair.leader).post(URL, data, format="json")
    assert response.json()["errors"]["answers"] == [
        "Answer every question; not answered: question 1"
    ]


def test_work_not_yet_held_or_already_checked_or_another_deas_is_400(pair, checklists):
    booked = work_at(pair.dea, timezone.now() + dt.timedelta(days=2), state=ActivityState.BOOKED)
    client = api_as(pair.leader)
    response = client.post(URL, body(checklists, booked), format="json")
    assert response.json()["errors"]["activity"] == [
        "The activity must have been held before it is checked"
    ]
    held = work_at(pair.dea, yesterday())
    assert client.post(URL, body(checklists, held), format="json").status_code == 201
    again = client.post(URL, body(checklists, held), format="json")
    assert again.json()["errors"]["activity"] == ["This activity already has a check of this type"]
    someone_else = a_led_dea()
    theirs = work_at(someone_else.dea, yesterday())
    wrong = client.post(URL, body(checklists, theirs) | {"dea": pair.dea.pk}, format="json")
    assert wrong.json()["errors"]["activity"] == ["Choose an activity of this DEA's"]
    assert QasCheck.objects.count() == 1


def test_the_dea_acknowledges_once(pair, checklists):
    check = a_check(pair.leader, work_at(pair.dea, yesterday()))
    client = api_as(pair.dea)
    first = client.post(f"{URL}{check.pk}/acknowledge/")
    assert first.status_code == 200 and first.json()["acknowledged_at"]
    again = client.post(f"{URL}{check.pk}/acknowledge/")
    assert again.json()["acknowledged_at"] == first.json()["acknowledged_at"]
    assert api_as(pair.leader).post(f"{URL}{check.pk}/acknowledge/").status_code == 403
    assert api_as(StaffFactory(dea=True)).post(f"{URL}{check.pk}/acknowledge/").status_code == 404
    assert check.history.count() == 2
