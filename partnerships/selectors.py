"""Reads of strategies and external partners for the pages and the API, scoped to the viewer."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from conferences.models import Activity, Outcome
from jomcase.models import Role, RoleAssignment, Staff
from partnerships.models import Partner, PartnerContact, Strategy, StrategyAction, StrategyState
from partnerships.permissions import partner_visibility, strategy_visibility


def strategies_for(*, user: Staff, state: str | None = None) -> QuerySet[Strategy]:
    """The strategies ``user`` may see, newest first, with what a list shows joined."""
    visible = Strategy.objects.filter(strategy_visibility(user)).values("pk")
    qs = Strategy.objects.filter(pk__in=visible).select_related("dea", "owner")
    return qs.filter(state=state) if state else qs


def strategies_in_full_for(*, user: Staff) -> QuerySet[Strategy]:
    """As :func:`strategies_for`, with partners, links, actions and versions for the API."""
    return strategies_for(user=user).prefetch_related(
        Prefetch("internal_partners", queryset=Staff.objects.order_by("last_name", "pk")),
        Prefetch("activities", queryset=Activity.objects.order_by("pk")),
        Prefetch("outcomes", queryset=Outcome.objects.order_by("pk")),
        Prefetch("actions", queryset=StrategyAction.objects.select_related("owner")),
        Prefetch(
            "versions",
            queryset=Strategy.history.model.objects.select_related("history_user").order_by(
                "history_date", "history_id"
            ),
        ),
    )


def strategy_for(*, user: Staff, strategy_id: int) -> Strategy:
    """One strategy ``user`` may see, in full; Strategy.DoesNotExist otherwise."""
    return strategies_in_full_for(user=user).get(pk=strategy_id)


#: What a version that moved the strategy to a state says was done.
STATE_CHANGES = {
    StrategyState.AGREED: "agreed it",
    StrategyState.ACTIVE: "started the work",
    StrategyState.CLOSED: "closed it",
}


@dataclass(frozen=True)
class Version:
    """One version of a strategy as its history shows it: when, by whom, what was done."""

    at: object
    by: Staff | None
    title: str
    summary: str
    state: str
    what: str
    text_changed: bool


def strategy_versions(strategy: Strategy) -> list[Version]:
    """Each saved version of the strategy, oldest first, saying what changed."""
    versions, before = [], None
    for row in strategy.versions.all():
        if before is None:
            what, text_changed = "proposed it", True
        else:
            changed = [
                label
                for field, label in (("title", "title"), ("summary", "text"))
                if getattr(before, field) != getattr(row, field)
            ]
            text_changed = bool(changed)
            if row.state != before.state:
                what = STATE_CHANGES.get(row.state, "changed its state")
            elif changed:
                what = "changed the " + " and the ".join(changed)
            else:
                what = "saved it"
        versions.append(
            Version(
                row.history_date,
                row.history_user,
                row.title,
                row.summary,
                row.state,
                what,
                text_changed,
            )
        )
        before = row
    return versions


#: The roles of the internal partners a DEA works strategies with [59].
PARTNER_ROLES = (
    Role.WORK_PSYCHOLOGIST,
    Role.EMPLOYER_ADVISER,
    Role.TPP_MANAGER,
    Role.PARTNERSHIP_MANAGER,
    Role.WCTL,
)


def partner_choices(*, dea: Staff) -> list[tuple[int, str]]:
    """``(id, "name, role")`` of the internal partners in the DEA's district, A to Z."""
    if not dea.jobcentre_id:
        return []
    assignments = RoleAssignment.objects.current_on().filter(role__in=PARTNER_ROLES)
    people = (
        Staff.objects.filter(
            is_active=True,
            jobcentre__district_id=dea.jobcentre.district_id,
            pk__in=assignments.values("staff_id"),
        )
        .exclude(pk=dea.pk)
        .annotate(
            partner_roles=ArrayAgg(
                "role_assignments__role",
                filter=Q(role_assignments__in=assignments),
                distinct=True,
            )
        )
        .order_by("last_name", "first_name", "pk")
    )
    return [
        (
            person.pk,
            f"{person.display_name}, "
            + ", ".join(Role(role).label.lower() for role in sorted(person.partner_roles)),
        )
        for person in people
    ]


