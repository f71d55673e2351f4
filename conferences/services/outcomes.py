"""Writes after and beside a meeting: outcomes, partner actions, information, CSI approvals.

Recording an activity's outcomes concludes it and creates their follow-ons (``follow_ons``);
a partner marks their action done; the DEA answers informational support or sends a holding
response; a team leader approves a CSI beyond the cap or asks for one directly.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from claimants.models import Claimant
from conferences.models import (
    Action,
    ActionState,
    Activity,
    ActivityKind,
    CsiApproval,
    OutcomeKind,
)
from conferences.permissions import is_dea_of, is_staff_participant, leads_dea
from conferences.services.activities import (
    activity_event_record,
    activity_locked,
    activity_propose,
    information_reminder_due,
    participants_tell,
)
from conferences.services.follow_ons import (
    OutcomeSubject,
    outcome_choice_errors,
    outcome_follow_ons_create,
    outcome_partners,
    summaries_send,
    support_request_resolve_if_done,
)
from dea_support.selectors import dea_for_work_coach
from jomcase.errors import ensure
from jomcase.models import Role, Staff
from jomcase.services import notification_send


@transaction.atomic
def activity_record_outcome(
    *,
    activity_id: int,
    actor: Staff,
    outcomes: list[str],
    summary: str,
    record_on_development_plan: bool = False,
    action_due: dt.date | None = None,
    action_note: str = "",
) -> list[dict]:
    """Conclude a held activity with its outcomes (the table in DESIGN.md s5).

    Returns the follow-ons, each ``{"type": "activity"|"action"|"agenda_item", "id", "kind"}``.
    """
    activity = activity_locked(activity_id, actor)
    ensure(is_staff_participant(actor, activity), "Only the work coach or DEA may record it.")
    if activity.kind == ActivityKind.GROUP_CONFERENCE:
        # Concluding it here would strand the cases on its agenda: group_conference_record.
        raise ValidationError(
            {"outcomes": ["A group conference's outcomes are recorded per case on its agenda"]}
        )
    chosen = list(dict.fromkeys(outcomes or []))
    errors = {}
    wrong = outcome_choice_errors(activity, chosen, has_claimant=bool(activity.claimant_id))
    if wrong:
        errors["outcomes"] = wrong
    if not summary.strip():
        errors["summary"] = ["Enter the summary of outputs"]
    if action_due is not None and action_due < timezone.localdate():
        errors["action_due"] = ["The action's due date must be today or later"]
    if errors:
        raise ValidationError(errors)
    subject = OutcomeSubject.of_activity(activity)
    partners = outcome_partners(activity, chosen, subject)

    from_state = activity.state
    activity.conclude(
        summary=summary.strip(), record_on_development_plan=record_on_development_plan
    )
    activity.save(update_fields=["state", "summary", "record_on_development_plan", "closed_at"])
    follow_ons = outcome_follow_ons_create(
        activity=activity,
        subject=subject,
        chosen=chosen,
        actor=actor,
        summary=summary,
        partners=partners,
        action_due=action_due,
        action_note=action_note,
    )

    labels = ", ".join(OutcomeKind(o).label.lower() for o in chosen)
    event = activity_event_record(
        activity,
        actor=actor,
        action="conclude",
        from_state=from_state,
        message=f"Outcomes: {labels}",
    )
    summaries_send(activity, event, labels)
    if activity.support_request_id:
        support_request_resolve_if_done(support_request_id=activity.support_request_id, actor=actor)
    return follow_ons


@transaction.atomic
def action_complete(*, action_id: int, actor: Staff, note: str = "") -> Action:
    """The partner marks their action done, which the DEA and work coach are told; the
    request may then resolve."""
    action = (
        Action.objects.select_for_update(of=("self",))
        .select_related("origin_activity")
        .filter(pk=action_id)
        .first()
    )
    if action is None or action.assignee_id != actor.pk:
        raise Http404("No such action")
    if action.state == ActionState.DONE:
        raise TransitionNotAllowed("This action is already done")
    action.state = ActionState.DONE
    action.completed_at = timezone.now()
    action.completion_note = note.strip()
    action.save(update_fields=["state", "completed_at", "completion_note"])
    origin = action.origin_activity
    event = activity_event_record(
        origin,
        actor=actor,
        action="action_done",
        from_state=origin.state,
        message=f"{action.get_kind_display()} done" + (f": {note.strip()}" if note.strip() else ""),
    )
    # The DEA and the work coach who asked for it hear that it is done, with the note.
    participants_tell(
        origin,
        event,
        recipients=[origin.dea, origin.work_coach],
        title=f"{action.get_kind_display()} done",
    )
    if origin.support_request_id:
        support_request_resolve_if_done(support_request_id=origin.support_request_id, actor=actor)
    return action


@transaction.atomic
def information_send(
    *, activity_id: int, actor: Staff, information: str, links: str = ""
) -> Activity:
    """The DEA replies with the information the coach asked for [20]; that concludes it."""
    activity = activity_locked(activity_id, actor)
    ensure(is_dea_of(actor, activity), "Only the DEA replies with information.")
    if not information.strip():
        raise ValidationError({"information": ["Enter the information for the work coach"]})
    from_state = activity.state
    activity.send_information(information=information.strip(), links=links.strip())
    activity.save(update_fields=["state", "information", "links", "closed_at"])
    event = activity_event_record(
        activity, actor=actor, action="information", from_state=from_state, message=information
    )
    participants_tell(
        activity, event, recipients=[activity.work_coach], title="The DEA sent the information"
    )
    if activity.support_request_id:
        support_request_resolve_if_done(support_request_id=activity.support_request_id, actor=actor)
    return activity


@transaction.atomic
def holding_response_send(
    *, activity_id: int, actor: Staff, message: str, expected_return: dt.date | None
) -> Activity:
    """The information will take time: tell the coach when to expect it [20]."""
    activity = activity_locked(activity_id, actor)
    ensure(is_dea_of(actor, activity), "Only the DEA sends a holding response.")
    errors = {}
    if not message.strip():
        errors["message"] = ["Enter a message for the work coach"]
    if expected_return is None:
        errors["expected_return"] = ["Enter the date you expect to send the information"]
    elif expected_return < timezone.localdate():
        errors["expected_return"] = ["The expected date must be today or later"]
    if errors:
        raise ValidationError(errors)
    from_state = activity.state
    activity.send_holding_response(message=message.strip(), expected_return=expected_return)
    activity.save(update_fields=["state", "holding_message", "expected_return"])
    event = activity_event_record(
        activity,
        actor=actor,
        action="holding_response",
        from_state=from_state,
        message=f"{message.strip()} Expected by {expected_return:%-d %B %Y}.",
    )
    participants_tell(
        activity, event, recipients=[activity.work_coach], title="A holding response from the DEA"
    )
    return activity


def information_reminders_send(today: dt.date | None = None) -> int:
    """Remind each DEA once when a holding response's expected date has passed."""
    sent = 0
    for activity in information_reminder_due(today).select_related("dea"):
        with transaction.atomic():
            locked = (
                Activity.objects.select_for_update()
                .filter(pk=activity.pk, reminded_at__isnull=True)
                .first()
            )
            if locked is None:
                continue
            notification_send(
                recipient=activity.dea,
                key=f"information-reminder:{activity.pk}",
                kind="information_overdue",
                title="Information you promised is now overdue",
                body=f"You expected to send it by {activity.expected_return:%-d %B %Y}.",
                link=reverse("conferences:activity", args=[activity.pk]),
            )
            locked.reminded_at = timezone.now()
            locked.save(update_fields=["reminded_at"])
            sent += 1
    return sent


