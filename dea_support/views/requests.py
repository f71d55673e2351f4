"""A support request's page: what was asked, the work it led to, its timeline, and triage.

Each step is a POST to its own address that calls one service. On success it redirects back
to the page with a banner; otherwise the page is shown again with the GOV.UK error summary,
and nothing has changed, because the services raise before they write. The steps offered
come from the request's available transitions, filtered by whom each is for
(``custom["by"]``) and the permission predicates.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from claimants.extensions import claimant_sections
from claimants.models import Claimant
from claimants.permissions import can_view_claimant
from dea_support import extensions, selectors, services
from dea_support import timeliness as due_rules
from dea_support.forms.triage import (
    AcceptForm,
    ChaseForm,
    CloseUnansweredForm,
    DeclineForm,
    ProvideInfoForm,
    RequestInfoForm,
    ServiceForm,
    TopicsForm,
    WithdrawForm,
)
from dea_support.models import Channel, DeclineReason, RequestState, SupportRequest
from dea_support.permissions import can_triage, is_requester
from dea_support.timeliness import Timeliness
from jomcase.errors import RuleViolation
from jomcase.services import access_log_record

#: The GOV.UK tag colour of each state.
STATE_TAGS = {
    RequestState.SUBMITTED: "govuk-tag--blue",
    RequestState.INFO_REQUESTED: "govuk-tag--yellow",
    RequestState.ACCEPTED: "govuk-tag--turquoise",
    RequestState.DECLINED: "govuk-tag--orange",
    RequestState.WITHDRAWN: "govuk-tag--grey",
    RequestState.RESOLVED: "govuk-tag--green",
}

#: What happens next once the DEA has accepted, told to the requester, by channel [13][14].
NEXT_STEPS = {
    Channel.CASE_CONFERENCE: (
        "The DEA will discuss the case with you at a case conference. You will be told the "
        "date and time once it is booked."
    ),
    Channel.SKILL_CONFERENCE: (
        "The DEA will meet you for a skill conference, by phone or face to face. You will be "
        "told the date and time once it is booked."
    ),
    Channel.INFORMATIONAL_SUPPORT: (
        "The DEA will send you the information you need. There is no meeting to arrange."
    ),
    # The work coach leads a three-way and books it [21][25].
    Channel.THREE_WAY: (
        "You will lead a three-way intervention with the claimant, and the DEA will join to "
        "advise. Ask the claimant for their consent and record it on the three-way "
        "intervention's page, then book it there and print the claimant's letter."
    ),
    Channel.GROUP_CONFERENCE_CASE: (
        "The DEA will discuss the case at the cohort's next group conference. You will be "
        "told its date."
    ),
    Channel.CLAIMANT_SUPPORT_INTERVENTION: (
        "The DEA will see the claimant at a claimant support intervention. The claimant's "
        "consent is recorded on the activity first; once it is booked you will be told the "
        "date and time."
    ),
}

#: What the DEA does next after accepting, by channel.
DEA_NEXT_STEPS = {
    Channel.INFORMATIONAL_SUPPORT: "Send the information from the activity's page.",
    Channel.GROUP_CONFERENCE_CASE: (
        "The case is on your cohort's list for its next group conference."
    ),
    Channel.THREE_WAY: (
        "The work coach records the claimant's consent and books it; you will be told the "
        "date and time."
    ),
}
DEA_NEXT_STEP = "Book it from the activity's page; the requester is told the date and time."


def dea_next_step(sr: SupportRequest, work: list[dict], next_work: dict | None) -> str:
    """What the DEA the request is with does next, once accepted.

    Usually the first piece of work is theirs. After cover it may not be: booked work stays
    with the DEA whose diary holds it, and a case for a group conference stays on that DEA's
    cohort's list, so the page says whose it is instead of asking for a step they cannot take.
    """
    current = next_work or (work[0] if work else None)
    if current is None or current.get("yours", True):
        return DEA_NEXT_STEPS.get(sr.channel, DEA_NEXT_STEP)
    lead = current["lead"]
    if sr.channel == Channel.GROUP_CONFERENCE_CASE:
        return f"The case is on the list for the next group conference of {lead}'s cohort."
    step = f"The {current['title'].lower()} stays with {lead}"
    if current["detail"]:
        step += f": {current['detail'][0].lower()}{current['detail'][1:]}"
    step += "."
    if current.get("href"):
        step += f" You can follow it from its page; {lead} and the work coach take its steps."
    return step


#: The prefix of each step's fields, so that several forms can share the page.
FORM_PREFIXES = {
    "request_info": "info",
    "accept": "accept",
    "decline": "decline",
    "provide_info": "answer",
    "topics": "topics",
    "close_unanswered": "close",
    "chase": "chase",
}


def _working_days(days: int) -> str:
    return f"{days} working day{'' if days == 1 else 's'}"


def _answer_time(sr: SupportRequest, days: int) -> str:
    took = _working_days(days) if days else "within a working day"
    if sr.timeliness() == Timeliness.ANSWERED_LATE:
        return f"{took}, after the due date of {sr.due_on:%-d %B %Y}"
    return took


def response_time(sr: SupportRequest) -> tuple[str, str] | None:
    """How long the DEA has taken over the request, as a key and a value for its page's
    summary; None for a request withdrawn before the DEA answered.

    Waiting means waiting for the DEA's answer, so once the DEA has accepted or declined it
    the page says how long the answer took, by the same count (DESIGN.md s4): working days
    of the DEA's nation from filing to the answer, less the time spent waiting for the
    requester, and whether the answer came after the due date (``dea_support.timeliness``).
    """
    if sr.state == RequestState.WITHDRAWN:
        return None
    if sr.state == RequestState.INFO_REQUESTED:
        return "Working days waiting", "Waiting for the requester"
    days = sr.working_days_waiting(sr.dea.nation)
    if sr.is_answered:
        took = _answer_time(sr, days)
        # Only the first letter: capitalize() would lower-case the due date's month.
        return "Time to answer", took[:1].upper() + took[1:]
    return "Working days waiting", _working_days(days)


def waiting_text(sr: SupportRequest) -> str:
    """A list's "days waiting", by the same count: working days waiting for the DEA's answer,
    who the request waits for instead, or how long the answer took; blank once withdrawn."""
    if sr.state == RequestState.WITHDRAWN:
        return ""
    if sr.state == RequestState.INFO_REQUESTED:
        return "Waiting for the requester"
    days = sr.working_days_waiting(sr.dea.nation)
    if sr.is_answered:
        return f"Answered {'in ' if days else ''}{_answer_time(sr, days)}"
    return _working_days(days)


def request_or_404(user, pk: int) -> SupportRequest:
    try:
        return selectors.support_request_for(user=user, request_id=pk)
    except SupportRequest.DoesNotExist:
        raise Http404("No support request found") from None


def shows_claimant(user, sr: SupportRequest) -> bool:
    """Who the claimant is shows to the requester and the DEA, and to those who may see the
    claimant's record (DESIGN.md s10); an administrator sees the request without them."""
    if sr.claimant_id is None:
        return False
    if user.pk in (sr.requester_id, sr.dea_id):
        return True
    return Claimant.objects.visible_to(user).filter(pk=sr.claimant_id).exists()


