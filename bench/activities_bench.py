"""Benchmarks of the DEA's activities on the national dataset (issue 4's figures).

- booking a claimant support intervention through the API, each time a new claimant whose
  consent is recorded, so every booking takes the claimant's lock, counts their CSIs and
  checks the DEA's diary, as a live booking does (goal: p95 of 100 ms or less);
- the claimant timeline of 200 events, as a page and through the API;
- the busiest DEA's diary week.

The work measured is added to the benchmark database once, beside what ``rule_work`` adds;
run again, it is found and reused.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time

BOOKING_P95_GOAL_MS = 100.0
TIMELINE_EVENTS = 200
BENCH_NOTE = "benchmark work"


def _dea_and_claimants(count: int):
    """The busiest DEA and ``count`` of their cohort's claimants with no activity yet."""
    from run import busiest_dea

    from claimants.models import Claimant
    from conferences.models import Activity
    from dea_support.models import CohortMembership

    dea, _, _ = busiest_dea()
    coaches = (
        CohortMembership.objects.current_on()
        .filter(cohort__dea=dea)
        .values_list("work_coach", flat=True)
    )
    busy = Activity.objects.filter(claimant__isnull=False).values("claimant")
    claimants = list(
        Claimant.objects.filter(work_coach__in=coaches, non_benefit=False)
        .exclude(pk__in=busy)
        .select_related("work_coach")
        .order_by("pk")[:count]
    )
    return dea, claimants


def _proposed_csis(dea, claimants) -> list[int]:
    """A proposed CSI, consent recorded, for each claimant (through the services)."""
    from conferences.models import ActivityKind
    from conferences.services import activity_propose, activity_record_consent

    ids = []
    for claimant in claimants:
        activity = activity_propose(
            kind=ActivityKind.CLAIMANT_SUPPORT_INTERVENTION,
            actor=dea,
            dea=dea,
            work_coach=claimant.work_coach,
            claimant=claimant,
            message=BENCH_NOTE,
        )
        activity_record_consent(
            activity_id=activity.pk,
            actor=dea,
            given=True,
            informed_voluntary=True,
            informed_conditionality=True,
            discussed_with_team_leader=True,
        )
        ids.append(activity.pk)
    return ids


def _free_slots(people, count: int, first_day: dt.date, *, per_day: int = 8):
    """``count`` hour-long weekday slots from ``first_day``, at most ``per_day`` a day, that
    the diaries of all ``people`` leave free."""
    from django.utils import timezone

    from conferences.models import DiaryEntry

    day, slots = first_day, []
    while len(slots) < count:
        if day.weekday() < 5:
            taken = list(
                DiaryEntry.objects.filter(
                    staff__in=people,
                    start__date__lte=day,
                    end__date__gte=day,
                ).values_list("start", "end")
            )
            for hour in range(9, 9 + per_day):
                start = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
                end = start + dt.timedelta(hours=1)
                if not any(s < end and start < e for s, e in taken):
                    slots.append((start, end))
                    if len(slots) == count:
                        break
        day += dt.timedelta(days=1)
    return slots


def measure_csi_booking(repeat: int) -> dict:
    """``POST /api/activities/{id}/book/`` for a new CSI each time, as its DEA."""
    from django.db import connection
    from django.test import Client
    from run import PROXY_HEADERS, QueryTimer, p95

    runs = max(repeat, 30)
    dea, claimants = _dea_and_claimants(runs + 2)
    activity_ids = _proposed_csis(dea, claimants)
    slots = _free_slots([dea], len(activity_ids), dt.date.today() + dt.timedelta(days=56))
    client = Client(HTTP_HOST="localhost", **PROXY_HEADERS)
    client.force_login(dea)
    server, sql, counts, statuses = [], [], [], set()
    for index, (activity_id, (start, end)) in enumerate(zip(activity_ids, slots, strict=True)):
        body = {"start": start.isoformat(), "end": end.isoformat(), "channel": "face_to_face"}
        timer = QueryTimer()
        with connection.execute_wrapper(timer):
            started = time.perf_counter()
            response = client.post(
                f"/api/activities/{activity_id}/book/", body, content_type="application/json"
            )
            elapsed = time.perf_counter() - started
        statuses.add(response.status_code)
        if index < 2:  # warm-up
            continue
        server.append(elapsed * 1000)
        sql.append(sum(t for _, _, t in timer.queries) * 1000)
        counts.append(len(timer.queries))
    return {
        "path": "/api/activities/{id}/book/",
        "user": dea.username,
        "runs": len(server),
        "statuses": sorted(statuses),
        "server_ms": round(statistics.median(server), 1),
        "server_ms_p95": round(p95(server), 1),
        "sql_ms": round(statistics.median(sql), 1),
        "queries": max(counts),
    }


