"""Reads for the core app's pages."""

from __future__ import annotations

import datetime as dt
import functools

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from jomcase.home import panels_for
from jomcase.models import Notification, Role, RoleAssignment, Staff


def home_summary(user: Staff) -> dict:
    """What the home page shows: the user's roles and each app's panel for them."""
    return {
        "roles": [Role(r).label for r in sorted(user.roles)],
        "panels": panels_for(user),
    }


def staff_for_requests(day: dt.date | None = None) -> QuerySet[Staff]:
    """Staff as each signed-in request loads them: with their jobcentre, ``current_roles``
    (the roles held on ``day``, today by default) and ``unread_notifications`` (how many of
    theirs are unread).

    Every page asks about roles and notifications, and many about the jobcentre, so
    answering them in the query that loads the user saves those queries on every page.
    """
    # Building this queryset costs more than running it, and it only changes with the date,
    # so each process builds it once a day and every request works on a copy.
    return _staff_for_requests_on(day or timezone.localdate()).all()


@functools.lru_cache(maxsize=4)
def _staff_for_requests_on(day: dt.date) -> QuerySet[Staff]:
    roles = RoleAssignment.objects.current_on(day).filter(staff=OuterRef("pk")).values("role")
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


def notification_of(user: Staff, notification_id: int) -> Notification:
    """One of the user's own notifications; anyone else's does not exist for them."""
    return Notification.objects.get(recipient=user, pk=notification_id)


def notifications_for(user: Staff) -> QuerySet[Notification]:
    """The user's notifications, newest first; unread and read alike."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")
