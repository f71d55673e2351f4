"""Writes for support requests (DESIGN.md section 4).

Every change to a request happens here, under a lock on the request's row, so two tabs or
two DEAs cannot both move it; each change is recorded as a SupportRequestEvent and the
people it concerns are told once the change commits. Accepting and cover live one app up,
in ``conferences.services``, because they also create or move the request's activities: the
functions here that they call say so.
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
    can_cover,
    can_file_support_request,
    can_triage,
    is_requester,
)
from dea_support.selectors import dea_for_work_coach, deas_at_jobcentre
from dea_support.timeliness import first_due_on
from jomcase.errors import NonBenefitClaimant, NotInCohort, ensure
from jomcase.models import Role, Staff
from jomcase.services import notification_send

REQUIRED = "Enter {what}"
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
    ensure(
        can_file_support_request(actor, kind),
        "Only work coaches file claimant and skill support requests.",
    )
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
        return _dea_for_colleague(actor, dea_id, today, choosing=choosing), claimant
    dea = dea_for_work_coach(actor, today)
    if dea is None:
        raise NotInCohort(
            "You are not in a DEA's cohort today, so there is no DEA to send this to. "
            "Ask your team leader to have you added to a DEA's cohort.",
        )
    return dea, claimant


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
    _notify(sr, event, recipient=dea, title=f"New support request {sr.reference}")
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


def _notify(sr: SupportRequest, event: SupportRequestEvent, *, recipient: Staff, title: str):
    needed_by = f"{sr.required_by:%-d %B %Y}"
    body = f"{sr.get_kind_display()}, response needed by {needed_by}."
    if event.message:
        body = event.message if event.action != "submitted" else f"{body} {event.message}"
    notification_send(
        recipient=recipient,
        key=f"support-request-event:{event.pk}",
        kind=f"support_request_{event.action}",
        title=title,
        body=body,
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
        sr.close_unanswered(note=note)
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
    _record(sr, actor=actor, action="withdraw", from_state=from_state, message=message.strip())
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


def support_requests_cover_check(
    *, actor: Staff, from_dea_id: int, to_dea_id: int
) -> tuple[Staff, Staff]:
    """Check who a move for cover is from and to, before anything is locked; return both.

    Only the away DEA's line manager (or an administrator) arranges cover, and only to
    another DEA (DESIGN.md s4).
    """
    from_dea = Staff.objects.filter(pk=from_dea_id).first()
    to_dea = Staff.objects.filter(pk=to_dea_id).first()
    if from_dea is None:
        raise ValidationError({"from_dea": ["Choose the DEA whose requests are to move"]})
    ensure(can_cover(actor, from_dea), "Only the DEA's line manager may arrange cover.")
    if to_dea is None or not to_dea.has_role(Role.DEA):
        raise ValidationError({"to_dea": ["Choose a DEA to cover"]})
    if to_dea.pk == from_dea.pk:
        raise ValidationError({"to_dea": ["Choose a different DEA to cover"]})
    return from_dea, to_dea


def cover_message(*, from_dea: Staff, to_dea: Staff, note: str = "") -> str:
    """How a move for cover reads on a request's timeline and on its work's."""
    message = f"Moved from {from_dea.display_name} to {to_dea.display_name} for cover"
    return message + (f": {note.strip()}" if note.strip() else "")


def support_requests_mark_covered(
    *,
    actor: Staff,
    from_dea: Staff,
    to_dea: Staff,
    request_ids: list[int] | None = None,
    note: str = "",
) -> list[SupportRequest]:
    """Move open requests to the covering DEA under a lock on each; only conferences calls this.

    ``conferences.services.support_requests_cover`` checks the two DEAs with
    ``support_requests_cover_check``, holds the transaction and moves the work that goes
    with the requests. With ``request_ids`` only those move (each must be open and the
    from-DEA's); otherwise every open request does. Each request records the move and the
    covering DEA is told of it once it commits.
    """
    requests = SupportRequest.objects.select_for_update().filter(dea=from_dea).open()
    if request_ids is not None:
        requests = requests.filter(pk__in=request_ids)
    moved = list(requests.order_by("pk"))
    if request_ids is not None and len(moved) != len(set(request_ids)):
        raise ValidationError(
            {"requests": [f"Only open requests of {from_dea.display_name} can move"]}
        )
    if not moved:
        raise ValidationError({"requests": [f"{from_dea.display_name} has no open requests"]})
    own = [sr.reference for sr in moved if sr.requester_id == to_dea.pk]
    if own:
        # A DEA does not decide on a request they made themselves.
        which = "it" if len(own) == 1 else "them"
        raise ValidationError(
            {"to_dea": [f"{to_dea.display_name} made {', '.join(own)}, so cannot cover {which}"]}
        )
    message = cover_message(from_dea=from_dea, to_dea=to_dea, note=note)
    # A DEA going on leave may have hundreds of open requests: one UPDATE and one INSERT
    # move them all, and the covering DEA gets one notification listing them, not hundreds.
    SupportRequest.objects.filter(pk__in=[sr.pk for sr in moved]).update(dea=to_dea)
    for sr in moved:
        sr.dea = to_dea
    events = SupportRequestEvent.objects.bulk_create(
        SupportRequestEvent(
            support_request=sr,
            action="cover",
            from_state=sr.state,
            to_state=sr.state,
            by=actor,
            message=message,
        )
        for sr in moved
    )
    _notify_cover(moved, events[0], from_dea=from_dea, to_dea=to_dea, message=message)
    return moved


#: The references a cover notification lists before it says how many more there are.
COVER_REFERENCES_LISTED = 20


def _notify_cover(
    moved: list[SupportRequest],
    first_event: SupportRequestEvent,
    *,
    from_dea: Staff,
    to_dea: Staff,
    message: str,
) -> None:
    """Tell the covering DEA once what moved to them: the references, soonest due first."""
    soonest = sorted(moved, key=lambda sr: (sr.required_by, sr.pk))
    listed = [f"{sr.reference} (needed by {sr.required_by:%-d %B %Y})" for sr in soonest]
    if len(listed) > COVER_REFERENCES_LISTED:
        rest = len(listed) - COVER_REFERENCES_LISTED
        listed = [*listed[:COVER_REFERENCES_LISTED], f"and {rest} more"]
    count = f"{len(moved)} request{'s' if len(moved) != 1 else ''}"
    notification_send(
        recipient=to_dea,
        # The first event of the move stands for the whole move: sent once however often.
        key=f"support-request-cover:{first_event.pk}",
        kind="support_request_cover",
        title=f"{count} moved to you for cover from {from_dea.display_name}",
        body=message.rstrip(".") + ".\n\n" + "\n".join(listed),
        link=reverse("support_requests:inbox"),
    )
