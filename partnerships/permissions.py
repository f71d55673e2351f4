"""Who may see and do what with strategies (DESIGN.md section 10).

A strategy is seen by its lead DEA, its owner, the team leader who line-manages the DEA today,
its internal partners, the owners of its actions, and administrators. Anyone else is told it
does not exist (404), never that it is hidden. Only a DEA creates one; only its owner agrees
to it [59].
"""

from __future__ import annotations

from django.db.models import Q

from jomcase.models import LineManagement, Role
from jomcase.permissions import is_administrator, is_signed_in_staff, sees_personal_data


def strategy_visibility(user) -> Q:
    """The strategies ``user`` may open."""
    if is_administrator(user):
        return Q()
    if not is_signed_in_staff(user):
        return Q(pk__in=[])
    rule = Q(dea=user) | Q(owner=user) | Q(internal_partners=user) | Q(actions__owner=user)
    if user.has_role(Role.WCTL):
        managed = LineManagement.objects.current_on().filter(manager=user).values("staff_id")
        rule |= Q(dea__in=managed)
    return rule


def can_create_strategy(user) -> bool:
    """A DEA leads the strategies they create [45][59]."""
    return is_signed_in_staff(user) and user.has_role(Role.DEA)


def can_agree(user, strategy) -> bool:
    """Only the strategy's owner agrees to it going ahead [59]."""
    return is_signed_in_staff(user) and strategy.owner_id == user.pk


def can_manage(user, strategy) -> bool:
    """The lead DEA creates and maintains it, supported by its owner [59]."""
    return is_signed_in_staff(user) and user.pk in (strategy.dea_id, strategy.owner_id)


def can_complete_action(user, action) -> bool:
    """An action is marked done by its owner, or by the strategy's lead DEA or owner."""
    return is_signed_in_staff(user) and (
        action.owner_id == user.pk or can_manage(user, action.strategy)
    )


def _district_id(user) -> int | None:
    return user.jobcentre.district_id if user.jobcentre_id else None


def partner_visibility(user) -> Q:
    """The external partners ``user`` may open: their district's, or all for administrators.

    Partners' contacts are names, e-mails and phones of their staff, so analysts (aggregates
    only) see none (DESIGN.md section 10).
    """
    if is_administrator(user):
        return Q()
    if not sees_personal_data(user) or _district_id(user) is None:
        return Q(pk__in=[])
    return Q(district_id=_district_id(user))


def can_view_partners(user) -> bool:
    """The district's staff (with a jobcentre there) and administrators use the directory."""
    return is_administrator(user) or (sees_personal_data(user) and _district_id(user) is not None)


def can_manage_partners(user, district_id: int) -> bool:
    """DEAs and team leaders of the district keep its directory, with administrators [55-56]."""
    if is_administrator(user):
        return True
    return (
        sees_personal_data(user)
        and user.has_role(Role.DEA, Role.WCTL)
        and _district_id(user) == district_id
    )


def can_add_partners(user) -> bool:
    """Whether ``user`` keeps any district's directory: their own, or all for administrators."""
    district_id = _district_id(user) if is_signed_in_staff(user) else None
    return is_administrator(user) or (
        district_id is not None and can_manage_partners(user, district_id)
    )
