"""Colleague support during a cover: a request to a DEA the colleague chose, while that DEA
is away under a running cover, goes to the covering DEA and back with the rest at its end."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from conferences.services import covers_run, support_requests_cover
from dea_support.models import CoveredRequest, SupportRequest
from tests.conftest import api_as
from tests.factories import JobcentreFactory, StaffFactory, managed_by

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def on(time_machine, day: dt.date, hour: int = 9) -> None:
    time_machine.move_to(dt.datetime(day.year, day.month, day.day, hour, tzinfo=LONDON), tick=False)


def test_colleague_support_to_an_away_dea_goes_to_the_covering_dea_and_back(time_machine):
    on(time_machine, dt.date(2026, 11, 25))
    jobcentre = JobcentreFactory()
    leader = StaffFactory(wctl=True)
    away = StaffFactory(dea=True, jobcentre=jobcentre, first_name="Eluned", last_name="Rees")
    covering = StaffFactory(dea=True, jobcentre=jobcentre, first_name="Piotr", last_name="Zając")
    managed_by(away, leader)
    colleague = StaffFactory(sdtl=True, jobcentre=jobcentre, first_name="Minh", last_name="Phạm")
    support_requests_cover(
        actor=leader,
        from_dea_id=away.pk,
        to_dea_id=covering.pk,
        start=dt.date(2026, 12, 1),
        end=dt.date(2026, 12, 14),
    )
    body = {
        "kind": "colleague_support",
        "job_role": "Service delivery team leader",
        "reason": "Briefing the floor walkers on hidden disabilities.",
        "criticality": "non_urgent",
        "dea": away.pk,
        "required_by": "2026-12-11",
    }
    # Before the cover: the chosen DEA has it.
    before = api_as(colleague).post("/api/support-requests/", body, format="json")
    assert before.status_code == 201, before.content
    assert before.json()["dea"] == away.pk

    on(time_machine, dt.date(2026, 12, 1), hour=7)
    covers_run()
    on(time_machine, dt.date(2026, 12, 3))
    during = api_as(colleague).post("/api/support-requests/", body, format="json")
    assert during.status_code == 201, during.content
    assert during.json()["dea"] == covering.pk
    assert CoveredRequest.objects.filter(support_request_id=during.json()["id"]).exists()

    on(time_machine, dt.date(2026, 12, 15), hour=7)
    covers_run()
    assert SupportRequest.objects.get(pk=during.json()["id"]).dea == away
