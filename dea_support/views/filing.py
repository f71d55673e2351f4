"""The filing journey: asking a DEA for help, one question a page (DESIGN.md section 4).

The answers wait in the session under the journey's own id, which is part of every address
in the journey, so two requests started in two tabs keep apart. Each page asks
``support_request_check`` about its own answers, so a problem shows where it can be put
right; only the check page files the request, through ``support_request_file``, and only
once however often it is sent.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from claimants import nino as nino_rules
from claimants import selectors as claimant_selectors
from claimants.models import Benefit
from dea_support import selectors
from dea_support.forms import filing as forms
from dea_support.models import Criticality, KnowledgeGap, RequestKind
from dea_support.permissions import can_file_support_request
from dea_support.services import support_request_file
from dea_support.services.requests import support_request_check
from jomcase.errors import RuleViolation

JOURNEYS = "support_request_journeys"
FILED = "support_requests_filed"
# Journeys kept in one session: enough for a few tabs, small enough to stay cheap.
KEPT = 5
# Search results shown at once; more than this asks for a fuller name or the NINO.
RESULTS_SHOWN = 25

CLAIMANT = RequestKind.CLAIMANT_SUPPORT
SKILL = RequestKind.SKILL_SUPPORT
COLLEAGUE = RequestKind.COLLEAGUE_SUPPORT


@dataclass(frozen=True)
class Step:
    """A page of the journey: the answers it collects, as the service names them in its
    errors, and how the check page shows them."""

    fields: tuple[str, ...]
    summary: str


STEPS = {
    "claimant": Step(("claimant",), "Claimant"),
    "challenges": Step(("challenges",), "The claimant's challenges"),
    "reason": Step(("reason",), "Why you need the DEA's support"),
    "knowledge_gap": Step(("knowledge_gap",), "What you need to know more about"),
    "description": Step(("description",), "What you need to know"),
    "job_role": Step(("job_role",), "Your job role"),
    "criticality": Step(("criticality",), "How urgent it is"),
    "dea": Step(("dea",), "DEA"),
    "required_by": Step(("required_by",), "Response needed by"),
}

KIND_STEPS = {
    CLAIMANT: ("claimant", "challenges", "reason", "required_by"),
    SKILL: ("knowledge_gap", "description", "required_by"),
    COLLEAGUE: ("job_role", "reason", "criticality", "dea", "required_by"),
}

# The service argument each error field's answer is passed as, where the names differ.
ARGUMENT = {"claimant": "claimant_id", "dea": "dea_id"}

QUESTION_FORMS = {
    "challenges": forms.ChallengesForm,
    "knowledge_gap": forms.KnowledgeGapForm,
    "description": forms.DescriptionForm,
    "job_role": forms.JobRoleForm,
    "criticality": forms.CriticalityForm,
    "dea": forms.DeaForm,
    "required_by": forms.RequiredByForm,
}

# The same question is worded for the claimant or for the colleague asking.
REASON_FORMS = {CLAIMANT: forms.ClaimantReasonForm, COLLEAGUE: forms.ColleagueReasonForm}

CAPTIONS = {
    CLAIMANT: "Ask for claimant support",
    SKILL: "Ask for skill support",
    COLLEAGUE: "Ask for support as a colleague",
}

_BENEFIT_INITIALS = {value: label.split(" (")[-1].rstrip(")") for value, label in Benefit.choices}


# The journey in the session


def _journeys(request) -> dict:
    return request.session.get(JOURNEYS, {})


def _load(request, journey_id: str) -> dict | None:
    return _journeys(request).get(journey_id)


def _store(request, journey_id: str, journey: dict) -> None:
    """Keep the journey as the newest of the session's few."""
    journeys = {key: value for key, value in _journeys(request).items() if key != journey_id}
    journeys[journey_id] = journey
    request.session[JOURNEYS] = dict(list(journeys.items())[-KEPT:])


