"""What an outcome creates: its follow-on, the partner for an action, and the summaries.

Each outcome creates its follow-on in the same transaction: a proposed activity, an action
for a partner, or a case on the cohort's pending group-conference list, so a claimant's
chain reads as one timeline. A support request resolves when its chain has no open work.
An activity's outcomes and a group conference's (per case on its agenda) both come here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from claimants.models import Claimant
from conferences.models import (
    ACTION_ROLE,
    ALLOWED_OUTCOMES,
    OPEN_ACTIVITY_STATES,
    OUTCOME_ACTION,
    Action,
    ActionKind,
    ActionState,
    Activity,
    ActivityKind,
    AgendaCase,
    Outcome,
    OutcomeKind,
    PartnerCoverage,
)
from conferences.services.activities import activity_propose, dea_manager
from dea_support.models import RequestState, SupportRequest
from dea_support.selectors import cohort_of_dea
from dea_support.services.requests import support_request_resolve
from jomcase.models import RoleAssignment, Staff
from jomcase.services import notification_send
from jomcase.working_days import add_working_days

#: Working days a partner has for an action unless the DEA sets a date.
ACTION_DAYS = 10

_FOLLOW_ON_KIND = {
    OutcomeKind.CASE_CONFERENCE: ActivityKind.CASE_CONFERENCE,
    OutcomeKind.SKILL_CONFERENCE: ActivityKind.SKILL_CONFERENCE,
    OutcomeKind.CLAIMANT_SUPPORT_INTERVENTION: ActivityKind.CLAIMANT_SUPPORT_INTERVENTION,
    OutcomeKind.THREE_WAY: ActivityKind.THREE_WAY,
}


@dataclass(frozen=True)
class OutcomeSubject:
    """Whom an outcome is about: its follow-on is for this claimant, coach and request.

    For most activities that is the activity's own; a group conference has one subject per
    case on its agenda.
    """

    claimant: Claimant | None = None
    work_coach: Staff | None = None
    support_request: SupportRequest | None = None
    agenda_case: AgendaCase | None = None

    @classmethod
    def of_activity(cls, activity: Activity) -> OutcomeSubject:
        return cls(
            claimant=activity.claimant,
            work_coach=activity.work_coach,
            support_request=activity.support_request,
        )


#: Outcomes whose follow-on is about a claimant, so they need one.
NEEDS_CLAIMANT = frozenset(
    {
        OutcomeKind.CASE_CONFERENCE,
        OutcomeKind.CLAIMANT_SUPPORT_INTERVENTION,
        OutcomeKind.THREE_WAY,
    }
)


def partner_for(
    kind: str,
    activity: Activity,
    day: dt.date | None = None,
    *,
    subject: OutcomeSubject | None = None,
) -> Staff | None:
    """The person covering the claimant's (or coach's) jobcentre in the role an action needs."""
    role = ACTION_ROLE[ActionKind(kind)]
    subject = subject or OutcomeSubject.of_activity(activity)
    coach = subject.claimant.work_coach if subject.claimant else subject.work_coach
    jobcentre_id = coach.jobcentre_id if coach else activity.dea.jobcentre_id
    cover = (
        PartnerCoverage.objects.current_on(day)
        .filter(jobcentre_id=jobcentre_id, role=role)
        .select_related("staff")
        .order_by("start", "pk")
        .first()
    )
    if cover:
        return cover.staff
    holders = RoleAssignment.objects.current_on(day).filter(role=role).values("staff_id")
    return (
        Staff.objects.filter(pk__in=holders, jobcentre_id=jobcentre_id, is_active=True)
        .order_by("pk")
        .first()
    )


def outcome_choice_errors(activity: Activity, chosen: list[str], *, has_claimant: bool) -> list:
    """What is wrong with a choice of outcomes for this kind of activity (DESIGN.md s5)."""
    allowed = ALLOWED_OUTCOMES.get(activity.kind, ())
    label = activity.get_kind_display().lower()
    if not allowed:
        return [f"A {label} has no outcomes"]
    if not chosen:
        return ["Choose at least one outcome"]
    wrong = [o for o in chosen if o not in allowed]
    if wrong:
        return [f"Not an outcome of a {label}: {', '.join(wrong)}"]
    if OutcomeKind.NO_FURTHER_SUPPORT in chosen and len(chosen) > 1:
        return ["No further support needed cannot go with other outcomes"]
    if not has_claimant and NEEDS_CLAIMANT & set(chosen):
        return ["Outcomes about a claimant need an activity about a claimant"]
    return []


def outcome_partners(
    activity: Activity, chosen: list[str], subject: OutcomeSubject, *, field: str = "outcomes"
) -> dict:
    """The partner who takes each action the outcomes create; refused when nobody covers it."""
    partners = {}
    for outcome in chosen:
        if outcome not in OUTCOME_ACTION:
            continue
        kind = OUTCOME_ACTION[outcome]
        partners[kind] = partner_for(kind, activity, subject=subject)
        if partners[kind] is None:
            raise ValidationError(
                {
                    field: [
                        f"Nobody is recorded as the {ActionKind(kind).label.lower()[:-7]} "
                        "for this jobcentre: ask an administrator to record who covers it"
                    ]
                }
            )
    return partners


def outcome_follow_ons_create(
    *,
    activity: Activity,
    subject: OutcomeSubject,
    chosen: list[str],
    actor: Staff,
    summary: str,
    partners: dict,
    action_due: dt.date | None = None,
    action_note: str = "",
) -> list[dict]:
    """Save one Outcome per choice with the follow-on it creates (DESIGN.md s5).

    A proposed activity, an action for a partner (who is told), or a case on the cohort's
    pending group-conference list; ``no_further_support`` creates nothing. Returns the
    follow-ons, each ``{"type": "activity"|"action"|"agenda_item", "id", "kind"}``.
    """
    today = timezone.localdate()
    follow_ons = []
    for outcome in chosen:
        row = Outcome(
            activity=activity, agenda_case=subject.agenda_case, kind=outcome, recorded_by=actor
        )
        if outcome in _FOLLOW_ON_KIND:
            row.follow_on_activity = activity_propose(
                kind=_FOLLOW_ON_KIND[outcome],
                actor=actor,
                dea=activity.dea,
                work_coach=subject.work_coach,
                claimant=subject.claimant,
                support_request=subject.support_request,
                origin=activity,
                message=f"Proposed as an outcome of {activity.get_kind_display().lower()}.",
            )
            follow_ons.append(
                {"type": "activity", "id": row.follow_on_activity.pk, "kind": outcome}
            )
        elif outcome in OUTCOME_ACTION:
            kind = OUTCOME_ACTION[outcome]
            due = action_due or add_working_days(today, ACTION_DAYS)
            row.follow_on_action = Action.objects.create(
                kind=kind,
                assignee=partners[kind],
                claimant=subject.claimant,
                origin_activity=activity,
                note=action_note.strip() or summary.strip(),
                due=due,
            )
            follow_ons.append({"type": "action", "id": row.follow_on_action.pk, "kind": outcome})
            notification_send(
                recipient=partners[kind],
                key=f"action:{row.follow_on_action.pk}:new",
                kind="action_new",
                title=f"New {ActionKind(kind).label.lower()}, due {due:%-d %B %Y}",
                body=row.follow_on_action.note,
                link=reverse("conferences:actions"),
            )
        elif outcome == OutcomeKind.GROUP_CONFERENCE_CASE:
            cohort = cohort_of_dea(activity.dea)
            if cohort is None:
                raise ValidationError({"outcomes": ["The DEA has no cohort to take the case"]})
            row.follow_on_agenda_case = AgendaCase.objects.create(
                cohort=cohort,
                support_request=subject.support_request,
                claimant=subject.claimant,
                nominated_by=actor,
                note=summary.strip(),
            )
            follow_ons.append(
                {"type": "agenda_item", "id": row.follow_on_agenda_case.pk, "kind": outcome}
            )
        row.save()
    return follow_ons


def summaries_send(activity: Activity, event, labels: str) -> None:
    """The summary of outputs goes to the DEA's WCTL [14]; after a CSI, to the work coach [41]."""
    link = reverse("conferences:activity", args=[activity.pk])
    flag = (
        " The work coach should record the agreed activity on their development plan."
        if activity.record_on_development_plan
        else ""
    )
    manager = dea_manager(activity.dea_id)
    if manager is not None:
        notification_send(
            recipient=manager,
            key=f"activity-summary:{activity.pk}:wctl",
            kind="activity_summary",
            title=f"Summary of outputs: {activity.get_kind_display().lower()}",
            body=f"{activity.summary}\n\nOutcomes: {labels}.{flag}",
            link=link,
        )
    if activity.kind == ActivityKind.CLAIMANT_SUPPORT_INTERVENTION and activity.work_coach:
        notification_send(
            recipient=activity.work_coach,
            key=f"activity-summary:{activity.pk}:coach",
            kind="csi_summary",
            title="The DEA's summary and next actions after a claimant support intervention",
            body=f"{activity.summary}\n\nNext: {labels}.",
            link=link,
        )


def support_request_open_work(support_request_id: int) -> bool:
    """Whether any of the request's chain of work is still open."""
    activities = Activity.objects.filter(support_request_id=support_request_id)
    if activities.filter(state__in=OPEN_ACTIVITY_STATES).exists():
        return True
    if Action.objects.filter(origin_activity__in=activities, state=ActionState.OPEN).exists():
        return True
    return AgendaCase.objects.filter(
        support_request_id=support_request_id, closed_at__isnull=True
    ).exists()


def support_request_resolve_if_done(*, support_request_id: int, actor: Staff) -> bool:
    """Resolve an accepted request whose chain has no open work (DESIGN.md s4); True if it did."""
    sr = (
        SupportRequest.objects.select_for_update()
        .filter(pk=support_request_id, state=RequestState.ACCEPTED)
        .first()
    )
    if sr is None or support_request_open_work(support_request_id):
        return False
    support_request_resolve(
        request_id=sr.pk, actor=actor, message="All the work this request led to has ended."
    )
    return True
