"""Reads of partners' actions: the lists and counts of the actions given to a person."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from conferences.models import Action, ActionState
from jomcase.models import Staff


def actions_for(*, user: Staff, state: str = ActionState.OPEN) -> QuerySet[Action]:
    """Actions given to the user; open ones by due date, done ones latest first."""
    qs = Action.objects.filter(assignee=user, state=state).select_related(
        "claimant", "origin_activity"
    )
    if state == ActionState.DONE:
        return qs.order_by("-completed_at", "-id")
    return qs.order_by("due", "id")


def action_counts_for(user: Staff) -> dict[str, int]:
    today = timezone.localdate()
    return Action.objects.filter(assignee=user, state=ActionState.OPEN).aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(due__lt=today))
    )


def action_of(*, user: Staff, action_id: int) -> Action:
    """One action given to the user; DoesNotExist otherwise."""
    return Action.objects.select_related("claimant", "origin_activity").get(
        pk=action_id, assignee=user
    )