def _steps(journey: dict) -> list[str]:
    """The pages this journey asks; the DEA only when the jobcentre has several."""
    return [
        step for step in KIND_STEPS[journey["kind"]] if step != "dea" or journey.get("choose_dea")
    ]


def _answered(journey: dict, step: str) -> bool:
    return all(ARGUMENT.get(f, f) in journey["answers"] for f in STEPS[step].fields)


def _first_missing(journey: dict) -> str | None:
    return next((s for s in _steps(journey) if not _answered(journey, s)), None)


def _url(step: str, journey_id: str, *, change: bool = False) -> str:
    url = reverse(f"support_requests:new_{step}", args=[journey_id])
    return f"{url}?change=1" if change else url


def _start_url(journey_id: str, *, change: bool = False) -> str:
    url = f"{reverse('support_requests:new')}?journey={journey_id}"
    return f"{url}&change=1" if change else url


#: Answers that mean the same whichever kind is asked for, so a change of kind keeps them.
#: The reason is not one: for claimant support it is why the claimant needs help, for
#: colleague support why the colleague does.
SHARED_ANSWERS = ("required_by",)


def _with_kind(journey: dict, kind: str) -> dict:
    """The journey for a newly chosen kind, keeping the answers that still apply."""
    if journey["kind"] == kind:
        return journey
    kept = {key: value for key, value in journey["answers"].items() if key in SHARED_ANSWERS}
    return {"kind": kind, "answers": kept}


def _next_url(journey_id: str, journey: dict, step: str, *, changing: bool) -> str:
    """Onwards: the next question, or back to the check page after a change."""
    if changing:
        return _url(_first_missing(journey) or "check", journey_id)
    steps = _steps(journey)
    later = steps[steps.index(step) + 1 :]
    return _url(later[0] if later else "check", journey_id)


def _back_url(journey_id: str, journey: dict, step: str, *, changing: bool) -> str:
    if changing:
        return _url("check", journey_id)
    steps = _steps(journey)
    index = steps.index(step)
    return _url(steps[index - 1], journey_id) if index else _start_url(journey_id)


def _service_arguments(journey: dict, **new) -> dict:
    """The journey's answers (and a page's new ones) as ``support_request_check`` takes them."""
    answers = {**journey["answers"], **new}
    required_by = answers.pop("required_by", None)
    if isinstance(required_by, str):
        required_by = dt.date.fromisoformat(required_by)
    return {"kind": journey["kind"], "required_by": required_by, **answers}


def _storable(answers: dict) -> dict:
    """Answers as the session can hold them: dates as ISO text."""
    return {
        key: value.isoformat() if isinstance(value, dt.date) else value
        for key, value in answers.items()
    }


def _problem(request, journey: dict, *, only, **new) -> ValidationError | RuleViolation | None:
    """What the service says is wrong with the answers so far, or None."""
    try:
        support_request_check(actor=request.user, only=only, **_service_arguments(journey, **new))
    except (ValidationError, RuleViolation) as error:
        return error
    return None


def _lost(request, journey_id: str):
    """A journey the session no longer holds: sent already, or too old."""
    filed = request.session.get(FILED, {}).get(journey_id)
    if filed:
        return redirect("support_requests:new_confirmation", request_id=filed)
    messages.info(request, "We could not find your answers. Start your request again.")
    return redirect("support_requests:new")


def _open_journey(request, journey_id: str, step: str):
    """The journey and None, or None and where to go instead.

    A page of another kind's journey is not found; a page whose earlier questions are still
    unanswered sends the requester to the first of them.
    """
    journey = _load(request, journey_id)
    if journey is None:
        return None, _lost(request, journey_id)
    steps = _steps(journey)
    if step != "check" and step not in steps:
        raise Http404("That question is not part of this request")
    missing = _first_missing(journey)
    if missing and (step == "check" or steps.index(step) > steps.index(missing)):
        return None, redirect(_url(missing, journey_id))
    return journey, None


# Pages


