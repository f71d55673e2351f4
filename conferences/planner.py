"""Planning a cohort's monthly group work coach conferences [29][31] (DESIGN.md section 5).

Pure functions, no database: given the coaches in a cohort during a month, how many
sessions the month needs (ceil(n / 10)), how to divide the coaches among them so that every
coach is invited to exactly one session a month and no session has more than 10, and on
which days they fall. ``group_conferences_block_diaries`` books what these give. The months
themselves are counted by ``jomcase.months``.
"""

from __future__ import annotations

import datetime as dt
import math

from jomcase.months import last_of_month


def sessions_needed(coaches: int, per_session: int = 10) -> int:
    """At least one session for every ``per_session`` coaches; none for an empty cohort."""
    return math.ceil(coaches / per_session) if coaches > 0 else 0


def nth_weekday(first: dt.date, weekday: int, n: int) -> dt.date:
    """The ``n``-th (1-based) ``weekday`` (0 = Monday) of the month; the last one if too few."""
    days = [
        first.replace(day=d)
        for d in range(1, last_of_month(first).day + 1)
        if first.replace(day=d).weekday() == weekday
    ]
    return days[min(n, len(days)) - 1]


def divide(coach_ids: list[int], sessions: int) -> list[list[int]]:
    """Split the coaches into ``sessions`` groups whose sizes differ by at most one.

    Coaches keep their order (callers pass them sorted, e.g. by name), and consecutive
    coaches share a session, so a plan is the same every time it is made.
    """
    if sessions <= 0:
        return []
    size, extra = divmod(len(coach_ids), sessions)
    groups, at = [], 0
    for i in range(sessions):
        take = size + (1 if i < extra else 0)
        groups.append(coach_ids[at : at + take])
        at += take
    return groups
