"""DEA cohorts: the work coaches each DEA supports, at most 30 at any date (DESIGN.md section 2)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from jomcase.models import Dated


class Cohort(models.Model):
    dea = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cohort"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["dea__last_name", "dea__first_name"]

    def __str__(self) -> str:
        return f"{self.dea}'s cohort"


class CohortMembership(Dated):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="memberships")
    work_coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cohort_memberships"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cohort", "start", "id"]
        indexes = [
            models.Index(fields=["cohort", "start"]),
            models.Index(fields=["work_coach", "start"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="cohort_membership_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.work_coach} in {self.cohort} from {self.start}"
