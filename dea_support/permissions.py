"""Who may see and change cohorts (DESIGN.md section 10)."""

from __future__ import annotations

from django.db.models import Q

from jomcase.models import LineManagement, Role
from jomcase.permissions import is_administrator, is_signed_in_staff


def cohort_visibility(user) -> Q:
    """A DEA sees their own cohort; a WCTL the cohorts of the DEAs they manage; admins all."""
    if is_administrator(user):
        return Q()
    if not is_signed_in_staff(user):
        return Q(pk__in=[])
    rule = Q(pk__in=[])
    if user.has_role(Role.DEA):
        rule |= Q(dea=user)
    if user.has_role(Role.WCTL):
        managed = LineManagement.objects.current_on().filter(manager=user)
        rule |= Q(dea__in=managed.values("staff_id"))
    return rule


def can_manage_cohort(user, cohort) -> bool:
    """The cohort's own DEA or an administrator adds and removes members (API.md)."""
    return is_administrator(user) or (
        is_signed_in_staff(user) and user.has_role(Role.DEA) and cohort.dea_id == user.pk
    )
