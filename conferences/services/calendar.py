"""Writes for calendar feeds: the private address a staff member gives their calendar app.

The token is the only key to the feed, so it is long, random, and replaced (never edited)
when its owner resets it.
"""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from conferences.models import CalendarFeedToken
from jomcase.models import Staff


def _new_token() -> str:
    # 32 random bytes: far beyond guessing, and safe in a URL path.
    return secrets.token_urlsafe(32)


@transaction.atomic
def calendar_feed_token_reset(*, actor: Staff) -> CalendarFeedToken:
    """Give the actor a calendar address, or a new one that replaces the old.

    Anyone who had the old address stops getting the actor's bookings at once.
    """
    feed, created = CalendarFeedToken.objects.select_for_update().get_or_create(
        staff=actor, defaults={"token": _new_token()}
    )
    if not created:
        feed.token = _new_token()
        feed.created_at = timezone.now()
        feed.save(update_fields=["token", "created_at"])
    return feed
