"""The question pages of the filing journey: the kind of support, the claimant, each question."""

from __future__ import annotations

import datetime as dt
import secrets

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, ExpressionWrapper
from django.shortcuts import redirect, render
from django.urls import reverse

from claimants import nino as nino_rules
from claimants import selectors as claimant_selectors
from claimants.eligibility import ELIGIBLE
from claimants.models import Benefit
from dea_support import selectors
from dea_support.forms import filing as forms
from dea_support.services.requests import NOT_A_WORKING_DAY
from dea_support.views.filing.journey import (
    ARGUMENT,
    CAPTIONS,
    CLAIMANT,
    COLLEAGUE,
    STEPS,
    _back_url,
    _first_missing,
    _kinds_for,
    _load,
    _next_url,
    _open_journey,
    _problem,
    _storable,
    _store,
    _url,
    _with_kind,
    ensure_may_file,
)

# Search results shown at once; more than this asks for a fuller name or the NINO.
RESULTS_SHOWN = 25

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

_BENEFIT_INITIALS = {value: label.split(" (")[-1].rstrip(")") for value, label in Benefit.choices}


def _posted(request):
    """The form data of a POST, even an empty one (radios left unchosen); None for a GET."""
    return request.POST if request.method == "POST" else None


@login_required
def start(request):
    """Which kind of support; a requester whom no DEA can take it from is told so here.

    Coming back from a later page (``?journey=``) keeps the answers. From the check page
    (``&change=1``), the same kind goes straight back there; another kind keeps the answers
    that still apply and goes on through the questions that kind asks.
    """
    ensure_may_file(request.user)
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
        .annotate(eligible=ExpressionWrapper(ELIGIBLE, output_field=BooleanField()))
        .values("id", "nino", "surname", "forenames", "benefits", "eligible")
    )


def _result_rows(values) -> list[dict]:
    return [
        {
            "id": value["id"],
            "name": f"{value['forenames']} {value['surname']}",
            "nino": nino_rules.display(value["nino"]),
            "benefits": ", ".join(_BENEFIT_INITIALS.get(b, b) for b in value["benefits"]) or "None",
            # Flag those the service will refuse, so the coach knows before choosing.
            "refused": not value["eligible"],
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


def _question_form(request, journey: dict, step: str, *, data=None, typed=None):
    """The step's form, bound to ``data`` (the POST by default), or unbound with the stored
    answer, or with ``typed``: a date to change after refusing the working day offered."""
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
        if typed is not None:
            initial["required_by"] = typed
            return form_class(None, initial=initial, **options)
    return form_class(data if data is not None else _posted(request), initial=initial, **options)


def _working_day_offered(problem) -> dict | None:
    """The service's refusal of a date that is not a working day, as the offer page needs it:
    the date typed, the next working day and the nation; None for any other problem, and for
    a day whose next working day is too far ahead to offer (its message says what will do)."""
    if not isinstance(problem, ValidationError) or not hasattr(problem, "error_dict"):
        return None
    for error in problem.error_dict.get("required_by", []):
        if error.code == NOT_A_WORKING_DAY and error.params["next_working_day"] is not None:
            return {
                "typed": error.params["day"],
                "moved": error.params["next_working_day"],
                "nation": error.params["nation"],
            }
    return None


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
        offered = _working_day_offered(problem) if step == "required_by" else None
        if offered and form.choice() == "next":
            # The coach confirmed the next working day: that is the date asked for now.
            answers = {"required_by": offered["moved"]}
            problem = _problem(request, journey, only=STEPS[step].fields, **answers)
        elif offered and form.choice() == "change":
            form = _question_form(request, journey, step, typed=offered["typed"])
            problem = None
            answers = None
        elif offered:
            form.offer_next_working_day(**offered)
            problem = None
            answers = None
        if answers is not None and problem is None:
            journey["answers"].update(_storable(answers))
            _store(request, journey_id, journey)
            return redirect(_next_url(journey_id, journey, step, changing=changing))
        if problem is not None:
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
