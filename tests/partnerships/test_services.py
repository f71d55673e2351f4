"""Proposing a strategy, its owner, its links, actions and versions (seed 002 [45-46][58-59])."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django_fsm import TransitionNotAllowed

from conferences.models import Outcome
from jomcase.models import LineManagement, Notification
from partnerships import services
from partnerships.models import Strategy, StrategyState
from tests.factories import StaffFactory, an_activity, managed_by, today, working_day
from tests.partnerships.builders import a_strategy

pytestmark = pytest.mark.django_db


def test_the_owner_is_the_deas_line_managing_team_leader_on_the_day(people):
    LineManagement.objects.filter(staff=people.dea).update(end=today() - dt.timedelta(days=1))
    newer = StaffFactory(wctl=True, first_name="Gwenllian", last_name="Ó Briain")
    managed_by(people.dea, newer, start=today())
    strategy = a_strategy(people.dea)
    assert strategy.owner == newer and strategy.dea == people.dea
    assert strategy.state == StrategyState.PROPOSED
    (told,) = Notification.objects.filter(recipient=newer)
    assert "Cymorth i hawlwyr â gorbryder" in told.title
    assert not Notification.objects.filter(recipient=people.leader).exists()


def test_a_manager_who_is_no_longer_a_team_leader_does_not_own_it(people):
    people.leader.role_assignments.update(end=today() - dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="no line-managing work coach team leader"):
        a_strategy(people.dea)
    assert not Strategy.objects.exists()


def test_only_a_dea_proposes_a_strategy(people):
    for person in (people.leader, people.psychologist, StaffFactory(analyst=True)):
        with pytest.raises(PermissionDenied):
            a_strategy(person)
    assert not Strategy.objects.exists()


def test_a_strategy_needs_a_kind_areas_title_and_text(people):
    with pytest.raises(ValidationError) as refused:
        services.strategy_create(
            actor=people.dea, kind="picnic", title=" ", summary="", areas=["gardening"]
        )
    assert set(refused.value.message_dict) == {"kind", "title", "summary", "areas"}
    with pytest.raises(ValidationError) as refused:
        a_strategy(people.dea, areas=[])
    assert refused.value.message_dict["areas"] == ["Choose at least one area the strategy covers"]
    assert not Strategy.objects.exists()


def test_partners_and_the_conferences_and_outcomes_that_found_the_gap(people):
    conference = an_activity("case_conference", dea=people.dea)
    group = an_activity("group_conference", dea=people.dea)
    outcome = Outcome.objects.create(
        activity=conference, kind="work_psychologist_action", recorded_by=people.dea
    )
    strategy = a_strategy(
        people.dea,
        kind="joint_local",
        areas=["employment", "provision", "employment"],
        internal_partner_ids=[people.psychologist.pk, people.employer_adviser.pk],
        external_partners=["Meddygfa Glan-y-Môr", " Fundacja Aktywni ", "", "Meddygfa Glan-y-Môr"],
        activity_ids=[conference.pk, group.pk],
        outcome_ids=[outcome.pk],
    )
    assert strategy.areas == ["employment", "provision"]
    assert set(strategy.internal_partners.all()) == {people.psychologist, people.employer_adviser}
    assert strategy.external_partners == ["Meddygfa Glan-y-Môr", "Fundacja Aktywni"]
    assert set(strategy.activities.all()) == {conference, group}
    assert list(strategy.outcomes.all()) == [outcome]
    (told,) = Notification.objects.filter(recipient=people.leader)
    assert told.title.startswith("Siân ap Gruffudd asks you to agree a joint local strategy")


def test_another_deas_conference_or_outcome_cannot_be_linked(people):
    theirs = an_activity("case_conference")
    outcome = Outcome.objects.create(
        activity=theirs, kind="employer_adviser_action", recorded_by=theirs.dea
    )
    with pytest.raises(ValidationError) as refused:
        a_strategy(people.dea, activity_ids=[theirs.pk])
    assert refused.value.message_dict == {"activities": ["Choose conferences that you led"]}
    with pytest.raises(ValidationError):
        a_strategy(people.dea, outcome_ids=[outcome.pk])
    assert not Strategy.objects.exists()


def test_a_joint_local_strategy_waits_for_its_owners_agreement(people):
    strategy = a_strategy(people.dea, kind="joint_local")
    for step in (services.strategy_activate, services.strategy_close):
        with pytest.raises(TransitionNotAllowed):
            step(actor=people.dea, strategy_id=strategy.pk)
    with pytest.raises(TransitionNotAllowed):
        services.strategy_text_change(
            actor=people.dea, strategy_id=strategy.pk, title="Newydd", summary="Newydd"
        )
    with pytest.raises(TransitionNotAllowed):
        services.strategy_action_add(
            actor=people.dea,
            strategy_id=strategy.pk,
            team="work_psychologist",
            description="Themed case conference on anxiety",
            owner_id=people.psychologist.pk,
            due=working_day(10),
        )
    strategy.refresh_from_db()
    assert strategy.state == StrategyState.PROPOSED and not strategy.actions.exists()

    with pytest.raises(PermissionDenied):
        services.strategy_agree(actor=people.dea, strategy_id=strategy.pk)
    services.strategy_agree(actor=people.leader, strategy_id=strategy.pk)
    services.strategy_activate(actor=people.dea, strategy_id=strategy.pk)
    strategy.refresh_from_db()
    assert strategy.state == StrategyState.ACTIVE and strategy.agreed_at is not None
    (told,) = Notification.objects.filter(recipient=people.dea)
    assert told.title == "Agnieszka Wiśniewska agreed your strategy: Cymorth i hawlwyr â gorbryder"


def test_other_strategies_may_start_without_waiting(people):
    strategy = a_strategy(people.dea, kind="employer_engagement")
    services.strategy_activate(actor=people.dea, strategy_id=strategy.pk)
    services.strategy_close(actor=people.leader, strategy_id=strategy.pk)
    strategy.refresh_from_db()
    assert strategy.state == StrategyState.CLOSED


def test_each_version_of_the_text_is_kept_with_who_changed_it(people):
    strategy = a_strategy(
        people.dea, kind="third_party_provision", internal_partner_ids=[people.psychologist.pk]
    )
    services.strategy_text_change(
        actor=people.leader,
        strategy_id=strategy.pk,
        title="Darpariaeth i hawlwyr â gorbryder",
        summary="A local charity runs a course on managing anxiety at work.",
    )
    versions = list(strategy.history.order_by("history_date", "history_id"))
    assert [(v.history_user, v.title) for v in versions] == [
        (people.dea, "Cymorth i hawlwyr â gorbryder"),
        (people.leader, "Darpariaeth i hawlwyr â gorbryder"),
    ]
    assert versions[0].summary.startswith("Claimants with anxiety")
    # A partner sees the strategy but does not maintain it; anyone else is told it is not there.
    with pytest.raises(PermissionDenied):
        services.strategy_text_change(
            actor=people.psychologist, strategy_id=strategy.pk, title="x", summary="y"
        )
    with pytest.raises(Http404):
        services.strategy_text_change(
            actor=people.employer_adviser, strategy_id=strategy.pk, title="x", summary="y"
        )
    assert strategy.history.count() == 2


def test_actions_have_an_owner_a_due_date_and_are_marked_done(people):
    strategy = a_strategy(
        people.dea, internal_partner_ids=[people.psychologist.pk, people.employer_adviser.pk]
    )
    action = services.strategy_action_add(
        actor=people.dea,
        strategy_id=strategy.pk,
        team="external_partner",
        description="Ask the surgery to run a session on long COVID",
        owner_id=people.psychologist.pk,
        partner_name="Meddygfa Glan-y-Môr",
        due=working_day(10),
    )
    (told,) = Notification.objects.filter(recipient=people.psychologist)
    assert "Cymorth i hawlwyr" in told.title
    with pytest.raises(PermissionDenied):
        services.strategy_action_complete(actor=people.employer_adviser, action_id=action.pk)
    # Someone who cannot see the strategy is told the action does not exist.
    with pytest.raises(Http404):
        services.strategy_action_complete(actor=StaffFactory(dea=True), action_id=action.pk)
    done = services.strategy_action_complete(actor=people.psychologist, action_id=action.pk)
    assert done.is_done
    again = services.strategy_action_complete(actor=people.psychologist, action_id=action.pk)
    assert again.done_at == done.done_at


def test_an_action_needs_its_details(people):
    strategy = a_strategy(people.dea)
    with pytest.raises(ValidationError) as refused:
        services.strategy_action_add(
            actor=people.dea,
            strategy_id=strategy.pk,
            team="external_partner",
            description=" ",
            owner_id=0,
            due=today() - dt.timedelta(days=1),
        )
    assert set(refused.value.message_dict) == {"description", "owner", "due", "partner_name"}
    assert not strategy.actions.exists()
