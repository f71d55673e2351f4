"""Pages of an activity: its page, the steps open to the viewer, one-button steps, the list.

The activity page shows what it is, who takes part, its consent, outcomes and timeline, and
one page (or button) for each step the viewer may take now (DESIGN.md section 5); the steps
with a form of their own are in ``activity_steps``. Each step is a POST that calls one
service and redirects with a success banner; a refusal is shown on the page with GOV.UK's
error summary and nothing is saved.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from conferences import selectors, services
from conferences.extensions import activity_sections
from conferences.forms import ConfirmForm, WorkFilterForm
from conferences.models import (
    ALLOWED_OUTCOMES,
    NEEDS_CONSENT,
    Activity,
    ActivityKind,
    ActivityState,
)
from conferences.permissions import has_work_list, is_dea_of, is_partner, is_staff_participant
from conferences.views.common import (
    PAGE_SIZE,
    STATE_TAGS,
    activity_or_404,
    log_claimant_read,
    run_service,
)
from jomcase.models import Role

#: Kinds whose booking sends the claimant a letter: a three-way [25] and a CSI [40].
LETTER_KINDS = (ActivityKind.THREE_WAY, ActivityKind.CLAIMANT_SUPPORT_INTERVENTION)


def _transitions(activity: Activity) -> dict:
    """The model's transitions that are possible now, by name (their guards included)."""
    return {t.name: t for t in activity.get_available_state_transitions()}


def _can_withdraw_consent(activity: Activity) -> bool:
    consent = getattr(activity, "consent", None)
    return (
        consent is not None
        and consent.given
        and consent.withdrawn_at is None
        and activity.state in (ActivityState.PROPOSED, ActivityState.BOOKED)
        and (activity.start is None or activity.start > timezone.now())
    )


def _may_observe(user, activity: Activity) -> bool:
    return (
        user.has_role(Role.WCTL, Role.SDTL)
        and activity.is_open
        and all(p.staff_id != user.pk for p in activity.participants.all())
    )


# Each step: (name, whether the viewer may take it, whether the activity allows it now).
def step_rules(user, activity: Activity) -> dict[str, bool]:
    names = _transitions(activity)
    staff = is_staff_participant(user, activity)
    dea = is_dea_of(user, activity)
    # A group conference is moved and its outcomes recorded on its own page.
    single = activity.kind != ActivityKind.GROUP_CONFERENCE
    return {
        "consent": staff and "consent_given" in names,
        "book": staff and "book" in names and single,
        "hold": staff and "hold" in names,
        "not_attended": staff and "not_attended" in names,
        "outcome": staff
        and single
        and "conclude" in names
        and bool(ALLOWED_OUTCOMES.get(activity.kind)),
        "information": dea and "send_information" in names,
        "holding_response": dea and "send_holding_response" in names,
        "withdraw_consent": staff and _can_withdraw_consent(activity),
        "cancel": staff and "cancel" in names,
        "observe": _may_observe(user, activity),
    }


def _labels(activity: Activity) -> dict[str, str]:
    """Button text from the transitions' own labels, where a step is one transition."""
    labels = {t.name: t.custom.get("label", t.name) for t in activity.get_all_state_transitions()}
    return {
        "consent": "Record the claimant's answer",
        "book": "Change the booking" if activity.state == ActivityState.BOOKED else labels["book"],
        "hold": labels["hold"],
        "not_attended": labels["not_attended"],
        "outcome": labels["conclude"],
        "information": labels["send_information"],
        "holding_response": labels["send_holding_response"],
        "withdraw_consent": "Record that consent was withdrawn",
        "cancel": labels["cancel"],
        "observe": "Add me as an observer",
    }


_BUTTON_STEPS = ("hold", "not_attended", "observe")
_WARNING_STEPS = ("cancel", "withdraw_consent")


def available_steps(user, activity: Activity) -> list[dict]:
    """The buttons the activity page shows the viewer, most likely first."""
    rules = step_rules(user, activity)
    labels = _labels(activity)
    steps = []
    for name, allowed in rules.items():
        if not allowed:
            continue
        steps.append(
            {
                "name": name,
                "label": labels[name],
                "url": reverse(f"conferences:{name}", args=[activity.pk]),
                "post": name in _BUTTON_STEPS,
                "style": "warning"
                if name in _WARNING_STEPS
                else ("primary" if not steps else "secondary"),
            }
        )
    return steps


