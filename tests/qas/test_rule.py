"""The scheduled QAS rule: each team leader hears of their DEAs' due and overdue checks once
per DEA, check and period; a second run sends nothing; the run is in the job-run log; and the
beat schedule names the task."""

from __future__ import annotations

import pytest
from django_celery_beat.models import PeriodicTask

from conferences.models import ActivityKind, ActivityState
from jomcase.models import JobRun, Notification
from qas.services import qas_due_notify
from qas.tasks import qas_due
from tests.factories import StaffFactory, managed_by
from tests.qas.builders import a_check, a_led_dea, local, work_at

pytestmark = pytest.mark.django_db


def alerts() -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    told = Notification.objects.filter(kind__in=("qas_due", "qas_overdue"))
    for key, person in told.values_list("key", "recipient_id"):
        out.setdefault(key, set()).add(person)
    return out


def test_due_and_overdue_checks_are_told_once_each(time_machine, checklists):
    time_machine.move_to(local(2026, 5, 3, 8), tick=False)
    pair = a_led_dea()
    pair.dea.line_managers.update(start=local(2026, 4, 1).date())
    second_manager = StaffFactory(wctl=True)
    managed_by(pair.dea, second_manager, start=local(2026, 4, 1).date())
    a_check(pair.leader, work_at(pair.dea, local(2026, 4, 2, 10)))  # April's was done
    csi = work_at(
        pair.dea,
        local(2026, 5, 6, 10),
        kind=ActivityKind.CLAIMANT_SUPPORT_INTERVENTION,
        state=ActivityState.BOOKED,
    )
    dea = pair.dea.pk
    summary = qas_due_task_run()
    leaders = {pair.leader.pk, second_manager.pk}
    assert alerts() == {
        f"qas-due:{dea}:qas2:2026-05": leaders,
        f"qas-due:{dea}:qas1:activity-{csi.pk}": leaders,
    }
    assert summary == {"deas": 1, "due": 2, "overdue": 0, "alerts": 4}
    assert qas_due_task_run()["alerts"] == 0

    time_machine.move_to(local(2026, 6, 1, 8), tick=False)
    qas_due_notify()
    assert set(alerts()) == {
        f"qas-due:{dea}:qas2:2026-05",
        f"qas-due:{dea}:qas1:activity-{csi.pk}",
        f"qas-overdue:{dea}:qas2:2026-05",
        f"qas-due:{dea}:qas2:2026-06",
    }
    overdue = Notification.objects.get(recipient=pair.leader, key=f"qas-overdue:{dea}:qas2:2026-05")
    assert overdue.title == f"QAS 2 for May 2026 of {pair.dea.display_name}'s work is overdue"
    assert overdue.link == f"/qas/deas/{dea}/"


def qas_due_task_run() -> dict:
    result = qas_due.delay().get()
    run = JobRun.objects.filter(name="qas_due").latest("started_at")
    assert run.status == JobRun.Status.SUCCEEDED and run.details == result
    return result


def test_the_rule_has_a_beat_schedule():
    assert PeriodicTask.objects.get(name="QAS checks due").task == "qas.tasks.qas_due"