def claimant_links(user, sr: SupportRequest) -> list[dict]:
    """Links to the claimant's record and what it leads to (their timeline with the DEA), for
    those who may open the record (DESIGN.md s10); the record logs each read itself."""
    if sr.claimant_id is None or not can_view_claimant(user, sr.claimant):
        return []
    record = reverse("claimants:detail", args=[sr.claimant_id])
    links = [{"text": f"Open {sr.claimant.full_name}'s record", "href": record}]
    for section in claimant_sections(user, sr.claimant):
        links += section["links"]
    return links


def steps_for(user, sr: SupportRequest) -> dict[str, str]:
    """The transitions this user may take now, by name, with their labels from the model."""
    allowed = {
        "dea": can_triage(user, sr),
        "requester": is_requester(user, sr),
    }
    steps = {}
    for transition in sr.get_available_state_transitions():
        if allowed.get(transition.custom.get("by"), False):
            steps[transition.name] = transition.custom.get("label", transition.name)
    if "accept" in steps and not extensions.can_accept():
        del steps["accept"]
    return steps


def _timeline(sr: SupportRequest) -> list[dict]:
    """Every recorded step, newest first, with the states it moved between."""
    labels = dict(RequestState.choices)
    items = []
    for event in sr.events.all():
        moved = event.from_state and event.to_state and event.from_state != event.to_state
        items.append(
            {
                "title": selectors.REQUEST_EVENT_TITLES.get(
                    event.action, event.action.replace("_", " ").title()
                ),
                "by": selectors.request_event_by(event),
                "at": event.at,
                "from": labels.get(event.from_state, event.from_state) if moved else "",
                "to": labels.get(event.to_state, event.to_state) if moved else "",
                "message": event.message,
            }
        )
    items.reverse()
    return items


def _question(sr: SupportRequest) -> str:
    """The DEA's latest question, which the requester answers."""
    asked = [e for e in sr.events.all() if e.action == "request_info"]
    return asked[-1].message if asked else ""


