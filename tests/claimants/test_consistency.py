"""Benefits, regime and conditionality are checked together (issue 12, point 9).

JSA claimants and UC claimants searching for work are mandatory; a regime needs the benefit
it belongs to (an ESA group needs ESA). The same rule answers the service, the page (a form
error) and the API (400), and a refused change saves nothing.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from claimants import services
from claimants.consistency import problems
from claimants.models import Claimant
from tests.claimants.test_pages import VALID_NEW, error_summary
from tests.conftest import api_as
from tests.factories import ClaimantFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("benefits", "regime", "conditionality", "field"),
    [
        (["jsa"], "jsa", "voluntary", "conditionality"),
        (["jsa"], "", "voluntary", "conditionality"),
        (["uc"], "searching_for_work", "voluntary", "conditionality"),
        (["pip"], "esa_support_group", "voluntary", "regime"),
        (["uc"], "esa_work_related_activity", "mandatory", "regime"),
        (["esa"], "searching_for_work", "mandatory", "regime"),
        (["esa"], "jsa", "mandatory", "regime"),
        (["is"], "incapacity_benefit", "voluntary", "regime"),
        ([], "income_support", "voluntary", "regime"),
    ],
)
def test_combinations_that_disagree_are_refused_by_field(benefits, regime, conditionality, field):
    assert list(problems(benefits=benefits, regime=regime, conditionality=conditionality)) == [
        field
    ]


@pytest.mark.parametrize(
    ("benefits", "regime", "conditionality"),
    [
        (["jsa"], "jsa", "mandatory"),
        (["uc"], "searching_for_work", "mandatory"),
        (["uc"], "planning_for_work", "voluntary"),
        (["uc", "pip"], "no_work_requirements", "voluntary"),
        (["esa"], "esa_support_group", "voluntary"),
        (["esa", "pip"], "esa_work_related_activity", "mandatory"),
        (["ib"], "incapacity_benefit", "voluntary"),
        (["is"], "income_support", "mandatory"),
        (["pip"], "", "voluntary"),
        ([], "", "mandatory"),
    ],
)
def test_combinations_that_agree_pass(benefits, regime, conditionality):
    assert problems(benefits=benefits, regime=regime, conditionality=conditionality) == {}


def test_the_service_checks_a_change_against_what_the_record_already_holds():
    claimant = ClaimantFactory(
        benefits=["esa"], regime="esa_support_group", conditionality="voluntary"
    )
    before = Claimant.objects.values().get(pk=claimant.pk)

    with pytest.raises(ValidationError) as refused:
        # Dropping ESA leaves an ESA regime with no ESA.
        services.claimant_update(
            actor=claimant.work_coach, claimant_id=claimant.pk, benefits=["pip"]
        )

    assert "Employment and Support Allowance" in refused.value.message_dict["regime"][0]
    assert Claimant.objects.values().get(pk=claimant.pk) == before


def test_the_api_answers_400_and_saves_nothing():
    coach = StaffFactory(work_coach=True)
    client = api_as(coach)
    response = client.post(
        "/api/claimants/",
        {
            "nino": "AB123456C",
            "surname": "Nguyễn",
            "forenames": "Thị Mai",
            "benefits": ["jsa"],
            "regime": "jsa",
            "conditionality": "voluntary",
        },
        format="json",
    )
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid"
    assert "mandatory" in body["errors"]["conditionality"][0]
    assert not Claimant.objects.exists()

    claimant = ClaimantFactory(work_coach=coach, benefits=["uc"], regime="searching_for_work")
    patched = client.patch(
        f"/api/claimants/{claimant.pk}/", {"conditionality": "voluntary"}, format="json"
    )
    assert patched.status_code == 400, patched.content
    assert Claimant.objects.get(pk=claimant.pk).conditionality == "mandatory"


def test_the_page_shows_the_problem_in_the_error_summary(client):
    coach = StaffFactory(work_coach=True)
    client.force_login(coach)
    response = client.post(
        reverse("claimants:add"),
        {**VALID_NEW, "benefits": ["pip"], "regime": "esa_support_group"},
    )
    assert response.status_code == 200
    assert any("regime of Employment and Support Allowance" in e for e in error_summary(response))
    assert not Claimant.objects.exists()


def test_every_demo_profile_agrees_with_itself():
    from dea_support.demo.reference import NATIONAL_MIX

    for _, profile in NATIONAL_MIX:
        assert (
            problems(
                benefits=profile.benefits,
                regime=profile.regime,
                conditionality=profile.conditionality,
            )
            == {}
        ), profile
