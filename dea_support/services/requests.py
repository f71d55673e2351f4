"""Writes for support requests (DESIGN.md section 4).

Every change to a request happens here, under a lock on the request's row, so two tabs or
two DEAs cannot both move it; each change is recorded as a SupportRequestEvent and the
people it concerns are told once the change commits. Accepting lives one app up, in
``conferences.services``, because it also creates the request's first activity: the function
here that it calls says so. Cover has its own module, ``dea_support.services.cover``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from claimants.eligibility import exception_note
from claimants.models import Claimant
from dea_support.models import (
    Channel,
    Criticality,
    DeclineReason,
    KnowledgeGap,
    RequestKind,
    SupportRequest,
    SupportRequestEvent,
    channels_for_kind,
)
from dea_support.permissions import (
    can_file_support_request,
    can_triage,
    is_requester,
)
from dea_support.selectors import dea_for_work_coach, deas_at_jobcentre
from dea_support.services.cover import cover_record_filed, cover_route_chosen
from dea_support.timeliness import first_due_on
from jomcase.errors import NonBenefitClaimant, NotInCohort, ensure
from jomcase.models import Nation, Staff
from jomcase.months import add_months
from jomcase.services import notification_send
from jomcase.working_days import is_working_day

REQUIRED = "Enter {what}"
#: How far ahead a response may be asked for: further than this is not a date to plan to.
REQUIRED_BY_MONTHS_AHEAD = 6
#: The code of the error for a required date that is not a working day of the DEA's nation.
NOT_A_WORKING_DAY = "not_a_working_day"
#: Why someone without a requester's role is refused (``can_file_support_request``).
CANNOT_FILE = (
    "Only work coaches and other jobcentre colleagues in an operational role ask a DEA for "
    "support, so your role cannot file support requests."
)
FILING_REFUSALS = {
    RequestKind.CLAIMANT_SUPPORT: "Only work coaches file claimant support requests.",
    RequestKind.SKILL_SUPPORT: "Only work coaches file skill support requests.",
    RequestKind.COLLEAGUE_SUPPORT: CANNOT_FILE,
}
#: Why a channel not open to a kind of request was refused (``channels_for_kind``).
CHANNEL_REFUSALS = {
    RequestKind.COLLEAGUE_SUPPORT: (
        "Help a colleague one to one (a skill conference) or with information"
    ),
    RequestKind.SKILL_SUPPORT: (
        "A skill support request has no claimant: choose a skill conference "
        "or informational support"
    ),
}


def _required_fields(kind: str) -> dict[str, str]:
    """The answers each kind needs [10][11][64], with the words the error message uses."""
    if kind == RequestKind.CLAIMANT_SUPPORT:
        return {
            "claimant": "the claimant",
            "challenges": "the claimant's challenges",
            "reason": "why the claimant needs DEA support",
        }
    if kind == RequestKind.SKILL_SUPPORT:
        return {"knowledge_gap": "the knowledge gap", "description": "what you need to know"}
    return {
        "job_role": "your job role",
        "reason": "why you need support",
        "criticality": "whether it is urgent",
    }


def support_request_check(
    *,
    actor: Staff,
    kind: str,
    required_by: dt.date | None,
    claimant_id: int | None = None,
    challenges: str = "",
    reason: str = "",
    knowledge_gap: str = "",
    description: str = "",
    job_role: str = "",
    criticality: str = "",
    dea_id: int | None = None,
    today: dt.date | None = None,
    only: Collection[str] | None = None,
) -> tuple[Staff | None, Claimant | None]:
    """Check a request before it is filed; return its DEA and claimant or raise.

    Raises ValidationError with every field's problem at once, NonBenefitClaimant for a
    claimant without an out-of-work benefit or a vulnerability exception [3][5], and
    NotInCohort for a coach whom no DEA supports on the filing date. The filing journey's
    pages call this on each step so the coach learns of a problem where they can fix it:
    ``only`` names the answers asked for so far, so the others are not yet required, and
    the DEA is None while a colleague has still to choose between several.
    """
    today = today or timezone.localdate()
    if kind not in RequestKind.values:
        raise ValidationError({"kind": ["Choose the kind of support you need"]})
    ensure(can_file_support_request(actor, kind), FILING_REFUSALS[kind])
    values = {
        "claimant": claimant_id,
        "challenges": challenges.strip(),
        "reason": reason.strip(),
        "knowledge_gap": knowledge_gap,
        "description": description.strip(),
        "job_role": job_role.strip(),
        "criticality": criticality,
    }
    errors: dict[str, list[str]] = {
        field: [REQUIRED.format(what=what)]
        for field, what in _required_fields(kind).items()
        if not values[field]
    }
    if knowledge_gap and knowledge_gap not in KnowledgeGap.values:
        errors["knowledge_gap"] = ["Choose a knowledge gap from the list"]
    if criticality and criticality not in Criticality.values:
        errors["criticality"] = ["Choose urgent or not urgent"]
    if required_by is None:
        errors["required_by"] = ["Enter the date you need a response by"]
    elif required_by < today:
        errors["required_by"] = ["The date you need a response by must be today or in the future"]
    elif required_by > add_months(today, REQUIRED_BY_MONTHS_AHEAD):
        latest = add_months(today, REQUIRED_BY_MONTHS_AHEAD)
        errors["required_by"] = [
            f"The date you need a response by must be within {REQUIRED_BY_MONTHS_AHEAD} "
            f"months, on or before {latest:%-d %B %Y}"
        ]

    claimant = None
    if kind == RequestKind.CLAIMANT_SUPPORT and claimant_id:
        claimant = Claimant.objects.filter(pk=claimant_id).first()
        if claimant is None or claimant.work_coach_id != actor.pk:
            errors["claimant"] = ["Choose a claimant on your own caseload"]
            claimant = None
    if only is not None:
        errors = {field: messages for field, messages in errors.items() if field in only}
    if errors:
        raise ValidationError(errors)

    if claimant is not None and not claimant.eligible_for_support:
        raise NonBenefitClaimant(
            f"{claimant.full_name} gets no out-of-work benefit, so a DEA cannot support them. "
            "Signpost them to Access to Work, the National Careers Service or local disability "
            "support. If they are clearly vulnerable, record a vulnerability exception on "
            "their record with your team leader's agreement first; if they have declared an "
            "intention of suicide or self-harm, record that and follow the six point plan: "
            "no agreement is needed.",
            field="claimant",
        )

    if kind == RequestKind.COLLEAGUE_SUPPORT:
        choosing = only is None or "dea" in only
        dea = _dea_for_colleague(actor, dea_id, today, choosing=choosing)
    else:
        dea = dea_for_work_coach(actor, today)
        if dea is None:
            raise NotInCohort(
                "You are not in a DEA's cohort today, so there is no DEA to send this to. "
                "Ask your team leader to have you added to a DEA's cohort.",
            )
    if dea is not None and required_by is not None and (only is None or "required_by" in only):
        _ensure_working_day(required_by, dea, latest=add_months(today, REQUIRED_BY_MONTHS_AHEAD))
    return dea, claimant


def _ensure_working_day(required_by: dt.date, dea: Staff, *, latest: dt.date) -> None:
    """A required date falls on a working day of the DEA's nation, so a filed request never
    waits on a weekend or a bank holiday; the error offers the next working day, which is the
    due date ``first_due_on`` would give it (the filing page offers to use it instead).

    When that next working day is past ``latest`` (six months ahead), offering it would offer
    a date the same check refuses: the error names the last working day allowed instead, and
    carries no next working day to offer."""
    if is_working_day(required_by, dea.nation):
        return
    moved = first_due_on(required_by, dea.nation)
    nation = Nation(dea.nation).label
    not_working = (
        f"{required_by:%A %-d %B %Y} is not a working day for the DEA (a weekend or a bank "
        f"holiday in {nation})"
    )
    if moved > latest:
        last = latest
        while not is_working_day(last, dea.nation):
            last -= dt.timedelta(days=1)
        message = (
            f"{not_working}, and the next working day is more than {REQUIRED_BY_MONTHS_AHEAD} "
            f"months ahead. Choose a working day on or before {last:%A %-d %B %Y}"
        )
        moved = None
    else:
        message = f"{not_working}. Choose a working day, such as {moved:%A %-d %B %Y}"
    params = {"day": required_by, "next_working_day": moved, "nation": nation}
    raise ValidationError(
        {"required_by": [ValidationError(message, code=NOT_A_WORKING_DAY, params=params)]}
    )


def _dea_for_colleague(
    actor: Staff, dea_id: int | None, today: dt.date, *, choosing: bool = True
) -> Staff | None:
    """A colleague's request goes to a DEA at their jobcentre (their pick if several)."""
    deas = list(deas_at_jobcentre(actor.jobcentre_id, today)) if actor.jobcentre_id else []
    if not deas:
        raise ValidationError(
            {"dea": ["There is no DEA at your jobcentre. Ask your team leader who covers it."]}
        )
    if dea_id is None:
        if len(deas) == 1:
            return deas[0]
        if not choosing:
            return None
        raise ValidationError({"dea": ["Choose the DEA to send this to"]})
    for dea in deas:
        if dea.pk == dea_id:
            return dea
    raise ValidationError({"dea": ["Choose a DEA at your jobcentre"]})


