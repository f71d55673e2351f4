"""The journey's answers in the session, the questions each kind asks, and their addresses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from dea_support.models import RequestKind
from dea_support.permissions import can_file_any_support_request, can_file_support_request
from dea_support.services.requests import CANNOT_FILE, support_request_check
from jomcase.errors import RuleViolation, ensure

JOURNEYS = "support_request_journeys"
FILED = "support_requests_filed"
# Journeys kept in one session: enough for a few tabs, small enough to stay cheap.
KEPT = 5

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

CAPTIONS = {
    CLAIMANT: "Ask for claimant support",
    SKILL: "Ask for skill support",
    COLLEAGUE: "Ask for support as a colleague",
}


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
    ensure_may_file(request.user)
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


def ensure_may_file(user) -> None:
    """403 on every page of the journey for someone with no role that files requests."""
    ensure(can_file_any_support_request(user), CANNOT_FILE)


def _kinds_for(user) -> list[str]:
    return [kind for kind in RequestKind.values if can_file_support_request(user, kind)]
