"""The required-response-date rule: due soon to the DEA, overdue to the DEA and the WCTL,
each once, counting working days in the jobcentre's nation (DESIGN.md section 9)."""

from __future__ import annotations

import datetime as dt

import pytest

from dea_support.services.due import response_dates_check
from jomcase.models import Nation, Notification
from tests.factories import JobcentreFactory, StaffFactory, SupportRequestFactory, managed_by

pytestmark = pytest.mark.django_db

FRIDAY = dt.date(2026, 12, 18)


def test_due_soon_goes_to_the_dea_and_overdue_to_the_wctl_too_once_each():
    dea = StaffFactory(dea=True)
    leader = StaffFactory(wctl=True)
    managed_by(dea, leader)
    # Two working days after Friday 18 December are Monday 21 and Tuesday 22.
    soon = SupportRequestFactory(dea=dea, required_by=dt.date(2026, 12, 22))
    later = SupportRequestFactory(dea=dea, required_by=dt.date(2026, 12, 23))
    late = SupportRequestFactory(dea=dea, required_by=dt.date(2026, 12, 17))
    answered = SupportRequestFactory(dea=dea, required_by=dt.date(2026, 12, 17), accepted=True)

    first = response_dates_check(today=FRIDAY)
    assert first == {"looked_at": 2, "due_soon": 1, "overdue": 1, "alerts": 3}
    to_dea = set(Notification.objects.filter(recipient=dea).values_list("kind", "title"))
    assert ("request_due_soon", f"{soon.reference} needs your answer by 22 December 2026") in to_dea
    assert any(late.reference in title for kind, title in to_dea if kind == "request_overdue")
    assert Notification.objects.filter(recipient=leader).count() == 1
    assert not Notification.objects.filter(title__contains=later.reference).exists()
    assert not Notification.objects.filter(title__contains=answered.reference).exists()

    second = response_dates_check(today=FRIDAY)
    assert second["alerts"] == 0
    assert Notification.objects.count() == 3


def test_scottish_bank_holidays_count_for_a_scottish_dea():
    # St Andrew's Day, Monday 30 November 2026, is a bank holiday in Scotland only.
    friday = dt.date(2026, 11, 27)
    scot = StaffFactory(dea=True, jobcentre=JobcentreFactory(nation=Nation.SCOTLAND))
    eng = StaffFactory(dea=True, jobcentre=JobcentreFactory(nation=Nation.ENGLAND_AND_WALES))
    in_scotland = SupportRequestFactory(dea=scot, required_by=dt.date(2026, 12, 2))
    in_england = SupportRequestFactory(dea=eng, required_by=dt.date(2026, 12, 2))
    response_dates_check(today=friday)
    assert Notification.objects.filter(title__contains=in_scotland.reference).exists()
    assert not Notification.objects.filter(title__contains=in_england.reference).exists()
