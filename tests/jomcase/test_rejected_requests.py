"""A rejected request changes nothing (API.md conventions).

Each case below is a request the API must refuse. Rather than checking the one record a case
is about, every table a claimant or cohort write could touch (records, their history, caseload
moves, memberships, the access log, tokens) is read in full before and after, so a stray
write anywhere shows up whatever the case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claimants.models import CaseloadTransfer, Claimant
from dea_support.models import Cohort, CohortMembership
from jomcase.models import AccessLog, RoleAssignment, Staff, TeamMembership
from tests.factories import (
    ClaimantFactory,
    StaffFactory,
    TeamFactory,
    a_cohort_of,
    join_team,
    managed_by,
    today,
)

pytestmark = pytest.mark.django_db

WATCHED = [
    Claimant,
    Claimant.history.model,
    CaseloadTransfer,
    Cohort,
    CohortMembership,
    AccessLog,
    Staff,
    RoleAssignment,
    TeamMembership,
]


def database_state() -> dict[str, list[dict]]:
    """Every row of every watched table, in a stable order."""
    return {
        model._meta.label: [
            {k: v for k, v in row.items() if k != "last_login"}
            for row in model.objects.order_by("pk").values()
        ]
        for model in WATCHED
    }


@dataclass
class World:
    team: object
    coach: Staff
    teammate: Staff
    claimant: Claimant
    stranger_claimant: Claimant
    cohort: Cohort
    full_cohort: Cohort
    free_coach: Staff
    analyst: Staff
    managing_wctl: Staff


@pytest.fixture
def world() -> World:
    team = TeamFactory()
    coach, teammate = StaffFactory(work_coach=True), StaffFactory(work_coach=True)
    join_team(coach, team)
    join_team(teammate, team)
    cohort = a_cohort_of(3)
    managing_wctl = StaffFactory(wctl=True)
    managed_by(cohort.dea, managing_wctl)
    return World(
        team=team,
        coach=coach,
        teammate=teammate,
        claimant=ClaimantFactory(work_coach=coach, nino="AB123456C"),
        stranger_claimant=ClaimantFactory(nino="CE654321A"),
        cohort=cohort,
        full_cohort=a_cohort_of(30),
        free_coach=StaffFactory(work_coach=True),
        analyst=StaffFactory(analyst=True),
        managing_wctl=managing_wctl,
    )


def signed_in(user: Staff | None) -> APIClient:
    """A client with the user's token, or an anonymous one."""
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


NEW = {"nino": "JK 00 00 01 A", "surname": "Okafor", "forenames": "Ada", "benefits": ["uc"]}


Request = tuple[Staff | None, str, str, dict]
CASES: dict[str, tuple[int, Callable[[World], Request]]] = {}


def case(name: str, status: int):
    """Register a refused request: who sends it, the method, the path and the body."""

    def register(build: Callable[[World], Request]):
        CASES[name] = (status, build)
        return build

    return register


def claimant_url(c: Claimant) -> str:
    return f"/api/claimants/{c.pk}/"


def members_url(c: Cohort) -> str:
    return f"/api/cohorts/{c.pk}/members/"


def joining(coach: Staff, **dates) -> dict:
    return {"work_coach": coach.pk, "start": str(today()), **dates}


CLAIMANTS = "/api/claimants/"


@case("create: invalid nino", 400)
def _(w):
    return w.coach, "post", CLAIMANTS, {**NEW, "nino": "QQ123456C"}


@case("create: duplicate nino", 400)
def _(w):
    return w.coach, "post", CLAIMANTS, {**NEW, "nino": "ab 12 34 56 c"}


@case("create: unknown benefit", 400)
def _(w):
    return w.coach, "post", CLAIMANTS, {**NEW, "benefits": ["xx"]}


@case("create: blank surname", 400)
def _(w):
    return w.coach, "post", CLAIMANTS, {**NEW, "surname": ""}


@case("create: coach elsewhere", 400)
def _(w):
    return w.coach, "post", CLAIMANTS, {**NEW, "work_coach": w.free_coach.pk}


@case("create: analyst", 403)
def _(w):
    return w.analyst, "post", CLAIMANTS, NEW


@case("create: anonymous", 401)
def _(w):
    return None, "post", CLAIMANTS, NEW


@case("read: hidden claimant", 404)
def _(w):
    return w.coach, "get", claimant_url(w.stranger_claimant), {}


@case("read: analyst", 403)
def _(w):
    return w.analyst, "get", claimant_url(w.claimant), {}


@case("change: bad nino", 400)
def _(w):
    return w.coach, "patch", claimant_url(w.claimant), {"nino": "AO123456A", "surname": "X"}


@case("change: taken nino", 400)
def _(w):
    return w.coach, "patch", claimant_url(w.claimant), {"nino": "CE654321A"}


@case("change: hidden claimant", 404)
def _(w):
    return w.coach, "patch", claimant_url(w.stranger_claimant), {"surname": "X"}


@case("change: move with a bad field", 400)
def _(w):
    body = {"work_coach": w.teammate.pk, "benefits": ["xx"]}
    return w.coach, "patch", claimant_url(w.claimant), body


@case("change: other team leader", 404)
def _(w):
    return TeamFactory().leader, "patch", claimant_url(w.claimant), {"surname": "X"}


@case("cohort: full", 409)
def _(w):
    return w.full_cohort.dea, "post", members_url(w.full_cohort), joining(w.free_coach)


@case("cohort: end before start", 400)
def _(w):
    body = joining(w.free_coach, start="2030-01-02", end="2030-01-01")
    return w.cohort.dea, "post", members_url(w.cohort), body


@case("cohort: coach in another cohort", 400)
def _(w):
    taken = w.full_cohort.memberships.first().work_coach
    return w.cohort.dea, "post", members_url(w.cohort), joining(taken)


@case("cohort: other dea", 404)
def _(w):
    return w.full_cohort.dea, "post", members_url(w.cohort), joining(w.free_coach)


@case("cohort: managing team leader", 403)
def _(w):
    return w.managing_wctl, "post", members_url(w.cohort), joining(w.free_coach)


@pytest.mark.parametrize("name", CASES)
def test_a_rejected_request_changes_nothing(world, name):
    status, build = CASES[name]
    user, method, url, body = build(world)
    client = signed_in(user)
    before = database_state()
    response = getattr(client, method)(url, body, format="json")
    assert response.status_code == status, response.content
    assert set(response.json()) == {"code", "detail", "errors"}
    assert database_state() == before


def test_the_check_notices_a_write():
    """The comparison itself is sensitive: an accepted request does show up as a change."""
    client = signed_in(StaffFactory(work_coach=True))
    before = database_state()
    response = client.post("/api/claimants/", NEW, format="json")
    assert response.status_code == 201
    after = database_state()
    assert after != before
    assert len(after["claimants.Claimant"]) == len(before["claimants.Claimant"]) + 1
