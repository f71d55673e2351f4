"""What the conferences pages share: finding an activity, logging reads, running a service."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from conferences import selectors
from conferences.models import Activity, ActivityState
from jomcase.errors import RuleViolation
from jomcase.services import access_log_record

PAGE_SIZE = 25

#: The GOV.UK tag colour of each state.
STATE_TAGS = {
    ActivityState.PROPOSED: "",
    ActivityState.HOLDING_RESPONSE: "govuk-tag--yellow",
    ActivityState.AWAITING_CONSENT: "govuk-tag--orange",
    ActivityState.BOOKED: "govuk-tag--turquoise",
    ActivityState.HELD: "govuk-tag--purple",
    ActivityState.CONCLUDED: "govuk-tag--green",
    ActivityState.CANCELLED: "govuk-tag--grey",
    ActivityState.NOT_ATTENDED: "govuk-tag--red",
    ActivityState.CONSENT_REFUSED: "govuk-tag--grey",
}


def when(value) -> str:
    """A moment as pages write it: 3 March 2027 at 10:00, UK time."""
    return f"{timezone.localtime(value):%-d %B %Y at %H:%M}"


def activity_or_404(user, activity_id: int) -> Activity:
    try:
        return selectors.activity_for(user=user, activity_id=activity_id)
    except Activity.DoesNotExist:
        raise Http404("No activity found") from None


def log_claimant_read(request, activity: Activity) -> None:
    """A page that shows an activity about a claimant is a read of their record (s10)."""
    if activity.claimant_id:
        access_log_record(staff=request.user, record=activity.claimant, via=request.path)


def stale_message(activity_id: int) -> str:
    """Why a step could not be taken now: its booked time, or the activity moved on."""
    by_time = selectors.step_refused_by_time(activity_id)
    if by_time:
        return f"{by_time} Nothing was changed."
    state = Activity.objects.values_list("state", flat=True).get(pk=activity_id)
    label = ActivityState(state).label.lower()
    return (
        f"This activity has already moved on: it is now {label}, so nothing was changed. "
        "Check the activity before you try again."
    )


def run_service(form, activity_id: int | None, call: Callable, *, stale: str = ""):
    """Call one service; on a refusal put its message on the form.

    Returns ``(result, True)`` on success, or ``(None, False)`` with the refusal on the form:
    input to correct, a rule that forbids the step (the API's 409s), or a step someone else
    took first (``stale`` says so when there is no activity to describe). The page is shown
    again with GOV.UK's error summary, with status 200 as for any form with errors. The
    service raises before it writes, so a refusal changes nothing.
    """
    try:
        return call(), True
    except (TransitionNotAllowed, ConcurrentTransition):
        form.add_error(None, stale_message(activity_id) if activity_id else stale)
    except (RuleViolation, ValidationError) as error:
        form.add_service_errors(error)
    return None, False