def latest_answer(sr: SupportRequest) -> dict | None:
    """The DEA's last question and the requester's answer to it, while the request waits for
    the DEA's decision, so the answer shows where the decision is made rather than only at
    the foot of the timeline."""
    if sr.state != RequestState.SUBMITTED:
        return None
    exchange = [e for e in sr.events.all() if e.action in ("request_info", "provide_info")]
    if len(exchange) < 2 or exchange[-1].action != "provide_info":
        return None
    asked, answered = exchange[-2], exchange[-1]
    return {
        "question": asked.message,
        "answer": answered.message,
        "by": answered.by.display_name,
        "at": answered.at,
    }


def _forms(sr: SupportRequest, steps: dict[str, str], user, failed: dict) -> dict:
    """A form for each step the user may take, the failed one bound with its errors."""
    classes = {
        "request_info": RequestInfoForm,
        "provide_info": ProvideInfoForm,
        "decline": DeclineForm,
        "close_unanswered": CloseUnansweredForm,
    }
    forms = {}
    for name, form_class in classes.items():
        if name in steps:
            forms[name] = failed.get(name) or form_class(prefix=FORM_PREFIXES[name])
    if "accept" in steps:
        forms["accept"] = failed.get("accept") or AcceptForm(prefix="accept", kind=sr.kind)
    # Chasing is not a transition: the DEA may do it while the request waits for the answer.
    if sr.state == RequestState.INFO_REQUESTED and can_triage(user, sr):
        forms["chase"] = failed.get("chase") or ChaseForm(prefix="chase")
    if can_triage(user, sr):
        forms["topics"] = failed.get("topics") or TopicsForm(
            prefix="topics", initial={"topics": ", ".join(sr.topics)}
        )
    return forms


def render_request_page(request, sr: SupportRequest, *, failed: ServiceForm | None = None):
    """The request's page, for whoever may open it; ``failed`` is a step refused just now."""
    user = request.user
    steps = steps_for(user, sr)
    failed_by_name = {}
    if failed is not None:
        failed_by_name = {name: failed for name, p in FORM_PREFIXES.items() if p == failed.prefix}
    forms = _forms(sr, steps, user, failed_by_name)
    claimant_shown = shows_claimant(user, sr)
    work = extensions.work_for(user, sr) if sr.accepted_at else []
    # The first piece of work, linked from what happens next, where its steps are taken.
    next_work = next((item for item in work if item.get("href")), None)
    if claimant_shown:
        access_log_record(staff=user, record=sr.claimant, via=request.path)
    context = {
        "sr": sr,
        "state_tag": STATE_TAGS.get(sr.state, ""),
        "claimant_shown": claimant_shown,
        "claimant_links": claimant_links(user, sr) if claimant_shown else [],
        "steps": steps,
        "forms": forms,
        "failed": failed,
        "has_errors": bool(failed is not None and failed.errors),
        "is_requester": is_requester(user, sr),
        "is_dea": can_triage(user, sr),
        "question": _question(sr) if sr.state == RequestState.INFO_REQUESTED else "",
        "answer": latest_answer(sr),
        "timeline": _timeline(sr),
        "work": work,
        "next_work": next_work,
        "response_time": response_time(sr),
        "due_tag": due_rules.tag(sr.timeliness()),
        "next_step": NEXT_STEPS.get(sr.channel, ""),
        "dea_next_step": dea_next_step(sr, work, next_work),
    }
    return render(request, "dea_support/requests/detail.html", context)


@login_required
def detail(request, pk: int):
    return render_request_page(request, request_or_404(request.user, pk))


def moved_on_message(pk: int) -> str:
    state = SupportRequest.objects.filter(pk=pk).values_list("state", flat=True).first()
    label = RequestState(state).label.lower() if state else "a new state"
    return f"This request has already moved to {label}, so nothing was changed."


def _run_step(
    request,
    pk: int,
    form: ServiceForm,
    call: Callable[[SupportRequest, dict], object],
    success: Callable[[SupportRequest], str],
):
    """Check the form, call the step's service, then redirect, or show the page with errors."""
    sr = request_or_404(request.user, pk)
    if form.is_valid():
        try:
            call(sr, form.cleaned_data)
        except (TransitionNotAllowed, ConcurrentTransition):
            form.add_error(None, moved_on_message(sr.pk))
        except (RuleViolation, ValidationError) as error:
            form.add_service_errors(error)
        else:
            messages.success(request, success(sr))
            return redirect("support_requests:detail", pk=sr.pk)
        # Show the request as it is now: another tab or person may have moved it.
        sr = request_or_404(request.user, pk)
    return render_request_page(request, sr, failed=form)


