"""Reads of claimants for pages and the API, already scoped to the viewer."""

from __future__ import annotations

from django.db.models import QuerySet

from claimants.models import Claimant
from jomcase.models import Staff

SORTS = {
    "name": ("surname", "forenames", "id"),
    "-name": ("-surname", "-forenames", "-id"),
    "nino": ("nino",),
    "-nino": ("-nino",),
    "added": ("created_at", "id"),
    "-added": ("-created_at", "-id"),
}


def claimants_visible_to(user: Staff) -> QuerySet[Claimant]:
    return Claimant.objects.visible_to(user).select_related("work_coach")


def caseload(
    *,
    user: Staff,
    search: str = "",
    benefit: str = "",
    regime: str = "",
    work_coach: int | None = None,
    sort: str = "name",
) -> QuerySet[Claimant]:
    """The claimants a user may see, filtered and sorted as the caseload page asks."""
    qs = claimants_visible_to(user).search(search)
    if benefit:
        qs = qs.filter(benefits__contains=[benefit])
    if regime:
        qs = qs.filter(regime=regime)
    if work_coach:
        qs = qs.filter(work_coach_id=work_coach)
    return qs.order_by(*SORTS.get(sort, SORTS["name"]))


def claimant_for(*, user: Staff, claimant_id: int) -> Claimant:
    """One claimant the user may see, or Claimant.DoesNotExist (shown as 404)."""
    return claimants_visible_to(user).get(pk=claimant_id)


def claimant_history(*, claimant: Claimant):
    """Changes to the record and moves between caseloads, newest first."""
    changes = claimant.history.select_related("history_user").order_by("-history_date")
    transfers = claimant.transfers.select_related("from_work_coach", "to_work_coach", "by")
    return changes, transfers.order_by("-at")