def _posted(request):
    """The form data of a POST, even an empty one (radios left unchosen); None for a GET."""
    return request.POST if request.method == "POST" else None


def _kinds_for(user) -> list[str]:
    return [kind for kind in RequestKind.values if can_file_support_request(user, kind)]


@login_required
def start(request):
    """Which kind of support; a requester whom no DEA can take it from is told so here.

    Coming back from a later page (``?journey=``) keeps the answers. From the check page
    (``&change=1``), the same kind goes straight back there; another kind keeps the answers
    that still apply and goes on through the questions that kind asks.
    """
    kinds = _kinds_for(request.user)
    journey_id = request.GET.get("journey", "")
    journey = _load(request, journey_id) if journey_id else None
    changing = journey is not None and "change" in request.GET
    form = forms.KindForm(
        _posted(request), kinds=kinds, initial={"kind": journey["kind"] if journey else None}
    )
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        problem = _problem(request, {"kind": kind, "answers": {}}, only=())
        if problem is not None:
            # No cohort, or no DEA at the jobcentre: nothing to fix on a later page.
            form.add_service_errors(problem, to="kind")
        else:
            if journey is None:
                journey_id = secrets.token_urlsafe(6)
                journey = {"kind": kind, "answers": {}}
            journey = _with_kind(journey, kind)
            if kind == COLLEAGUE:
                deas = selectors.deas_at_jobcentre(request.user.jobcentre_id)
                journey["choose_dea"] = deas.count() > 1
            _store(request, journey_id, journey)
            return redirect(_url(_first_missing(journey) or "check", journey_id))
    return render(
        request,
        "dea_support/filing/kind.html",
        {
            "form": form,
            "items": form.items(),
            "only_colleague": kinds == [COLLEAGUE],
            "errors": [{"text": text, "href": ""} for text in _all_errors(form)],
            "back_url": _url("check", journey_id) if changing else reverse("home"),
        },
    )


def _all_errors(form) -> list[str]:
    return [message for messages_ in form.errors.values() for message in messages_]


def _own_claimants(user, text: str):
    """Claimants on the user's own caseload matching a NINO or surname, as table rows."""
    return (
        claimant_selectors.claimants_visible_to(user)
        .filter(work_coach=user)
        .search(text)
        .order_by("surname", "forenames", "id")
        .values(
            "id",
            "nino",
            "surname",
            "forenames",
            "benefits",
            "non_benefit",
            "vulnerability_exception",
        )
    )


def _result_rows(values) -> list[dict]:
    return [
        {
            "id": value["id"],
            "name": f"{value['forenames']} {value['surname']}",
            "nino": nino_rules.display(value["nino"]),
            "benefits": ", ".join(_BENEFIT_INITIALS.get(b, b) for b in value["benefits"]) or "None",
            # Flag those the service will refuse, so the coach knows before choosing.
            "refused": value["non_benefit"] and not value["vulnerability_exception"],
        }
        for value in values
    ]


@login_required
def claimant(request, journey):
    """Find the claimant on the coach's own caseload by NINO or surname, and choose them."""
    journey_id = journey
    journey, elsewhere = _open_journey(request, journey_id, "claimant")
    if elsewhere:
        return elsewhere
    changing = "change" in request.GET
    # The search travels with the choice, so a refused choice comes back with its results.
    search = forms.ClaimantSearchForm(request.POST if request.method == "POST" else request.GET)
    text = search.text()
    if request.method == "POST":
        choice = forms.ClaimantChoiceForm(request.POST)
        if choice.is_valid():
            problem = _problem(request, journey, only=("claimant",), **choice.answers())
            if problem is None:
                journey["answers"].update(choice.answers())
                _store(request, journey_id, journey)
                return redirect(_next_url(journey_id, journey, "claimant", changing=changing))
            choice.add_service_errors(problem, to="claimant")
        for message in _all_errors(choice):
            search.add_error("q", message)
    found = _result_rows(_own_claimants(request.user, text)[: RESULTS_SHOWN + 1]) if text else []
    return render(
        request,
        "dea_support/filing/claimant.html",
        {
            "form": search,
            "search": search,
            "query": text,
            "results": found[:RESULTS_SHOWN],
            "more": len(found) > RESULTS_SHOWN,
            "shown": RESULTS_SHOWN,
            "caption": CAPTIONS[journey["kind"]],
            "back_url": _back_url(journey_id, journey, "claimant", changing=changing),
            "changing": changing,
        },
    )


