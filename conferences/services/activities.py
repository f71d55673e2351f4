"""Writes for activities: proposing, consent, holding, cancelling; the CSI cap's figures.

Every change locks the activity's row and is recorded as an ActivityEvent, through the
helpers here that the other service modules share. Booking is in ``booking``.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from claimants.models import Claimant, Conditionality
from conferences.models import (
    CSI_CAP,
    CSI_COUNTED_STATES,
    NEEDS_CONSENT,
    Activity,
    ActivityEvent,
    ActivityKind,
    ActivityState,
    Consent,
    CsiApproval,
    DiaryEntry,
    Participant,
    ParticipantRole,
)
from conferences.permissions import activity_visibility, is_staff_participant
from jomcase.errors import ensure
from jomcase.models import LineManagement, Role, Staff
from jomcase.services import notification_send


def activity_propose(
    *,
    kind: str,
    actor: Staff,
    dea: Staff,
    work_coach: Staff | None = None,
    claimant: Claimant | None = None,
    support_request=None,
    origin: Activity | None = None,
    message: str = "",
) -> Activity:
    """Propose a piece of work with the participants its kind implies (s5).

    A three-way or a CSI starts awaiting the claimant's consent. The DEA takes part in all;
    the work coach in all but a CSI, which the DEA holds with the claimant alone [35].
    """
    if kind not in ActivityKind.values:
        raise ValidationError({"kind": ["Choose a kind of activity"]})
    state = ActivityState.AWAITING_CONSENT if kind in NEEDS_CONSENT else ActivityState.PROPOSED
    activity = Activity.objects.create(
        kind=kind,
        state=state,
        support_request=support_request,
        claimant=claimant,
        dea=dea,
        work_coach=work_coach,
        origin=origin,
        created_by=actor,
    )
    people = [(dea, ParticipantRole.DEA)]
    if work_coach is not None and kind != ActivityKind.CLAIMANT_SUPPORT_INTERVENTION:
        people.append((work_coach, ParticipantRole.WORK_COACH))
    Participant.objects.bulk_create(
        [Participant(activity=activity, staff=person, role=role) for person, role in people]
    )
    activity_event_record(activity, actor=actor, action="propose", from_state="", message=message)
    return activity


def activity_locked(activity_id: int, actor: Staff) -> Activity:
    activity = (
        Activity.objects.filter(activity_visibility(actor))
        .select_for_update(of=("self",))
        .filter(pk=activity_id)
        .first()
    )
    if activity is None:
        raise Http404("No such activity")
    return activity


def activity_event_record(
    activity: Activity, *, actor: Staff, action: str, from_state: str, message=""
):
    return ActivityEvent.objects.create(
        activity=activity,
        action=action,
        from_state=from_state,
        to_state=activity.state,
        by=actor,
        message=message,
    )


def participants_tell(activity: Activity, event: ActivityEvent, *, recipients, title: str) -> None:
    link = reverse("conferences:activity", args=[activity.pk])
    for person in recipients:
        if person is None or person.pk == event.by_id:
            continue
        notification_send(
            recipient=person,
            key=f"activity-event:{event.pk}",
            kind=f"activity_{event.action}",
            title=title,
            body=event.message,
            link=link,
        )


def staff_participants(activity: Activity) -> list[Staff]:
    return [p.staff for p in activity.participants.select_related("staff")]


@transaction.atomic
def activity_record_consent(
    *,
    activity_id: int,
    actor: Staff,
    given: bool,
    informed_role: bool = False,
    informed_consequences: bool = False,
    informed_voluntary: bool = False,
    informed_conditionality: bool = False,
    discussed_with_team_leader: bool = False,
) -> Activity:
    """Record the claimant's answer to a three-way or CSI [22-24][38].

    Consent needs the statements the guidance requires to have been made; a refused
    three-way becomes a case conference proposal for the same claimant [24].
    """
    activity = activity_locked(activity_id, actor)
    ensure(is_staff_participant(actor, activity), "Only the work coach or DEA may record consent.")
    if activity.kind not in NEEDS_CONSENT:
        raise ValidationError({"given": ["This kind of activity does not need consent"]})
    errors = {}
    if activity.kind == ActivityKind.THREE_WAY:
        if not informed_role:
            errors["informed_role"] = ["Confirm the claimant was told what the DEA does"]
        mandatory = activity.claimant and (
            activity.claimant.conditionality == Conditionality.MANDATORY
        )
        if given and mandatory and not informed_consequences:
            errors["informed_consequences"] = [
                "Confirm the claimant was told the consequences of not attending"
            ]
    else:
        if not informed_voluntary:
            errors["informed_voluntary"] = ["Confirm the claimant was told it is voluntary"]
        if not informed_conditionality:
            errors["informed_conditionality"] = [
                "Confirm the claimant was told their regular interventions and conditions continue"
            ]
        if not discussed_with_team_leader:
            errors["discussed_with_team_leader"] = [
                "Confirm the work coach discussed it with their team leader"
            ]
    if given and errors:
        raise ValidationError(errors)
    if not given and "informed_role" in errors:
        raise ValidationError({"informed_role": errors["informed_role"]})
    from_state = activity.state
    if given:
        activity.consent_given()
    else:
        activity.consent_refused()
    activity.save(update_fields=["state", "closed_at"])
    Consent.objects.update_or_create(
        activity=activity,
        defaults={
            "given": given,
            "informed_role": informed_role,
            "informed_consequences": informed_consequences,
            "informed_voluntary": informed_voluntary,
            "informed_conditionality": informed_conditionality,
            "discussed_with_team_leader": discussed_with_team_leader,
            "recorded_by": actor,
            "recorded_at": timezone.now(),
        },
    )
    message = "The claimant agreed." if given else "The claimant did not agree."
    event = activity_event_record(
        activity, actor=actor, action="consent", from_state=from_state, message=message
    )
    if not given and activity.kind == ActivityKind.THREE_WAY:
        activity_propose(
            kind=ActivityKind.CASE_CONFERENCE,
            actor=actor,
            dea=activity.dea,
            work_coach=activity.work_coach,
            claimant=activity.claimant,
            support_request=activity.support_request,
            origin=activity,
            message="Proposed because the claimant did not agree to a three-way.",
        )
    participants_tell(
        activity,
        event,
        recipients=staff_participants(activity),
        title=f"Consent {'given' if given else 'refused'}: {activity.get_kind_display()}",
    )
    return activity


def csi_count(claimant_id: int, *, exclude_id: int | None = None) -> int:
    """CSIs that count towards the cap: every one booked and not cancelled before it happened."""
    qs = Activity.objects.filter(
        claimant_id=claimant_id,
        kind=ActivityKind.CLAIMANT_SUPPORT_INTERVENTION,
        state__in=CSI_COUNTED_STATES,
    )
    if exclude_id:
        qs = qs.exclude(pk=exclude_id)
    return qs.count()


def csi_allowance(claimant_id: int) -> int:
    """Three, plus one for each approval of the DEA's team leader [36]."""
    return CSI_CAP + CsiApproval.objects.filter(claimant_id=claimant_id).count()


