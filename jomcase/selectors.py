"""Reads for the core app's pages."""

from __future__ import annotations

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from jomcase.home import panels_for
from jomcase.models import Notification, Role, RoleAssignment, Staff


def home_summary(user: Staff) -> dict:
    """What the home page shows: the user's roles and each app's panel for them."""
    return {
        "roles": [Role(r).label for r in sorted(user.roles)],
        "panels": panels_for(user),
    }


def staff_for_requests() -> QuerySet[Staff]:
    """Staff as each signed-in request loads them: with their jobcentre, ``current_roles``
    (the roles held today) and ``unread_notifications`` (how many of theirs are unread).

    Every page asks about roles and notifications, and many about the jobcentre, so
    answering them in the query that loads the user saves those queries on every page.
    """
    roles = RoleAssignment.objects.current_on().filter(staff=OuterRef("pk")).values("role")
    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(n=Count("pk"))
        .values("n")
    )
    # The jobcentre comes too: its nation decides which bank holidays the dates skip.
    return Staff.objects.select_related("jobcentre").annotate(
        current_roles=ArraySubquery(roles.order_by()),
        unread_notifications=Coalesce(Subquery(unread, output_field=IntegerField()), 0),
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
