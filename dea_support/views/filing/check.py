"""The end of the filing journey: checking the answers, sending them once, the confirmation."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.http import Http404
from django.shortcuts import redirect, render

from claimants import selectors as claimant_selectors
from dea_support import selectors
from dea_support.models import Criticality, KnowledgeGap, RequestKind
from dea_support.services import support_request_file
from dea_support.services.requests import support_request_check
from dea_support.views.filing.journey import (
    CAPTIONS,
    COLLEAGUE,
    FILED,
    JOURNEYS,
    KEPT,
    STEPS,
    _kinds_for,
    _lost,
    _open_journey,
    _service_arguments,
    _start_url,
    _steps,
    _url,
)
from jomcase.errors import RuleViolation


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
    for row in rows:
        row["change_text"] = _in_a_sentence(row["key"])
    return rows


def _in_a_sentence(label: str) -> str:
    """``Change why you need…`` for screen readers: a capital kept only where it belongs (DEA)."""
    first_word = label.split(" ", 1)[0]
    return label if first_word.isupper() else label[:1].lower() + label[1:]


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
