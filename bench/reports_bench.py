"""Benchmarks of the reports (issue 7): the FTE headcount and the activity exports.

1. FTE headcount over at least a million FTE returns (goal: 200 ms or less). The returns are
   the demo's (``reports.demo.seed_fte_returns``: the FOI years, then national DEAs and work
   coaches month by month), loaded up to the month that brings them past the target. Timed
   as the selector alone and as ``GET /api/reports/headcount/`` for the whole span.
2. The CSV of every activity line (``/reports/activity/rows/``) over a million activities
   (goal: 200,000 lines a second or more, memory growth 50 MB or less). The activities are
   written by PostgreSQL itself (``INSERT ... SELECT generate_series``), spread over the
   last twelve months and every DEA in the database, once: a second run finds them. The
   time runs from the request to the last chunk of the streamed response; memory is the
   process's resident set, sampled every 10 ms while it streams, less what it was before.
   The Python heap's own peak (tracemalloc, which slows the code it watches) is measured
   separately over the first 200,000 lines.
3. The activity and compliance figures over the same activities, nationally and by district.

``bench/run.py`` runs these after its own figures, on its national database. Run alone
(``.venv/bin/python bench/reports_bench.py --scale 0.05``) it builds a database of its own,
``jomcase_bench_reports``, with a small organisation of DEAs to hang the activities on.
A figure over its goal is reported, never turned into a failure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import threading
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

HEADCOUNT_GOAL_MS = 200.0
ROWS_PER_SECOND_GOAL = 200_000
MEMORY_GROWTH_GOAL_MB = 50.0
NATIONAL_RETURNS = 1_000_000
NATIONAL_ACTIVITIES = 1_000_000
TRACED_LINES = 200_000
BENCH_PLACE = "reports benchmark"  # marks the activities this module wrote
BENCH_DATABASE = "jomcase_bench_reports"
ANALYST = "bench-analyst"


# ---------------------------------------------------------------------------------------
# Data


def returns_until(target: int) -> dt.date:
    """The month whose demo returns bring the total from April 2012 to ``target`` or more."""
    from reports.demo import plan, split

    total = 0
    for month, totals in sorted(plan().items()):
        total += sum(full + 2 * pairs for full, pairs in map(split, totals.values()))
        if total >= target:
            return month
    return month


def load_returns(target: int) -> dict:
    from reports.demo import seed_fte_returns
    from reports.models import FteReturn

    until = returns_until(target)
    started = time.perf_counter()
    summary = seed_fte_returns(until=until)
    return {
        "until": f"{until:%Y-%m}",
        "months_loaded": summary.months_created,
        "seconds": round(time.perf_counter() - started, 1),
        "returns": FteReturn.objects.count(),
    }


def bench_months(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The twelve months up to the last complete one."""
    from jomcase.months import add_months
    from reports.years import last_complete_month

    last = last_complete_month(today)
    return add_months(last, -11), last


def ensure_deas(count: int = 60) -> list[int]:
    """The DEAs to hang activities on: the database's own, or a small organisation made here."""
    from jomcase.models import District, Jobcentre, Role, RoleAssignment, Staff

    deas = list(
        RoleAssignment.objects.filter(role=Role.DEA, staff__jobcentre__isnull=False)
        .values_list("staff_id", flat=True)
        .distinct()
    )
    if deas:
        return deas
    for n in range(count):
        district, _ = District.objects.get_or_create(name=f"Bench district {n // 6 + 1}")
        jobcentre, _ = Jobcentre.objects.get_or_create(
            name=f"Bench jobcentre {n // 2 + 1}", defaults={"district": district}
        )
        staff, _ = Staff.objects.get_or_create(
            username=f"bench-dea-{n + 1}", defaults={"jobcentre": jobcentre}
        )
        RoleAssignment.objects.get_or_create(
            staff=staff, role=Role.DEA, defaults={"start": dt.date(2020, 1, 1)}
        )
        deas.append(staff.pk)
    return deas


