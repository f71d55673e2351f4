"""Diaries: blocks of a staff member's time, booked or unavailable."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from conferences.models.activities import Activity


class DiaryEntry(models.Model):
    """A block of a staff member's time: a booked activity or time they are unavailable."""

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="diary_entries"
    )
    start = models.DateTimeField()
    end = models.DateTimeField()
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, null=True, blank=True, related_name="diary_entries"
    )
    title = models.CharField(max_length=200, blank=True, help_text="For unavailability.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["staff", "start"]
        indexes = [models.Index(fields=["staff", "start", "end"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="diary_end_after_start"
            ),
            models.UniqueConstraint(
                fields=["staff", "activity"], name="one_diary_entry_per_activity"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff}: {self.start:%Y-%m-%d %H:%M}-{self.end:%H:%M}"
