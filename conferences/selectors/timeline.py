"""Reads for a claimant's timeline: everything that happened about them with a DEA."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from claimants.models import Claimant, SixPointPlanRecord
from conferences.models import Action, ActionState, Activity, ActivityEvent, Outcome, OutcomeKind
from conferences.selectors.activities import EVENT_TITLES, event_title
from dea_support.models import SupportRequest, SupportRequestEvent
from dea_support.selectors import REQUEST_EVENT_TITLES, request_event_by


def _when(value: dt.datetime | None) -> str:
    return f"{timezone.localtime(value):%-d %B %Y, %H:%M}" if value else ""


def claimant_timeline(claimant: Claimant) -> list[dict]:
    """Everything that happened about a claimant with a DEA, oldest first (DESIGN.md s5).

    Each item is ``{"type", "at", "id", "summary", ...}`` with the ids a page needs for its
    links. Types: ``support_request`` and ``support_request_event``, ``activity`` and
    ``activity_event``, ``consent``, ``outcome``, ``action``, and ``six_point_plan`` and
    ``six_point_plan_review`` [37]. Seven queries whatever the timeline's length. The caller
    checks the claimant is visible and logs the read; whoever may see the claimant may see
    their six point plan records (``claimants.permissions.six_point_plan_visibility``).
    """
    items: list[dict] = []
    requests = list(
        SupportRequest.objects.filter(claimant=claimant).select_related("requester", "dea")
    )
    for sr in requests:
        items.append(
            {
                "type": "support_request",
                "at": sr.created_at,
                "id": sr.pk,
                "support_request_id": sr.pk,
                "title": f"{sr.get_kind_display()} request {sr.reference}",
                "summary": f"Asked of {sr.dea.display_name}; "
                f"response needed by {sr.required_by:%-d %B %Y}.",
                "by": sr.requester.display_name,
                "state": sr.state,
            }
        )
    # The request's own item above stands for its "submitted" step.
    request_events = (
        SupportRequestEvent.objects.filter(support_request__claimant=claimant)
        .exclude(action="submitted")
        .select_related("by", "support_request")
    )
    for event in request_events:
        if event.action not in REQUEST_EVENT_TITLES:
            continue
        items.append(
            {
                "type": "support_request_event",
                "at": event.at,
                "id": event.pk,
                "support_request_id": event.support_request_id,
                "title": f"{event.support_request.reference}: "
                f"{REQUEST_EVENT_TITLES[event.action].lower()}",
                "summary": event.message,
                "by": request_event_by(event),
                "action": event.action,
            }
        )

    activities = list(
        Activity.objects.filter(claimant=claimant).select_related(
            "dea", "work_coach", "created_by", "consent__recorded_by"
        )
    )
    for activity in activities:
        booked = (
            f" Booked for {_when(activity.start)}, {activity.get_channel_display().lower()}."
            if activity.start
            else ""
        )
        items.append(
            {
                "type": "activity",
                "at": activity.created_at,
                "id": activity.pk,
                "activity_id": activity.pk,
                "title": f"{activity.get_kind_display()} proposed",
                "summary": f"With {activity.dea.display_name} (DEA)"
                + (f" and {activity.work_coach.display_name}" if activity.work_coach else "")
                + f". Now: {activity.get_state_display().lower()}.{booked}",
                "by": activity.created_by.display_name,
                "kind": activity.kind,
                "state": activity.state,
            }
        )
        consent = getattr(activity, "consent", None)
        if consent is not None:
            answer = "agreed to" if consent.given else "did not agree to"
            withdrawn = (
                f" Withdrawn on {_when(consent.withdrawn_at)}." if consent.withdrawn_at else ""
            )
            items.append(
                {
                    "type": "consent",
                    "at": consent.recorded_at,
                    "id": consent.pk,
                    "activity_id": activity.pk,
                    "title": "Consent given" if consent.given else "Consent refused",
                    "summary": f"The claimant {answer} the "
                    f"{activity.get_kind_display().lower()}.{withdrawn}",
                    "by": consent.recorded_by.display_name,
                    "given": consent.given,
                    "withdrawn_at": consent.withdrawn_at,
                }
            )
    shown = set(EVENT_TITLES) - {"propose", "consent", "conclude"}
    events = ActivityEvent.objects.filter(
        activity__claimant=claimant, action__in=shown
    ).select_related("by", "activity")
    for event in events:
        kind = event.activity.get_kind_display()
        items.append(
            {
                "type": "activity_event",
                "at": event.at,
                "id": event.pk,
                "activity_id": event.activity_id,
                "title": f"{kind}: {event_title(event.action).lower()}",
                "summary": event.message,
                "by": event.by.display_name,
                "action": event.action,
            }
        )

    # A group conference's outcomes are about the cases on its agenda, not the session.
    outcomes = Outcome.objects.filter(
        Q(activity__claimant=claimant) | Q(agenda_case__claimant=claimant)
    ).select_related("activity", "recorded_by")
    for outcome in outcomes:
        follow_on = None
        if outcome.follow_on_activity_id:
            follow_on = {"type": "activity", "id": outcome.follow_on_activity_id}
        elif outcome.follow_on_action_id:
            follow_on = {"type": "action", "id": outcome.follow_on_action_id}
        elif outcome.follow_on_agenda_case_id:
            follow_on = {"type": "agenda_item", "id": outcome.follow_on_agenda_case_id}
        items.append(
            {
                "type": "outcome",
                "at": outcome.recorded_at,
                "id": outcome.pk,
                "activity_id": outcome.activity_id,
                "title": f"Outcome: {OutcomeKind(outcome.kind).label.lower()}",
                "summary": f"From the {outcome.activity.get_kind_display().lower()}.",
                "by": outcome.recorded_by.display_name,
                "kind": outcome.kind,
                "follow_on": follow_on,
            }
        )

    actions = Action.objects.filter(claimant=claimant).select_related("assignee")
    for action in actions:
        done = (
            f"Done on {_when(action.completed_at)}."
            if action.state == ActionState.DONE
            else f"Due by {action.due:%-d %B %Y}."
        )
        items.append(
            {
                "type": "action",
                "at": action.created_at,
                "id": action.pk,
                "activity_id": action.origin_activity_id,
                "title": action.get_kind_display(),
                "summary": f"For {action.assignee.display_name}. {done}",
                "by": "",
                "kind": action.kind,
                "state": action.state,
                "due": action.due,
            }
        )
    # Facts stay on the record's own page; the timeline says that it happened and links to it.
    records = SixPointPlanRecord.objects.filter(claimant=claimant).select_related(
        "recorded_by", "reviewed_by"
    )
    for record in records:
        contacted = "were" if record.emergency_services_contacted else "were not"
        items.append(
            {
                "type": "six_point_plan",
                "at": record.recorded_at,
                "id": record.pk,
                "six_point_plan_id": record.pk,
                "title": "Six point plan recorded",
                "summary": f"A declaration on {record.declared_on:%-d %B %Y}; emergency "
                f"services {contacted} contacted.",
                "by": record.recorded_by.display_name,
            }
        )
        if record.reviewed_at:
            items.append(
                {
                    "type": "six_point_plan_review",
                    "at": record.reviewed_at,
                    "id": record.pk,
                    "six_point_plan_id": record.pk,
                    "title": "Six point plan reviewed",
                    "summary": f"Reviewed on {record.review_on:%-d %B %Y}.",
                    "by": record.reviewed_by.display_name,
                }
            )
    order = {
        "support_request": 0,
        "support_request_event": 1,
        "activity": 2,
        "consent": 3,
        "activity_event": 4,
        "outcome": 5,
        "action": 6,
        "six_point_plan": 7,
        "six_point_plan_review": 8,
    }
    items.sort(key=lambda item: (item["at"], order[item["type"]], item["id"]))
    return items
