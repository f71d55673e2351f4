"""When QAS checks are due (DESIGN.md section 6; seed 002 [69]).

- QAS 2 is due every calendar month for each DEA, by the month's last day. A check counts for
  the month in which the observed work took place. The list suggests the month's latest held
  case conference (a skill conference or three-way when there is none), or else one booked
  later in the month that the team leader could observe.
- The group case conference checklist is due monthly in the first three months of the DEA's
  group conferences, counted from the month of their first one; after that it is at the team
  leader's discretion, so nothing is listed.
- QAS 1 has no set frequency: each booked claimant support intervention still to come is
  suggested. Once one that the team leader said they would observe has been held, its check
  is due within a week.

A month is listed from the latest of: the month the checklist was first published, the month
the team leader began to manage the DEA, and ``OVERDUE_MONTHS`` before this one. A month that
has ended with no check is overdue. Whatever the number of DEAs, the lists take a fixed
number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, Min, OuterRef, Q
from django.utils import timezone

from conferences.models import Activity, ActivityKind, ActivityState
from jomcase.models import LineManagement, Role, RoleAssignment, Staff
from jomcase.months import add_months, first_of_month, last_of_month, months_between
from qas.models import (
    OBSERVED_KINDS,
    OBSERVED_STATES,
    ChecklistTemplate,
    CheckType,
    PlannedObservation,
    QasCheck,
)
from qas.selectors.months import local_date, local_midnight

#: How many months before this one the lists look back for a missed monthly check.
OVERDUE_MONTHS = 3
#: The group checklist is monthly in this many first months of a DEA's group conferences.
GROUP_CHECK_MONTHS = 3
#: Days to write up a claimant support intervention the team leader said they would observe.
WRITE_UP_DAYS = 7
#: States in which a group conference counts as the DEA's first.
GROUP_STARTED_STATES = (ActivityState.BOOKED, *OBSERVED_STATES)


@dataclass
class DueCheck:
    """One check a team leader should do: for a month, or (QAS 1) for one activity."""

    dea_id: int
    check_type: str
    due: dt.date
    overdue: bool
    period: dt.date | None = None  # the month a monthly check is for
    activity: Activity | None = None  # the suggested or planned activity to observe
    planned: bool = False  # the team leader said they will observe ``activity``
    dea: Staff | None = None

    @property
    def activity_id(self) -> int | None:
        return self.activity.pk if self.activity else None

    @property
    def check_type_label(self) -> str:
        return CheckType(self.check_type).label

    @property
    def can_start(self) -> bool:
        """The suggested activity has been held, so the check can be recorded now."""
        return self.activity is not None and self.activity.state in OBSERVED_STATES

    @property
    def can_plan(self) -> bool:
        return (
            self.activity is not None
            and not self.planned
            and self.activity.state == ActivityState.BOOKED
            and self.activity.start > timezone.now()
        )


@dataclass(frozen=True)
class Line:
    """A DEA and the team leader who line-manages them, since ``since``."""

    dea: Staff
    manager_id: int
    since: dt.date


@dataclass
class QasOverview:
    """A team leader's DEAs, their due and overdue checks, and checks done this month."""

    deas: list[Staff]
    items: list[DueCheck]
    done_this_month: dict[int, Counter] = field(default_factory=dict)

    @property
    def due(self) -> list[DueCheck]:
        return [item for item in self.items if not item.overdue]

    @property
    def overdue(self) -> list[DueCheck]:
        return [item for item in self.items if item.overdue]


def lines_managed(
    *, manager: Staff | None = None, dea_id: int | None = None, today: dt.date | None = None
) -> list[Line]:
    """Today's line management of DEAs by team leaders (one manager's, or everyone's; of one
    DEA, or of all)."""
    today = today or timezone.localdate()
    roles = RoleAssignment.objects.current_on(today)
    qs = LineManagement.objects.current_on(today).filter(
        staff__in=roles.filter(role=Role.DEA).values("staff_id"),
        manager__in=roles.filter(role=Role.WCTL).values("staff_id"),
        staff__is_active=True,
    )
    if manager is not None:
        qs = qs.filter(manager=manager)
    if dea_id is not None:
        qs = qs.filter(staff_id=dea_id)
    rows = qs.select_related("staff").order_by("staff__last_name", "staff__first_name", "pk")
    lines, seen = [], set()
    for row in rows:
        if (row.staff_id, row.manager_id) not in seen:
            seen.add((row.staff_id, row.manager_id))
            lines.append(Line(dea=row.staff, manager_id=row.manager_id, since=row.start))
    return lines


