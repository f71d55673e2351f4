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
    request to the covering DEA) and, read only, the ones they handled: moved away under a
    cover of their leave, or any they took a step on; a WCTL sees requests made by their
    team and those addressed to the DEAs they line-manage; administrators see all.
    Analysts see none. The inbox (``selectors.inbox_scope``) lists only the DEA's own.
    """
    if is_administrator(user):
        return Q()
    if not is_signed_in_staff(user):
        return Q(pk__in=[])
    rule = Q(requester=user) | dea_oversight(user)
    if user.has_role(Role.DEA):
        rule |= handled_by(user)
    if user.has_role(Role.WCTL):
        team = TeamMembership.objects.current_on().filter(team__leader=user)
        rule |= Q(requester__in=team.values("staff_id"))
    return rule


def handled_by(dea) -> Q:
    """Requests a DEA has handled though they are now another's: moved away under a cover of
    their leave, or with a step of theirs on the timeline. Subqueries, so no extra query."""
    from dea_support.models import CoveredRequest, SupportRequestEvent

    covered = CoveredRequest.objects.filter(cover__away_dea=dea).values("support_request_id")
    stepped = SupportRequestEvent.objects.filter(by=dea).values("support_request_id")
    return Q(pk__in=covered) | Q(pk__in=stepped)


def cover_visibility(user) -> Q:
    """A filter on covers: a WCTL sees those of the DEAs they line-manage (away or covering),
    a DEA their own (away or covering), administrators all; anyone else none."""
    if is_administrator(user):
        return Q()
    if not is_signed_in_staff(user):
        return Q(pk__in=[])
    rule = Q(pk__in=[])
    if user.has_role(Role.DEA):
        rule |= Q(away_dea=user) | Q(covering_dea=user)
    if user.has_role(Role.WCTL):
        managed = LineManagement.objects.current_on().filter(manager=user).values("staff_id")
        rule |= Q(away_dea__in=managed) | Q(covering_dea__in=managed)
    return rule


def may_see_covers(user) -> bool:
    """Team leaders, DEAs and administrators have covers to see; other roles none (403)."""
    return is_administrator(user) or (
        is_signed_in_staff(user) and (user.has_role(Role.WCTL) or user.has_role(Role.DEA))
    )


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


#: Who asks a DEA for help about a claimant or for skills: work coaches [9][11].
CASE_REQUESTERS = frozenset({Role.WORK_COACH})
#: Operational jobcentre colleagues, who ask for support in their own role [63][64]: the
#: service delivery and work coach teams and the roles that work with claimants beside
#: them. Not the DEA, who gives this support, nor analysts or administrators, who hold no
#: casework (DESIGN.md section 1).
COLLEAGUE_REQUESTERS = frozenset(
    {
        Role.WORK_COACH,
        Role.WCTL,
        Role.SDTL,
        Role.SERVICE_DELIVERY_COACH,
        Role.WORK_PSYCHOLOGIST,
        Role.EMPLOYER_ADVISER,
        Role.TPP_MANAGER,
        Role.PARTNERSHIP_MANAGER,
    }
)


def can_file_support_request(user, kind: str) -> bool:
    """Whether the user holds a role the guidance names as a requester of this kind.

    Work coaches file claimant and skill support [9][11]; operational colleagues file
    colleague support [64]. A second role does not take that away: an analyst who is also a
    work coach files as the work coach.
    """
    from dea_support.models import RequestKind

    if not is_signed_in_staff(user):
        return False
    allowed = COLLEAGUE_REQUESTERS if kind == RequestKind.COLLEAGUE_SUPPORT else CASE_REQUESTERS
    return bool(user.roles & allowed)


def can_file_any_support_request(user) -> bool:
    """Whether the user may file a request of some kind: the filing pages, links and API."""
    from dea_support.models import RequestKind

    return any(can_file_support_request(user, kind) for kind in RequestKind.values)


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