def _question_form(request, journey: dict, step: str):
    stored = journey["answers"]
    initial = {field: stored.get(ARGUMENT.get(field, field)) for field in STEPS[step].fields}
    options = {}
    kind = journey["kind"]
    form_class = REASON_FORMS[kind] if step == "reason" else QUESTION_FORMS[step]
    if step == "dea":
        options["deas"] = selectors.deas_at_jobcentre(request.user.jobcentre_id)
    if step == "required_by":
        options["about_claimant"] = kind == CLAIMANT
        if initial["required_by"]:
            initial["required_by"] = dt.date.fromisoformat(initial["required_by"])
    return form_class(_posted(request), initial=initial, **options)


@login_required
def question(request, journey, step: str):
    """One question of the journey; its answer is checked by the service before moving on."""
    journey_id = journey
    journey, elsewhere = _open_journey(request, journey_id, step)
    if elsewhere:
        return elsewhere
    changing = "change" in request.GET
    form = _question_form(request, journey, step)
    if request.method == "POST" and form.is_valid():
        answers = form.answers()
        problem = _problem(request, journey, only=STEPS[step].fields, **answers)
        if problem is None:
            journey["answers"].update(_storable(answers))
            _store(request, journey_id, journey)
            return redirect(_next_url(journey_id, journey, step, changing=changing))
        form.add_service_errors(problem)
    return render(
        request,
        "dea_support/filing/question.html",
        {
            "form": form,
            "step": step,
            "caption": CAPTIONS[journey["kind"]],
            "back_url": _back_url(journey_id, journey, step, changing=changing),
        },
    )


def _display(journey: dict, step: str, *, claimant, dea_names: dict) -> str:
    answers = journey["answers"]
    if step == "claimant":
        return f"{claimant.full_name}\n{claimant.nino_display}" if claimant else ""
    if step == "knowledge_gap":
        return KnowledgeGap(answers["knowledge_gap"]).label
    if step == "criticality":
        return Criticality(answers["criticality"]).label
    if step == "dea":
        return dea_names.get(answers["dea_id"], "")
    if step == "required_by":
        return f"{dt.date.fromisoformat(answers['required_by']):%-d %B %Y}"
    return answers[step]


def _summary_rows(request, journey_id: str, journey: dict, *, claimant, dea) -> list[dict]:
    steps = _steps(journey)
    dea_names = {}
    if "dea" in steps:
        deas = selectors.deas_at_jobcentre(request.user.jobcentre_id)
        dea_names = {d.pk: d.display_name for d in deas}
    kind_row = {"key": "Kind of support", "value": RequestKind(journey["kind"]).label}
    if len(_kinds_for(request.user)) > 1:
        kind_row["href"] = _start_url(journey_id, change=True)
    rows = [kind_row]
    for step in steps:
        summary = STEPS[step].summary
        if step == "reason" and journey["kind"] == COLLEAGUE:
            summary = "Why you need support"
        rows.append(
            {
                "key": summary,
                "value": _display(journey, step, claimant=claimant, dea_names=dea_names),
                "href": _url(step, journey_id, change=True),
            }
        )
    if dea is not None and "dea" not in steps:
        rows.append({"key": "Sent to", "value": dea.display_name})
    return rows


def _step_of(field: str | None) -> str | None:
    return next((step for step, s in STEPS.items() if field in s.fields), None)


