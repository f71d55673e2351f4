"""A DEA supports at most 30 work coaches on any date (DESIGN.md section 2; API.md cohorts).

Memberships are dated, so the rule is about the busiest day of the new membership's period:
ended memberships do not count, future ones do when they overlap. The rule is enforced by
``cohort_member_add`` alone; the API turns a breach into 409 ``cohort_full``, and a refused
addition leaves the cohort as it was.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from dea_support.models import Cohort, CohortMembership
from dea_support.services import cohort_member_add
from jomcase.errors import CohortFull
from tests.factories import (
    CohortFactory,
    StaffFactory,
    a_cohort_of,
    add_member,
    managed_by,
    today,
)

pytestmark = pytest.mark.django_db

LIST = "/api/cohorts/"


def members_url(cohort: Cohort) -> str:
    return f"/api/cohorts/{cohort.pk}/members/"


def client_for(user) -> APIClient:
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def memberships(cohort: Cohort) -> list[tuple]:
    """The cohort's memberships as plain values, to compare before and after."""
    return list(
        CohortMembership.objects.filter(cohort=cohort)
        .order_by("id")
        .values_list("id", "work_coach_id", "start", "end")
    )


def add(cohort: Cohort, coach, start: dt.date, end: dt.date | None = None):
    return cohort_member_add(
        actor=cohort.dea, cohort_id=cohort.pk, work_coach_id=coach.pk, start=start, end=end
    )


def days(n: int) -> dt.date:
    return today() + dt.timedelta(days=n)


@pytest.fixture
def coach():
    return StaffFactory(work_coach=True)


# --- the rule, in the service -------------------------------------------------------------


def test_the_thirtieth_coach_is_added(coach):
    cohort = a_cohort_of(29)
    membership = add(cohort, coach, today())
    assert membership.cohort == cohort
    assert CohortMembership.objects.filter(cohort=cohort).current_on().count() == 30


def test_a_thirty_first_coach_is_refused_and_nothing_changes(coach):
    cohort = a_cohort_of(30)
    before = memberships(cohort)
    with pytest.raises(CohortFull) as caught:
        add(cohort, coach, today())
    assert caught.value.code == "cohort_full"
    assert "30" in caught.value.detail
    assert memberships(cohort) == before
    assert not CohortMembership.objects.filter(work_coach=coach).exists()


def test_memberships_that_ended_before_the_new_start_do_not_count(coach):
    cohort = a_cohort_of(30)
    CohortMembership.objects.filter(cohort=cohort).update(end=days(-1))
    assert add(cohort, coach, today()).start == today()


def test_a_membership_ending_on_the_new_start_day_still_counts(coach):
    cohort = a_cohort_of(30)
    CohortMembership.objects.filter(cohort=cohort).update(end=days(10))
    with pytest.raises(CohortFull):
        add(cohort, coach, days(10))
    assert add(cohort, coach, days(11)).start == days(11)


def test_a_future_membership_counts_when_the_periods_overlap(coach):
    cohort = a_cohort_of(29)
    add_member(cohort, StaffFactory(work_coach=True), start=days(90))
    before = memberships(cohort)
    # Today there are 29, but from day 90 there would be 31.
    with pytest.raises(CohortFull) as caught:
        add(cohort, coach, today())
    assert f"{days(90):%-d %B %Y}" in caught.value.detail
    assert memberships(cohort) == before


def test_a_period_that_ends_before_a_future_membership_starts_fits(coach):
    cohort = a_cohort_of(29)
    add_member(cohort, StaffFactory(work_coach=True), start=days(90))
    membership = add(cohort, coach, today(), days(89))
    assert (membership.start, membership.end) == (today(), days(89))


def test_a_future_period_is_refused_when_the_cohort_is_full_then(coach):
    cohort = a_cohort_of(20)
    for _ in range(10):
        add_member(cohort, StaffFactory(work_coach=True), start=days(30))
    add(cohort, StaffFactory(work_coach=True), today(), days(29))  # 21 until day 29
    with pytest.raises(CohortFull):
        add(cohort, coach, days(40), days(50))


def test_the_busiest_single_day_decides_not_the_sum_of_overlapping_memberships(coach):
    cohort = CohortFactory()
    # 20 coaches until day 30, then 10 different coaches from day 60: 30 memberships overlap
    # an open-ended period from today, but never more than 20 on any one day.
    for _ in range(20):
        add_member(cohort, StaffFactory(work_coach=True), start=days(-100), end=days(30))
    for _ in range(10):
        add_member(cohort, StaffFactory(work_coach=True), start=days(60))
    assert add(cohort, coach, today()).end is None


