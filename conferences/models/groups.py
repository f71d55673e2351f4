"""Cases waiting for a cohort's group conference, and on a session's agenda."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from conferences.models.activities import Activity


class AgendaCase(models.Model):
    """A case waiting for the cohort's next group conference (the group_conference_case channel).

    It stays on the cohort's pending list until a group conference takes it on its agenda.
    """

    cohort = models.ForeignKey(
        "dea_support.Cohort", on_delete=models.PROTECT, related_name="agenda_cases"
    )
    support_request = models.ForeignKey(
        "dea_support.SupportRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_cases",
    )
    claimant = models.ForeignKey(
        "claimants.Claimant",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_cases",
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    nominated_at = models.DateTimeField(default=timezone.now)
    group_conference = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda",
        help_text="The group conference whose agenda holds the case; empty while pending.",
    )
    note = models.TextField(blank=True)
    closed_at = models.DateTimeField(
        null=True, blank=True, help_text="When a group conference discussed it, or it was dropped."
    )

    class Meta:
        ordering = ["nominated_at", "id"]

    def __str__(self) -> str:
        return f"Case for {self.cohort}'s group conference (#{self.pk})"