def claimant_dea(claimant: Claimant) -> Staff | None:
    """The DEA for a claimant: the DEA of their work coach's cohort today."""
    return dea_for_work_coach(claimant.work_coach) if claimant.work_coach_id else None


@transaction.atomic
def csi_approval_create(*, actor: Staff, claimant_id: int, reason: str) -> CsiApproval:
    """The claimant's DEA's own WCTL allows one CSI beyond three, for exceptional reasons [36]."""
    claimant = Claimant.objects.select_for_update().filter(pk=claimant_id).first()
    if claimant is None:
        raise ValidationError({"claimant": ["Choose a claimant"]})
    dea = claimant_dea(claimant)
    ensure(
        dea is not None and leads_dea(actor, dea.pk),
        "Only the line-managing team leader of the claimant's DEA may approve.",
    )
    if not reason.strip():
        raise ValidationError({"reason": ["Enter the exceptional circumstances"]})
    return CsiApproval.objects.create(claimant=claimant, approved_by=actor, reason=reason.strip())


@transaction.atomic
def csi_request_direct(*, actor: Staff, claimant_id: int, reason: str) -> Activity:
    """A WCTL or SDTL asks the claimant's DEA for a CSI directly, exceptionally [39]."""
    ensure(actor.has_role(Role.WCTL, Role.SDTL), "Only a team leader may request a CSI directly.")
    claimant = Claimant.objects.filter(pk=claimant_id).first()
    if claimant is None:
        raise ValidationError({"claimant": ["Choose a claimant"]})
    if not reason.strip():
        raise ValidationError({"reason": ["Enter why a CSI is needed"]})
    dea = claimant_dea(claimant)
    if dea is None:
        raise ValidationError({"claimant": ["The claimant's work coach is in no DEA's cohort"]})
    activity = activity_propose(
        kind=ActivityKind.CLAIMANT_SUPPORT_INTERVENTION,
        actor=actor,
        dea=dea,
        work_coach=claimant.work_coach,
        claimant=claimant,
        message=f"Requested by {actor.display_name}: {reason.strip()}",
    )
    event = activity.events.order_by("-id").first()
    participants_tell(activity, event, recipients=[dea], title="A team leader asked you for a CSI")
    return activity
