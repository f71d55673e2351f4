"""Who may see and change cohorts (DESIGN.md section 10)."""

from __future__ import annotations

from django.db.models import Q

from jomcase.models import LineManagement, Role, TeamMembership
from jomcase.permissions import is_administrator, is_signed_in_staff


def dea_oversight(user) -> Q:
    """Rows whose ``dea`` is the user (as a DEA) or a DEA the user line-manages (as a WCTL)."""
    rule = Q(pk__in=[])
    if user.has_role(Role.DEA):
        rule |= Q(dea=user)
    if user.has_role(Role.WCTL):
        managed = LineManagement.objects.current_on().filter(manager=user)
        rule |= Q(dea__in=managed.values("staff_id"))
    return rule


def cohort_visibility(user) -> Q:
    """A DEA sees their own cohort; a WCTL the cohorts of the DEAs they manage; admins all."""
    if is_administrator(user):
        return Q()
    if not is_signed_in_staff(user):
        return Q(pk__in=[])
    return dea_oversight(user)


def can_manage_cohort(user, cohort) -> bool:
    """The cohort's own DEA or an administrator adds and removes members (API.md)."""
    return is_administrator(user) or (
        is_signed_in_staff(user) and user.has_role(Role.DEA) and cohort.dea_id == user.pk
    )


def support_request_visibility(user) -> Q:
    """Who may open a support request (DESIGN.md section 10).

    The requester sees their own; a DEA sees requests addressed to them (cover moves the
    request to the covering DEA); a WCTL sees requests made by their team and those
    addressed to the DEAs they line-manage; administrators see all. Analysts see none.
    """
    if is_administrator(user):
        return Q()
    if not is_signed_in_staff(user):
        return Q(pk__in=[])
    rule = Q(requester=user) | dea_oversight(user)
    if user.has_role(Role.WCTL):
        team = TeamMembership.objects.current_on().filter(team__leader=user)
        rule |= Q(requester__in=team.values("staff_id"))
    return rule


def referred_claimant_visibility(user) -> Q:
    """A filter on claimants: a DEA sees the claimants referred to them (DESIGN.md section 10).

    Registered with ``claimants.extensions``, which cannot import this app, so that
    ``claimant_visibility`` adds it for signed-in staff.
    """
    if not user.has_role(Role.DEA):
        return Q(pk__in=[])
    from dea_support.models import SupportRequest

    referred = SupportRequest.objects.filter(dea=user, claimant__isnull=False)
    return Q(pk__in=referred.values("claimant_id"))


def can_file_support_request(user, kind: str) -> bool:
    """Work coaches file claimant and skill support [9][11]; anyone, colleague support [64]."""
    from dea_support.models import RequestKind

    if not is_signed_in_staff(user):
        return False
    if kind == RequestKind.COLLEAGUE_SUPPORT:
        return True
    return user.has_role(Role.WORK_COACH)


def can_triage(user, support_request) -> bool:
    """The DEA the request is addressed to decides on it."""
    return is_signed_in_staff(user) and support_request.dea_id == user.pk


def is_requester(user, support_request) -> bool:
    return is_signed_in_staff(user) and support_request.requester_id == user.pk


def can_cover(user, dea) -> bool:
    """A WCTL may move the open requests of a DEA they line-manage (for leave); admins too."""
    if is_administrator(user):
        return True
    if not (is_signed_in_staff(user) and user.has_role(Role.WCTL)):
        return False
    return LineManagement.objects.current_on().filter(manager=user, staff=dea).exists()
