"""Work for the scheduled rules to look at in the benchmark's national dataset.

``seed_demo --national`` writes people, cohorts, claimants and support requests but no
activities, so on its own the group conference and CSI rules would have nothing to read.
:func:`seed_rule_work` adds, in bulk and once (it does nothing when group conferences
already exist), what a year of the service would hold around today:

- every cohort's group conferences for the month just ended and the next four, each coach
  invited to one session a month, held where the session is over; every fourth cohort is a
  session short each month, so the compliance rule has gaps to report;
- claimant support interventions for one claimant in fifty, a tenth of them beyond the cap
  of three, half of those with a team leader's approval, so the audit has findings;
- a holding response past its expected date for each DEA, for the reminders.
"""

from __future__ import annotations

import datetime as dt
import random

SEED = 2016
CSI_SHARE = 0.02


def seed_rule_work() -> dict[str, int]:
    from django.db import transaction
    from django.utils import timezone

    from conferences.models import (
        Activity,
        ActivityKind,
        ActivityState,
        CsiApproval,
        MeetingChannel,
        Participant,
        ParticipantRole,
    )
    from conferences.planner import divide, nth_weekday, sessions_needed
    from dea_support.models import Cohort, CohortMembership
    from jomcase.models import LineManagement
    from jomcase.months import add_months, first_of_month, last_of_month, month_starts

    if Activity.objects.filter(kind=ActivityKind.GROUP_CONFERENCE).exists():
        return {}
    rng = random.Random(SEED)
    now = timezone.now()
    today = timezone.localdate()
    months = month_starts(add_months(first_of_month(today), -1), 5)
    cohorts = list(Cohort.objects.order_by("pk"))
    members: dict[int, list] = {}
    for m in CohortMembership.objects.overlapping(months[0], last_of_month(months[-1])).values(
        "cohort_id", "work_coach_id", "start", "end"
    ):
        members.setdefault(m["cohort_id"], []).append(m)

    sessions, invited = [], []
    for position, cohort in enumerate(cohorts):
        for month in months:
            end = last_of_month(month)
            coaches = sorted(
                m["work_coach_id"]
                for m in members.get(cohort.pk, [])
                if m["start"] <= end and (m["end"] is None or m["end"] >= month)
            )
            groups = divide(coaches, sessions_needed(len(coaches)))
            if position % 4 == 3 and groups:
                groups = groups[:-1]  # a session short: the rule's gap to find
            for index, group in enumerate(groups):
                start = timezone.make_aware(
                    dt.datetime.combine(nth_weekday(month, 1, index + 1), dt.time(10))
                )
                finished = start + dt.timedelta(hours=1) < now
                sessions.append(
                    Activity(
                        kind=ActivityKind.GROUP_CONFERENCE,
                        state=ActivityState.HELD if finished else ActivityState.BOOKED,
                        dea_id=cohort.dea_id,
                        created_by_id=cohort.dea_id,
                        start=start,
                        end=start + dt.timedelta(hours=1),
                        channel=MeetingChannel.FACE_TO_FACE,
                        booked_by_id=cohort.dea_id,
                        booked_at=now,
                        held_at=start if finished else None,
                    )
                )
                invited.append((cohort.dea_id, group, finished))

    coach_dea = {
        m["work_coach_id"]: c.dea_id
        for c in cohorts
        for m in members.get(c.pk, [])
        if m["start"] <= today and (m["end"] is None or m["end"] >= today)
    }
    from claimants.models import Claimant

    held_by = list(
        Claimant.objects.filter(work_coach_id__in=list(coach_dea)).values_list(
            "pk", "work_coach_id"
        )
    )
    chosen = rng.sample(held_by, round(len(held_by) * CSI_SHARE))
    managers = dict(LineManagement.objects.current_on().values_list("staff_id", "manager_id"))
    csis, approvals = [], []
    for claimant_id, coach_id in chosen:
        dea_id = coach_dea[coach_id]
        over = rng.random() < 0.1
        count = 4 if over else rng.choice((1, 1, 2, 2, 3))
        for i in range(count):
            start = now - dt.timedelta(days=30 * (count - i), hours=rng.randrange(1, 6))
            csis.append(
                Activity(
                    kind=ActivityKind.CLAIMANT_SUPPORT_INTERVENTION,
                    state=ActivityState.CONCLUDED,
                    claimant_id=claimant_id,
                    dea_id=dea_id,
                    work_coach_id=coach_id,
                    created_by_id=dea_id,
                    start=start,
                    end=start + dt.timedelta(hours=1),
                    channel=MeetingChannel.FACE_TO_FACE,
                    closed_at=start + dt.timedelta(hours=1),
                )
            )
        if over and rng.random() < 0.5 and dea_id in managers:
            approvals.append(
                CsiApproval(
                    claimant_id=claimant_id,
                    approved_by_id=managers[dea_id],
                    reason="Exceptional circumstances agreed with the DEA.",
                )
            )
    first_coach = {}
    for coach_id, dea_id in sorted(coach_dea.items()):
        first_coach.setdefault(dea_id, coach_id)
    holding = [
        Activity(
            kind=ActivityKind.INFORMATIONAL_SUPPORT,
            state=ActivityState.HOLDING_RESPONSE,
            dea_id=dea_id,
            work_coach_id=coach_id,
            created_by_id=dea_id,
            holding_message="Finding out about local provision.",
            expected_return=today - dt.timedelta(days=3),
        )
        for dea_id, coach_id in first_coach.items()
    ]

    with transaction.atomic():
        Activity.objects.bulk_create(sessions, batch_size=2000)
        people = []
        for session, (dea_id, group, finished) in zip(sessions, invited, strict=True):
            people.append(
                Participant(
                    activity=session,
                    staff_id=dea_id,
                    role=ParticipantRole.DEA,
                    attended=True if finished else None,
                )
            )
            people += [
                Participant(
                    activity=session,
                    staff_id=coach_id,
                    role=ParticipantRole.WORK_COACH,
                    attended=True if finished else None,
                )
                for coach_id in group
            ]
        Participant.objects.bulk_create(people, batch_size=5000)
        Activity.objects.bulk_create(csis, batch_size=5000)
        CsiApproval.objects.bulk_create(approvals, batch_size=5000)
        Activity.objects.bulk_create(holding, batch_size=2000)
    return {
        "group conferences": len(sessions),
        "participants": len(people),
        "claimant support interventions": len(csis),
        "claimants with CSIs": len(chosen),
        "CSI approvals": len(approvals),
        "holding responses": len(holding),
    }
