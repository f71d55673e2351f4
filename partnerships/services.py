"""Writes of strategies and external partners (DESIGN.md section 7; seed 002 [45-46][55-59]).

Every write is one transaction that locks the strategy it changes, records who did it in the
strategy's history, and tells the people concerned once it commits. The owner is never typed:
it is the lead DEA's line-managing team leader on the day the strategy is created. A joint
local strategy waits for its owner's agreement before anything else happens to it [59].
A change in the services an external partner offers is recorded once and told to every work
coach of its district [56].
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django_fsm import TransitionNotAllowed, can_proceed

from conferences.models import Activity, Outcome
from jomcase.errors import ensure
from jomcase.models import District, LineManagement, Role, RoleAssignment, Staff
from jomcase.services import notification_send
from partnerships.models import (
    ActionTeam,
    ContactChannel,
    Partner,
    PartnerContact,
    PartnerKind,
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
    can_manage_partners,
    partner_visibility,
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


def _partner_clean(*, name: str, kind: str, contacts: list[dict]) -> list[dict]:
    """The partner's fields checked, and its contacts kept to work name, e-mail and phone."""
    errors = {}
    if not name.strip():
        errors["name"] = ["Enter the partner's name"]
    if kind not in PartnerKind.values:
        errors["kind"] = ["Choose what kind of organisation it is"]
    cleaned = []
    for contact in contacts:
        entry = {key: str(contact.get(key) or "").strip() for key in ("name", "email", "phone")}
        if not any(entry.values()):
            continue
        if not entry["name"]:
            errors["contacts"] = ["Enter the name of each contact"]
        elif not (entry["email"] or entry["phone"]):
            errors["contacts"] = [
                f"Enter a work e-mail address or phone number for {entry['name']}"
            ]
        elif entry["email"]:
            try:
                validate_email(entry["email"])
            except ValidationError:
                errors["contacts"] = [
                    f"Enter {entry['name']}'s e-mail address in the right format, "
                    "like name@example.org"
                ]
        cleaned.append(entry)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _district_coaches(district_id: int):
    coaches = RoleAssignment.objects.current_on().filter(role=Role.WORK_COACH).values("staff_id")
    return Staff.objects.filter(
        is_active=True, jobcentre__district_id=district_id, pk__in=coaches
    ).order_by("pk")


def _locked_partner(actor: Staff, partner_id: int) -> Partner:
    """The partner, locked, if ``actor`` may see it; 404 otherwise."""
    partner = (
        Partner.objects.select_for_update().filter(partner_visibility(actor), pk=partner_id).first()
    )
    if partner is None:
        raise Http404("No such partner")
    return partner


def _partner_link(partner: Partner) -> str:
    return reverse("partners:partner", args=[partner.pk])


@transaction.atomic
def partner_create(
    *,
    actor: Staff,
    name: str,
    kind: str,
    district_id: int | None = None,
    services: str = "",
    contacts: list[dict] = (),
) -> Partner:
    """A DEA, team leader or administrator adds an organisation to a district's directory;
    a DEA or team leader's own district by default [55-56]."""
    if district_id is None and actor.jobcentre_id:
        district_id = actor.jobcentre.district_id
    ensure(
        district_id is not None and can_manage_partners(actor, district_id),
        "Only the district's DEAs, team leaders and administrators add partners.",
    )
    if not District.objects.filter(pk=district_id).exists():
        raise ValidationError({"district": ["Choose a district"]})
    cleaned = _partner_clean(name=name, kind=kind, contacts=list(contacts))
    partner = Partner(
        name=name.strip(),
        kind=kind,
        district_id=district_id,
        services=services.strip(),
        contacts=cleaned,
    )
    partner._history_user = actor
    partner.save()
    return partner


@transaction.atomic
def partner_update(
    *,
    actor: Staff,
    partner_id: int,
    name: str,
    kind: str,
    services: str,
    contacts: list[dict],
) -> Partner:
    """The district's DEA, team leader or an administrator changes a partner's details; a
    change in the services it offers is kept in its history and told to every work coach of
    the district, once each [56]."""
    partner = _locked_partner(actor, partner_id)
    ensure(
        can_manage_partners(actor, partner.district_id),
        "Only the district's DEAs, team leaders and administrators change partners.",
    )
    cleaned = _partner_clean(name=name, kind=kind, contacts=list(contacts))
    new = {"name": name.strip(), "kind": kind, "services": services.strip(), "contacts": cleaned}
    changed = [field for field, value in new.items() if getattr(partner, field) != value]
    if not changed:
        return partner  # the same answers again (a retry) record and tell nothing
    services_changed = "services" in changed
    for field in changed:
        setattr(partner, field, new[field])
    partner._history_user = actor
    partner.save(update_fields=changed)
    if services_changed:
        version = partner.versions.order_by("-history_id").values_list("history_id", flat=True)
        version_id = version.first()
        for coach in _district_coaches(partner.district_id):
            notification_send(
                recipient=coach,
                key=f"partner-{partner.pk}-services-{version_id}",
                kind="partner_services",
                title=f"{partner.name} has changed the services it offers",
                body="Read what the partner offers now; it may affect your claimants.",
                link=_partner_link(partner),
            )
    return partner


@transaction.atomic
def partner_contact_record(
    *, actor: Staff, partner_id: int, on: dt.date, channel: str, summary: str
) -> PartnerContact:
    """The district's DEA, team leader or an administrator records a contact made with a
    partner; the partner's last contact date follows [56]."""
    partner = _locked_partner(actor, partner_id)
    ensure(
        can_manage_partners(actor, partner.district_id),
        "Only the district's DEAs, team leaders and administrators record contacts.",
    )
    errors = {}
    if on is None:
        errors["on"] = ["Enter the date of the contact"]
    elif on > timezone.localdate():
        errors["on"] = ["The date of the contact must be today or in the past"]
    if channel not in ContactChannel.values:
        errors["channel"] = ["Choose how the contact was made"]
    if not summary.strip():
        errors["summary"] = ["Say what the contact was about"]
    if errors:
        raise ValidationError(errors)
    contact = PartnerContact.objects.create(
        partner=partner, on=on, channel=channel, summary=summary.strip(), by=actor
    )
    if partner.last_contact_on is None or on > partner.last_contact_on:
        partner.last_contact_on = on
        partner._history_user = actor
        partner.save(update_fields=["last_contact_on"])
    return contact
