"""The QAS API beyond creating checks: the current checklists, the caller's checks with a
fixed number of queries, the due list, and the schema's description of them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from conferences.models import ActivityState
from tests.conftest import api_as
from tests.factories import StaffFactory
from tests.qas.builders import a_check, work_at

pytestmark = pytest.mark.django_db


def test_the_current_checklists_with_their_questions_in_order(pair, checklists):
    client = api_as(pair.dea)
    data = client.get("/api/qas-templates/").json()
    assert data["count"] == 3
    assert {t["check_type"] for t in data["results"]} == {"qas1", "qas2", "group_checklist"}
    (qas1,) = client.get("/api/qas-templates/", {"check_type": "qas1"}).json()["results"]
    assert qas1["id"] == checklists["qas1"].pk and qas1["version"] == 1
    assert [c["position"] for c in qas1["criteria"]] == list(range(1, 9))
    assert set(qas1["criteria"][0]) == {"id", "position", "text", "guidance"}


def test_checks_are_listed_for_those_who_may_see_them_in_a_fixed_number_of_queries(
    pair, checklists, django_assert_num_queries
):
    yesterday = timezone.now() - dt.timedelta(days=1)
    first = a_check(pair.leader, work_at(pair.dea, yesterday))
    client = api_as(pair.leader)
    # count, page of checks with their versions, their answers
    with django_assert_num_queries(3):
        data = client.get("/api/qas-checks/").json()
    assert [c["id"] for c in data["results"]] == [first.pk]
    for i in range(5):
        a_check(pair.leader, work_at(pair.dea, yesterday - dt.timedelta(days=i + 1)))
    with django_assert_num_queries(3):
        data = client.get("/api/qas-checks/", {"check_type": "qas2"}).json()
    assert data["count"] == 6
    assert len(data["results"][0]["answers"]) == 8
    assert api_as(pair.dea).get("/api/qas-checks/").json()["count"] == 6
    for outsider in (StaffFactory(analyst=True), StaffFactory(work_coach=True)):
        assert api_as(outsider).get("/api/qas-checks/").json()["count"] == 0


def test_the_due_list_gives_each_dea_check_and_date(pair, checklists):
    pair.dea.line_managers.update(start=timezone.localdate().replace(day=1))
    held = work_at(pair.dea, timezone.now() - dt.timedelta(minutes=90))
    if timezone.localtime(held.start).month != timezone.localdate().month:
        pytest.skip("the first 90 minutes of a month have nothing held in it yet")
    csi = work_at(
        pair.dea,
        timezone.now() + dt.timedelta(days=3),
        kind="claimant_support_intervention",
        state=ActivityState.BOOKED,
    )
    data = api_as(pair.leader).get("/api/qas-checks/due/").json()
    month_end = (timezone.localdate().replace(day=28) + dt.timedelta(days=4)).replace(
        day=1
    ) - dt.timedelta(days=1)
    assert sorted(data["results"], key=lambda r: r["check_type"]) == [
        {
            "dea": pair.dea.pk,
            "check_type": "qas1",
            "due": timezone.localtime(csi.start).date().isoformat(),
            "overdue": False,
            "period": None,
            "activity": csi.pk,
            "planned": False,
        },
        {
            "dea": pair.dea.pk,
            "check_type": "qas2",
            "due": month_end.isoformat(),
            "overdue": False,
            "period": timezone.localdate().replace(day=1).isoformat(),
            "activity": held.pk,
            "planned": False,
        },
    ]
    assert api_as(pair.dea).get("/api/qas-checks/due/").json()["count"] == 0


def test_the_due_list_runs_the_same_queries_for_one_dea_or_many(
    pair, checklists, django_assert_num_queries
):
    from tests.qas.test_pages import _busy_dea

    client = api_as(pair.leader)
    assert pair.leader.roles  # the same user object serves every request: load its roles first
    # the leader's DEAs, first publications, checks, first group conferences, work to suggest,
    # CSIs to suggest
    with django_assert_num_queries(6):
        first = client.get("/api/qas-checks/due/").json()["count"]
    for _ in range(3):
        _busy_dea(pair.leader, 2)
    with django_assert_num_queries(6):
        assert client.get("/api/qas-checks/due/").json()["count"] > first


def test_the_schema_describes_the_qas_endpoints():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert set(schema["paths"]["/api/qas-checks/"]) == {"get", "post"}
    assert set(schema["paths"]["/api/qas-checks/due/"]) == {"get"}
    assert set(schema["paths"]["/api/qas-templates/"]) == {"get"}
    components = schema["components"]["schemas"]
    assert components["QasCheckType"]["enum"] == ["qas1", "qas2", "group_checklist"]
    assert components["QasAnswer"]["enum"] == ["met", "not_met", "not_applicable"]