def _letter_ready(activity: Activity, show_claimant: bool) -> bool:
    return (
        show_claimant and activity.kind in LETTER_KINDS and activity.state == ActivityState.BOOKED
    )


def _render_activity(request, activity: Activity, *, errors=()):
    user = request.user
    show_claimant = selectors.shows_claimant(user, activity)
    links = [line for line in activity.links.splitlines() if line.strip()]
    staff = is_staff_participant(user, activity)
    return render(
        request,
        "conferences/activity.html",
        {
            "activity": activity,
            "state_tag": STATE_TAGS.get(activity.state, ""),
            "show_claimant": show_claimant,
            "timeline_open": show_claimant
            and selectors.claimant_record_visible(user, activity.claimant_id),
            "consent": getattr(activity, "consent", None),
            "needs_consent": activity.kind in NEEDS_CONSENT,
            "outcomes": list(activity.outcomes.all()),
            "events": [
                {"event": e, "title": selectors.event_title(e.action)}
                for e in activity.events.all()
            ],
            "participants": list(activity.participants.all()),
            "back": _back_link(user),
            "steps": available_steps(user, activity),
            "letter_ready": _letter_ready(activity, show_claimant),
            "calendar_ready": activity.state == ActivityState.BOOKED,
            "links": links,
            "sections": activity_sections(user, activity),
            "information_overdue": activity.state == ActivityState.HOLDING_RESPONSE
            and activity.expected_return is not None
            and activity.expected_return < timezone.localdate(),
            "csi_cap_warning": selectors.csi_cap_warning(activity) if staff else "",
            "errors": [{"text": e, "href": ""} for e in errors],
            "has_errors": bool(errors),
        },
    )


def _back_link(user) -> dict | None:
    """Back to the user's own list of work, for those who have one; others use the browser's."""
    if has_work_list(user):
        return {"href": reverse("conferences:work"), "text": "Back to your work"}
    if is_partner(user):
        return {"href": reverse("conferences:actions"), "text": "Back to your actions"}
    return None


@login_required
def activity(request, activity_id: int):
    """One activity, as far as the viewer may see it (404 unless it is visible to them)."""
    found = activity_or_404(request.user, activity_id)
    if found.kind == ActivityKind.GROUP_CONFERENCE:
        # A group conference has its own page: agenda, attendance and outcomes per case.
        return redirect("conferences:group", found.pk)
    log_claimant_read(request, found)
    return _render_activity(request, found)


@login_required
def work(request):
    """The open activities a DEA or work coach takes part in, soonest first."""
    user = request.user
    if not has_work_list(user):
        raise PermissionDenied("Only DEAs and work coaches have a list of work.")
    form = WorkFilterForm(request.GET or None)
    filters = form.filters()
    page = Paginator(selectors.open_work_for(user=user, **filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    rows = [{"activity": a, "tag": STATE_TAGS.get(a.state, "")} for a in page.object_list]
    return render(
        request,
        "conferences/work.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "filtered": bool(filters),
        },
    )


# Steps taken with one button on the activity page


def _button_step(request, activity_id: int, call, success: str):
    found = activity_or_404(request.user, activity_id)
    form = ConfirmForm({})
    form.is_valid()
    _, done = run_service(form, found.pk, lambda: call(found))
    if done:
        messages.success(request, success)
        return redirect("conferences:activity", found.pk)
    # Show the refusal on the activity page as it now is.
    errors = [e for field_errors in form.errors.values() for e in field_errors]
    return _render_activity(request, activity_or_404(request.user, activity_id), errors=errors)


@require_POST
@login_required
def hold(request, activity_id: int):
    return _button_step(
        request,
        activity_id,
        lambda a: services.activity_hold(activity_id=a.pk, actor=request.user),
        "Marked as held. Record the outcome when you are ready",
    )


@require_POST
@login_required
def not_attended(request, activity_id: int):
    return _button_step(
        request,
        activity_id,
        lambda a: services.activity_not_attended(activity_id=a.pk, actor=request.user),
        "Marked as not attended",
    )


@require_POST
@login_required
def observe(request, activity_id: int):
    return _button_step(
        request,
        activity_id,
        lambda a: services.activity_add_observer(
            activity_id=a.pk, actor=request.user, observer=request.user
        ),
        "You were added as an observer",
    )