_INSERT = """
INSERT INTO {table} (kind, state, dea_id, created_by_id, created_at, start, "end", channel,
                     place, cancel_reason, summary, record_on_development_plan, information,
                     links, holding_message)
SELECT k.kind, (ARRAY['held', 'concluded', 'booked', 'not_attended', 'cancelled'])[1 + g %% 5],
       d.dea, d.dea, s.at,
       CASE WHEN k.kind = 'informational_support' THEN NULL ELSE s.at END,
       CASE WHEN k.kind = 'informational_support' THEN NULL ELSE s.at + INTERVAL '1 hour' END,
       CASE WHEN k.kind = 'informational_support' THEN ''
            ELSE (ARRAY['face_to_face', 'phone', 'video'])[1 + g %% 3] END,
       %(place)s, '', '', FALSE, '', '', ''
FROM generate_series(1, %(count)s) AS g
CROSS JOIN LATERAL (
    SELECT (ARRAY['case_conference', 'skill_conference', 'informational_support',
                  'three_way', 'group_conference'])[1 + (g / 7) %% 5] AS kind
) k
CROSS JOIN LATERAL (SELECT (%(deas)s::bigint[])[1 + g %% %(dea_count)s] AS dea) d
CROSS JOIN LATERAL (
    SELECT %(first)s::timestamptz + (g %% %(hours)s) * INTERVAL '1 hour' AS at
) s
"""


def load_activities(target: int) -> dict:
    """Activities spread over the benchmark's months until the database holds ``target``
    of them there, written once (a second run adds only what is missing)."""
    from django.db import connection
    from django.utils import timezone

    from conferences.models import Activity
    from jomcase.months import add_months

    first, last = bench_months()
    start = timezone.make_aware(dt.datetime.combine(first, dt.time(9)))
    end = timezone.make_aware(dt.datetime.combine(add_months(last, 1), dt.time.min))
    hours = int((end - start).total_seconds() // 3600) - 24
    have = Activity.objects.filter(place=BENCH_PLACE).count()
    started = time.perf_counter()
    missing = max(target - have, 0)
    if missing:
        deas = ensure_deas()
        with connection.cursor() as cursor:
            cursor.execute(
                _INSERT.format(table=Activity._meta.db_table),
                {
                    "place": BENCH_PLACE,
                    "count": missing,
                    "deas": deas,
                    "dea_count": len(deas),
                    "first": start,
                    "hours": hours,
                },
            )
            cursor.execute(f"ANALYZE {Activity._meta.db_table}")
    return {
        "added": missing,
        "seconds": round(time.perf_counter() - started, 1),
        "activities": Activity.objects.count(),
        "months": f"{first:%Y-%m} to {last:%Y-%m}",
    }


def analyst_client():
    from django.test import Client

    from jomcase.models import Role, RoleAssignment, Staff

    analyst, _ = Staff.objects.get_or_create(username=ANALYST)
    RoleAssignment.objects.get_or_create(
        staff=analyst, role=Role.ANALYST, defaults={"start": dt.date(2020, 1, 1)}
    )
    client = Client(HTTP_HOST="localhost", HTTP_X_FORWARDED_PROTO="https")
    client.force_login(analyst)
    return client


# ---------------------------------------------------------------------------------------
# Measures


def _timed(call, repeat: int) -> tuple[float, float]:
    """Median and best milliseconds of ``call`` over ``repeat`` runs, after one to warm up."""
    call()
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        runs.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(runs), 2), round(min(runs), 2)


def measure_headcount(client, repeat: int) -> dict:
    from django.db import connection

    from reports.selectors import headcount, reported_years

    first, last = reported_years()
    query = {"from": first.slug, "to": last.slug}

    def selector():
        return headcount(first_year=first, last_year=last)

    def api():
        response = client.get("/api/reports/headcount/", query)
        assert response.status_code == 200, response.status_code
        return response

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        result = selector()
    selector_ms, selector_best = _timed(selector, repeat)
    api_ms, api_best = _timed(api, repeat)
    return {
        "years": f"{first.label} to {last.label}",
        "rows": len(result.rows),
        "queries": len(queries),
        "selector_ms": selector_ms,
        "selector_ms_min": selector_best,
        "api_ms": api_ms,
        "api_ms_min": api_best,
    }


