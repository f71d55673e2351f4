"""factory-boy factories for the whole project, with traits for each role.

Named builders for whole scenarios live beside them, e.g. ``a_cohort_of(30)``.
"""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from claimants import nino as nino_rules
from claimants.models import Benefit, CaseloadTransfer, Claimant, Conditionality, Regime
from dea_support.models import (
    Cohort,
    CohortMembership,
    RequestKind,
    RequestState,
    SupportRequest,
)
from jomcase.models import (
    District,
    Jobcentre,
    LineManagement,
    Role,
    RoleAssignment,
    Staff,
    Team,
    TeamMembership,
)

LONG_AGO = dt.date(2020, 1, 1)


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"District {n}")


class JobcentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jobcentre
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Jobcentre {n}")
    district = factory.SubFactory(DistrictFactory)


class StaffFactory(factory.django.DjangoModelFactory):
    """A staff member; pass ``roles=[...]`` or use a trait such as ``work_coach=True``."""

    class Meta:
        model = Staff
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda s: f"{s.username}@example.gov.uk")
    jobcentre = factory.SubFactory(JobcentreFactory)
    password = factory.django.Password("jomcase-test")

    class Params:
        # A trait cannot set a post-generation value itself, only pass it keyword arguments.
        work_coach = factory.Trait(roles__from_trait=[Role.WORK_COACH])
        dea = factory.Trait(roles__from_trait=[Role.DEA])
        wctl = factory.Trait(roles__from_trait=[Role.WCTL])
        sdtl = factory.Trait(roles__from_trait=[Role.SDTL])
        service_delivery_coach = factory.Trait(roles__from_trait=[Role.SERVICE_DELIVERY_COACH])
        work_psychologist = factory.Trait(roles__from_trait=[Role.WORK_PSYCHOLOGIST])
        employer_adviser = factory.Trait(roles__from_trait=[Role.EMPLOYER_ADVISER])
        tpp_manager = factory.Trait(roles__from_trait=[Role.TPP_MANAGER])
        partnership_manager = factory.Trait(roles__from_trait=[Role.PARTNERSHIP_MANAGER])
        analyst = factory.Trait(roles__from_trait=[Role.ANALYST])
        administrator = factory.Trait(roles__from_trait=[Role.ADMINISTRATOR])

    @factory.post_generation
    def roles(self, create, extracted, from_trait=(), **kwargs):
        if not create:
            return
        for role in dict.fromkeys([*(extracted or ()), *from_trait]):
            RoleAssignment.objects.create(staff=self, role=role, start=LONG_AGO)
        self.__dict__.pop("roles", None)  # forget any cached roles


class ClaimantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claimant
        skip_postgeneration_save = True

    nino = factory.Sequence(lambda n: nino_rules.from_number(10_000_000 + n * 7))
    surname = factory.Faker("last_name", locale="en_GB")
    forenames = factory.Faker("first_name", locale="en_GB")
    benefits = factory.LazyFunction(lambda: [Benefit.UC])
    regime = Regime.SEARCHING_FOR_WORK
    conditionality = Conditionality.MANDATORY
    work_coach = factory.SubFactory(StaffFactory, work_coach=True)

    class Params:
        non_benefit = factory.Trait(benefits=[Benefit.PIP], regime="")

    @factory.post_generation
    def transfer(self, create, extracted, **kwargs):
        if create and self.work_coach_id:
            CaseloadTransfer.objects.create(
                claimant=self, to_work_coach=self.work_coach, by=self.work_coach
            )


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")
    jobcentre = factory.SubFactory(JobcentreFactory)
    leader = factory.SubFactory(StaffFactory, wctl=True)


def join_team(staff: Staff, team: Team, start: dt.date = LONG_AGO) -> TeamMembership:
    return TeamMembership.objects.create(staff=staff, team=team, start=start)


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    dea = factory.SubFactory(StaffFactory, dea=True)


def add_member(cohort: Cohort, coach: Staff, start: dt.date = LONG_AGO, end=None):
    return CohortMembership.objects.create(cohort=cohort, work_coach=coach, start=start, end=end)


def a_cohort_of(n: int, *, start: dt.date = LONG_AGO, dea: Staff | None = None) -> Cohort:
    """A DEA's cohort holding ``n`` work coaches from ``start``."""
    cohort = CohortFactory(dea=dea) if dea else CohortFactory()
    for _ in range(n):
        add_member(cohort, StaffFactory(work_coach=True), start=start)
    return cohort


def managed_by(staff: Staff, manager: Staff, start: dt.date = LONG_AGO) -> LineManagement:
    return LineManagement.objects.create(staff=staff, manager=manager, start=start)


def today() -> dt.date:
    return timezone.localdate()


def working_day(days: int = 0) -> dt.date:
    """The first day at least ``days`` from today that is a working day in every nation.

    A filed request's required date must be a working day of the DEA's nation, so tests that
    file through the services use this rather than a fixed offset that may land on a weekend
    or a bank holiday depending on the day the suite runs.
    """
    from jomcase.models import Nation
    from jomcase.working_days import is_working_day

    day = today() + dt.timedelta(days=days)
    while not all(is_working_day(day, nation) for nation in Nation.values):
        day += dt.timedelta(days=1)
    return day


