"""seed_demo: the demo people of API.md's "Demo data", their caseloads and requests, and the
national builder."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import models
from django.utils import timezone

from claimants import nino as nino_rules
from claimants.models import CaseloadTransfer, Claimant
from dea_support.demo import NationalShape, build_national, national_exists, plan_national
from dea_support.demo import reference as ref
from dea_support.demo.people import COACH1_CASELOAD, caseload_size
from dea_support.demo.requests import DEMO_REQUESTS
from dea_support.models import (
    Cohort,
    CohortMembership,
    RequestKind,
    RequestState,
    SupportRequest,
    SupportRequestEvent,
)
from dea_support.selectors import dea_for_work_coach, inbox, requests_made_by
from dea_support.services.requests import support_request_check
from jomcase.demo import DEMO_PASSWORD, demo_usernames
from jomcase.models import (
    District,
    Jobcentre,
    LineManagement,
    Nation,
    Notification,
    Role,
    RoleAssignment,
    Staff,
    Team,
    TeamMembership,
)

pytestmark = pytest.mark.django_db

COACHES = {f"coach{n}" for n in range(1, 41)}
# Copied from API.md's "Demo data" section: the contract these tests hold the seed to.
API_MD_ROLES = {
    **dict.fromkeys(COACHES, Role.WORK_COACH),
    "dea1": Role.DEA,
    "dea2": Role.DEA,
    "teamleader1": Role.WCTL,
    "teamleader2": Role.WCTL,
    "sdtl1": Role.SDTL,
    "analyst1": Role.ANALYST,
    "admin": Role.ADMINISTRATOR,
    "psychologist1": Role.WORK_PSYCHOLOGIST,
    "employeradviser1": Role.EMPLOYER_ADVISER,
    "tppmanager1": Role.TPP_MANAGER,
}
SEEDED_MODELS = (
    District, Jobcentre, Staff, RoleAssignment, Team, TeamMembership, LineManagement, Cohort,
    CohortMembership, Claimant, CaseloadTransfer, SupportRequest, SupportRequestEvent,
)  # fmt: skip


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def user(username: str) -> Staff:
    return Staff.objects.get(username=username)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in SEEDED_MODELS}


@pytest.fixture
def demo(db):
    seed()


def test_the_demo_users_are_exactly_those_of_api_md_with_their_roles(demo):
    assert set(Staff.objects.values_list("username", flat=True)) == set(API_MD_ROLES)
    assert set(demo_usernames()) == set(API_MD_ROLES)
    for username, role in API_MD_ROLES.items():
        assert user(username).roles == {role}, username


def test_demo_users_sign_in_with_the_demo_password_and_admin_can_use_the_django_admin(demo):
    assert all(s.check_password(DEMO_PASSWORD) for s in Staff.objects.all())
    admin = user("admin")
    assert admin.is_staff and admin.is_superuser
    assert not Staff.objects.exclude(username="admin").filter(is_superuser=True).exists()


def test_every_demo_user_has_an_adviser_type_and_a_real_looking_name(demo):
    for person in Staff.objects.all():
        assert person.adviser_type is not None, person.username
        assert person.first_name and person.last_name and person.username not in str(person)
    assert user("dea1").adviser_type.name == "Disability Employment Adviser"
    assert user("coach1").adviser_type.name == "Work Coach"


def test_coach1_holds_a_mixed_caseload_with_valid_numbers_and_some_non_benefit(demo):
    caseload = Claimant.objects.filter(work_coach=user("coach1"))
    assert caseload.count() == len(COACH1_CASELOAD) >= 20
    assert all(nino_rules.is_valid(c.nino) for c in caseload)
    benefits = {b for c in caseload for b in c.benefits}
    assert benefits == {"uc", "jsa", "esa", "ib", "is", "pip", "dla", "aa"}
    non_benefit = caseload.filter(non_benefit=True)
    assert non_benefit.count() >= 3
    assert non_benefit.exclude(vulnerability_exception=None).count() == 1
    formats = {f for c in caseload for f in c.accessible_formats}
    assert formats == {"large_print", "braille"}
    # Each claimant's conditionality is the one their regime carries.
    assert caseload.get(surname="Watson").conditionality == "mandatory"  # JSA
    assert caseload.get(surname="Pickering").regime == ""  # PIP only: no regime


def test_other_coaches_hold_claimants_too(demo):
    held = Counter(Claimant.objects.values_list("work_coach__username", flat=True))
    assert set(held) == COACHES
    assert all(5 <= held[c] <= 15 for c in COACHES - {"coach1"})


def test_every_claimant_joined_a_caseload_once_and_has_a_creation_in_its_history(demo):
    transfers = CaseloadTransfer.objects.all()
    assert transfers.count() == Claimant.objects.count()
    assert set(transfers.values_list("reason", flat=True)) == {ref.ADDED_TO_CASELOAD}
    for transfer in transfers.select_related("claimant"):
        assert transfer.from_work_coach_id is None
        assert transfer.to_work_coach_id == transfer.claimant.work_coach_id
    assert Claimant.history.filter(history_type="+").count() == Claimant.objects.count()


def test_every_demo_nino_is_valid_distinct_and_outside_the_national_range(demo):
    ninos = list(Claimant.objects.values_list("nino", flat=True))
    assert len(ninos) == len(set(ninos)) and all(nino_rules.is_valid(n) for n in ninos)
    national = ref.national_nino_maker(750_000)
    national_prefixes = {national(i)[:2] for i in range(1_000)}
    assert not {n[:2] for n in ninos} & national_prefixes


def test_dea1s_cohort_holds_coach1_to_coach30_today_and_coach31_is_in_no_cohort(demo):
    def members(dea):
        cohort = Cohort.objects.get(dea=user(dea))
        return set(cohort.memberships.current_on().values_list("work_coach__username", flat=True))

    assert members("dea1") == {f"coach{n}" for n in range(1, 31)}
    assert members("dea2") == {f"coach{n}" for n in range(32, 41)}
    assert dea_for_work_coach(user("coach1")) == user("dea1")
    assert dea_for_work_coach(user("coach31")) is None
    assert not CohortMembership.objects.filter(work_coach=user("coach31")).exists()


def test_deas_are_line_managed_by_their_team_leaders_who_lead_the_coaches(demo):
    def manager(username):
        return LineManagement.objects.current_on().get(staff=user(username)).manager.username

    assert manager("dea1") == "teamleader1"
    assert manager("dea2") == "teamleader2"

    def team(username):
        return TeamMembership.objects.current_on().get(staff=user(username)).team.leader.username

    assert {team(f"coach{n}") for n in range(1, 31)} == {"teamleader1"}
    assert {team(f"coach{n}") for n in range(31, 41)} == {"teamleader2"}


def test_partners_sit_at_the_jobcentres_of_the_deas_coaches(demo):
    coach_jobcentres = set(
        Staff.objects.filter(username__in=COACHES).values_list("jobcentre", flat=True)
    )
    for partner in ("psychologist1", "employeradviser1", "tppmanager1"):
        assert {user(partner).jobcentre_id} == coach_jobcentres


def test_the_demo_organisation_has_a_jobcentre_in_scotland(demo):
    assert Jobcentre.objects.filter(nation=Nation.SCOTLAND).exists()
    assert Jobcentre.objects.filter(nation=Nation.ENGLAND_AND_WALES).exists()


def test_coach1_has_a_request_to_dea1_in_each_state_with_its_timeline(demo):
    coach, dea = user("coach1"), user("dea1")
    mine = {sr.state: sr for sr in requests_made_by(coach)}
    assert set(mine) == {
        RequestState.SUBMITTED,
        RequestState.INFO_REQUESTED,
        RequestState.ACCEPTED,
        RequestState.DECLINED,
    }
    assert {sr.dea for sr in mine.values()} == {dea}

    def timeline(sr):
        return [(e.action, e.by.username) for e in sr.events.order_by("at", "id")]

    assert timeline(mine[RequestState.SUBMITTED]) == [("submitted", "coach1")]
    waiting = mine[RequestState.INFO_REQUESTED]
    assert timeline(waiting) == [("submitted", "coach1"), ("request_info", "dea1")]
    assert waiting.events.get(action="request_info").message.endswith("?")
    assert waiting.info_requested_at == waiting.events.get(action="request_info").at
    accepted = mine[RequestState.ACCEPTED]
    assert timeline(accepted) == [("submitted", "coach1"), ("accept", "dea1")]
    work = accepted.activities.get()
    assert (work.kind, work.state, work.created_at) == (
        "case_conference",
        "proposed",
        accepted.accepted_at,
    )
    declined = mine[RequestState.DECLINED]
    assert timeline(declined) == [("submitted", "coach1"), ("decline", "dea1")]
    assert declined.decline_reason and declined.decline_note


def test_the_demo_requests_were_made_over_the_last_weeks_in_a_sensible_order(demo):
    now = timezone.now()
    for sr in SupportRequest.objects.all():
        moments = [e.at for e in sr.events.order_by("id")]
        assert moments == sorted(moments) and moments[0] == sr.created_at, sr
        assert now - dt.timedelta(days=30) < sr.created_at < now
        if sr.is_open and sr.state != RequestState.ACCEPTED:
            assert sr.required_by >= timezone.localdate()
        if sr.claimant_id:
            assert sr.claimant.work_coach_id == sr.requester_id
            assert sr.claimant.eligible_for_support
    references = list(SupportRequest.objects.order_by("created_at").values_list("pk", flat=True))
    assert references == sorted(references)


def test_dea1s_inbox_holds_the_open_requests_and_the_notifications(demo):
    dea = user("dea1")
    waiting = inbox(user=dea)
    assert waiting.count() == 5
    assert {sr.requester.username for sr in waiting} == {"coach1", "coach2", "coach3"}
    assert {sr.kind for sr in waiting} == {RequestKind.CLAIMANT_SUPPORT, RequestKind.SKILL_SUPPORT}
    assert Notification.objects.filter(recipient=dea).count() == len(DEMO_REQUESTS)
    assert Notification.objects.filter(recipient=user("coach1")).count() == 3


def test_coach1_can_still_file_a_claimant_support_request(demo):
    coach = user("coach1")
    free = Claimant.objects.filter(work_coach=coach, non_benefit=False, support_requests=None)
    assert free.count() >= 10
    dea, claimant = support_request_check(
        actor=coach,
        kind=RequestKind.CLAIMANT_SUPPORT,
        required_by=timezone.localdate() + dt.timedelta(days=7),
        claimant_id=free.first().pk,
        challenges="Struggles with anxiety on the phone.",
        reason="Advice on adjustments.",
    )
    assert dea == user("dea1") and claimant == free.first()


def test_running_it_twice_changes_nothing(demo):
    before = counts()
    passwords = dict(Staff.objects.values_list("username", "password"))
    output = seed()
    assert counts() == before
    assert dict(Staff.objects.values_list("username", "password")) == passwords
    assert "already in place" in output


def test_an_existing_users_password_is_never_reset(db):
    Staff.objects.create_user(username="admin", password="my-own-password-4471")
    seed()
    admin = user("admin")
    assert admin.check_password("my-own-password-4471")
    assert not admin.check_password(DEMO_PASSWORD)


def test_it_refuses_outside_demo_mode(db, settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="Demo mode is off"):
        seed()
    with pytest.raises(CommandError, match="Demo mode is off"):
        call_command("seed_demo", "--national", "--scale", "0.01", stdout=StringIO())
    assert not Staff.objects.exists()


def test_demo_logins_lists_the_users_and_the_password_only_in_demo_mode(demo, settings):
    out = StringIO()
    call_command("demo_logins", "--port", "8123", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8123/" in text
    for label in ("coach1", "coach2 … coach30", "coach31", "dea1", "teamleader1", "admin"):
        assert label in text
    assert DEMO_PASSWORD in text
    assert f"caseload of {len(COACH1_CASELOAD)} claimants" in text

    settings.DEMO_MODE = False
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "http://127.0.0.1:8000/" in out.getvalue()
    assert DEMO_PASSWORD not in out.getvalue()


def test_demo_logins_marks_a_user_whose_password_was_changed(demo):
    coach = user("coach31")
    coach.set_password("changed-by-the-user-8812")
    coach.save()
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "(changed)" in next(line for line in out.getvalue().splitlines() if "coach31 " in line)


# ---------------------------------------------------------------------------------------
# The national dataset

SMALL = NationalShape(
    districts=2,
    scottish_districts=1,
    jobcentres=5,
    work_coaches=100,
    deas=4,
    claimants=2_000,
    support_requests=3_000,
)


def test_the_national_plan_has_the_scale_of_design_md():
    plan = plan_national()
    roles = Counter(person.role for person in plan.staff)
    assert len(plan.districts) == 37
    assert len(plan.jobcentres) == 640 == len({name for name, _, _ in plan.jobcentres})
    assert any(nation == Nation.SCOTLAND for _, _, nation in plan.jobcentres)
    assert roles[Role.WORK_COACH] == 12_000 and roles[Role.DEA] == 450
    assert plan.claimants == 750_000
    assert plan.support_requests == 1_500_000
    cohort_sizes = Counter(cohort for cohort, _ in plan.cohort_memberships)
    assert len(plan.cohorts) == 450 and max(cohort_sizes.values()) <= 30
    assert len({coach for _, coach in plan.cohort_memberships}) == len(plan.cohort_memberships)
    team_sizes = Counter(team for team, _ in plan.team_memberships)
    assert 8 <= sum(team_sizes.values()) / len(team_sizes) <= 12


def test_the_national_builder_writes_a_small_shape_within_the_rules():
    summary = build_national(SMALL, progress=False)
    assert national_exists()
    assert Claimant.objects.count() == SMALL.claimants == summary.rows["claimants"]
    assert CaseloadTransfer.objects.count() == SMALL.claimants
    ninos = list(Claimant.objects.values_list("nino", flat=True))
    assert len(set(ninos)) == len(ninos)
    assert all(nino_rules.is_valid(n) for n in ninos)

    sizes = Counter(CohortMembership.objects.current_on().values_list("cohort", flat=True))
    assert Cohort.objects.count() == SMALL.deas and max(sizes.values()) <= 30
    coaches = Staff.objects.filter(role_assignments__role=Role.WORK_COACH)
    assert coaches.count() == SMALL.work_coaches
    cohorts_per_coach = Counter(CohortMembership.objects.values_list("work_coach", flat=True))
    assert set(cohorts_per_coach.values()) == {1}
    for dea in Staff.objects.filter(role_assignments__role=Role.DEA):
        manager = LineManagement.objects.get(staff=dea).manager
        assert manager.has_role(Role.WCTL)
    assert Jobcentre.objects.filter(nation=Nation.SCOTLAND).exists()
    # The database works out non-benefit; national users cannot sign in with a password.
    assert Claimant.objects.filter(non_benefit=True).exists()
    assert not any(s.has_usable_password() for s in Staff.objects.all())


def test_national_requests_come_from_each_cohort_with_a_realistic_mix():
    build_national(SMALL, progress=False)
    requests = SupportRequest.objects.all()
    assert requests.count() == SMALL.support_requests
    now, today = timezone.now(), timezone.localdate()
    assert not requests.filter(created_at__gt=now).exists()
    assert not requests.filter(created_at__lt=now - dt.timedelta(days=731)).exists()
    states = Counter(requests.values_list("state", flat=True))
    assert set(states) == set(RequestState.values)
    assert states[RequestState.RESOLVED] > SMALL.support_requests / 2
    kinds = Counter(requests.values_list("kind", flat=True))
    assert kinds[RequestKind.CLAIMANT_SUPPORT] > kinds[RequestKind.SKILL_SUPPORT] > 0
    assert kinds[RequestKind.COLLEAGUE_SUPPORT] > 0

    # Each request went to the DEA of the requester's cohort, about a claimant on their
    # caseload whom a DEA may support.
    dea_of = dict(CohortMembership.objects.values_list("work_coach", "cohort__dea"))
    for sr in requests.exclude(kind=RequestKind.COLLEAGUE_SUPPORT).select_related("claimant"):
        assert dea_of[sr.requester_id] == sr.dea_id
        if sr.claimant:
            assert sr.claimant.work_coach_id == sr.requester_id
            assert sr.claimant.eligible_for_support
    colleagues = requests.filter(kind=RequestKind.COLLEAGUE_SUPPORT).select_related(
        "requester", "dea"
    )
    for sr in colleagues:
        assert sr.requester.jobcentre_id == sr.dea.jobcentre_id
        assert sr.requester.has_role(Role.SDTL)

    # The open requests fall due around today; the closed ones closed after they were made.
    waiting = requests.filter(state__in=[RequestState.SUBMITTED, RequestState.INFO_REQUESTED])
    assert all(
        today - dt.timedelta(days=40) <= d <= today + dt.timedelta(days=25)
        for d in waiting.values_list("required_by", flat=True)
    )
    for created, closed in requests.exclude(closed_at=None).values_list("created_at", "closed_at"):
        assert created <= closed <= now
    assert requests.filter(decline_reason="inappropriate").exists()
    assert requests.exclude(topics=[]).exists()

    # One "submitted" event each, by the requester, when the request was made.
    events = SupportRequestEvent.objects.all()
    assert events.count() == SMALL.support_requests
    assert set(events.values_list("action", "to_state")) == {("submitted", "submitted")}
    assert not events.exclude(at=models.F("support_request__created_at")).exists()
    assert not events.exclude(by=models.F("support_request__requester")).exists()


def test_rows_added_after_a_national_build_get_fresh_ids():
    build_national(SMALL, progress=False)
    seed()  # the demo writes through the ORM, so it relies on the id sequences moving on
    demo_claimants = sum(caseload_size(n) for n in range(1, 41))
    assert Claimant.objects.count() == SMALL.claimants + demo_claimants
    assert SupportRequest.objects.count() == SMALL.support_requests + len(DEMO_REQUESTS)
    assert Staff.objects.filter(username="coach1").exists()


def test_the_national_command_stops_when_the_data_is_there_and_rebuilds_with_force():
    call_command("seed_demo", "--national", "--scale", "0.01", "--no-progress", stdout=StringIO())
    before = counts()
    out = StringIO()
    call_command("seed_demo", "--national", "--scale", "0.01", stdout=out)
    assert "already loaded" in out.getvalue()
    assert counts() == before
    call_command(
        "seed_demo", "--national", "--scale", "0.01", "--force", "--no-progress", stdout=StringIO()
    )
    assert counts() == before