GAP_ACTIVITY_LIMIT = 30


def gap_activity_choices(*, dea: Staff) -> list[tuple[int, str]]:
    """``(id, label)`` of the DEA's latest conferences that took place, to link a gap to."""
    from conferences.models import ActivityState

    activities = (
        Activity.objects.filter(
            dea=dea, state__in=[ActivityState.HELD, ActivityState.CONCLUDED], start__isnull=False
        )
        .select_related("work_coach")
        .order_by("-start", "-pk")[:GAP_ACTIVITY_LIMIT]
    )
    return [
        (
            activity.pk,
            f"{activity.get_kind_display()} on {timezone.localtime(activity.start):%-d %B %Y}"
            + (f" with {activity.work_coach.display_name}" if activity.work_coach_id else ""),
        )
        for activity in activities
    ]


def action_owner_choices(*, strategy: Strategy) -> list[Staff]:
    """Who may own an action: the strategy's internal partners, its lead DEA and its owner."""
    ids = {strategy.dea_id, strategy.owner_id, *(p.pk for p in strategy.internal_partners.all())}
    return list(Staff.objects.filter(pk__in=ids, is_active=True).order_by("last_name", "pk"))


def home_counts(*, user: Staff) -> dict[str, int]:
    """What the home panel counts: strategies the person leads that are not closed, those
    waiting for their agreement, and the strategy actions they own that are not done."""
    counts = Strategy.objects.aggregate(
        led=Count("pk", filter=Q(dea=user) & ~Q(state=StrategyState.CLOSED)),
        to_agree=Count("pk", filter=Q(owner=user, state=StrategyState.PROPOSED)),
    )
    counts["actions"] = StrategyAction.objects.filter(owner=user, done_at__isnull=True).count()
    return counts


def partners_for(
    *, user: Staff, q: str = "", kind: str | None = None, district_id: int | None = None
) -> QuerySet[Partner]:
    """The external partners ``user`` may see, A to Z, searched by name and filtered."""
    qs = Partner.objects.filter(partner_visibility(user)).select_related("district")
    if q.strip():
        qs = qs.filter(name__icontains=q.strip())
    if kind:
        qs = qs.filter(kind=kind)
    if district_id:
        qs = qs.filter(district_id=district_id)
    return qs


def partner_for(*, user: Staff, partner_id: int) -> Partner:
    """One partner ``user`` may see, with its contacts made and its history; DoesNotExist
    otherwise."""
    return (
        partners_for(user=user)
        .prefetch_related(
            Prefetch("contacts_made", queryset=PartnerContact.objects.select_related("by")),
            Prefetch(
                "versions",
                queryset=Partner.history.model.objects.select_related("history_user").order_by(
                    "-history_date", "-history_id"
                ),
            ),
        )
        .get(pk=partner_id)
    )


@dataclass(frozen=True)
class PartnerVersion:
    """One saved version of a partner: when, by whom, and what changed."""

    at: object
    by: Staff | None
    what: str
    services: str


PARTNER_FIELDS = (
    ("name", "name"),
    ("kind", "kind"),
    ("services", "services"),
    ("contacts", "contacts"),
    ("last_contact_on", "last contact date"),
)


def partner_versions(partner: Partner) -> list[PartnerVersion]:
    """Each saved version of the partner, newest first, saying what changed."""
    rows = list(partner.versions.all())
    versions = []
    for row, before in zip(rows, [*rows[1:], None], strict=True):
        if before is None:
            what = "added it"
        else:
            changed = [
                label
                for field, label in PARTNER_FIELDS
                if getattr(row, field) != getattr(before, field)
            ]
            what = "changed the " + ", ".join(changed) if changed else "saved it"
        versions.append(PartnerVersion(row.history_date, row.history_user, what, row.services))
    return versions