class SupportRequestFactory(factory.django.DjangoModelFactory):
    """A claimant support request from a coach in a DEA's cohort, ``submitted``.

    Traits put it in another state as the services would have left it: ``info_requested``,
    ``accepted``, ``declined``, ``withdrawn``, ``resolved``. ``skill`` and ``colleague`` change
    the kind. For a real coach-in-cohort set-up use ``a_request_in_cohort()``.
    """

    class Meta:
        model = SupportRequest

    kind = RequestKind.CLAIMANT_SUPPORT
    state = RequestState.SUBMITTED
    requester = factory.SubFactory(StaffFactory, work_coach=True)
    dea = factory.SubFactory(StaffFactory, dea=True)
    claimant = factory.SubFactory(ClaimantFactory, work_coach=factory.SelfAttribute("..requester"))
    challenges = "Anxiety makes phone appointments hard; recent hospital stay."
    reason = "Advice on adjustments before the next appointment."
    required_by = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=7))

    class Params:
        skill = factory.Trait(
            kind=RequestKind.SKILL_SUPPORT,
            claimant=None,
            challenges="",
            reason="",
            knowledge_gap="reasonable_adjustments",
            description="How to agree adjustments for a claimant with ME/CFS.",
        )
        colleague = factory.Trait(
            kind=RequestKind.COLLEAGUE_SUPPORT,
            claimant=None,
            challenges="",
            job_role="Service delivery coach",
            criticality="non_urgent",
        )
        info_requested = factory.Trait(
            state=RequestState.INFO_REQUESTED,
            first_response_at=factory.LazyFunction(timezone.now),
            info_requested_at=factory.LazyFunction(timezone.now),
        )
        accepted = factory.Trait(
            state=RequestState.ACCEPTED,
            channel="case_conference",
            first_response_at=factory.LazyFunction(timezone.now),
            accepted_at=factory.LazyFunction(timezone.now),
        )
        declined = factory.Trait(
            state=RequestState.DECLINED,
            decline_reason="outside_remit",
            decline_note="Please contact the work psychologist.",
            first_response_at=factory.LazyFunction(timezone.now),
            closed_at=factory.LazyFunction(timezone.now),
        )
        withdrawn = factory.Trait(
            state=RequestState.WITHDRAWN, closed_at=factory.LazyFunction(timezone.now)
        )
        resolved = factory.Trait(
            state=RequestState.RESOLVED,
            channel="case_conference",
            first_response_at=factory.LazyFunction(timezone.now),
            accepted_at=factory.LazyFunction(timezone.now),
            closed_at=factory.LazyFunction(timezone.now),
        )


def a_request_in_cohort(**kwargs) -> SupportRequest:
    """A request whose requester really is in its DEA's cohort, as filing would have made it."""
    sr = SupportRequestFactory(**kwargs)
    cohort = Cohort.objects.filter(dea=sr.dea).first() or CohortFactory(dea=sr.dea)
    if not cohort.memberships.filter(work_coach=sr.requester).exists():
        add_member(cohort, sr.requester)
    return sr


def an_activity(kind: str = "case_conference", *, claimant=None, dea=None, work_coach=None):
    """A proposed activity (awaiting consent for a three-way or CSI) with its participants."""
    from conferences.services import activity_propose

    dea = dea or StaffFactory(dea=True)
    if claimant is None and kind not in ("skill_conference", "informational_support"):
        claimant = ClaimantFactory(work_coach=work_coach) if work_coach else ClaimantFactory()
    work_coach = work_coach or (claimant.work_coach if claimant else StaffFactory(work_coach=True))
    return activity_propose(kind=kind, actor=dea, dea=dea, work_coach=work_coach, claimant=claimant)


class SixPointPlanRecordFactory(factory.django.DjangoModelFactory):
    """A six point plan record [37] made by the claimant's work coach, not yet reviewed.
    For the notification and the claimant's flag, record through the service instead."""

    class Meta:
        model = "claimants.SixPointPlanRecord"

    claimant = factory.SubFactory(ClaimantFactory, self_harm_declared=True)
    declared_on = factory.LazyFunction(lambda: today() - dt.timedelta(days=1))
    declaration = "Said they had thought about ending their life this week."
    steps_taken = "Stayed with them, gave the Samaritans' number, agreed to call their GP."
    emergency_services_contacted = False
    people_told = "The team leader and a supporting colleague."
    follow_up = "Phone call tomorrow morning to check in."
    recorded_by = factory.LazyAttribute(lambda record: record.claimant.work_coach)


class StrategyFactory(factory.django.DjangoModelFactory):
    """A proposed strategy with its lead DEA and owner given as they are (no line management
    is recorded). For the owner worked out from the DEA's line management and the owner's
    notification, create through ``partnerships.services.strategy_create`` instead."""

    class Meta:
        model = "partnerships.Strategy"

    kind = "work_psychologist"
    areas = factory.LazyFunction(lambda: ["condition_management", "awareness"])
    title = factory.Sequence(lambda n: f"Strategaeth iechyd meddwl {n}")
    summary = "Work coaches ask for help with claimants who have anxiety; a themed session."
    dea = factory.SubFactory(StaffFactory, dea=True)
    owner = factory.SubFactory(StaffFactory, wctl=True)


class PartnerFactory(factory.django.DjangoModelFactory):
    """An external partner in a district's directory, saved as it is (no history user and no
    notification). To record a change as the service does, use ``partnerships.services``."""

    class Meta:
        model = "partnerships.Partner"

    name = factory.Sequence(lambda n: f"Elusen Iechyd Meddwl {n:03d}")
    kind = "charity"
    district = factory.SubFactory(DistrictFactory)
    services = "Peer support groups and one-to-one advice for people with anxiety."
    contacts = factory.LazyFunction(
        lambda: [
            {"name": "Nguyễn Văn An", "email": "an.nguyen@example.org", "phone": "029 2000 0000"}
        ]
    )