def dea_manager(dea_id: int) -> Staff | None:
    """The DEA's line-managing team leader today, who approves CSIs beyond three [36] and
    receives summaries of outputs [14]."""
    line = (
        LineManagement.objects.current_on()
        .filter(staff_id=dea_id)
        .select_related("manager")
        .first()
    )
    return line.manager if line else None


def csi_cap_refusal(activity: Activity) -> str:
    """Why this CSI cannot be booked now that the claimant has had every one allowed, naming
    the DEA's team leader who may approve another [36]; empty when it may be booked."""
    had = csi_count(activity.claimant_id, exclude_id=activity.pk)
    allowed = csi_allowance(activity.claimant_id)
    if had < allowed:
        return ""
    manager = dea_manager(activity.dea_id)
    who = manager.display_name if manager else "the DEA's team leader"
    return (
        f"This claimant has already had {had} claimant support interventions, and "
        f"{allowed} are allowed. For another, ask {who} to approve one for exceptional "
        "circumstances."
    )


def _close(activity: Activity, actor: Staff, *, action: str, from_state: str, message=""):
    event = activity_event_record(
        activity, actor=actor, action=action, from_state=from_state, message=message
    )
    from conferences.services.follow_ons import support_request_resolve_if_done

    if activity.support_request_id:
        support_request_resolve_if_done(support_request_id=activity.support_request_id, actor=actor)
    return event


