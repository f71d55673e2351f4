"""Scheduled rules about the DEA's work (DESIGN.md section 9).

Each rule looks at the data, tells people about what is wrong, and records its run. It is
idempotent: an alert is keyed by its subject and period, so a second run over the same data
sends nothing. The Celery tasks in ``conferences.tasks`` only call these.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from conferences.models import (
    CSI_CAP,
    CSI_COUNTED_STATES,
    Activity,
    ActivityKind,
    ActivityState,
    CsiApproval,
    Participant,
    ParticipantRole,
)
from conferences.planner import sessions_needed
from dea_support.models import Cohort, CohortMembership
from jomcase.models import LineManagement, Staff
from jomcase.months import add_months, first_of_month, last_of_month, month_starts
from jomcase.services import notification_send

HELD_STATES = (ActivityState.HELD, ActivityState.CONCLUDED)


@dataclass
class MonthCompliance:
    month: dt.date
    coaches: int
    required: int
    planned: int  # sessions booked or held, not cancelled
    held: int
    minutes_held: int
    not_covered: list[int] = field(default_factory=list)  # coach ids not invited / attending
    short_sessions: int = 0
    booked: int = 0  # every session in the month not cancelled, held or not

    @property
    def complete(self) -> bool:
        return self.planned >= self.required and not self.not_covered


def compliance_for(
    cohorts: list[Cohort], months: list[dt.date], *, today: dt.date | None = None
) -> dict[int, list[MonthCompliance]]:
    """Month by month, for each cohort: sessions required, planned and held, minutes, and the
    coaches no session covers. A past month counts what was held and who attended (or was
    invited, where attendance was not recorded); a month to come counts what is booked.

    Three queries whatever the number of cohorts.
    """
    if not cohorts or not months:
        return {}
    first, last = months[0], last_of_month(months[-1])
    dea_ids = {c.dea_id: c.pk for c in cohorts}
    memberships = CohortMembership.objects.overlapping(first, last).filter(
        cohort_id__in=[c.pk for c in cohorts]
    )
    window_start = timezone.make_aware(dt.datetime.combine(first, dt.time.min))
    window_end = timezone.make_aware(dt.datetime.combine(last, dt.time.max))
    sessions = list(
        Activity.objects.filter(
            kind=ActivityKind.GROUP_CONFERENCE,
            dea_id__in=dea_ids,
            start__gte=window_start,
            start__lte=window_end,
        )
        .exclude(state__in=(ActivityState.CANCELLED, ActivityState.PROPOSED))
        .values("pk", "dea_id", "start", "end", "state")
    )
    by_dea: dict[int, list] = {}
    for s in sessions:
        s["month"] = first_of_month(timezone.localtime(s["start"]).date())
        by_dea.setdefault(s["dea_id"], []).append(s)
    coaches_in = {}
    for p in Participant.objects.filter(
        activity_id__in=[s["pk"] for s in sessions], role=ParticipantRole.WORK_COACH
    ).values("activity_id", "staff_id", "attended"):
        coaches_in.setdefault(p["activity_id"], []).append(p)

    by_cohort: dict[int, list] = {}
    for m in memberships.values("cohort_id", "work_coach_id", "start", "end"):
        by_cohort.setdefault(m["cohort_id"], []).append(m)
    out: dict[int, list[MonthCompliance]] = {}
    today = today or timezone.localdate()
    for cohort in cohorts:
        own = by_dea.get(cohort.dea_id, [])
        rows = []
        for month in months:
            end = last_of_month(month)
            members = {
                m["work_coach_id"]
                for m in by_cohort.get(cohort.pk, [])
                if m["start"] <= end and (m["end"] is None or m["end"] >= month)
            }
            in_month = [s for s in own if s["month"] == month]
            past = end < today
            counted = [s for s in in_month if s["state"] in HELD_STATES] if past else in_month
            covered = set()
            for s in counted:
                for p in coaches_in.get(s["pk"], []):
                    if not past or p["attended"] is not False:
                        covered.add(p["staff_id"])
            minutes = [int((s["end"] - s["start"]).total_seconds() // 60) for s in counted]
            rows.append(
                MonthCompliance(
                    month=month,
                    coaches=len(members),
                    required=sessions_needed(len(members), settings.GROUP_CONFERENCE_MAX_COACHES),
                    planned=len(counted),
                    held=sum(1 for s in in_month if s["state"] in HELD_STATES),
                    minutes_held=sum(
                        mins
                        for s, mins in zip(counted, minutes, strict=True)
                        if s["state"] in HELD_STATES
                    ),
                    not_covered=sorted(members - covered),
                    short_sessions=sum(
                        1 for mins in minutes if mins < settings.GROUP_CONFERENCE_MIN_MINUTES
                    ),
                    booked=len(in_month),
                )
            )
        out[cohort.pk] = rows
    return out


def _managers_of(dea_ids) -> dict[int, list]:
    managers: dict[int, list] = {}
    for line in (
        LineManagement.objects.current_on().filter(staff_id__in=dea_ids).select_related("manager")
    ):
        managers.setdefault(line.staff_id, []).append(line.manager)
    return managers


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def group_conference_compliance_check(*, run=None, today: dt.date | None = None) -> dict:
    """Each cohort's next four months are planned and the month just ended was kept [29][31].

    Gaps go to the DEA and their WCTL, once per cohort per month checked: a month to come
    is checked as planned, the month just ended as held, so each may alert once. The local
    (UK) date decides which month has just ended.
    """
    today = today or timezone.localdate()
    last_month = add_months(first_of_month(today), -1)
    months = month_starts(last_month, 5)
    cohorts = list(Cohort.objects.select_related("dea"))
    table = compliance_for(cohorts, months, today=today)
    gaps = [
        (cohort, row)
        for cohort in cohorts
        for row in table.get(cohort.pk, [])
        if row.coaches and not row.complete
    ]
    names = {
        person.pk: person.display_name
        for person in Staff.objects.filter(pk__in={pk for _, row in gaps for pk in row.not_covered})
    }
    managers = _managers_of({c.dea_id for c, _ in gaps})
    sent = 0
    for cohort, row in gaps:
        ended = row.month == last_month
        sessions = _plural(row.required, "group conference", "group conferences")
        what = f"{row.month:%B %Y}: {row.planned} of {sessions} " + ("held" if ended else "booked")
        if row.not_covered:
            what += f"; {_plural(len(row.not_covered), 'work coach', 'work coaches')} not covered"
        body = (
            "Each coach should be invited to one group conference a month, with at most "
            f"{settings.GROUP_CONFERENCE_MAX_COACHES} coaches a session."
        )
        if row.not_covered:
            body += " Not covered: " + ", ".join(names.get(pk, "") for pk in row.not_covered) + "."
        key = f"group-compliance:{cohort.pk}:{row.month:%Y-%m}:{'held' if ended else 'plan'}"
        for person in [cohort.dea, *managers.get(cohort.dea_id, [])]:
            created = notification_send(
                recipient=person,
                key=key,
                kind="group_compliance",
                title=f"Group conferences for {cohort.dea.display_name}'s cohort: {what}",
                body=body,
                link=reverse("conferences:compliance", args=[cohort.pk]),
            )
            sent += created is not None
    summary = {"cohorts": len(cohorts), "months": len(months), "gaps": len(gaps), "alerts": sent}
    if run is not None:
        run.looked_at, run.changed, run.details = len(cohorts), sent, summary
    return summary


def csi_cap_audit(*, run=None, today: dt.date | None = None) -> dict:
    """No claimant has more CSIs than three plus their approvals [36]; any who has goes to the
    WCTL of the DEA who held the latest one, once per claimant per month."""
    today = today or timezone.localdate()
    approvals = (
        CsiApproval.objects.filter(claimant_id=OuterRef("claimant_id"))
        .values("claimant_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    over = (
        Activity.objects.filter(
            kind=ActivityKind.CLAIMANT_SUPPORT_INTERVENTION, state__in=CSI_COUNTED_STATES
        )
        .values("claimant_id")
        .annotate(
            csis=Count("pk"),
            allowed=CSI_CAP + Coalesce(Subquery(approvals), 0),
            last_dea=Subquery(
                Activity.objects.filter(
                    claimant_id=OuterRef("claimant_id"),
                    kind=ActivityKind.CLAIMANT_SUPPORT_INTERVENTION,
                    state__in=CSI_COUNTED_STATES,
                )
                .order_by("-start", "-pk")
                .values("dea_id")[:1]
            ),
        )
        .filter(csis__gt=F("allowed"))
    )
    rows = list(over)
    managers = _managers_of({r["last_dea"] for r in rows})
    sent = 0
    for row in rows:
        for manager in managers.get(row["last_dea"], []):
            created = notification_send(
                recipient=manager,
                key=f"csi-audit:{row['claimant_id']}:{today:%Y-%m}",
                kind="csi_cap_audit",
                title=f"A claimant has had {row['csis']} CSIs; {row['allowed']} are approved",
                body="Check why the cap of three was passed without an approval.",
                link=reverse("conferences:claimant_timeline", args=[row["claimant_id"]]),
            )
            sent += created is not None
    summary = {"claimants_over_cap": len(rows), "alerts": sent}
    if run is not None:
        run.looked_at, run.changed, run.details = len(rows), sent, summary
    return summary
