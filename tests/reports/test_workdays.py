"""The report's SQL count of working days agrees with ``jomcase.working_days`` day for day.

``reports.activity.workdays`` re-implements the Python count inside PostgreSQL on purpose (so
a report need not read every request); this ties the two over two years of start and end
dates in both nations, across every bank holiday, weekends and year ends.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from jomcase.models import Nation
from jomcase.working_days import working_days_between
from reports.activity.workdays import holiday_params, working_days_sql

pytestmark = pytest.mark.django_db

FIRST, LAST = dt.date(2024, 12, 20), dt.date(2027, 1, 10)
GAPS = (0, 1, 2, 3, 5, 9, 17, 40)


def test_the_sql_counts_working_days_as_python_does():
    starts, ends, nations = [], [], []
    day = FIRST
    while day <= LAST:
        for gap in GAPS:
            for nation in Nation.values:
                starts.append(day)
                ends.append(day + dt.timedelta(days=gap))
                nations.append(nation)
        day += dt.timedelta(days=1)
    sql = (
        f"SELECT {working_days_sql('t.s', 't.e', 't.n')} "
        "FROM unnest(%(starts)s::date[], %(ends)s::date[], %(nations)s::text[]) "
        "WITH ORDINALITY AS t(s, e, n, i) ORDER BY t.i"
    )
    params = {"starts": starts, "ends": ends, "nations": nations}
    params |= holiday_params(FIRST.year - 1, LAST.year + 1)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        counted = [row[0] for row in cursor.fetchall()]

    rows = list(zip(starts, ends, nations, counted, strict=True))
    wrong = [row for row in rows if row[3] != working_days_between(*row[:3])]
    assert len(rows) > 10_000
    assert not wrong, f"{len(wrong)} disagree, first {wrong[:5]}"
    # The nations' bank holidays were in the sweep: 31 August 2026 is one in England and
    # Wales, not in Scotland.
    by_pair = {row[:3]: row[3] for row in rows}
    span = (dt.date(2026, 8, 27), dt.date(2026, 9, 1))
    assert by_pair[(*span, Nation.ENGLAND_AND_WALES)] == 2
    assert by_pair[(*span, Nation.SCOTLAND)] == 3
