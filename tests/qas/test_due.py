"""When checks are due: a table that moves the clock through seven months of one DEA's work
and, at each date, compares the team leader's due and overdue list with what it should be.

QAS 2 is monthly; the group checklist monthly for the first three months of the DEA's group
conferences, then at the team leader's discretion; QAS 1 is suggested for a booked CSI and,
once one the team leader said they would observe has been held, due within a week. A month
with no check goes overdue when it ends, and the list looks back three months.
"""

from __future__ import annotations

import datetime as dt

import pytest

from conferences.models import Activity, ActivityKind, ActivityState
from qas.selectors import due_checks_for, qas_overview_for
from qas.selectors.due import monthly_checks_due
from qas.services import observation_plan
from tests.qas.builders import a_check, a_led_dea, local, published_checklists, work_at

pytestmark = pytest.mark.django_db

QAS1, QAS2, GROUP = "qas1", "qas2", "group_checklist"
CASE, GROUP_CONF = ActivityKind.CASE_CONFERENCE, ActivityKind.GROUP_CONFERENCE
CSI = ActivityKind.CLAIMANT_SUPPORT_INTERVENTION


class World:
    """One DEA and their team leader; each step below changes it as the months go by."""

    def __init__(self):
        published_checklists(published_at=local(2026, 1, 2, 9))
        self.pair = a_led_dea()
        self.csi: Activity | None = None

    def held(self, when: dt.datetime, kind=CASE) -> Activity:
        return work_at(self.pair.dea, when, kind=kind)

    def checked(self, when: dt.datetime, kind=CASE) -> None:
        a_check(self.pair.leader, self.held(when, kind))

    def book_csi(self, when: dt.datetime) -> None:
        self.csi = work_at(self.pair.dea, when, kind=CSI, state=ActivityState.BOOKED)

    def plan_to_observe_csi(self) -> None:
        observation_plan(actor=self.pair.leader, activity_id=self.csi.pk)

    def csi_held(self) -> None:
        Activity.objects.filter(pk=self.csi.pk).update(state=ActivityState.HELD)

    def csi_checked(self) -> None:
        a_check(self.pair.leader, Activity.objects.get(pk=self.csi.pk))


# (the moment, what happens just before it, the list then: (check, month or "csi", overdue))
TIMELINE = [
    (
        local(2026, 1, 15, 12),
        lambda w: w.checked(local(2026, 1, 12, 10)),
        set(),  # January's QAS 2 is done; no group conferences or CSIs yet
    ),
    (
        local(2026, 2, 14, 12),
        lambda w: (w.held(local(2026, 2, 12, 14), GROUP_CONF), w.book_csi(local(2026, 3, 18, 10))),
        {(QAS2, "2026-02", False), (GROUP, "2026-02", False), (QAS1, "csi", False)},
    ),
    (
        local(2026, 3, 10, 12),
        lambda w: (_check_first_group_conference(w), w.plan_to_observe_csi()),
        {(QAS2, "2026-02", True), (QAS2, "2026-03", False), (GROUP, "2026-03", False)}
        | {(QAS1, "csi", False)},
    ),
    (
        local(2026, 4, 1, 9),
        lambda w: (w.csi_held(), w.checked(local(2026, 3, 20, 11))),
        {
            (QAS2, "2026-02", True),
            (QAS2, "2026-04", False),
            (GROUP, "2026-03", True),
            (GROUP, "2026-04", False),
            (QAS1, "csi", True),  # held on 18 March; its write-up was due on the 25th
        },
    ),
    (
        local(2026, 5, 15, 12),
        lambda w: (w.csi_checked(), w.checked(local(2026, 4, 8, 14), GROUP_CONF)),
        # The group checklist's three months are over: from May it is the leader's choice.
        {(QAS2, "2026-02", True), (QAS2, "2026-04", True), (QAS2, "2026-05", False)}
        | {(GROUP, "2026-03", True)},
    ),
    (
        local(2026, 6, 30, 17),
        lambda w: None,
        # Three months back is March: February's miss has left the list.
        {(QAS2, "2026-04", True), (QAS2, "2026-05", True), (QAS2, "2026-06", False)}
        | {(GROUP, "2026-03", True)},
    ),
    (
        local(2026, 7, 1, 8),
        lambda w: None,
        {
            (QAS2, "2026-04", True),
            (QAS2, "2026-05", True),
            (QAS2, "2026-06", True),
            (QAS2, "2026-07", False),
        },
    ),
]


