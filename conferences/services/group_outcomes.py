"""Writes for recording a held group conference: attendance, summary, outcomes per case.

Recording a held session (DESIGN.md section 5, group row) gives each case on its agenda its
own outcomes and follow-ons, through the same helpers as any other activity's outcomes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_fsm import TransitionNotAllowed, can_proceed

from conferences.models import (
    Activity,
    ActivityKind,
    AgendaCase,
    OutcomeKind,
    Participant,
    ParticipantRole,
)
from conferences.permissions import is_dea_of
from conferences.services.activities import activity_event_record, activity_locked
from conferences.services.follow_ons import (
    OutcomeSubject,
    outcome_choice_errors,
    outcome_follow_ons_create,
    outcome_partners,
    summaries_send,
    support_request_resolve_if_done,
)
from jomcase.errors import ensure
from jomcase.models import Staff
from jomcase.services import notification_send


@dataclass
class Recorded:
    activity: Activity
    follow_ons: dict[int, list[dict]] = field(default_factory=dict)  # agenda case id -> its
    returned: list[int] = field(default_factory=list)  # cases back on the pending list


def _case_subject(case: AgendaCase) -> OutcomeSubject:
    """A case's follow-ons are for its claimant, with the coach who asked (or who holds them)."""
    coach = None
    if case.support_request_id:
        coach = case.support_request.requester
    elif case.claimant_id:
        coach = case.claimant.work_coach
    return OutcomeSubject(
        claimant=case.claimant,
        work_coach=coach,
        support_request=case.support_request,
        agenda_case=case,
    )


def _outcomes_for(case_outcomes: dict, case_id: int) -> list[str]:
    chosen = case_outcomes.get(case_id, case_outcomes.get(str(case_id))) or []
    return list(dict.fromkeys(chosen))


@transaction.atomic
def group_conference_record(
    *,
    activity_id: int,
    actor: Staff,
    attended_ids: list[int],
    summary: str,
    case_outcomes: dict,
    record_on_development_plan: bool = False,
) -> Recorded:
    """Record a held group conference: who came, the summary of outputs, and per case on its
    agenda the outcomes the group column allows, each creating its follow-on [33][34].

    A case given outcomes is closed; a case given none was not reached, and goes back on the
    cohort's pending list for the next session. The session is concluded, the summary goes
    to the DEA's team leader and the invited coaches, and a request whose work has all ended
    resolves. Only the DEA who led it records it.
    """
    activity = activity_locked(activity_id, actor)
    if activity.kind != ActivityKind.GROUP_CONFERENCE:
        raise ValidationError({"activity": ["This is not a group conference"]})
    ensure(is_dea_of(actor, activity), "Only the DEA who led the session records it.")
    if not can_proceed(activity.conclude):
        raise TransitionNotAllowed("Only a session marked as held can be recorded")
    participants = list(activity.participants.select_related("staff"))
    invited = {p.staff_id for p in participants if p.role != ParticipantRole.DEA}
    attended = set(attended_ids or ())
    cases = list(
        AgendaCase.objects.select_for_update(of=("self",))
        .filter(group_conference=activity, closed_at__isnull=True)
        .select_related("claimant__work_coach", "support_request__requester")
        .order_by("nominated_at", "pk")
    )
    errors: dict[str, list[str]] = {}
    if attended - invited:
        errors["attended"] = ["Choose only people who were invited to the session"]
    if not (summary or "").strip():
        errors["summary"] = ["Enter the summary of outputs"]
    known = {str(c.pk) for c in cases}
    if {str(k) for k in case_outcomes} - known:
        errors["cases"] = ["Record outcomes only for the cases on this session's agenda"]
    chosen_for: dict[int, list[str]] = {}
    for case in cases:
        chosen = _outcomes_for(case_outcomes, case.pk)
        if not chosen:
            continue
        wrong = outcome_choice_errors(activity, chosen, has_claimant=case.claimant_id is not None)
        if wrong:
            errors[f"case_{case.pk}"] = wrong
        chosen_for[case.pk] = chosen
    if errors:
        raise ValidationError(errors)
    by_id = {c.pk: c for c in cases}
    subjects = {pk: _case_subject(by_id[pk]) for pk in chosen_for}
    partners = {
        pk: outcome_partners(activity, chosen, subjects[pk], field=f"case_{pk}")
        for pk, chosen in chosen_for.items()
    }

    from_state = activity.state
    activity.conclude(
        summary=summary.strip(), record_on_development_plan=record_on_development_plan
    )
    activity.save(update_fields=["state", "summary", "record_on_development_plan", "closed_at"])
    for p in participants:
        p.attended = p.role == ParticipantRole.DEA or p.staff_id in attended
    Participant.objects.bulk_update(participants, ["attended"])
    result = Recorded(activity=activity)
    for pk, chosen in chosen_for.items():
        result.follow_ons[pk] = outcome_follow_ons_create(
            activity=activity,
            subject=subjects[pk],
            chosen=chosen,
            actor=actor,
            summary=summary,
            partners=partners[pk],
        )
    AgendaCase.objects.filter(pk__in=list(chosen_for)).update(closed_at=timezone.now())
    result.returned = [c.pk for c in cases if c.pk not in chosen_for]
    AgendaCase.objects.filter(pk__in=result.returned).update(group_conference=None)

    coaches = [p for p in participants if p.role == ParticipantRole.WORK_COACH]
    came = sum(1 for p in coaches if p.attended)
    kinds = dict.fromkeys(o for chosen in chosen_for.values() for o in chosen)
    labels = ", ".join(OutcomeKind(o).label.lower() for o in kinds) or "none"
    message = (
        f"{came} of {len(coaches)} work coaches attended; {len(chosen_for)} of {len(cases)} "
        f"cases discussed."
    )
    if result.returned:
        message += f" {len(result.returned)} went back on the pending list."
    event = activity_event_record(
        activity, actor=actor, action="conclude", from_state=from_state, message=message
    )
    summaries_send(activity, event, labels)
    link = reverse("conferences:group", args=[activity.pk])
    for p in coaches:
        notification_send(
            recipient=p.staff,
            key=f"group-summary:{activity.pk}:{p.staff_id}",
            kind="group_summary",
            title=f"Summary of the group conference on "
            f"{timezone.localtime(activity.start):%-d %B %Y}",
            body=activity.summary,
            link=link,
        )
    for sr_id in sorted({c.support_request_id for c in cases if c.support_request_id}):
        support_request_resolve_if_done(support_request_id=sr_id, actor=actor)
    return result
