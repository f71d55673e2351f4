"""Reads of claimants for pages and the API, already scoped to the viewer."""

from __future__ import annotations

from django.db.models import QuerySet

from claimants.models import Claimant, SixPointPlanRecord
from claimants.permissions import six_point_plan_visibility
from jomcase.models import Staff

SORTS = {
    "name": ("surname", "forenames", "id"),
    "-name": ("-surname", "-forenames", "-id"),
    "nino": ("nino",),
    "-nino": ("-nino",),
    "added": ("created_at", "id"),
    "-added": ("-created_at", "-id"),
}


# What a row of the caseload table shows; the work coach's name only for a team leader.
CASELOAD_ROW_FIELDS = (
    "id",
    "nino",
    "surname",
    "forenames",
    "benefits",
    "non_benefit",
    "regime",
    "created_at",
)
CASELOAD_COACH_FIELDS = ("work_coach__username", "work_coach__first_name", "work_coach__last_name")


def claimants_visible_to(user: Staff) -> QuerySet[Claimant]:
    """Every claimant the user may see; add the joins a page needs to this."""
    return Claimant.objects.visible_to(user)


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
    qs = claimants_visible_to(user).select_related("work_coach").search(search)
    if benefit:
        qs = qs.filter(benefits__contains=[benefit])
    if regime:
        qs = qs.filter(regime=regime)
    if work_coach:
        qs = qs.filter(work_coach_id=work_coach)
    return qs.order_by(*SORTS.get(sort, SORTS["name"]))


def caseload_rows(*, user: Staff, with_work_coach: bool = False, **filters) -> QuerySet[dict]:
    """The caseload as plain rows of what its table shows, one query a page.

    Rows rather than model instances: a page of the table needs no more than these values,
    and building 25 claimants (and their coaches) would cost more than reading them.
    """
    fields = CASELOAD_ROW_FIELDS + (CASELOAD_COACH_FIELDS if with_work_coach else ())
    return caseload(user=user, **filters).values(*fields)


def claimant_for(*, user: Staff, claimant_id: int) -> Claimant:
    """One claimant the user may see, or Claimant.DoesNotExist (shown as 404)."""
    return claimants_visible_to(user).select_related("work_coach").get(pk=claimant_id)


def claimant_history(*, claimant: Claimant):
    """Changes to the record and moves between caseloads, newest first."""
    changes = claimant.history.select_related("history_user").order_by("-history_date")
    transfers = claimant.transfers.select_related("from_work_coach", "to_work_coach", "by")
    return changes, transfers.order_by("-at")


def six_point_plans_of(*, claimant: Claimant) -> QuerySet[SixPointPlanRecord]:
    """A claimant's six point plan records, newest first; the caller has checked the viewer
    may see them (``permissions.can_see_six_point_plans``)."""
    return (
        SixPointPlanRecord.objects.filter(claimant=claimant)
        .select_related("recorded_by", "reviewed_by")
        .order_by("-recorded_at", "-id")
    )


def six_point_plan_for(*, user: Staff, record_id: int) -> SixPointPlanRecord:
    """One record whose claimant's records the user may see, or SixPointPlanRecord.DoesNotExist
    (shown as 404)."""
    visible = Claimant.objects.filter(six_point_plan_visibility(user))
    return SixPointPlanRecord.objects.select_related(
        "claimant__work_coach", "recorded_by", "reviewed_by"
    ).get(pk=record_id, claimant__in=visible)


def six_point_plan_history(*, record: SixPointPlanRecord):
    """Every version of the record with who made it, newest first."""
    return record.history.select_related("history_user").order_by("-history_date", "-history_id")