def _check_first_group_conference(world: World) -> None:
    """The leader writes up the group conference they observed on 12 February."""
    session = Activity.objects.get(kind=GROUP_CONF, dea=world.pair.dea)
    a_check(world.pair.leader, session)


def listed(world: World) -> set[tuple]:
    out = set()
    for item in due_checks_for(wctl=world.pair.leader):
        period = f"{item.period:%Y-%m}" if item.period else "csi"
        out.add((item.check_type, period, item.overdue))
    return out


def test_due_and_overdue_checks_month_by_month(time_machine):
    time_machine.move_to(local(2026, 1, 2, 10), tick=False)
    world = World()
    for moment, happen, expected in TIMELINE:
        time_machine.move_to(moment, tick=False)
        happen(world)
        assert listed(world) == expected, f"on {moment:%-d %B %Y}"


def test_qas2_suggests_the_latest_held_case_conference_of_the_month(time_machine, checklists):
    time_machine.move_to(local(2026, 3, 20, 12), tick=False)
    pair = a_led_dea()
    work_at(pair.dea, local(2026, 2, 27, 10))  # last month's: not this month's check
    work_at(pair.dea, local(2026, 3, 3, 10), kind=ActivityKind.SKILL_CONFERENCE)
    earlier = work_at(pair.dea, local(2026, 3, 5, 10))
    latest = work_at(pair.dea, local(2026, 3, 12, 10))
    work_at(pair.dea, local(2026, 3, 16, 10), kind=ActivityKind.THREE_WAY)
    (item,) = [i for i in due_checks_for(wctl=pair.leader) if not i.overdue]
    assert (item.check_type, item.activity, item.can_start) == (QAS2, latest, True)
    a_check(pair.leader, latest)
    assert [i for i in due_checks_for(wctl=pair.leader) if not i.overdue] == []
    assert earlier.qas_checks.count() == 0


def test_with_nothing_held_yet_the_month_suggests_booked_work_to_observe(time_machine, checklists):
    time_machine.move_to(local(2026, 3, 2, 12), tick=False)
    pair = a_led_dea()
    coming = work_at(pair.dea, local(2026, 3, 9, 10), state=ActivityState.BOOKED)
    (item,) = [i for i in due_checks_for(wctl=pair.leader) if not i.overdue]
    assert (item.activity, item.can_start, item.can_plan) == (coming, False, True)
    observation_plan(actor=pair.leader, activity_id=coming.pk)
    (item,) = [i for i in due_checks_for(wctl=pair.leader) if not i.overdue]
    assert (item.planned, item.can_plan) == (True, False)


def test_nothing_is_due_before_the_leader_managed_the_dea_or_for_someone_elses_dea(
    time_machine, checklists
):
    time_machine.move_to(local(2026, 3, 20, 12), tick=False)
    pair = a_led_dea()
    newcomer = a_led_dea()
    newcomer.dea.line_managers.update(start=dt.date(2026, 3, 10))
    assert {(i.check_type, f"{i.period:%m}") for i in due_checks_for(wctl=newcomer.leader)} == {
        (QAS2, "03")
    }
    overview = qas_overview_for(wctl=pair.leader)
    assert [d.pk for d in overview.deas] == [pair.dea.pk]
    assert {i.dea_id for i in overview.items} == {pair.dea.pk}


_PUBLISHED = {"qas2": dt.date(2026, 1, 1), "group_checklist": dt.date(2026, 3, 1)}


@pytest.mark.parametrize(
    ("month", "first_group", "due"),
    [
        (dt.date(2025, 12, 1), None, []),  # before any checklist was published
        (dt.date(2026, 1, 1), dt.date(2026, 1, 1), ["qas2"]),  # group checklist not yet out
        (dt.date(2026, 3, 1), dt.date(2026, 1, 1), ["qas2", "group_checklist"]),  # 3rd month
        (dt.date(2026, 4, 1), dt.date(2026, 1, 1), ["qas2"]),  # then at the leader's discretion
        (dt.date(2026, 4, 1), None, ["qas2"]),  # no group conferences yet
    ],
)
def test_the_monthly_due_rule_the_lists_and_the_reports_share(month, first_group, due):
    assert monthly_checks_due(month, published=_PUBLISHED, first_group_month=first_group) == due
