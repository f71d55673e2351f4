"""Reads for the core app's pages."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from jomcase.home import panels_for
from jomcase.models import Notification, Role, Staff


def home_summary(user: Staff) -> dict:
    """What the home page shows: the user's roles and each app's panel for them."""
    return {
        "roles": [Role(r).label for r in sorted(user.roles)],
        "panels": panels_for(user),
    }


def staff_with_unread_count() -> QuerySet[Staff]:
    """Staff, each with ``unread_notifications``: how many of theirs are still unread."""
    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Staff.objects.annotate(
        unread_notifications=Coalesce(Subquery(unread, output_field=IntegerField()), 0)
    )


def unread_notification_count(user: Staff) -> int:
    """The number the service navigation shows; free when the user was loaded with it."""
    counted = getattr(user, "unread_notifications", None)
    if counted is not None:
        return counted
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_for(user: Staff) -> QuerySet[Notification]:
    """The user's notifications, newest first; unread and read alike."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")
