"""The QAS demo: after ``seed_demo``, teamleader1 has dea1's QAS 2 due this month with a
case conference dea1 held to check; running it again adds nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from conferences.models import Activity
from dea_support.demo import seed_demo_data
from jomcase.models import Staff
from qas.demo import DemoPeopleMissing, seed_qas_demo
from qas.selectors import due_checks_for

pytestmark = pytest.mark.django_db


def test_the_demo_gives_teamleader1_a_held_case_conference_to_check(checklists, settings):
    with pytest.raises(DemoPeopleMissing):
        seed_qas_demo()
    seed_demo_data()
    assert seed_qas_demo() is True
    held = Activity.objects.get(dea__username="dea1", kind="case_conference", state="held")
    if timezone.localtime(held.start).month != timezone.localdate().month:
        pytest.skip("on a month's first morning the demo conference belongs to last month")
    leader = Staff.objects.get(username="teamleader1")
    (item,) = [i for i in due_checks_for(wctl=leader) if not i.overdue]
    assert (item.check_type, item.activity, item.can_start) == ("qas2", held, True)

    assert seed_qas_demo() is False
    settings.DEMO_MODE = True
    call_command("seed_qas_demo")
    assert Activity.objects.filter(dea__username="dea1", state="held").count() == 1
