"""seed_fte_returns: demo mode only, and running it again changes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from reports.demo import FOI_TABLE, LATER_YEARS, plan, split
from reports.models import FteImport, FteReturn
from tests.reports.factories import load_month

pytestmark = pytest.mark.django_db


def _seed(until: str) -> str:
    out = StringIO()
    call_command("seed_fte_returns", "--until", until, stdout=out)
    return out.getvalue()


def test_it_refuses_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="Demo mode is off"):
        _seed("2012-05")
    assert not FteImport.objects.exists()


def test_it_loads_each_month_once_and_keeps_what_is_there(settings):
    settings.DEMO_MODE = True
    kept = load_month(dt.date(2012, 5, 1), {"Work Coach": ["1"]})
    assert "3 month(s)" in _seed("2012-07")  # April, June and July; May was loaded already
    april = FteImport.objects.get(month=dt.date(2012, 4, 1), replaced_at__isnull=True)
    expected_april = sum(v[0] + 1 for _, v in FOI_TABLE if v[0] is not None)  # +1 in April
    assert april.total_fte == Decimal(expected_april)
    assert FteReturn.objects.filter(month=april.month, fte__lt=1).exists()  # part-timers
    assert not FteReturn.objects.filter(month=april.month, staff__isnull=False).exists()

    assert "already in place" in _seed("2012-07")
    assert FteImport.objects.filter(replaced_at__isnull=True).count() == 4
    kept.refresh_from_db()
    assert kept.replaced_at is None


def test_the_plan_skips_march_2015_and_follows_with_deas_and_work_coaches():
    months = plan(until=dt.date(2015, 6, 1))
    assert dt.date(2015, 2, 1) in months and dt.date(2015, 3, 1) not in months
    assert months[dt.date(2015, 4, 1)] == {
        "Disability Employment Adviser": LATER_YEARS[2015][0] + 1,
        "Work Coach": LATER_YEARS[2015][1] + 1,
    }
    # Every month's total splits into people of at most 1 FTE adding up exactly.
    full, pairs = split(7794)
    assert full + pairs == 7794 and pairs > 0
