"""Writes of strategies (DESIGN.md section 7; seed 002 [45-46][58-59]).

Every write is one transaction that locks the strategy it changes, records who did it in the
strategy's history, and tells the people concerned once it commits. The owner is never typed:
it is the lead DEA's line-managing team leader on the day the strategy is created. A joint
local strategy waits for its owner's agreement before anything else happens to it [59].
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django_fsm import TransitionNotAllowed, can_proceed

from conferences.models import Activity, Outcome
from jomcase.errors import ensure
from jomcase.models import LineManagement, Role, RoleAssignment, Staff
from jomcase.services import notification_send
from partnerships.models import (
    ActionTeam,
    Strategy,
    StrategyAction,
    StrategyArea,
    StrategyKind,
    settled,
)
from partnerships.permissions import (
    can_agree,
    can_complete_action,
    can_create_strategy,
    can_manage,
    strategy_visibility,
)


def line_manager_of(dea: Staff, day: dt.date | None = None) -> Staff | None:
    """The work coach team leader who line-manages ``dea`` on ``day`` (today by default)."""
    leaders = RoleAssignment.objects.current_on(day).filter(role=Role.WCTL).values("staff_id")
    management = (
        LineManagement.objects.current_on(day)
        .filter(staff=dea, manager__in=leaders)
        .select_related("manager")
        .order_by("-start", "-pk")
        .first()
    )
    return management.manager if management else None


def _locked(actor: Staff, strategy_id: int) -> Strategy:
    """The strategy, locked, if ``actor`` may see it; 404 otherwise."""
    visible = Strategy.objects.filter(strategy_visibility(actor)).values("pk")
    strategy = (
        Strategy.objects.select_for_update(of=("self",))
        .select_related("dea", "owner")
        .filter(pk=strategy_id, pk__in=visible)
        .first()
    )
    if strategy is None:
        raise Http404("No such strategy")
    return strategy


def _link(strategy: Strategy) -> str:
    return reverse("partnerships:strategy", args=[strategy.pk])


def _clean(*, kind: str, title: str, summary: str, areas: list[str]) -> None:
    errors = {}
    if kind not in StrategyKind.values:
        errors["kind"] = ["Choose what kind of strategy it is"]
    if not areas:
        errors["areas"] = ["Choose at least one area the strategy covers"]
    elif set(areas) - set(StrategyArea.values):
        errors["areas"] = ["Choose areas from the list"]
    if not title.strip():
        errors["title"] = ["Enter a title for the strategy"]
    if not summary.strip():
        errors["summary"] = ["Say why the strategy is needed and what it will do"]
    if errors:
        raise ValidationError(errors)


def _gap_sources(
    dea: Staff, activity_ids: list[int], outcome_ids: list[int]
) -> tuple[list[Activity], list[Outcome]]:
    """The DEA's own activities and outcomes that identified the gap; anyone else's is 400."""
    activities = list(Activity.objects.filter(pk__in=set(activity_ids), dea=dea))
    if len(activities) != len(set(activity_ids)):
        raise ValidationError({"activities": ["Choose conferences that you led"]})
    outcomes = list(Outcome.objects.filter(pk__in=set(outcome_ids), activity__dea=dea))
    if len(outcomes) != len(set(outcome_ids)):
        raise ValidationError({"outcomes": ["Choose outcomes of conferences that you led"]})
    return activities, outcomes


def _partners(ids: list[int]) -> list[Staff]:
    partners = list(Staff.objects.filter(pk__in=set(ids), is_active=True))
    if len(partners) != len(set(ids)):
        raise ValidationError({"internal_partners": ["Choose internal partners from the list"]})
    return partners


def _names(names: list[str]) -> list[str]:
    return list(dict.fromkeys(name.strip() for name in names if name.strip()))


@transaction.atomic
def strategy_create(
    *,
    actor: Staff,
    kind: str,
    title: str,
    summary: str,
    areas: list[str],
    internal_partner_ids: list[int] = (),
    external_partners: list[str] = (),
    activity_ids: list[int] = (),
    outcome_ids: list[int] = (),
) -> Strategy:
    """A DEA proposes a strategy; their line-managing team leader owns it [45][59]."""
    ensure(can_create_strategy(actor), "Only a DEA creates a strategy.")
    _clean(kind=kind, title=title, summary=summary, areas=areas)
    owner = line_manager_of(actor)
    if owner is None:
        raise ValidationError(
            "You have no line-managing work coach team leader to own the strategy. "
            "Ask your administrator to record who manages you"
        )
    partners = _partners(list(internal_partner_ids))
    activities, outcomes = _gap_sources(actor, list(activity_ids), list(outcome_ids))
    strategy = Strategy(
        kind=kind,
        title=title.strip(),
        summary=summary.strip(),
        areas=list(dict.fromkeys(areas)),
        dea=actor,
        owner=owner,
        external_partners=_names(list(external_partners)),
    )
    strategy._history_user = actor
    strategy.save()
    strategy.internal_partners.set(partners)
    strategy.activities.set(activities)
    strategy.outcomes.set(outcomes)
    if kind == StrategyKind.JOINT_LOCAL:
        title_text = f"{actor} asks you to agree a joint local strategy: {strategy.title}"
        body = "Read the strategy and agree to it so the work can go ahead."
    else:
        title_text = f"{actor} proposed a strategy you own: {strategy.title}"
        body = "Read the strategy."
    notification_send(
        recipient=owner,
        key=f"strategy-{strategy.pk}-proposed",
        kind="strategy",
        title=title_text,
        body=body,
        link=_link(strategy),
    )
    return strategy


@transaction.atomic
def strategy_agree(*, actor: Staff, strategy_id: int) -> Strategy:
    """The owner agrees to the strategy going ahead: proposed -> agreed [59]."""
    strategy = _locked(actor, strategy_id)
    ensure(can_agree(actor, strategy), "Only the strategy's owner may agree to it.")
    strategy.agree()  # TransitionNotAllowed once agreed: 409
    strategy._history_user = actor
    strategy.save(update_fields=["state", "agreed_at"])
    notification_send(
        recipient=strategy.dea,
        key=f"strategy-{strategy.pk}-agreed",
        kind="strategy",
        title=f"{actor} agreed your strategy: {strategy.title}",
        body="The work can go ahead.",
        link=_link(strategy),
    )
    return strategy


def _step(actor: Staff, strategy_id: int, step: str, stamp: str) -> Strategy:
    strategy = _locked(actor, strategy_id)
    ensure(can_manage(actor, strategy), "Only the lead DEA or the owner may do this.")
    getattr(strategy, step)()
    strategy._history_user = actor
    strategy.save(update_fields=["state", stamp])
    return strategy


@transaction.atomic
def strategy_activate(*, actor: Staff, strategy_id: int) -> Strategy:
    """The lead DEA or owner starts the strategy's work with its partners [46]."""
    return _step(actor, strategy_id, "activate", "activated_at")