def test_a_membership_dated_in_the_past_is_checked_against_the_past(coach):
    cohort = CohortFactory()
    for _ in range(30):
        add_member(cohort, StaffFactory(work_coach=True), start=days(-400), end=days(-200))
    with pytest.raises(CohortFull):
        add(cohort, coach, days(-300), days(-250))
    assert add(cohort, coach, days(-199)).start == days(-199)


def test_end_before_start_is_refused(coach):
    cohort = CohortFactory()
    with pytest.raises(ValidationError) as caught:
        add(cohort, coach, days(10), days(9))
    assert list(caught.value.message_dict) == ["end"]
    assert memberships(cohort) == []


def test_a_one_day_membership_is_allowed(coach):
    cohort = CohortFactory()
    assert add(cohort, coach, days(5), days(5)).end == days(5)


def test_a_coach_cannot_be_in_two_cohorts_at_once(coach):
    first, second = CohortFactory(), CohortFactory()
    add_member(first, coach, start=days(-10), end=days(20))
    with pytest.raises(ValidationError) as caught:
        add(second, coach, days(20))
    assert "already in" in caught.value.message_dict["work_coach"][0]
    assert memberships(second) == []
    # Once the first membership has ended, the coach may move.
    assert add(second, coach, days(21)).cohort == second


def test_a_coach_cannot_overlap_themselves_in_the_same_cohort(coach):
    cohort = CohortFactory()
    add_member(cohort, coach, start=days(-10))
    with pytest.raises(ValidationError) as caught:
        add(cohort, coach, days(5))
    assert "this cohort" in caught.value.message_dict["work_coach"][0]


def test_only_a_work_coach_can_join_a_cohort():
    cohort = CohortFactory()
    with pytest.raises(ValidationError) as caught:
        add(cohort, StaffFactory(dea=True), today())
    assert "not a work coach" in caught.value.message_dict["work_coach"][0]
    assert memberships(cohort) == []


def test_another_dea_may_not_add_to_the_cohort(coach):
    cohort = CohortFactory()
    with pytest.raises(PermissionDenied):
        cohort_member_add(
            actor=StaffFactory(dea=True),
            cohort_id=cohort.pk,
            work_coach_id=coach.pk,
            start=today(),
        )
    assert memberships(cohort) == []


# --- the rule, through the API ------------------------------------------------------------


def test_the_dea_adds_a_coach_and_gets_201_with_the_membership(coach):
    cohort = a_cohort_of(3)
    response = client_for(cohort.dea).post(
        members_url(cohort), {"work_coach": coach.pk, "start": "2030-01-01"}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert {k: body[k] for k in ("work_coach", "start", "end")} == {
        "work_coach": coach.pk,
        "start": "2030-01-01",
        "end": None,
    }
    assert CohortMembership.objects.filter(cohort=cohort, work_coach=coach).exists()


def test_an_administrator_may_add(coach):
    cohort = CohortFactory()
    admin = StaffFactory(administrator=True)
    response = client_for(admin).post(
        members_url(cohort), {"work_coach": coach.pk, "start": str(today())}, format="json"
    )
    assert response.status_code == 201, response.content
    assert CohortMembership.objects.get(cohort=cohort).added_by == admin


def test_a_thirty_first_coach_is_409_cohort_full_and_nothing_changes(coach):
    cohort = a_cohort_of(30)
    before = memberships(cohort)
    response = client_for(cohort.dea).post(
        members_url(cohort), {"work_coach": coach.pk, "start": str(today())}, format="json"
    )
    assert response.status_code == 409, response.content
    body = response.json()
    assert set(body) == {"code", "detail", "errors"}
    assert body["code"] == "cohort_full"
    assert "at most 30" in body["detail"]
    assert memberships(cohort) == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"start": "2030-02-01", "end": "2030-01-31"}, "end"),
        ({"start": "not a date"}, "start"),
        ({"end": "2030-01-31"}, "start"),
    ],
)
def test_bad_dates_are_400_and_nothing_changes(coach, body, field):
    cohort = a_cohort_of(2)
    before = memberships(cohort)
    response = client_for(cohort.dea).post(
        members_url(cohort), {"work_coach": coach.pk, **body}, format="json"
    )
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid"
    assert field in response.json()["errors"]
    assert memberships(cohort) == before


def test_a_coach_already_in_another_cohort_is_400(coach):
    other = CohortFactory()
    add_member(other, coach)
    cohort = CohortFactory()
    response = client_for(cohort.dea).post(
        members_url(cohort), {"work_coach": coach.pk, "start": str(today())}, format="json"
    )
    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == ["work_coach"]
    assert memberships(cohort) == []


def test_an_unknown_coach_is_400():
    cohort = CohortFactory()
    response = client_for(cohort.dea).post(
        members_url(cohort), {"work_coach": 987_654, "start": str(today())}, format="json"
    )
    assert response.status_code == 400
    assert "work_coach" in response.json()["errors"]