@transaction.atomic
def activity_hold(*, activity_id: int, actor: Staff) -> Activity:
    """It took place; not before its booked start (s5)."""
    activity = activity_locked(activity_id, actor)
    ensure(is_staff_participant(actor, activity), "Only the work coach or DEA may do this.")
    from_state = activity.state
    activity.hold()
    activity.save(update_fields=["state", "held_at"])
    activity_event_record(activity, actor=actor, action="hold", from_state=from_state)
    return activity


@transaction.atomic
def activity_not_attended(*, activity_id: int, actor: Staff, message: str = "") -> Activity:
    """The claimant or colleague did not come; not before the booked start."""
    activity = activity_locked(activity_id, actor)
    ensure(is_staff_participant(actor, activity), "Only the work coach or DEA may do this.")
    from_state = activity.state
    activity.not_attended()
    activity.save(update_fields=["state", "closed_at"])
    _close(activity, actor, action="not_attended", from_state=from_state, message=message)
    return activity


@transaction.atomic
def activity_cancel(*, activity_id: int, actor: Staff, reason: str = "") -> Activity:
    """It will not take place; the diaries are freed. A cancelled CSI no longer counts."""
    activity = activity_locked(activity_id, actor)
    ensure(is_staff_participant(actor, activity), "Only the work coach or DEA may cancel it.")
    from_state = activity.state
    activity.cancel(reason=reason.strip())
    activity.save(update_fields=["state", "cancel_reason", "closed_at"])
    DiaryEntry.objects.filter(activity=activity).delete()
    event = _close(activity, actor, action="cancel", from_state=from_state, message=reason)
    participants_tell(
        activity,
        event,
        recipients=staff_participants(activity),
        title=f"{activity.get_kind_display()} cancelled",
    )
    return activity


@transaction.atomic
def activity_withdraw_consent(*, activity_id: int, actor: Staff) -> Activity:
    """The claimant withdrew consent before the meeting, which cancels it (issue: three-way)."""
    activity = activity_locked(activity_id, actor)
    ensure(is_staff_participant(actor, activity), "Only the work coach or DEA may record this.")
    consent = Consent.objects.filter(activity=activity, given=True).first()
    if consent is None:
        raise ValidationError({"given": ["There is no consent to withdraw"]})
    if activity.start and activity.start <= timezone.now():
        raise ValidationError({"given": ["Consent can only be withdrawn before the meeting"]})
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    from_state = activity.state
    activity.cancel(reason="The claimant withdrew consent.")
    activity.save(update_fields=["state", "cancel_reason", "closed_at"])
    DiaryEntry.objects.filter(activity=activity).delete()
    _close(
        activity,
        actor,
        action="consent_withdrawn",
        from_state=from_state,
        message="The claimant withdrew consent.",
    )
    return activity


@transaction.atomic
def activity_add_observer(*, activity_id: int, actor: Staff, observer: Staff) -> Participant:
    """A WCTL joins a case or skill conference or three-way as an observer, e.g. for QAS."""
    activity = activity_locked(activity_id, actor)
    ensure(
        is_staff_participant(actor, activity) or actor.pk == observer.pk,
        "Only a participant or the observer themselves may add an observer.",
    )
    if not observer.has_role(Role.WCTL, Role.SDTL):
        raise ValidationError({"observer": ["Only a team leader may observe"]})
    if not activity.is_open:
        raise ValidationError({"observer": ["This activity has ended"]})
    participant, _ = Participant.objects.get_or_create(
        activity=activity, staff=observer, defaults={"role": ParticipantRole.OBSERVER}
    )
    if activity.state == ActivityState.BOOKED:
        DiaryEntry.objects.get_or_create(
            activity=activity,
            staff=observer,
            defaults={"start": activity.start, "end": activity.end, "created_by": actor},
        )
    activity_event_record(
        activity,
        actor=actor,
        action="observer",
        from_state=activity.state,
        message=f"{observer.display_name} will observe.",
    )
    return participant


def information_reminder_due(today: dt.date | None = None):
    """Holding responses whose expected return date has passed and that nobody was told of."""
    today = today or timezone.localdate()
    return Activity.objects.filter(
        kind=ActivityKind.INFORMATIONAL_SUPPORT,
        state=ActivityState.HOLDING_RESPONSE,
        expected_return__lt=today,
        reminded_at__isnull=True,
    )
