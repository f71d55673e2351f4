"""Who sees a strategy and who may act on it, per role (DESIGN.md section 10)."""

from __future__ import annotations

import datetime as dt

import pytest

from jomcase.models import LineManagement
from partnerships.models import Strategy
from partnerships.permissions import (
    can_agree,
    can_create_strategy,
    can_manage,
    strategy_visibility,
)
from partnerships.services import strategy_action_add
from tests.factories import StaffFactory, managed_by, today, working_day
from tests.partnerships.builders import a_strategy

pytestmark = pytest.mark.django_db


def _sees(person, strategy) -> bool:
    return Strategy.objects.filter(strategy_visibility(person), pk=strategy.pk).exists()


def test_who_sees_a_strategy(people):
    strategy = a_strategy(people.dea, internal_partner_ids=[people.psychologist.pk])
    action_owner = StaffFactory(tpp_manager=True, first_name="Katarzyna", last_name="Nowak")
    strategy_action_add(
        actor=people.dea,
        strategy_id=strategy.pk,
        team="third_party_provision",
        description="Find a course on managing anxiety at work",
        owner_id=action_owner.pk,
        due=working_day(15),
    )
    seen = {
        "lead DEA": people.dea,
        "owner": people.leader,
        "internal partner": people.psychologist,
        "action owner": action_owner,
        "administrator": StaffFactory(administrator=True),
    }
    unseen = {
        "another DEA": StaffFactory(dea=True),
        "another team leader": StaffFactory(wctl=True),
        "a work coach": StaffFactory(work_coach=True),
        "an employer adviser not on it": people.employer_adviser,
        "an analyst": StaffFactory(analyst=True),
    }
    assert {name for name, p in seen.items() if not _sees(p, strategy)} == set()
    assert {name for name, p in unseen.items() if _sees(p, strategy)} == set()


def test_the_deas_new_team_leader_sees_it_but_the_owner_stays(people):
    strategy = a_strategy(people.dea)
    LineManagement.objects.filter(staff=people.dea).update(end=today() - dt.timedelta(days=1))
    newer = StaffFactory(wctl=True, first_name="Huw", last_name="Prys")
    managed_by(people.dea, newer, start=today())
    assert _sees(newer, strategy) and _sees(people.leader, strategy)
    assert not can_agree(newer, strategy) and can_agree(people.leader, strategy)
    assert not can_manage(newer, strategy)


def test_who_may_propose_agree_and_maintain(people):
    strategy = a_strategy(people.dea)
    assert can_create_strategy(people.dea)
    assert not any(
        can_create_strategy(p) for p in (people.leader, people.psychologist, StaffFactory())
    )
    assert can_agree(people.leader, strategy) and not can_agree(people.dea, strategy)
    assert can_manage(people.dea, strategy) and can_manage(people.leader, strategy)
    assert not can_manage(people.psychologist, strategy)
