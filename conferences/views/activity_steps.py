"""Pages for the steps of an activity that have a form of their own (DESIGN.md section 5).

Consent, booking, cancelling, consent withdrawn, outcomes, information and a holding
response. Each is a POST that calls one service and redirects to the activity with a
success banner; a refusal is shown on the form with GOV.UK's error summary and nothing is
saved.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone

from conferences import selectors, services
from conferences.forms import (
    BookForm,
    CancelForm,
    ConfirmForm,
    ConsentForm,
    HoldingResponseForm,
    InformationForm,
    OutcomeForm,
)
from conferences.models import ActivityKind, ActivityState
from conferences.permissions import is_dea_of, is_staff_participant
from conferences.views.activities import LETTER_KINDS, step_rules
from conferences.views.common import activity_or_404, log_claimant_read, run_service, when

#: Who may take a step with a page of its own; the rest are for any staff participant.
_STEP_TAKERS = {"information": is_dea_of, "holding_response": is_dea_of}


def _form_step(
    request,
    activity_id: int,
    *,
    step: str,
    form_class,
    template: str,
    call,
    success,
    form_kwargs=None,
    context=None,
):
    """A page for one step: 403 for someone who may not take it, the form, then one service.

    When the activity no longer allows the step (someone else moved it on), the page sends
    the user back to the activity and says so.
    """
    user = request.user
    found = activity_or_404(user, activity_id)
    rules = step_rules(user, found)
    if not _STEP_TAKERS.get(step, is_staff_participant)(user, found):
        raise PermissionDenied("Your part in this activity does not include this step.")
    if request.method != "POST" and not rules[step]:
        state = found.get_state_display().lower()
        messages.info(request, f"That step is not open now: the activity is {state}")
        return redirect("conferences:activity", found.pk)
    data = request.POST if request.method == "POST" else None
    form = form_class(data, **(form_kwargs(found) if form_kwargs else {}))
    if request.method == "POST" and form.is_valid():
        result, done = run_service(form, found.pk, lambda: call(found, form))
        if done:
            messages.success(request, success(found, result))
            return redirect("conferences:activity", found.pk)
        found = activity_or_404(user, activity_id)
    log_claimant_read(request, found)
    return render(
        request,
        template,
        {
            "activity": found,
            "form": form,
            "show_claimant": selectors.shows_claimant(user, found),
            **(context(found) if context else {}),
        },
    )


@login_required
def consent(request, activity_id: int):
    def success(activity, result):
        if result.state == ActivityState.PROPOSED:
            return f"Consent recorded. You can now book the {activity.get_kind_display().lower()}"
        if activity.kind == ActivityKind.THREE_WAY:
            return "The claimant's refusal was recorded, and a case conference was proposed instead"
        return "The claimant's refusal was recorded"

    return _form_step(
        request,
        activity_id,
        step="consent",
        form_class=ConsentForm,
        template="conferences/consent.html",
        form_kwargs=lambda a: {"activity": a},
        call=lambda a, form: services.activity_record_consent(
            activity_id=a.pk, actor=request.user, **form.service_arguments()
        ),
        success=success,
    )


@login_required
def book(request, activity_id: int):
    def success(activity, result):
        message = f"Booked for {when(result.start)}"
        if activity.kind in LETTER_KINDS:
            message += ". Print the claimant's letter from this page"
        return message

    def initial(activity):
        if activity.start is None:
            return {"activity": activity}
        start, end = timezone.localtime(activity.start), timezone.localtime(activity.end)
        return {
            "activity": activity,
            "initial": {
                "date": start.date(),
                "start_time": f"{start:%H:%M}",
                "end_time": f"{end:%H:%M}",
                "channel": activity.channel,
                "place": activity.place,
            },
        }

    return _form_step(
        request,
        activity_id,
        step="book",
        form_class=BookForm,
        template="conferences/book.html",
        form_kwargs=initial,
        # Say so before the form is filled in when the claimant has had every CSI allowed.
        context=lambda a: {"csi_cap_warning": selectors.csi_cap_warning(a)},
        call=lambda a, form: services.activity_book(
            activity_id=a.pk, actor=request.user, **form.service_arguments()
        ),
        success=success,
    )


@login_required
def cancel(request, activity_id: int):
    return _form_step(
        request,
        activity_id,
        step="cancel",
        form_class=CancelForm,
        template="conferences/cancel.html",
        call=lambda a, form: services.activity_cancel(
            activity_id=a.pk, actor=request.user, reason=form.cleaned_data["reason"]
        ),
        success=lambda a, r: f"The {a.get_kind_display().lower()} was cancelled",
    )


@login_required
def withdraw_consent(request, activity_id: int):
    return _form_step(
        request,
        activity_id,
        step="withdraw_consent",
        form_class=ConfirmForm,
        template="conferences/withdraw_consent.html",
        call=lambda a, form: services.activity_withdraw_consent(
            activity_id=a.pk, actor=request.user
        ),
        success=lambda a, r: (
            f"Consent was withdrawn, so the {a.get_kind_display().lower()} was cancelled"
        ),
    )


@login_required
def outcome(request, activity_id: int):
    def success(activity, follow_ons):
        made = len([f for f in follow_ons if f])
        if not made:
            return "Outcome recorded"
        return f"Outcome recorded with {made} follow-on{'s' if made != 1 else ''}"

    return _form_step(
        request,
        activity_id,
        step="outcome",
        form_class=OutcomeForm,
        template="conferences/outcome.html",
        form_kwargs=lambda a: {"activity": a},
        call=lambda a, form: services.activity_record_outcome(
            activity_id=a.pk, actor=request.user, **form.service_arguments()
        ),
        success=success,
    )


@login_required
def information(request, activity_id: int):
    return _form_step(
        request,
        activity_id,
        step="information",
        form_class=InformationForm,
        template="conferences/information.html",
        call=lambda a, form: services.information_send(
            activity_id=a.pk,
            actor=request.user,
            information=form.cleaned_data["information"],
            links=form.cleaned_data["links"],
        ),
        success=lambda a, r: "The information was sent to the work coach",
    )


@login_required
def holding_response(request, activity_id: int):
    return _form_step(
        request,
        activity_id,
        step="holding_response",
        form_class=HoldingResponseForm,
        template="conferences/holding_response.html",
        call=lambda a, form: services.holding_response_send(
            activity_id=a.pk,
            actor=request.user,
            message=form.cleaned_data["message"],
            expected_return=form.cleaned_data["expected_return"],
        ),
        success=lambda a, r: "The holding response was sent to the work coach",
    )
