"""Pages for six point plan records [37]: recording one from the claimant's page (the facts,
then a check of the answers), the confirmation, and the record's page with its review and
its history. Who may do what is in ``claimants.permissions``; every write is a service.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from claimants import selectors, services
from claimants.forms import SixPointPlanForm, SixPointPlanReviewForm
from claimants.models import Claimant, SixPointPlanRecord
from claimants.permissions import (
    can_record_six_point_plan,
    can_review_six_point_plan,
    six_point_plan_reviewers,
)
from jomcase.errors import RuleViolation
from jomcase.services import access_log_record

RECORD_REFUSED = "Only the claimant's work coach, or the DEA they are referred to, may record this."

#: How the check page and the record's history name each fact.
FIELD_LABELS = {
    "declared_on": "Date of the declaration",
    "declaration": "What the claimant declared",
    "steps_taken": "Steps taken",
    "emergency_services_contacted": "Emergency services contacted",
    "people_told": "Who was told",
    "follow_up": "Follow-up agreed",
    "reviewed_by": "Reviewed by",
    "reviewed_at": "Reviewed at",
    "review_on": "Date of the review",
    "review_note": "Review note",
}


def _session_key(claimant_id: int) -> str:
    return f"six_point_plan:{claimant_id}"


def _claimant_to_record_for(user, claimant_id: int) -> Claimant:
    """The claimant, if the user may see them (else 404) and record for them (else 403)."""
    try:
        claimant = selectors.claimant_for(user=user, claimant_id=claimant_id)
    except Claimant.DoesNotExist:
        raise Http404("No claimant found") from None
    if not can_record_six_point_plan(user, claimant):
        raise PermissionDenied(RECORD_REFUSED)
    return claimant


def _record_or_404(user, record_id: int) -> SixPointPlanRecord:
    try:
        return selectors.six_point_plan_for(user=user, record_id=record_id)
    except SixPointPlanRecord.DoesNotExist:
        raise Http404("No six point plan record found") from None


def _form_page(request, claimant: Claimant, form: SixPointPlanForm):
    return render(
        request,
        "claimants/six_point_plan_form.html",
        {
            "claimant": claimant,
            "form": form,
        },
    )


@login_required
def six_point_plan_new(request, claimant_id: int):
    """The facts, on one page; the answers wait in the session for the check page."""
    claimant = _claimant_to_record_for(request.user, claimant_id)
    key = _session_key(claimant.pk)
    if request.method == "POST":
        form = SixPointPlanForm(request.POST)
        if form.is_valid():
            request.session[key] = form.session_data()
            return redirect("claimants:six_point_plan_check", claimant_id=claimant.pk)
    elif key in request.session:  # back from the check page to change an answer
        form = SixPointPlanForm.from_session(request.session[key])
    else:
        form = SixPointPlanForm()
    return _form_page(request, claimant, form)


def _answer_rows(form: SixPointPlanForm, change_href: str) -> list[dict]:
    data = form.cleaned_data
    values = {
        "declared_on": f"{data['declared_on']:%-d %B %Y}",
        "emergency_services_contacted": "Yes"
        if data["emergency_services_contacted"] == "yes"
        else "No",
    }
    return [
        {
            "key": label,
            "value": values.get(name, data.get(name, "")),
            "href": f"{change_href}#{form[name].auto_id}",
            "change_text": label.lower(),
        }
        for name, label in FIELD_LABELS.items()
        if name in form.fields
    ]


@login_required
def six_point_plan_check(request, claimant_id: int):
    """Check the answers, then record them (``services.six_point_plan_record``)."""
    claimant = _claimant_to_record_for(request.user, claimant_id)
    key = _session_key(claimant.pk)
    answers = request.session.get(key)
    if not answers:
        return redirect("claimants:six_point_plan_new", claimant_id=claimant.pk)
    form = SixPointPlanForm.from_session(answers)
    if not form.is_valid():
        return _form_page(request, claimant, form)
    if request.method == "POST":
        try:
            record = services.six_point_plan_record(
                actor=request.user, claimant_id=claimant.pk, **form.service_fields()
            )
        except ValidationError as error:
            form.add_service_errors(error)
            return _form_page(request, claimant, form)
        del request.session[key]
        return redirect("claimants:six_point_plan_recorded", record_id=record.pk)
    change_href = reverse("claimants:six_point_plan_new", args=[claimant.pk])
    return render(
        request,
        "claimants/six_point_plan_check.html",
        {
            "claimant": claimant,
            "rows": _answer_rows(form, change_href),
            "reviewers": list(six_point_plan_reviewers(claimant)),
        },
    )


@login_required
def six_point_plan_recorded(request, record_id: int):
    """The confirmation, for the person who recorded it; anyone else sees the record."""
    record = _record_or_404(request.user, record_id)
    if record.recorded_by_id != request.user.pk:
        return redirect("claimants:six_point_plan", record_id=record.pk)
    return render(
        request,
        "claimants/six_point_plan_recorded.html",
        {"record": record, "reviewers": list(six_point_plan_reviewers(record.claimant))},
    )


def _display(name: str, value) -> str:
    if value in (None, ""):
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return f"{value:%-d %B %Y}"
    return str(value)


def _history_rows(versions: list) -> list[dict]:
    """Each version, newest first, with what it changed from the one before."""
    rows = []
    for index, version in enumerate(versions):
        older = versions[index + 1] if index + 1 < len(versions) else None
        changes = []
        if version.history_type == "~" and older is not None:
            for change in version.diff_against(older).changes:
                if change.field in ("reviewed_by", "reviewed_at"):
                    continue  # shown as who made the change and when
                label = FIELD_LABELS.get(change.field, change.field)
                changes.append(
                    f"{label}: {_display(change.field, change.old)} to "
                    f"{_display(change.field, change.new)}"
                )
        rows.append(
            {
                "at": version.history_date,
                "by": version.history_user,
                "kind": {"+": "Recorded", "~": "Changed", "-": "Deleted"}[version.history_type],
                "changes": changes,
            }
        )
    return rows


@login_required
def six_point_plan_detail(request, record_id: int):
    """The record's facts, who recorded it, its review (or the review form for the team
    leader) and its history. Every read is logged (DESIGN.md section 10)."""
    record = _record_or_404(request.user, record_id)
    can_review = not record.reviewed and can_review_six_point_plan(request.user, record)
    form = None
    if request.method == "POST":
        if not can_review_six_point_plan(request.user, record):
            raise PermissionDenied("Only the work coach's team leader may review this record.")
        form = SixPointPlanReviewForm(request.POST)
        if form.is_valid():
            try:
                services.six_point_plan_review(
                    actor=request.user,
                    record_id=record.pk,
                    review_on=form.cleaned_data["review_on"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                form.add_service_errors(error)
            except RuleViolation as refusal:
                form.add_service_errors(refusal)
            else:
                messages.success(request, "Your review was recorded")
                return redirect("claimants:six_point_plan", record_id=record.pk)
    elif can_review:
        form = SixPointPlanReviewForm()
    access_log_record(staff=request.user, record=record, via=request.path)
    versions = list(selectors.six_point_plan_history(record=record))
    return render(
        request,
        "claimants/six_point_plan_detail.html",
        {
            "record": record,
            "claimant": record.claimant,
            "form": form,
            "history": _history_rows(versions),
            "sees_claimant": Claimant.objects.visible_to(request.user)
            .filter(pk=record.claimant_id)
            .exists(),
        },
    )
