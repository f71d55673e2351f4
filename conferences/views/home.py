"""Home page panels: the next bookings of DEAs and work coaches, and partners' open actions."""

from __future__ import annotations

from conferences import selectors
from conferences.views.actions import PARTNER_ROLES
from jomcase.models import Role

NEXT_BOOKINGS = 5


def work_panel(user):
    if not user.has_role(Role.DEA, Role.WORK_COACH):
        return None
    return {
        "template": "conferences/_home_work.html",
        "bookings": selectors.next_bookings_for(user, NEXT_BOOKINGS),
        "open_count": selectors.open_work_for(user=user).count(),
    }


def actions_panel(user):
    if not user.has_role(*PARTNER_ROLES):
        return None
    return {
        "template": "conferences/_home_actions.html",
        "counts": selectors.action_counts_for(user),
        "actions": list(selectors.actions_for(user=user)[:NEXT_BOOKINGS]),
    }