@transaction.atomic
def support_request_file(*, actor: Staff, kind: str, required_by: dt.date | None, **answers):
    """File a request for a DEA's help; the DEA is told once it is saved (DESIGN.md s4)."""
    dea, claimant = support_request_check(
        actor=actor, kind=kind, required_by=required_by, **answers
    )
    if claimant is not None:
        # Lock the claimant so the "already open" warning and the new row agree.
        Claimant.objects.select_for_update().filter(pk=claimant.pk).first()
    is_claimant = kind == RequestKind.CLAIMANT_SUPPORT
    is_skill = kind == RequestKind.SKILL_SUPPORT
    is_colleague = kind == RequestKind.COLLEAGUE_SUPPORT
    cover = None
    if is_colleague:
        # The DEA a colleague chose may be on leave: their covering DEA takes it meanwhile.
        dea, cover = cover_route_chosen(dea)
    sr = SupportRequest.objects.create(
        kind=kind,
        requester=actor,
        dea=dea,
        claimant=claimant,
        challenges=answers.get("challenges", "").strip() if is_claimant else "",
        reason=answers.get("reason", "").strip() if not is_skill else "",
        knowledge_gap=answers.get("knowledge_gap", "") if is_skill else "",
        description=answers.get("description", "").strip() if is_skill else "",
        job_role=answers.get("job_role", "").strip() if is_colleague else "",
        criticality=answers.get("criticality", "") if is_colleague else "",
        required_by=required_by,
        due_on=first_due_on(required_by, dea.nation),
    )
    # An exception to the benefit rule is written into the request's first step, so its
    # timeline says why it was allowed even if the claimant's record changes later.
    exception = exception_note(claimant) if claimant is not None else ""
    event = SupportRequestEvent.objects.create(
        support_request=sr,
        action="submitted",
        to_state=sr.state,
        by=actor,
        at=sr.created_at,
        message=exception,
    )
    _notify(sr, event, recipient=dea, title=new_request_title(sr))
    cover_record_filed(sr, cover=cover)
    return sr