def first_published_months() -> dict[str, dt.date]:
    """The month each checklist's first version was published: none is due before it."""
    rows = (
        ChecklistTemplate.objects.published()
        .values("check_type")
        .annotate(first=Min("published_at"))
        .order_by()
    )
    return {row["check_type"]: first_of_month(local_date(row["first"])) for row in rows}


def first_group_months(dea_ids) -> dict[int, dt.date]:
    """The month of each DEA's first group conference that was booked or held."""
    rows = (
        Activity.objects.filter(
            kind=ActivityKind.GROUP_CONFERENCE,
            dea_id__in=dea_ids,
            state__in=GROUP_STARTED_STATES,
            start__isnull=False,
        )
        .values("dea_id")
        .annotate(first=Min("start"))
        .order_by()
    )
    return {row["dea_id"]: first_of_month(local_date(row["first"])) for row in rows}


def group_check_months(first_group_month: dt.date | None) -> list[dt.date]:
    if first_group_month is None:
        return []
    return [add_months(first_group_month, n) for n in range(GROUP_CHECK_MONTHS)]


def monthly_checks_due(
    month: dt.date, *, published: dict[str, dt.date], first_group_month: dt.date | None
) -> list[str]:
    """The monthly checks a DEA is due in ``month`` (DESIGN.md section 6): QAS 2 every month,
    the group checklist in the first ``GROUP_CHECK_MONTHS`` months of their group
    conferences, neither before its checklist was first published. The lists, the alerts and
    the reports all ask this one function."""
    due = []
    if CheckType.QAS2 in published and published[CheckType.QAS2] <= month:
        due.append(CheckType.QAS2)
    first_group = published.get(CheckType.GROUP_CHECKLIST)
    if (
        first_group is not None
        and first_group <= month
        and month in group_check_months(first_group_month)
    ):
        due.append(CheckType.GROUP_CHECKLIST)
    return due


def _suggestions(dea_ids, start: dt.date, end: dt.date) -> dict[tuple, list[Activity]]:
    """Activities a check could observe, by (DEA, check type, month): not yet checked with
    that type, held or booked, with ``planned`` set when a team leader will observe them."""
    kinds = [*OBSERVED_KINDS[CheckType.QAS2], *OBSERVED_KINDS[CheckType.GROUP_CHECKLIST]]
    checked = QasCheck.objects.filter(activity=OuterRef("pk"))
    rows = (
        Activity.objects.filter(
            dea_id__in=dea_ids,
            kind__in=kinds,
            state__in=(ActivityState.BOOKED, *OBSERVED_STATES),
            start__gte=local_midnight(start),
            start__lt=local_midnight(end + dt.timedelta(days=1)),
        )
        .annotate(
            checked=Exists(checked),
            planned=Exists(PlannedObservation.objects.filter(activity=OuterRef("pk"))),
        )
        .filter(checked=False)
        .select_related("work_coach")
    )
    found: dict[tuple, list[Activity]] = defaultdict(list)
    for activity in rows:
        check_type = (
            CheckType.GROUP_CHECKLIST
            if activity.kind == ActivityKind.GROUP_CONFERENCE
            else CheckType.QAS2
        )
        found[(activity.dea_id, check_type, first_of_month(local_date(activity.start)))].append(
            activity
        )
    return found


def best_to_observe(candidates: list[Activity]) -> Activity | None:
    """What to suggest: one the team leader will observe, then the latest held case
    conference (QAS 2's focus [69]) or other held work, then the soonest booked one to come."""
    now = timezone.now()

    def held_rank(a: Activity):
        return (a.planned, a.kind == ActivityKind.CASE_CONFERENCE, a.start)

    held = [a for a in candidates if a.state in OBSERVED_STATES]
    if held:
        return max(held, key=held_rank)
    coming = [a for a in candidates if a.state == ActivityState.BOOKED and a.start > now]
    if coming:
        return min(
            coming,
            key=lambda a: (not a.planned, a.kind != ActivityKind.CASE_CONFERENCE, a.start),
        )
    return None