def test_another_dea_gets_404_as_if_the_cohort_did_not_exist(coach):
    cohort = CohortFactory()
    other_dea = StaffFactory(dea=True)
    client = client_for(other_dea)
    payload = {"work_coach": coach.pk, "start": str(today())}
    hidden = client.post(members_url(cohort), payload, format="json")
    missing = client.post(f"/api/cohorts/{cohort.pk + 1000}/members/", payload, format="json")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert memberships(cohort) == []


def test_the_team_leader_who_manages_the_dea_sees_the_cohort_but_gets_403(coach):
    cohort = CohortFactory()
    wctl = StaffFactory(wctl=True)
    managed_by(cohort.dea, wctl)
    client = client_for(wctl)
    assert [c["id"] for c in client.get(LIST).json()["results"]] == [cohort.pk]
    for payload in (
        {"work_coach": coach.pk, "start": str(today())},
        {"work_coach": coach.pk, "start": "2030-02-01", "end": "2030-01-01"},
    ):
        response = client.post(members_url(cohort), payload, format="json")
        assert response.status_code == 403, response.content
        assert response.json()["code"] == "forbidden"
    assert memberships(cohort) == []


def test_a_work_coach_gets_404(coach):
    cohort = CohortFactory()
    response = client_for(coach).post(
        members_url(cohort), {"work_coach": coach.pk, "start": str(today())}, format="json"
    )
    assert response.status_code == 404
    assert memberships(cohort) == []


def test_without_signing_in_it_is_401(api, coach):
    cohort = CohortFactory()
    response = api.post(
        members_url(cohort), {"work_coach": coach.pk, "start": str(today())}, format="json"
    )
    assert response.status_code == 401
    assert api.get(LIST).status_code == 401
    assert memberships(cohort) == []


# --- the list -----------------------------------------------------------------------------


def test_the_list_is_scoped_to_the_caller():
    mine, theirs, managed = a_cohort_of(2), a_cohort_of(1), a_cohort_of(1)
    wctl = StaffFactory(wctl=True)
    managed_by(managed.dea, wctl)
    admin = StaffFactory(administrator=True)

    def listed(user) -> set[int]:
        response = client_for(user).get(LIST)
        assert response.status_code == 200
        return {c["id"] for c in response.json()["results"]}

    assert listed(mine.dea) == {mine.pk}
    assert listed(theirs.dea) == {theirs.pk}
    assert listed(wctl) == {managed.pk}
    assert listed(admin) == {mine.pk, theirs.pk, managed.pk}
    assert listed(StaffFactory(work_coach=True)) == set()


def test_the_list_filters_by_dea():
    first, second = a_cohort_of(1), a_cohort_of(1)
    admin = client_for(StaffFactory(administrator=True))
    response = admin.get(LIST, {"dea": second.dea_id})
    assert [c["id"] for c in response.json()["results"]] == [second.pk]
    assert admin.get(LIST, {"dea": first.dea_id}).json()["count"] == 1


def test_the_list_shows_every_dated_membership():
    cohort = CohortFactory()
    current = StaffFactory(work_coach=True)
    former = StaffFactory(work_coach=True)
    add_member(cohort, current, start=dt.date(2024, 4, 1))
    add_member(cohort, former, start=dt.date(2023, 1, 1), end=dt.date(2024, 3, 31))
    body = client_for(cohort.dea).get(LIST).json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["id"] == cohort.pk
    assert row["dea"] == cohort.dea_id
    members = sorted(
        ({k: m[k] for k in ("work_coach", "start", "end")} for m in row["members"]),
        key=lambda m: m["start"],
    )
    assert members == [
        {"work_coach": former.pk, "start": "2023-01-01", "end": "2024-03-31"},
        {"work_coach": current.pk, "start": "2024-04-01", "end": None},
    ]


@pytest.mark.parametrize("size", [5, 30])
def test_the_list_runs_the_same_queries_whatever_the_cohort_size(size, django_assert_num_queries):
    cohort = a_cohort_of(size)
    client = client_for(cohort.dea)
    with django_assert_num_queries(5):  # token and user, roles, count, cohorts, memberships
        response = client.get(LIST)
    assert len(response.json()["results"][0]["members"]) == size


def test_an_administrators_list_of_many_cohorts_runs_the_same_queries(django_assert_num_queries):
    for size in (1, 5, 30):
        a_cohort_of(size)
    client = client_for(StaffFactory(administrator=True))
    with django_assert_num_queries(5):  # token and user, roles, count, cohorts, memberships
        response = client.get(LIST)
    assert response.json()["count"] == 3
