"""factory-boy factories for the whole project, with traits for each role.

Named builders for whole scenarios live beside them, e.g. ``a_cohort_of(30)``.
"""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from claimants import nino as nino_rules
from claimants.models import Benefit, CaseloadTransfer, Claimant, Conditionality, Regime
from dea_support.models import Cohort, CohortMembership
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
        work_coach = factory.Trait(roles=[Role.WORK_COACH])
        dea = factory.Trait(roles=[Role.DEA])
        wctl = factory.Trait(roles=[Role.WCTL])
        sdtl = factory.Trait(roles=[Role.SDTL])
        analyst = factory.Trait(roles=[Role.ANALYST])
        administrator = factory.Trait(roles=[Role.ADMINISTRATOR])

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or ():
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
