"""Who may see and work on activities (DESIGN.md sections 5 and 10)."""

from __future__ import annotations

from django.db.models import Q

from conferences.models import Participant
from dea_support.models import SupportRequest
from jomcase.models import LineManagement, Role, TeamMembership
from jomcase.permissions import is_administrator, is_signed_in_staff

#: Partners are given actions by the DEA [26-27]; they have a list of actions, not of work.
PARTNER_ROLES = (Role.WORK_PSYCHOLOGIST, Role.EMPLOYER_ADVISER, Role.TPP_MANAGER)


def has_work_list(user) -> bool:
    """DEAs and work coaches take part in activities, so they have a list of their work."""
    return user.has_role(Role.DEA, Role.WORK_COACH)


def is_partner(user) -> bool:
    return user.has_role(*PARTNER_ROLES)


def activity_visibility(user) -> Q:
    """Who may open an activity (DESIGN.md s10).

    Participants see their activities; a DEA also sees the work of the requests sent to
    them, which after cover includes the booked work that stayed with the absent DEA; a
    WCTL sees their team's and their DEAs'; administrators see all.
    """
    if is_administrator(user):
        return Q()
    if not is_signed_in_staff(user):
        return Q(pk__in=[])
    mine = Participant.objects.filter(staff=user).values("activity_id")
    rule = Q(dea=user) | Q(work_coach=user) | Q(pk__in=mine)
    if user.has_role(Role.DEA):
        theirs = SupportRequest.objects.filter(dea=user).values("pk")
        rule |= Q(support_request__in=theirs)
    if user.has_role(Role.WCTL):
        managed = LineManagement.objects.current_on().filter(manager=user).values("staff_id")
        team = TeamMembership.objects.current_on().filter(team__leader=user).values("staff_id")
        rule |= Q(dea__in=managed) | Q(work_coach__in=team)
    return rule


def is_staff_participant(user, activity) -> bool:
    """The activity's work coach or DEA books, holds, cancels and records outcomes (s5)."""
    return is_signed_in_staff(user) and user.pk in (activity.dea_id, activity.work_coach_id)


def is_dea_of(user, activity) -> bool:
    return is_signed_in_staff(user) and activity.dea_id == user.pk


def manages(user, staff_id: int) -> bool:
    """``user`` is the current line manager of the staff member (e.g. a DEA's WCTL)."""
    return (
        is_signed_in_staff(user)
        and LineManagement.objects.current_on().filter(manager=user, staff_id=staff_id).exists()
    )


def leads_dea(user, dea_id: int) -> bool:
    """``user`` is the WCTL who line-manages this DEA today."""
    return user.has_role(Role.WCTL) and manages(user, dea_id)


def is_dea_or_their_wctl(user, dea_id: int) -> bool:
    """The DEA themselves, or the WCTL who line-manages them today."""
    return (user.pk == dea_id and user.has_role(Role.DEA)) or leads_dea(user, dea_id)


def can_plan_groups(user, dea_id: int) -> bool:
    """The DEA, the DEA's line-managing WCTL or an administrator plans and books sessions."""
    return is_administrator(user) or is_dea_or_their_wctl(user, dea_id)
