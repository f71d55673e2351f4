"""Who may see and change a claimant's record (DESIGN.md section 10).

A work coach sees the claimants they hold; a work coach team leader sees those held by the
coaches in the teams they lead; a DEA sees claimants referred to them (support requests add
that path, through ``claimants.extensions``). Analysts and administrators see no claimant in
the service's pages. Six point plan records [37] are seen by a few more: the DEA's line
manager and administrators, who may review them; still never analysts.
"""

from __future__ import annotations

from django.db.models import Q

from claimants.extensions import visibility_rules
from jomcase.models import Role, TeamMembership
from jomcase.permissions import is_administrator, is_signed_in_staff

NOTHING = Q(pk__in=[])


def claimant_visibility(user) -> Q:
    """A filter for the claimants ``user`` may see; the single source of the rule."""
    if not is_signed_in_staff(user):
        return NOTHING
    rule = NOTHING
    if user.has_role(Role.WORK_COACH):
        rule |= Q(work_coach=user)
    if user.has_role(Role.WCTL):
        team_coaches = TeamMembership.objects.current_on().filter(team__leader=user)
        rule |= Q(work_coach__in=team_coaches.values("staff_id"))
    # The apps above add their paths, e.g. a DEA's referred claimants (DESIGN.md section 10).
    for extra in visibility_rules():
        rule |= extra(user)
    return rule


def can_view_claimant(user, claimant) -> bool:
    if not is_signed_in_staff(user):
        return False
    if user.has_role(Role.WORK_COACH) and claimant.work_coach_id == user.pk:
        return True
    return type(claimant).objects.filter(claimant_visibility(user), pk=claimant.pk).exists()


def can_edit_claimant(user, claimant) -> bool:
    """The holding work coach, or the team leader of the holding coach's team."""
    if not is_signed_in_staff(user):
        return False
    if user.has_role(Role.WORK_COACH) and claimant.work_coach_id == user.pk:
        return True
    return user.has_role(Role.WCTL) and can_view_claimant(user, claimant)


def has_caseload(user) -> bool:
    """Work coaches hold a caseload, and their team leaders see their teams' (s10)."""
    return user.has_role(Role.WORK_COACH, Role.WCTL)


def can_add_claimant(user) -> bool:
    return is_signed_in_staff(user) and has_caseload(user)


def work_coaches_assignable_by(user):
    """The work coaches ``user`` may put a claimant with, or move one to: themselves and the
    coaches of the team they work in, or the coaches of the teams they lead."""
    from jomcase.models import Staff

    coaches = Staff.objects.filter(
        role_assignments__in=_current_roles(Role.WORK_COACH), is_active=True
    )
    rule = NOTHING
    if user.has_role(Role.WORK_COACH):
        own_teams = TeamMembership.objects.current_on().filter(staff=user).values("team_id")
        teammates = TeamMembership.objects.current_on().filter(team_id__in=own_teams)
        rule |= Q(pk=user.pk) | Q(pk__in=teammates.values("staff_id"))
    if user.has_role(Role.WCTL):
        team = TeamMembership.objects.current_on().filter(team__leader=user)
        rule |= Q(pk__in=team.values("staff_id"))
    return coaches.filter(rule).distinct()


def _current_roles(role):
    from jomcase.models import RoleAssignment

    return RoleAssignment.objects.current_on().filter(role=role)


def _referred_to(user) -> Q:
    """Claimants ``user`` sees through the paths the apps above register (a DEA's referred
    claimants, ``claimants.extensions``), not through a caseload."""
    rule = NOTHING
    for extra in visibility_rules():
        rule |= extra(user)
    return rule


def six_point_plan_visibility(user) -> Q:
    """A filter on claimants whose six point plan records ``user`` may see [37]: the holding
    work coach, the DEA the claimant is referred to, their team leaders (the coach's and the
    DEA's line manager) and administrators. Never analysts (DESIGN.md section 10).

    The one rule for the claimant's page, the record's page and the API.
    """
    if is_administrator(user):
        return Q()
    if not is_signed_in_staff(user):
        return NOTHING
    rule = claimant_visibility(user)
    if user.has_role(Role.WCTL):
        from jomcase.models import LineManagement, Staff

        managed = LineManagement.objects.current_on().filter(manager=user).values("staff_id")
        for dea in Staff.objects.filter(
            pk__in=managed, role_assignments__in=_current_roles(Role.DEA)
        ):
            rule |= _referred_to(dea)
    return rule


def can_see_six_point_plans(user, claimant) -> bool:
    if not is_signed_in_staff(user):
        return False
    if user.has_role(Role.WORK_COACH) and claimant.work_coach_id == user.pk:
        return True
    return type(claimant).objects.filter(six_point_plan_visibility(user), pk=claimant.pk).exists()


def can_record_six_point_plan(user, claimant) -> bool:
    """The claimant's holding work coach, or the DEA the claimant is referred to [37]."""
    if not is_signed_in_staff(user):
        return False
    if user.has_role(Role.WORK_COACH) and claimant.work_coach_id == user.pk:
        return True
    if not user.has_role(Role.DEA):
        return False
    return type(claimant).objects.filter(_referred_to(user), pk=claimant.pk).exists()


def six_point_plan_reviewers(claimant):
    """The team leaders who review a record about ``claimant``: those leading a team that the
    holding work coach is in today."""
    from jomcase.models import Staff

    if claimant.work_coach_id is None:
        return Staff.objects.none()
    teams = TeamMembership.objects.current_on().filter(staff_id=claimant.work_coach_id)
    return Staff.objects.filter(pk__in=teams.values("team__leader_id"), is_active=True).order_by(
        "pk"
    )


def can_review_six_point_plan(user, record) -> bool:
    """The holding coach's team leader, or an administrator."""
    if is_administrator(user):
        return True
    if not (is_signed_in_staff(user) and user.has_role(Role.WCTL)):
        return False
    return six_point_plan_reviewers(record.claimant).filter(pk=user.pk).exists()