def support_request_locked(request_id: int, actor: Staff) -> SupportRequest:
    """The request, row-locked, or 404 when the actor may not see it."""
    sr = (
        SupportRequest.objects.visible_to(actor)
        .select_for_update(of=("self",))
        .filter(pk=request_id)
        .first()
    )
    if sr is None:
        raise Http404("No such support request")
    return sr


def _record(
    sr: SupportRequest, *, actor: Staff, action: str, from_state: str, message: str = ""
) -> SupportRequestEvent:
    return SupportRequestEvent.objects.create(
        support_request=sr,
        action=action,
        from_state=from_state,
        to_state=sr.state,
        by=actor,
        message=message,
    )


def new_request_title(sr: SupportRequest) -> str:
    """A new request's notification says from whom and, for claimant support, about whom:
    the DEA it is sent to always sees its claimant named (DESIGN.md s10)."""
    title = f"New support request {sr.reference} from {sr.requester.display_name}"
    if sr.claimant is not None:
        title += f" about {sr.claimant.full_name}"
    return title


def support_request_notification_body(sr: SupportRequest, event: SupportRequestEvent) -> str:
    """What the notification of ``event`` says: a new request's kind and date, else the message."""
    body = f"{sr.get_kind_display()}, response needed by {sr.required_by:%-d %B %Y}."
    if event.message:
        body = event.message if event.action != "submitted" else f"{body} {event.message}"
    return body


def _notify(sr: SupportRequest, event: SupportRequestEvent, *, recipient: Staff, title: str):
    notification_send(
        recipient=recipient,
        key=f"support-request-event:{event.pk}",
        kind=f"support_request_{event.action}",
        title=title,
        body=support_request_notification_body(sr, event),
        link=reverse("support_requests:detail", args=[sr.pk]),
    )


@transaction.atomic
def support_request_request_info(*, request_id: int, actor: Staff, message: str):
    """The DEA asks the requester for more before deciding [12]; their clock stops."""
    sr = support_request_locked(request_id, actor)
    ensure(can_triage(actor, sr), "Only the DEA the request was sent to may ask for more.")
    message = message.strip()
    if not message:
        raise ValidationError({"message": ["Enter what you need to know"]})
    from_state = sr.state
    sr.request_info()
    sr.save(update_fields=["state", "first_response_at", "info_requested_at"])
    event = _record(sr, actor=actor, action="request_info", from_state=from_state, message=message)
    _notify(sr, event, recipient=sr.requester, title=f"The DEA needs more about {sr.reference}")
    return sr


@transaction.atomic
def support_request_provide_info(*, request_id: int, actor: Staff, message: str):
    """The requester answers the DEA; the request goes back to the DEA as submitted."""
    sr = support_request_locked(request_id, actor)
    ensure(is_requester(actor, sr), "Only the person who made the request may answer.")
    message = message.strip()
    if not message:
        raise ValidationError({"message": ["Enter your answer for the DEA"]})
    from_state = sr.state
    sr.provide_info(nation=sr.dea.nation)
    sr.save(update_fields=["state", "info_requested_at", "waiting_for_info", "due_on"])
    event = _record(sr, actor=actor, action="provide_info", from_state=from_state, message=message)
    _notify(sr, event, recipient=sr.dea, title=f"{actor.display_name} answered on {sr.reference}")
    return sr