def _csi_items(dea_ids, since: dt.date, today: dt.date) -> list[DueCheck]:
    """QAS 1: booked CSIs still to come, and held ones a team leader said they would observe
    that have no check yet."""
    planned = PlannedObservation.objects.filter(activity=OuterRef("pk"))
    upcoming = Q(state=ActivityState.BOOKED, start__gte=local_midnight(today))
    observed = Q(state__in=OBSERVED_STATES, start__gte=local_midnight(since), planned=True)
    rows = (
        Activity.objects.filter(dea_id__in=dea_ids, kind=ActivityKind.CLAIMANT_SUPPORT_INTERVENTION)
        .annotate(
            planned=Exists(planned),
            checked=Exists(QasCheck.objects.filter(activity=OuterRef("pk"))),
        )
        .filter(upcoming | observed, checked=False)
        .select_related("work_coach")
        .order_by("start", "pk")
    )
    items = []
    for activity in rows:
        day = local_date(activity.start)
        if activity.state == ActivityState.BOOKED:
            due, overdue = day, False
        else:
            due = day + dt.timedelta(days=WRITE_UP_DAYS)
            overdue = due < today
        items.append(
            DueCheck(
                dea_id=activity.dea_id,
                check_type=CheckType.QAS1,
                due=due,
                overdue=overdue,
                activity=activity,
                planned=activity.planned,
            )
        )
    return items


def due_checks(
    lines: list[Line], *, today: dt.date | None = None, suggest: bool = True
) -> tuple[list[DueCheck], list[dict]]:
    """The checks due and overdue for these DEAs, and the checks done since the earliest
    month listed (``dea_id``, ``check_type``, ``observed_on``). ``suggest`` adds an
    activity to observe to each monthly item, at the cost of one more query."""
    today = today or timezone.localdate()
    if not lines:
        return [], []
    this_month = first_of_month(today)
    floor = add_months(this_month, -OVERDUE_MONTHS)
    published = first_published_months()
    deas = {line.dea.pk: line.dea for line in lines}
    since: dict[int, dt.date] = {}
    for line in lines:  # a DEA with two managers is due from the earlier start
        start = max(floor, first_of_month(line.since))
        since[line.dea.pk] = min(since.get(line.dea.pk, start), start)
    window = min(since.values())

    done = list(
        QasCheck.objects.filter(dea_id__in=deas, observed_on__gte=window).values(
            "dea_id", "check_type", "observed_on"
        )
    )
    covered = {(c["dea_id"], c["check_type"], first_of_month(c["observed_on"])) for c in done}
    group_firsts = first_group_months(deas)
    found = _suggestions(deas, window, last_of_month(this_month)) if suggest else {}

    items: list[DueCheck] = []
    for dea_id, dea_since in since.items():
        wanted = [
            (check_type, month)
            for month in months_between(dea_since, this_month)
            for check_type in monthly_checks_due(
                month, published=published, first_group_month=group_firsts.get(dea_id)
            )
        ]
        for check_type, month in wanted:
            if (dea_id, check_type, month) in covered:
                continue
            activity = best_to_observe(found.get((dea_id, check_type, month), []))
            items.append(
                DueCheck(
                    dea_id=dea_id,
                    check_type=check_type,
                    due=last_of_month(month),
                    overdue=last_of_month(month) < today,
                    period=month,
                    activity=activity,
                    planned=bool(activity and activity.planned),
                )
            )
    if CheckType.QAS1 in published:
        earliest = max(window, published[CheckType.QAS1])
        items += _csi_items(list(deas), earliest, today)
    for item in items:
        item.dea = deas[item.dea_id]
    order = {dea_id: n for n, dea_id in enumerate(deas)}
    items.sort(key=lambda i: (not i.overdue, i.due, order[i.dea_id], i.check_type))
    return items, done


def qas_overview_for(*, wctl: Staff, today: dt.date | None = None) -> QasOverview:
    """The team leader's QAS dashboard: every DEA they manage, what is due and overdue, and
    how many checks of each type were observed this month."""
    today = today or timezone.localdate()
    lines = lines_managed(manager=wctl, today=today)
    items, done = due_checks(lines, today=today)
    this_month = first_of_month(today)
    counts: dict[int, Counter] = {line.dea.pk: Counter() for line in lines}
    for row in done:
        if first_of_month(row["observed_on"]) == this_month:
            counts[row["dea_id"]][row["check_type"]] += 1
    return QasOverview(deas=[line.dea for line in lines], items=items, done_this_month=counts)


def due_checks_for(
    *, wctl: Staff, dea_id: int | None = None, today: dt.date | None = None, suggest: bool = True
) -> list[DueCheck]:
    """The caller's DEAs' (or one DEA's) due and overdue checks (``/api/qas-checks/due/``,
    the DEA's page); without ``suggest`` (the home page's counts) one query fewer."""
    lines = lines_managed(manager=wctl, dea_id=dea_id, today=today)
    return due_checks(lines, today=today, suggest=suggest)[0]
