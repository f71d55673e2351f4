"""The monthly FTE snapshot from the staff register (DESIGN.md sections 8 and 9)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from jomcase.models import JobRun, RoleAssignment
from reports.models import FteImport, FteReturn, StaffFte
from reports.services import fte_snapshot_take
from reports.tasks import fte_snapshot
from reports.years import last_complete_month
from tests.factories import JobcentreFactory, StaffFactory
from tests.reports.factories import adviser_type, load_month

pytestmark = pytest.mark.django_db

MONTH = dt.date(2024, 6, 1)
DEA = "Disability Employment Adviser"
COACH = "Work Coach"


@pytest.fixture
def register():
    """Who counts: active, with an adviser type, a jobcentre and a role on 30 June 2024."""
    jobcentre = JobcentreFactory()
    coach_type, dea_type = adviser_type(COACH), adviser_type(DEA)
    people = {
        "full_time": StaffFactory(work_coach=True, adviser_type=coach_type, jobcentre=jobcentre),
        "part_time": StaffFactory(dea=True, adviser_type=dea_type, jobcentre=jobcentre),
        "no_type": StaffFactory(work_coach=True, jobcentre=jobcentre),
        "no_jobcentre": StaffFactory(work_coach=True, adviser_type=coach_type, jobcentre=None),
        "left": StaffFactory(
            work_coach=True, adviser_type=coach_type, jobcentre=jobcentre, is_active=False
        ),
        "no_role_yet": StaffFactory(adviser_type=coach_type, jobcentre=jobcentre),
    }
    RoleAssignment.objects.create(
        staff=people["no_role_yet"], role="work_coach", start=dt.date(2024, 7, 1)
    )
    StaffFte.objects.create(staff=people["part_time"], fte=Decimal("0.600"), start=MONTH)
    StaffFte.objects.create(
        staff=people["full_time"], fte=Decimal("0.4"), start=dt.date(2020, 1, 1),
        end=dt.date(2023, 12, 31),
    )  # fmt: skip
    return people


def _returns(batch):
    return set(
        FteReturn.objects.filter(batch=batch).values_list(
            "staff__username", "staff_reference", "adviser_type__name", "fte"
        )
    )


def test_the_snapshot_counts_current_staff_at_their_contracted_fte(register):
    batch = fte_snapshot_take(month=MONTH)
    full, part = register["full_time"].username, register["part_time"].username
    assert _returns(batch) == {
        (full, full, COACH, Decimal("1.000")),  # the 0.4 ended in 2023
        (part, part, DEA, Decimal("0.600")),
    }
    assert (batch.source, batch.row_count, batch.total_fte) == ("snapshot", 2, Decimal("1.600"))


def test_taking_it_again_gives_the_same_returns(register):
    first = fte_snapshot_take(month=MONTH)
    second = fte_snapshot_take(month=MONTH)
    first.refresh_from_db()
    assert first.replaced_at is not None and second.replaced_at is None
    assert _returns_of(first.pk) == set()  # the first batch's returns were replaced
    full, part = register["full_time"].username, register["part_time"].username
    assert _returns(second) == {
        (full, full, COACH, Decimal("1.000")),
        (part, part, DEA, Decimal("0.600")),
    }
    assert FteReturn.objects.filter(month=MONTH).count() == 2


def _returns_of(batch_id):
    return set(FteReturn.objects.filter(batch_id=batch_id).values_list("pk", flat=True))


def test_a_month_loaded_from_a_file_is_left_alone(register):
    uploaded = load_month(MONTH, {COACH: ["1", "1", "1"]})
    assert fte_snapshot_take(month=MONTH) is None
    uploaded.refresh_from_db()
    assert uploaded.replaced_at is None
    replaced = fte_snapshot_take(month=MONTH, replace_upload=True)
    assert replaced.row_count == 2


def test_nobody_to_count_means_no_batch():
    assert fte_snapshot_take(month=MONTH) is None
    assert not FteImport.objects.exists()


def test_the_monthly_task_snapshots_last_month_and_records_its_run(register):
    result = fte_snapshot.apply().get()
    # By last month the coach whose role began in July 2024 counts too.
    assert result == {"month": last_complete_month().isoformat(), "returns": 3}
    run = JobRun.objects.get(name="fte_snapshot")
    assert (run.status, run.changed) == (JobRun.Status.SUCCEEDED, 3)