def support_request_mark_accepted(
    *, sr: SupportRequest, actor: Staff, channel: str, note: str = ""
) -> SupportRequestEvent:
    """Accept a request that the caller has locked; only conferences.services calls this.

    Checks the actor and the channel for the kind, moves the state and records it. The
    caller creates the first piece of work and tells the requester.
    """
    ensure(can_triage(actor, sr), "Only the DEA the request was sent to may accept it.")
    if channel not in Channel.values:
        raise ValidationError({"channel": ["Choose how you will help"]})
    if channel not in channels_for_kind(sr.kind):
        raise ValidationError({"channel": [CHANNEL_REFUSALS[sr.kind]]})
    from_state = sr.state
    sr.accept(channel=channel)
    sr.save(update_fields=["state", "channel", "first_response_at", "accepted_at"])
    message = Channel(channel).label + (f". {note.strip()}" if note.strip() else "")
    return _record(sr, actor=actor, action="accept", from_state=from_state, message=message)


def support_request_notify_accepted(*, sr: SupportRequest, event: SupportRequestEvent):
    _notify(sr, event, recipient=sr.requester, title=f"{sr.reference} accepted by the DEA")


@transaction.atomic
def support_request_decline(*, request_id: int, actor: Staff, reason: str, note: str = ""):
    """The DEA turns the request down with a reason and a note for the requester (s4); one
    whose requester never answered the DEA's questions is closed with ``no_response``."""
    sr = support_request_locked(request_id, actor)
    ensure(can_triage(actor, sr), "Only the DEA the request was sent to may decline it.")
    if reason not in DeclineReason.values:
        raise ValidationError({"reason": ["Choose why you are declining the request"]})
    note = note.strip()
    if not note:
        raise ValidationError({"note": ["Enter a note for the requester saying why"]})
    from_state = sr.state
    if reason == DeclineReason.NO_RESPONSE:
        # Only a request still waiting for the requester's answer closes this way; from any
        # other state the transition refuses it (409).
        action = "close_unanswered"
        sr.close_unanswered(note=note, nation=sr.dea.nation)
    else:
        # Waiting for the requester is not a state a DEA declines from for another reason.
        action = "decline"
        sr.decline(reason=reason, note=note)
    sr.save(
        update_fields=[
            "state",
            "first_response_at",
            "decline_reason",
            "decline_note",
            "closed_at",
            "info_requested_at",
            "waiting_for_info",
            "due_on",
        ]
    )
    message = f"{DeclineReason(reason).label}. {note}"
    event = _record(sr, actor=actor, action=action, from_state=from_state, message=message)
    _notify(sr, event, recipient=sr.requester, title=f"{sr.reference} declined by the DEA")
    return sr


@transaction.atomic
def support_request_withdraw(*, request_id: int, actor: Staff, message: str = ""):
    """The requester no longer needs help; an open request is closed as withdrawn."""
    sr = support_request_locked(request_id, actor)
    ensure(is_requester(actor, sr), "Only the person who made the request may withdraw it.")
    from_state = sr.state
    sr.withdraw()
    sr.save(update_fields=["state", "info_requested_at", "waiting_for_info", "closed_at"])
    event = _record(
        sr, actor=actor, action="withdraw", from_state=from_state, message=message.strip()
    )
    # The DEA stops work on it: they hear at once, not when they next open the inbox.
    _notify(sr, event, recipient=sr.dea, title=f"{actor.display_name} withdrew {sr.reference}")
    return sr


@transaction.atomic
def support_request_resolve(*, request_id: int, actor: Staff, message: str = ""):
    """Close an accepted request whose chain of work has no open follow-on (s4, s5)."""
    sr = SupportRequest.objects.select_for_update().get(pk=request_id)
    from_state = sr.state
    sr.resolve()
    sr.save(update_fields=["state", "closed_at"])
    _record(sr, actor=actor, action="resolve", from_state=from_state, message=message)
    return sr


@transaction.atomic
def support_request_tag(*, request_id: int, actor: Staff, topics: list[str]):
    """The DEA tags a request with topics, which the referral-trend job counts [12]."""
    sr = support_request_locked(request_id, actor)
    ensure(can_triage(actor, sr), "Only the DEA the request was sent to may tag it.")
    cleaned = sorted({t.strip().lower()[:60] for t in topics if t and t.strip()})
    if len(cleaned) > 10:
        raise ValidationError({"topics": ["Use at most 10 topics"]})
    sr.topics = cleaned
    sr.save(update_fields=["topics"])
    return sr
