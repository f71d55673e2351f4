"""``/api/csi-approvals/`` and the CSI cap through ``/api/activities/{id}/book/`` (API.md;
DESIGN.md section 5 [36]): three CSIs, then 409 ``csi_cap_reached``; each approval by the
line-managing team leader of the claimant's DEA allows exactly one more."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from claimants.models import Claimant
from conferences.models import Activity, CsiApproval
from jomcase.models import Staff
from tests.conferences.page_helpers import consented, slot
from tests.conftest import api_as
from tests.factories import (
    ClaimantFactory,
    CohortFactory,
    StaffFactory,
    add_member,
    an_activity,
    managed_by,
)

pytestmark = pytest.mark.django_db

APPROVALS = "/api/csi-approvals/"


@dataclass
class Scene:
    dea: Staff
    leader: Staff
    coach: Staff
    claimant: Claimant


@pytest.fixture
def scene() -> Scene:
    """A claimant whose work coach is in the cohort of a DEA line-managed by a team leader."""
    dea = StaffFactory(dea=True)
    leader = StaffFactory(wctl=True)
    managed_by(dea, leader)
    coach = StaffFactory(work_coach=True)
    add_member(CohortFactory(dea=dea), coach)
    return Scene(dea=dea, leader=leader, coach=coach, claimant=ClaimantFactory(work_coach=coach))


def a_csi(scene: Scene) -> Activity:
    return consented(
        an_activity(
            "claimant_support_intervention",
            dea=scene.dea,
            work_coach=scene.coach,
            claimant=scene.claimant,
        )
    )


def book(scene: Scene, activity: Activity, days: int):
    start, end = slot(days, 10)
    return api_as(scene.dea).post(
        f"/api/activities/{activity.pk}/book/",
        {"start": start.isoformat(), "end": end.isoformat(), "channel": "face_to_face"},
        format="json",
    )


def approve(user, claimant, reason="A recent bereavement; the DEA's support is working."):
    return api_as(user).post(APPROVALS, {"claimant": claimant.pk, "reason": reason}, format="json")


def three_booked(scene: Scene) -> None:
    for days in (2, 3, 4):
        response = book(scene, a_csi(scene), days)
        assert response.status_code == 200, response.content


def test_the_fourth_csi_is_409_csi_cap_reached_and_unchanged(scene):
    three_booked(scene)
    fourth = a_csi(scene)
    response = book(scene, fourth, 5)
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "csi_cap_reached"
    assert scene.leader.display_name in body["detail"]
    fourth.refresh_from_db()
    assert (fourth.state, fourth.start, fourth.booked_at) == ("proposed", None, None)
    assert not fourth.diary_entries.exists()


def test_each_approval_allows_exactly_one_more(scene):
    three_booked(scene)
    response = approve(scene.leader, scene.claimant)
    assert response.status_code == 201, response.content
    body = response.json()
    approval = CsiApproval.objects.get()
    assert body == {
        "id": approval.pk,
        "claimant": scene.claimant.pk,
        "approved_by": scene.leader.pk,
        "reason": "A recent bereavement; the DEA's support is working.",
        "approved_at": body["approved_at"],
    }
    assert book(scene, a_csi(scene), 5).status_code == 200
    fifth = a_csi(scene)
    response = book(scene, fifth, 6)
    assert response.status_code == 409 and response.json()["code"] == "csi_cap_reached"
    fifth.refresh_from_db()
    assert fifth.state == "proposed"


def test_a_cancelled_csi_no_longer_counts(scene):
    three_booked(scene)
    first = Activity.objects.filter(claimant=scene.claimant, state="booked").first()
    cancelled = api_as(scene.dea).post(f"/api/activities/{first.pk}/cancel/", format="json")
    assert cancelled.status_code == 200
    assert book(scene, a_csi(scene), 5).status_code == 200


def test_only_the_line_managing_team_leader_of_the_claimants_dea_approves(scene):
    other_leader = StaffFactory(wctl=True)
    managed_by(StaffFactory(dea=True), other_leader)
    for person in (
        other_leader,
        scene.dea,
        scene.coach,
        StaffFactory(sdtl=True),
        StaffFactory(administrator=True),
    ):
        response = approve(person, scene.claimant)
        assert response.status_code == 403, (person, response.content)
        assert response.json()["code"] == "forbidden"
    assert not CsiApproval.objects.exists()


def test_an_approval_needs_a_reason_and_a_real_claimant(scene):
    response = approve(scene.leader, scene.claimant, reason="  ")
    assert response.status_code == 400
    assert response.json()["errors"] == {"reason": ["Enter the exceptional circumstances"]}
    response = api_as(scene.leader).post(APPROVALS, {"reason": "Because"}, format="json")
    assert response.status_code == 400 and "claimant" in response.json()["errors"]
    assert not CsiApproval.objects.exists()


def test_team_leaders_list_the_approvals_for_their_deas_claimants(scene):
    approve(scene.leader, scene.claimant)
    approve(scene.leader, scene.claimant, reason="Still exceptional.")
    body = api_as(scene.leader).get(APPROVALS).json()
    assert body["count"] == 2
    assert [row["reason"] for row in body["results"]] == [
        "Still exceptional.",
        "A recent bereavement; the DEA's support is working.",
    ]
    filtered = api_as(scene.leader).get(APPROVALS, {"claimant": scene.claimant.pk}).json()
    assert filtered["count"] == 2
    assert api_as(scene.leader).get(APPROVALS, {"claimant": 999999}).json()["count"] == 0
    assert api_as(StaffFactory(wctl=True)).get(APPROVALS).json()["count"] == 0


def test_only_team_leaders_may_list_approvals(scene, api):
    for person in (scene.dea, scene.coach, StaffFactory(analyst=True)):
        response = api_as(person).get(APPROVALS)
        assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert api.get(APPROVALS).status_code == 401
