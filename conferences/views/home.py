"""Home page panels: the next bookings of DEAs and work coaches, and partners' open actions."""

from __future__ import annotations

from conferences import selectors
from conferences.permissions import has_work_list, is_partner

NEXT_BOOKINGS = 5


def work_panel(user):
    if not has_work_list(user):
        return None
    return {
        "template": "conferences/_home_work.html",
        "bookings": selectors.next_bookings_for(user, NEXT_BOOKINGS),
        "open_count": selectors.open_work_for(user=user).count(),
    }


def actions_panel(user):
    if not is_partner(user):
        return None
    return {
        "template": "conferences/_home_actions.html",
        "counts": selectors.action_counts_for(user),
        "actions": list(selectors.actions_for(user=user)[:NEXT_BOOKINGS]),
    }
