"""Reads of claimant support interventions: the cap's figures, approvals and warnings."""

from __future__ import annotations

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from claimants.models import Claimant
from conferences.models import (
    CSI_CAP,
    CSI_COUNTED_STATES,
    Activity,
    ActivityKind,
    ActivityState,
    CsiApproval,
)
from conferences.services.activities import csi_cap_refusal
from dea_support.models import CohortMembership
from jomcase.models import LineManagement, Staff


def _claimants_of_managed_deas(user: Staff) -> QuerySet[Claimant]:
    """Claimants whose work coach is in the cohort of a DEA the user line-manages today.

    That DEA is the one the cap's approval comes from [36], as the approval service checks.
    """
    deas = LineManagement.objects.current_on().filter(manager=user).values("staff_id")
    coaches = CohortMembership.objects.current_on().filter(cohort__dea__in=deas)
    return Claimant.objects.filter(work_coach__in=coaches.values("work_coach_id"))


def _with_csi_figures(qs: QuerySet[Claimant]) -> QuerySet[Claimant]:
    """Annotate ``csis`` (counted towards the cap), ``approvals`` and ``allowed``."""
    counted = (
        Activity.objects.filter(
            claimant=OuterRef("pk"),
            kind=ActivityKind.CLAIMANT_SUPPORT_INTERVENTION,
            state__in=CSI_COUNTED_STATES,
        )
        .order_by()
        .values("claimant")
        .annotate(n=Count("pk"))
        .values("n")
    )
    approved = (
        CsiApproval.objects.filter(claimant=OuterRef("pk"))
        .order_by()
        .values("claimant")
        .annotate(n=Count("pk"))
        .values("n")
    )
    today = timezone.localdate()
    dea = (
        CohortMembership.objects.filter(work_coach=OuterRef("work_coach_id"))
        .filter(Q(end__isnull=True) | Q(end__gte=today), start__lte=today)
        .order_by("start")
        .values("cohort__dea_id")[:1]
    )
    return qs.annotate(
        csis=Coalesce(Subquery(counted, output_field=IntegerField()), 0),
        approvals=Coalesce(Subquery(approved, output_field=IntegerField()), 0),
        dea_id=Subquery(dea, output_field=IntegerField()),
    ).annotate(allowed=F("approvals") + CSI_CAP)


def csi_cap_warning(activity: Activity) -> str:
    """For a CSI not booked yet whose claimant has had every one allowed, what the booking
    service would say, so the DEA learns it before filling in a booking; otherwise empty."""
    waiting = (ActivityState.AWAITING_CONSENT, ActivityState.PROPOSED)
    if (
        activity.kind != ActivityKind.CLAIMANT_SUPPORT_INTERVENTION
        or activity.state not in waiting
        or not activity.claimant_id
    ):
        return ""
    return csi_cap_refusal(activity)


def csi_claimants_at_cap_for(user: Staff) -> QuerySet[Claimant]:
    """The user's DEAs' claimants who have had every CSI they are allowed (DESIGN.md s5)."""
    return (
        _with_csi_figures(_claimants_of_managed_deas(user))
        .filter(csis__gte=F("allowed"))
        .select_related("work_coach")
        .order_by("surname", "forenames", "id")
    )


def csi_claimant_for_approval(*, user: Staff, claimant_id: int) -> Claimant:
    """One of the user's DEAs' claimants with their CSI figures; DoesNotExist otherwise."""
    return (
        _with_csi_figures(_claimants_of_managed_deas(user))
        .select_related("work_coach")
        .get(pk=claimant_id)
    )


def csi_approvals_for(user: Staff) -> QuerySet[CsiApproval]:
    """Approvals the user gave, and those for their DEAs' claimants, newest first."""
    claimants = _claimants_of_managed_deas(user).values("pk")
    return (
        CsiApproval.objects.filter(Q(approved_by=user) | Q(claimant__in=claimants))
        .select_related("claimant", "approved_by")
        .order_by("-approved_at", "-id")
    )


def managed_deas(user: Staff) -> dict[int, Staff]:
    managed = LineManagement.objects.current_on().filter(manager=user).values("staff_id")
    return {s.pk: s for s in Staff.objects.filter(pk__in=managed)}


def claimant_by_nino_and_surname(nino: str, surname: str) -> Claimant | None:
    """The claimant with this National Insurance number, if the surname matches too.

    Both must match, as in a support request [10], so a mistyped number finds nobody rather
    than someone else.
    """
    return Claimant.objects.filter(nino=nino, surname__iexact=surname.strip()).first()