def _rss() -> int:
    """The process's resident set in bytes (Linux), or 0 where /proc is not there."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


class RssPeak:
    """Samples the resident set in a thread while the block runs; ``growth`` is the peak
    less the value on entry."""

    def __init__(self, every: float = 0.01):
        self.every, self.peak, self.start = every, 0, 0
        self._stop = threading.Event()

    def _sample(self):
        while not self._stop.wait(self.every):
            self.peak = max(self.peak, _rss())

    def __enter__(self):
        self.start = self.peak = _rss()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _rss())

    @property
    def growth_mb(self) -> float:
        return round((self.peak - self.start) / 2**20, 1)


def measure_rows_export(client) -> dict:
    first, last = bench_months()
    query = {"month_from": f"{first:%Y-%m}", "month_to": f"{last:%Y-%m}"}
    url = "/reports/activity/rows/"
    lines = size = 0
    with RssPeak() as rss:
        started = time.perf_counter()
        response = client.get(url, query)
        for chunk in response.streaming_content:
            lines += chunk.count(b"\n")
            size += len(chunk)
        seconds = time.perf_counter() - started
    lines -= 1  # the heading

    tracemalloc.start()
    traced = 0
    try:
        response = client.get(url, query)
        for chunk in response.streaming_content:
            traced += chunk.count(b"\n")
            if traced > TRACED_LINES:
                break
        heap_peak = tracemalloc.get_traced_memory()[1]
    finally:
        response.close()
        tracemalloc.stop()
    return {
        "status": response.status_code,
        "lines": lines,
        "megabytes": round(size / 2**20, 1),
        "seconds": round(seconds, 2),
        "lines_per_second": round(lines / seconds) if seconds else None,
        "rss_growth_mb": rss.growth_mb,
        "heap_peak_mb_first_lines": round(heap_peak / 2**20, 1),
        "traced_lines": min(traced - 1, TRACED_LINES),
    }


def measure_figures(repeat: int) -> dict:
    from reports.activity import Scope, activity_figures

    first, last = bench_months()
    out = {}
    for level in ("national", "district"):
        median, best = _timed(
            lambda level=level: activity_figures(Scope(first=first, last=last, level=level)),
            repeat,
        )
        out[level] = {"ms": median, "ms_min": best}
    return out


def measure_reports(scale: float, repeat: int = 5) -> dict:
    """Load what is missing, then time the headcount, the activity lines and the figures."""
    repeat = max(3, min(repeat, 10))
    print("Reports: loading FTE returns and activities (once)…")
    returns = load_returns(max(50_000, int(NATIONAL_RETURNS * scale)))
    activities = load_activities(int(NATIONAL_ACTIVITIES * scale))
    client = analyst_client()
    print("Reports: timing the headcount, the activity lines export and the figures…")
    return {
        "scale": scale,
        "fte_returns": returns,
        "activities": activities,
        "headcount": measure_headcount(client, repeat),
        "rows_export": measure_rows_export(client),
        "figures": measure_figures(min(repeat, 3)),
    }


def print_reports(figures: dict) -> None:
    hc, rows = figures["headcount"], figures["rows_export"]
    slow = "" if hc["api_ms"] <= HEADCOUNT_GOAL_MS else "  (above goal)"
    print(
        f"\nHeadcount over {figures['fte_returns']['returns']:,} FTE returns ({hc['years']}, "
        f"{hc['rows']} adviser types): selector {hc['selector_ms']:.1f} ms in "
        f"{hc['queries']} query, API {hc['api_ms']:.1f} ms (goal <= {HEADCOUNT_GOAL_MS:g}){slow}"
    )
    rate_flag = "" if (rows["lines_per_second"] or 0) >= ROWS_PER_SECOND_GOAL else " (below goal)"
    memory_flag = "" if rows["rss_growth_mb"] <= MEMORY_GROWTH_GOAL_MB else " (above goal)"
    print(
        f"Activity lines CSV: {rows['lines']:,} lines ({rows['megabytes']:.0f} MB) in "
        f"{rows['seconds']:.1f} s = {rows['lines_per_second']:,} lines/s "
        f"(goal >= {ROWS_PER_SECOND_GOAL:,}){rate_flag}; memory growth "
        f"{rows['rss_growth_mb']:.1f} MB RSS (goal <= {MEMORY_GROWTH_GOAL_MB:g}){memory_flag}, "
        f"Python heap peak {rows['heap_peak_mb_first_lines']:.1f} MB over the first "
        f"{rows['traced_lines']:,} lines"
    )
    for level, timing in figures["figures"].items():
        print(
            f"Activity figures, 12 months by {level}, over "
            f"{figures['activities']['activities']:,} activities: {timing['ms']:.0f} ms"
        )


def main(argv=None) -> int:
    from run import RESULTS_DIR, database_url_for, recreate_database, start_django

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="share of a million rows")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per figure")
    parser.add_argument("--database", default=BENCH_DATABASE)
    parser.add_argument("--reuse", action="store_true", help="keep the database if it exists")
    parser.add_argument("--debug", action="store_true", help="development settings")
    args = parser.parse_args(argv)
    if not 0 < args.scale <= 1:
        parser.error("--scale must be in (0, 1]")
    url = database_url_for(args.database)
    if not args.reuse:
        recreate_database(url)
    start_django(url, debug=args.debug)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    figures = measure_reports(args.scale, args.repeat)
    print_reports(figures)
    RESULTS_DIR.mkdir(exist_ok=True)
    name = "reports" if args.scale == 1 else f"reports-scale-{args.scale:g}"
    out = RESULTS_DIR / f"{name}.json"
    out.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"\nFigures written to bench/results/{out.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
