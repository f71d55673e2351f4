"""Two loads of one month at the same moment: one waits for the other, and the month ends up
with exactly one current batch and only that batch's returns."""

from __future__ import annotations

import datetime as dt
import io
from functools import partial

import pytest

from reports.models import FteImport, FteMonthTotal, FteReturn
from reports.services import fte_returns_import
from tests.factories import JobcentreFactory, StaffFactory
from tests.races import at_once
from tests.reports.factories import adviser_type, returns_csv

THREADS = 4
MONTH = dt.date(2019, 1, 1)


@pytest.mark.xdist_group("races")
@pytest.mark.django_db(transaction=True)
def test_simultaneous_loads_of_a_month_leave_one_current_batch():
    jobcentre = JobcentreFactory()
    adviser_type("Work Coach")
    analyst = StaffFactory(analyst=True)
    files = [
        returns_csv([(f"T{t}-{n}", "Work Coach", jobcentre.name, "1") for n in range(50 + t)])
        for t in range(THREADS)
    ]
    at_once(
        [
            partial(fte_returns_import, actor=analyst, month=MONTH, file=io.BytesIO(content))
            for content in files
        ]
    )

    current = FteImport.objects.get(month=MONTH, replaced_at__isnull=True)
    assert FteImport.objects.filter(month=MONTH).count() == THREADS
    assert FteReturn.objects.filter(month=MONTH).count() == current.row_count
    assert set(FteReturn.objects.filter(month=MONTH).values_list("batch", flat=True)) == {
        current.pk
    }
    assert FteMonthTotal.objects.get(month=MONTH).returns == current.row_count