@require_POST
@login_required
def request_info(request, pk: int):
    """The DEA asks the requester a question; the request waits for the answer."""
    return _run_step(
        request,
        pk,
        RequestInfoForm(request.POST, prefix="info"),
        lambda sr, data: services.support_request_request_info(
            request_id=sr.pk, actor=request.user, message=data["message"]
        ),
        lambda sr: f"Your question was sent to {sr.requester.display_name}",
    )


@require_POST
@login_required
def provide_info(request, pk: int):
    """The requester answers the DEA's question; the request goes back to the DEA."""
    return _run_step(
        request,
        pk,
        ProvideInfoForm(request.POST, prefix="answer"),
        lambda sr, data: services.support_request_provide_info(
            request_id=sr.pk, actor=request.user, message=data["message"]
        ),
        lambda sr: f"Your answer was sent to {sr.dea.display_name}",
    )


@require_POST
@login_required
def accept(request, pk: int):
    """The DEA accepts with a channel, which creates the first piece of work [13]."""
    sr = request_or_404(request.user, pk)
    if not extensions.can_accept():
        raise Http404("Requests cannot be accepted here")

    def done(sr):
        channel = Channel(sr.channel).label if sr.channel else "accepted"
        return f"You accepted {sr.reference}: {channel.lower()}"

    return _run_step(
        request,
        pk,
        AcceptForm(request.POST, prefix="accept", kind=sr.kind),
        lambda sr, data: extensions.accept(
            request_id=sr.pk, actor=request.user, channel=data["channel"], note=data["note"]
        ),
        lambda sr: done(SupportRequest.objects.get(pk=sr.pk)),
    )


@require_POST
@login_required
def decline(request, pk: int):
    """The DEA turns the request down with a reason and a note for the requester."""
    return _run_step(
        request,
        pk,
        DeclineForm(request.POST, prefix="decline"),
        lambda sr, data: services.support_request_decline(
            request_id=sr.pk, actor=request.user, reason=data["reason"], note=data["note"]
        ),
        lambda sr: f"You declined {sr.reference}. {sr.requester.display_name} has been told why",
    )


@require_POST
@login_required
def chase(request, pk: int):
    """The DEA reminds the requester of the question they have not answered."""
    return _run_step(
        request,
        pk,
        ChaseForm(request.POST, prefix="chase"),
        lambda sr, data: services.support_request_chase(
            request_id=sr.pk, actor=request.user, message=data["message"]
        ),
        lambda sr: f"{sr.requester.display_name} has been reminded",
    )


@require_POST
@login_required
def close_unanswered(request, pk: int):
    """The DEA closes a request whose requester never answered: declined, no response."""
    return _run_step(
        request,
        pk,
        CloseUnansweredForm(request.POST, prefix="close"),
        lambda sr, data: services.support_request_decline(
            request_id=sr.pk,
            actor=request.user,
            reason=DeclineReason.NO_RESPONSE,
            note=data["note"],
        ),
        lambda sr: f"You closed {sr.reference}. {sr.requester.display_name} has been told why",
    )


@require_POST
@login_required
def topics(request, pk: int):
    """The DEA tags the request with topics, which referral trends count [12]."""
    form = TopicsForm(request.POST, prefix="topics")
    return _run_step(
        request,
        pk,
        form,
        lambda sr, data: services.support_request_tag(
            request_id=sr.pk, actor=request.user, topics=form.topic_list()
        ),
        lambda sr: "The topics were saved",
    )


@login_required
def withdraw(request, pk: int):
    """Ask the requester to confirm, then withdraw the request."""
    sr = request_or_404(request.user, pk)
    if not is_requester(request.user, sr):
        raise PermissionDenied("Only the person who made the request may withdraw it.")
    if request.method != "POST" and "withdraw" not in steps_for(request.user, sr):
        messages.info(
            request,
            f"{sr.reference} can no longer be withdrawn: it is {sr.get_state_display().lower()}",
        )
        return redirect("support_requests:detail", pk=sr.pk)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.support_request_withdraw(
                request_id=sr.pk, actor=request.user, message=form.cleaned_data["message"]
            )
        except (TransitionNotAllowed, ConcurrentTransition):
            form.add_error(None, moved_on_message(sr.pk))
        else:
            messages.success(request, f"You withdrew {sr.reference}")
            return redirect("support_requests:detail", pk=sr.pk)
    return render(
        request,
        "dea_support/requests/withdraw.html",
        {"sr": sr, "form": form, "back": reverse("support_requests:detail", args=[sr.pk])},
    )