@transaction.atomic
def strategy_close(*, actor: Staff, strategy_id: int) -> Strategy:
    """The lead DEA or owner closes the strategy when its work is done."""
    return _step(actor, strategy_id, "close", "closed_at")


def _refuse_until_settled(strategy: Strategy) -> None:
    if not settled(strategy):
        raise TransitionNotAllowed("A joint local strategy needs its owner's agreement first.")


@transaction.atomic
def strategy_text_change(*, actor: Staff, strategy_id: int, title: str, summary: str) -> Strategy:
    """The lead DEA or owner maintains the strategy's text; each version is kept [59]."""
    strategy = _locked(actor, strategy_id)
    ensure(can_manage(actor, strategy), "Only the lead DEA or the owner may change the text.")
    _refuse_until_settled(strategy)
    _clean(kind=strategy.kind, title=title, summary=summary, areas=strategy.areas)
    strategy.title, strategy.summary = title.strip(), summary.strip()
    strategy._history_user = actor
    strategy.save(update_fields=["title", "summary"])
    return strategy


@transaction.atomic
def strategy_action_add(
    *,
    actor: Staff,
    strategy_id: int,
    team: str,
    description: str,
    owner_id: int,
    due: dt.date,
    partner_name: str = "",
) -> StrategyAction:
    """The lead DEA or owner gives a partner part of the strategy's work [46][59]."""
    strategy = _locked(actor, strategy_id)
    ensure(can_manage(actor, strategy), "Only the lead DEA or the owner may add actions.")
    _refuse_until_settled(strategy)
    errors = {}
    if team not in ActionTeam.values:
        errors["team"] = ["Choose who carries out the action"]
    if not description.strip():
        errors["description"] = ["Describe the action"]
    if due is None or due < timezone.localdate():
        errors["due"] = ["The due date must be today or in the future"]
    if team == ActionTeam.EXTERNAL_PARTNER and not partner_name.strip():
        errors["partner_name"] = ["Name the external partner"]
    owner = Staff.objects.filter(pk=owner_id, is_active=True).first()
    if owner is None:
        errors["owner"] = ["Choose who owns the action"]
    if errors:
        raise ValidationError(errors)
    action = StrategyAction(
        strategy=strategy,
        team=team,
        description=description.strip(),
        owner=owner,
        partner_name=partner_name.strip(),
        due=due,
        created_by=actor,
    )
    action._history_user = actor
    action.save()
    if owner.pk != actor.pk:
        notification_send(
            recipient=owner,
            key=f"strategy-action-{action.pk}",
            kind="strategy_action",
            title=f"{actor} gave you an action on the strategy {strategy.title}",
            body=f"Due {due:%-d %B %Y}.",
            link=_link(strategy),
        )
    return action


@transaction.atomic
def strategy_action_complete(*, actor: Staff, action_id: int) -> StrategyAction:
    """The action's owner (or the lead DEA or owner) marks it done; again changes nothing."""
    action = (
        StrategyAction.objects.select_for_update(of=("self",))
        .select_related("strategy")
        .filter(pk=action_id)
        .first()
    )
    if (
        action is None
        or not Strategy.objects.filter(strategy_visibility(actor), pk=action.strategy_id).exists()
    ):
        raise Http404("No such action")
    if not can_complete_action(actor, action):
        raise PermissionDenied("Only the action's owner, the lead DEA or the owner may do this.")
    if action.done_at is None:
        action.done_at = timezone.now()
        action._history_user = actor
        action.save(update_fields=["done_at"])
    return action


STEP_LABELS = {"agree": "Agree", "activate": "Start work", "close": "Close"}


def available_steps(user: Staff, strategy: Strategy) -> list[tuple[str, str]]:
    """``(name, label)`` of the transitions ``user`` may take on the strategy now."""
    names = []
    if can_agree(user, strategy) and can_proceed(strategy.agree):
        names.append("agree")
    if can_manage(user, strategy):
        names += [name for name in ("activate", "close") if can_proceed(getattr(strategy, name))]
    return [(name, STEP_LABELS[name]) for name in names]
