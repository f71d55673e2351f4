"""Who may see and do QAS checks (DESIGN.md sections 6 and 10).

Only the DEA's line-managing team leader checks their work [2][69]. A DEA sees the checks on
their own work; a team leader the checks of the DEAs they manage and those they did;
administrators all. Anyone else is told such checks do not exist (404), never that they are
hidden.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from jomcase.models import LineManagement, Role
from jomcase.permissions import is_administrator, is_signed_in_staff


def managed_staff_ids(user) -> QuerySet:
    """The ids of the people ``user`` line-manages today, as a subquery."""
    return LineManagement.objects.current_on().filter(manager=user).values("staff_id")


def can_check(user, dea_id: int | None) -> bool:
    """``user`` is a team leader who line-manages this DEA today."""
    return bool(
        dea_id
        and is_signed_in_staff(user)
        and user.has_role(Role.WCTL)
        and LineManagement.objects.current_on().filter(manager=user, staff_id=dea_id).exists()
    )


def check_visibility(user) -> Q:
    """The checks ``user`` may open."""
    if is_administrator(user):
        return Q()
    if not is_signed_in_staff(user):
        return Q(pk__in=[])
    rule = Q(dea=user)
    if user.has_role(Role.WCTL):
        rule |= Q(wctl=user) | Q(dea__in=managed_staff_ids(user))
    return rule


def sees_checks_of(user, dea_id: int) -> bool:
    """Whether the DEA's checks exist as far as ``user`` is concerned: the DEA, their team
    leader, administrators."""
    return is_administrator(user) or (
        is_signed_in_staff(user) and (user.pk == dea_id or can_check(user, dea_id))
    )


def can_acknowledge(user, qas_check) -> bool:
    """The DEA whose work was checked acknowledges the feedback."""
    return is_signed_in_staff(user) and qas_check.dea_id == user.pk