def _check_errors(journey_id: str, journey: dict, problem) -> list[dict]:
    """The service's objections, each linked to the page where the answer can be changed."""
    if isinstance(problem, RuleViolation):
        pairs = [(problem.field, problem.detail)]
    else:
        pairs = [(f, m) for f, msgs in problem.message_dict.items() for m in msgs]
    errors = []
    for field, message in pairs:
        step = _step_of(field)
        if step in _steps(journey):
            href = _url(step, journey_id, change=True)
        elif field == "kind":
            href = _start_url(journey_id)
        else:
            href = ""
        errors.append({"text": message, "href": href})
    return errors


def _render_check(request, journey_id: str, journey: dict, *, problem=None):
    """The answers to check, what the service makes of them, and any open request already
    made about the same claimant (a warning: filing another is still allowed)."""
    dea = claimant_record = None
    if problem is None:
        try:
            dea, claimant_record = support_request_check(
                actor=request.user, **_service_arguments(journey)
            )
        except (ValidationError, RuleViolation) as error:
            problem = error
    claimant_id = journey["answers"].get("claimant_id")
    existing = []
    if claimant_id:
        if claimant_record is None:
            claimant_record = (
                claimant_selectors.claimants_visible_to(request.user).filter(pk=claimant_id).first()
            )
        existing = list(selectors.open_requests_for_claimant(claimant_id))
    errors = _check_errors(journey_id, journey, problem) if problem else []
    return render(
        request,
        "dea_support/filing/check.html",
        {
            "rows": _summary_rows(request, journey_id, journey, claimant=claimant_record, dea=dea),
            "errors": errors,
            "has_errors": bool(errors),
            "existing": existing,
            "claimant": claimant_record,
            "caption": CAPTIONS[journey["kind"]],
            "back_url": _url(_steps(journey)[-1], journey_id),
        },
    )


@login_required
def check(request, journey):
    """Check your answers, then send: the only page that files the request."""
    journey_id = journey
    journey, elsewhere = _open_journey(request, journey_id, "check")
    if elsewhere:
        return elsewhere
    if request.method == "POST":
        return _send(request, journey_id)
    return _render_check(request, journey_id, journey)


def _wait_for_other_sends(request, journey_id: str) -> None:
    """Hold the journey until this transaction ends, so a second click waits for the first.

    The lock is PostgreSQL's, taken on a number made from the session and the journey.
    """
    name = f"support-request-filing:{request.session.session_key}:{journey_id}"
    key = int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def _send(request, journey_id: str):
    """File the request once. A repeated send finds the journey gone and is shown the
    request the first one filed."""
    with transaction.atomic():
        _wait_for_other_sends(request, journey_id)
        # Read the session afresh: another send may have filed while this one waited.
        stored = type(request.session)(request.session.session_key).load()
        journeys = dict(stored.get(JOURNEYS, {}))
        filed = dict(stored.get(FILED, {}))
        journey = journeys.pop(journey_id, None)
        if journey is None:
            request.session[JOURNEYS] = journeys
            request.session[FILED] = filed
            return _lost(request, journey_id)
        try:
            sr = support_request_file(actor=request.user, **_service_arguments(journey))
        except (ValidationError, RuleViolation) as error:
            problem = error
        else:
            filed[journey_id] = sr.pk
            request.session[JOURNEYS] = journeys
            request.session[FILED] = dict(list(filed.items())[-KEPT:])
            # Saved before the lock is let go, so a waiting second send sees it.
            request.session.save()
            return redirect("support_requests:new_confirmation", request_id=sr.pk)
    return _render_check(request, journey_id, journey, problem=problem)


@login_required
def confirmation(request, request_id: int):
    """The reference and what happens next; only for the person who made the request."""
    sr = selectors.requests_made_by(request.user).filter(pk=request_id).first()
    if sr is None:
        raise Http404("No such support request")
    return render(request, "dea_support/filing/confirmation.html", {"sr": sr})