def _timeline_claimant(dea):
    """A claimant with at least 200 timeline events: a chain of case conferences, each
    booked, held and concluded with the next (made once and kept)."""
    from django.utils import timezone

    from conferences.models import Activity, ActivityKind, OutcomeKind
    from conferences.selectors import claimant_timeline
    from conferences.services import (
        activity_book,
        activity_hold,
        activity_propose,
        activity_record_outcome,
    )

    kept = (
        Activity.objects.filter(events__message=BENCH_NOTE, kind=ActivityKind.CASE_CONFERENCE)
        .values_list("claimant", flat=True)
        .first()
    )
    if kept:
        from claimants.models import Claimant

        claimant = Claimant.objects.get(pk=kept)
        events = len(claimant_timeline(claimant))
        if events >= TIMELINE_EVENTS:
            return claimant, events
    (claimant,) = _dea_and_claimants(1)[1]
    coach = claimant.work_coach
    # A week apart, in the past, where the DEA's and the coach's diaries are free.
    first_day = timezone.localdate() - dt.timedelta(days=500)
    slots = iter(_free_slots([dea, coach], TIMELINE_EVENTS, first_day, per_day=1))
    activity_id = activity_propose(
        kind=ActivityKind.CASE_CONFERENCE,
        actor=coach,
        dea=dea,
        work_coach=coach,
        claimant=claimant,
        message=BENCH_NOTE,
    ).pk
    # A chain of weekly case conferences, each concluded by proposing the next.
    while True:
        start, end = next(slots)
        activity_book(
            activity_id=activity_id,
            actor=coach,
            start=start,
            end=end,
            channel="video",
        )
        activity_hold(activity_id=activity_id, actor=coach)
        (follow_on,) = activity_record_outcome(
            activity_id=activity_id,
            actor=coach,
            outcomes=[OutcomeKind.CASE_CONFERENCE],
            summary="Agreed to meet again next week to review progress.",
        )
        activity_id = follow_on["id"]
        events = len(claimant_timeline(claimant))
        if events >= TIMELINE_EVENTS:
            return claimant, events


def measure_timeline_and_diary(repeat: int) -> dict:
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone
    from run import PROXY_HEADERS, measure

    from conferences.models import DiaryEntry

    dea, _ = _dea_and_claimants(0)
    claimant, events = _timeline_claimant(dea)
    coach_client = Client(HTTP_HOST="localhost", **PROXY_HEADERS)
    coach_client.force_login(claimant.work_coach)
    dea_client = Client(HTTP_HOST="localhost", **PROXY_HEADERS)
    dea_client.force_login(dea)
    busiest_week = (
        DiaryEntry.objects.filter(staff=dea, start__gte=timezone.now())
        .order_by("start")
        .values_list("start", flat=True)
        .first()
    )
    week = (busiest_week or dt.datetime.now()).date().isocalendar()
    week_label = f"{week.year}-W{week.week:02d}"
    entries = DiaryEntry.objects.filter(
        staff=dea,
        start__date__gte=dt.date.fromisocalendar(week.year, week.week, 1),
        start__date__lte=dt.date.fromisocalendar(week.year, week.week, 7),
    ).count()
    username = claimant.work_coach.username
    measurements = [
        measure(
            coach_client,
            f"claimant timeline ({events} events), coach",
            reverse("conferences:claimant_timeline", args=[claimant.pk]),
            username,
            repeat,
        ),
        measure(
            coach_client,
            f"timeline API ({events} events), coach",
            f"/api/claimants/{claimant.pk}/timeline/",
            username,
            repeat,
        ),
        measure(
            dea_client,
            f"diary week ({entries} entries), DEA",
            f"{reverse('conferences:diary')}?week={week_label}",
            dea.username,
            repeat,
        ),
    ]
    return {"timeline_events": events, "diary_entries": entries, "measurements": measurements}


def measure_activities(repeat: int) -> dict:
    from dataclasses import asdict

    print("Timing CSI booking, the claimant timeline and the DEA's diary…")
    booking = measure_csi_booking(repeat)
    pages = measure_timeline_and_diary(repeat)
    pages["measurements"] = [asdict(m) for m in pages["measurements"]]
    return {"booking": booking, **pages}


def print_activities(figures: dict) -> None:
    from run import print_table

    booking = figures["booking"]
    flag = "" if booking["server_ms_p95"] <= BOOKING_P95_GOAL_MS else "  (above goal)"
    print(
        f"\nBooking a CSI ({booking['path']}, {booking['user']}, {booking['runs']} bookings, "
        f"HTTP {', '.join(map(str, booking['statuses']))}): p50 {booking['server_ms']:.1f} ms, "
        f"p95 {booking['server_ms_p95']:.1f} ms (goal <= {BOOKING_P95_GOAL_MS:g}){flag}; "
        f"{booking['queries']} queries, SQL p50 {booking['sql_ms']:.1f} ms\n"
    )
    print_table(figures["measurements"])
