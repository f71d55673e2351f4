"""Calendar feeds: the secret address of a staff member's bookings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class CalendarFeedToken(models.Model):
    """The secret in the address of a staff member's calendar feed.

    Calendar applications cannot sign in, so the address itself is the key: whoever has it
    reads the owner's bookings. Resetting it replaces the token, and the old address stops
    working at once.
    """

    staff = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed_token"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Calendar feed of {self.staff}"
