"""Benchmarks at national scale: ``make bench`` (or ``.venv/bin/python bench/run.py``).

1. Makes a database of its own, ``jomcase_bench``, on the server DATABASE_URL points to (or on
   the embedded server when DATABASE_URL is unset), migrates it and times
   ``manage.py seed_demo --national``.
2. Signs in as a work coach team leader and as a work coach of the national dataset (the ones
   with the most claimants, so the figures are the worst case) and requests the caseload page
   and the claimants API through Django's test client. For each it reports the server time
   per request (median of ``--repeat``), the number of SQL queries, the time those queries
   took as the application saw them, and their execution time inside PostgreSQL (EXPLAIN
   ANALYZE); the ratio of server time to SQL time shows how much the Python side adds
   (the goal is at most 2).
3. Signs in as the DEA with the most open support requests and requests the inbox page
   (``--repeat`` times, at least 30), with the same figures and the 95th percentile.
4. Files claimant support requests through ``POST /api/support-requests/`` as a work coach
   of that DEA's cohort, one claimant each time, and reports the 95th percentile (the goal
   is 150 ms or less).
5. Runs the referral-trends rule over the whole dataset twice: the time and alerts of the
   first run, and a second run that must write nothing.
6. Adds a year's group conferences, CSIs and holding responses (``bench/rule_work.py``) and
   runs each of the other scheduled rules twice as its Celery task runs it: the group
   conference compliance check, the CSI cap audit, required response dates and information
   reminders. The first run's time and alerts, and a second run that must write nothing but
   its own job-run row (goal: 30 s or less a run).
7. Books claimant support interventions through ``POST /api/activities/{id}/book/`` as the
   busiest DEA (goal: p95 of 100 ms or less), and times a claimant timeline of 200 events
   (page and API) and that DEA's diary week (``bench/activities_bench.py``).
8. Times the FTE headcount over a million FTE returns and the CSV of a million activity
   lines, with the memory it takes, and the activity figures (``bench/reports_bench.py``).

The requests run under the settings a live service uses: ``DJANGO_DEBUG`` off (so no query
log is kept and error pages are plain), static files collected into a folder of the
benchmark's own and named through their manifest, and each request arriving as through the
HTTPS proxy (``X-Forwarded-Proto: https``). Only demo mode is on, so that ``seed_demo`` may
write the generated people. ``--debug`` measures the development settings instead.

It prints a table and writes the figures to ``bench/results/<name>.json``. A slow figure is
reported, never turned into a failure. ``--quick`` runs the same at 1/20th of the scale.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import secrets
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS_DIR = Path(__file__).resolve().parent / "results"
sys.path.insert(0, str(BASE_DIR))

BENCH_DATABASE = "jomcase_bench"
# collectstatic's output for the production settings; kept apart from the project's own
# STATIC_ROOT so that a development server never serves these copies.
BENCH_STATIC_ROOT = BASE_DIR / ".run" / "bench-static"
# What the TLS-terminating proxy adds to every request it passes on (README, production).
PROXY_HEADERS = {"HTTP_X_FORWARDED_PROTO": "https"}
RATIO_GOAL = 2.0
FILING_P95_GOAL_MS = 150.0
#: At least this many timed requests for the inbox and filing figures, whose p95 is reported.
P95_RUNS = 30


def database_url_for(name: str) -> str:
    """The URL of database ``name`` on the server the app would use."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        # Starting (or joining) the embedded server here keeps it running for as long as
        # this process lives, which covers the whole benchmark.
        from jomcase.embedded_postgres import database_url

        url = database_url(BASE_DIR)
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def recreate_database(url: str) -> None:
    import psycopg2
    from psycopg2 import sql

    name = urlsplit(url).path.lstrip("/")
    admin_url = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    connection = psycopg2.connect(admin_url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        database = sql.Identifier(name)
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(database))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(database))
    connection.close()


def start_django(url: str, *, debug: bool = False) -> None:
    """Settings as a live service has them (or as ``make run`` has them, with ``debug``)."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jomcase.settings")
    # Keep one connection across requests, as a live server does; otherwise every request
    # would pay for a new connection and the server time would not be the application's.
    os.environ.setdefault("CONN_MAX_AGE", "600")
    os.environ["DJANGO_DEBUG"] = "true" if debug else "false"
    # Only seed_demo looks at demo mode; the benchmark database holds generated people.
    os.environ["JOMCASE_DEMO"] = "true"
    # Filing and the trends rule queue e-mails on commit. An in-process broker takes them, as
    # Redis would, and no worker anywhere sends mail about the benchmark's made-up people.
    os.environ["CELERY_BROKER_URL"] = "memory://localhost/"
    if not debug:
        # A key of this run's own: production settings refuse to start without one.
        os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(64))
        os.environ["STATIC_ROOT"] = str(BENCH_STATIC_ROOT)
    import django

    django.setup()
    if not debug:
        collect_static()


def collect_static() -> None:
    """What the image does at build time: production pages name static files by manifest."""
    from django.core.management import call_command

    if not (BASE_DIR / "static" / "build" / "app.css").exists():
        sys.exit("bench: the GOV.UK assets are not built; run `make assets` (or `make bench`).")
    call_command("collectstatic", interactive=False, clear=True, verbosity=0)


# ---------------------------------------------------------------------------------------
# Seeding


def seed(scale: float) -> dict:
    from django.core.management import call_command

    from dea_support.demo import NationalShape, plan_national

    shape = NationalShape() if scale == 1 else NationalShape.scaled(scale)
    rows = plan_national(shape).row_counts()
    out = StringIO()
    args = ["seed_demo", "--national", "--scale", str(scale)]
    started = time.perf_counter()
    call_command(*args, stdout=out)
    seconds = time.perf_counter() - started
    total = sum(rows.values())
    return {
        "command": "manage.py " + " ".join(args),
        "seconds": round(seconds, 2),
        "rows": total,
        "rows_per_second": round(total / seconds),
        "tables": rows,
    }


# ---------------------------------------------------------------------------------------
# Requests


class QueryTimer:
    """Times every SQL statement the application runs (connection.execute_wrapper)."""

    def __init__(self):
        self.queries: list[tuple[str, object, float]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((sql, params, time.perf_counter() - started))


def explain_ms(queries) -> float:
    """Planning plus execution time of the SELECTs inside PostgreSQL, in milliseconds."""
    from django.db import connection

    total = 0.0
    with connection.cursor() as cursor:
        for sql, params, _ in queries:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            total += plan[0]["Planning Time"] + plan[0]["Execution Time"]
    return total


@dataclass
class Measurement:
    name: str
    path: str
    user: str
    status: int | None = None
    runs: int = 0
    server_ms: float | None = None
    server_ms_min: float | None = None
    server_ms_p95: float | None = None
    queries: int | None = None
    sql_ms: float | None = None
    sql_ms_p95: float | None = None
    explain_ms: float | None = None
    ratio: float | None = None
    error: str | None = None
    slowest_queries: list[dict] = field(default_factory=list)


def p95(values: list[float]) -> float:
    """The 95th percentile (inclusive method; the largest value for fewer than 20)."""
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def summarise(result: Measurement, server: list[float], sql: list[float], timer) -> None:
    """Fill in the timing figures of ``result`` from per-run seconds and the last run's queries."""
    result.runs = len(server)
    result.server_ms = round(statistics.median(server) * 1000, 2)
    result.server_ms_min = round(min(server) * 1000, 2)
    result.server_ms_p95 = round(p95(server) * 1000, 2)
    result.sql_ms = round(statistics.median(sql) * 1000, 2)
    result.sql_ms_p95 = round(p95(sql) * 1000, 2)
    result.ratio = round(result.server_ms / result.sql_ms, 2) if result.sql_ms else None
    result.slowest_queries = [
        {"ms": round(t * 1000, 2), "sql": sql_text[:300]}
        for sql_text, _, t in sorted(timer.queries, key=lambda q: -q[2])[:3]
    ]


def measure(client, name: str, path: str, username: str, repeat: int) -> Measurement:
    from django.db import connection

    result = Measurement(name=name, path=path, user=username)
    try:
        for _ in range(2):  # warm caches: templates, the planner, the OS
            client.get(path)
        server, sql, counts, timer = [], [], [], QueryTimer()
        for _ in range(repeat):
            timer = QueryTimer()
            with connection.execute_wrapper(timer):
                started = time.perf_counter()
                response = client.get(path)
                server.append(time.perf_counter() - started)
            sql.append(sum(t for _, _, t in timer.queries))
            counts.append(len(timer.queries))
        result.status = response.status_code
        summarise(result, server, sql, timer)
        result.queries = max(counts)
        result.explain_ms = round(explain_ms(timer.queries), 2)
        if response.status_code != 200:
            result.error = f"HTTP {response.status_code}"
    except Exception as error:  # a page still being written must not stop the other figures
        result.error = f"{type(error).__name__}: {error}"[:300]
    return result


def measure_selector(user, username: str, repeat: int) -> Measurement:
    """The caseload selector alone (count and first page), without view or template."""
    from django.db import connection

    from claimants import selectors
    from jomcase.models import Role

    result = Measurement(name="caseload selector", path="selectors.caseload_rows", user=username)
    with_work_coach = user.has_role(Role.WCTL)  # as the page asks for it
    server, sql, timer = [], [], QueryTimer()
    for _ in range(repeat + 2):
        timer = QueryTimer()
        with connection.execute_wrapper(timer):
            started = time.perf_counter()
            qs = selectors.caseload_rows(user=user, with_work_coach=with_work_coach)
            qs.count()
            list(qs[:25])
            server.append(time.perf_counter() - started)
        sql.append(sum(t for _, _, t in timer.queries))
    summarise(result, server[2:], sql[2:], timer)
    result.queries = len(timer.queries)
    result.explain_ms = round(explain_ms(timer.queries), 2)
    return result


def busiest_users():
    """The national team leader whose team holds most claimants, and the busiest coach."""
    from django.db.models import Count

    from claimants.models import Claimant
    from dea_support.demo.national import national_district_names
    from jomcase.models import Staff, TeamMembership

    national = Staff.objects.filter(jobcentre__district__name__in=national_district_names())
    coach_id = (
        Claimant.objects.filter(work_coach__in=national)
        .values("work_coach")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("work_coach", flat=True)
        .first()
    )
    per_leader = {}
    held = dict(
        Claimant.objects.filter(work_coach__in=national)
        .values("work_coach")
        .annotate(n=Count("id"))
        .values_list("work_coach", "n")
    )
    for leader, coach in (
        TeamMembership.objects.current_on()
        .filter(team__leader__in=national)
        .values_list("team__leader", "staff")
    ):
        per_leader[leader] = per_leader.get(leader, 0) + held.get(coach, 0)
    leader_id = max(per_leader, key=per_leader.get)
    return Staff.objects.get(pk=leader_id), Staff.objects.get(pk=coach_id), per_leader[leader_id]


def measure_pages(repeat: int) -> tuple[list[Measurement], dict]:
    from django.test import Client

    from claimants.models import Claimant

    leader, coach, team_claimants = busiest_users()
    users = {
        "leader": {"username": leader.username, "claimants_visible": team_claimants},
        "coach": {
            "username": coach.username,
            "claimants_visible": Claimant.objects.filter(work_coach=coach).count(),
        },
    }
    # A surname on the coach's caseload, so the search finds something for both users.
    surname = Claimant.objects.filter(work_coach=coach).values_list("surname", flat=True)[0]
    results = []
    for role, person in (("team leader", leader), ("work coach", coach)):
        client = Client(HTTP_HOST="localhost", **PROXY_HEADERS)
        client.force_login(person)
        for name, path in (
            (f"caseload page, {role}", "/claimants/"),
            (f"caseload page by name desc, {role}", "/claimants/?sort=-name&page=2"),
            (f"caseload search, {role}", f"/claimants/?q={surname}"),
            (f"GET /api/claimants/, {role}", "/api/claimants/"),
        ):
            results.append(measure(client, name, path, person.username, repeat))
        results.append(measure_selector(person, person.username, repeat))
        results[-1].name = f"caseload selector, {role}"
    return results, users


# ---------------------------------------------------------------------------------------
# Support requests: the DEA's inbox, filing, the referral-trends rule


def busiest_dea():
    """The national DEA with the most open requests, with their open and total counts."""
    from django.db.models import Count, Q

    from dea_support.demo.national import national_district_names
    from dea_support.models import OPEN_STATES, SupportRequest
    from jomcase.models import Staff

    national = Staff.objects.filter(jobcentre__district__name__in=national_district_names())
    row = (
        SupportRequest.objects.filter(dea__in=national)
        .values("dea")
        .annotate(open=Count("pk", filter=Q(state__in=OPEN_STATES)), all=Count("pk"))
        .order_by("-open", "dea")
        .first()
    )
    return Staff.objects.get(pk=row["dea"]), row["open"], row["all"]


def measure_inbox(repeat: int) -> tuple[list[Measurement], dict]:
    from django.test import Client

    dea, open_requests, all_requests = busiest_dea()
    client = Client(HTTP_HOST="localhost", **PROXY_HEADERS)
    client.force_login(dea)
    runs = max(repeat, P95_RUNS)
    results = [
        measure(client, name, path, dea.username, runs)
        for name, path in (
            ("inbox page, DEA", "/requests/inbox/"),
            ("inbox, all states, newest first, DEA", "/requests/inbox/?state=all&sort=newest"),
            ("inbox, overdue, DEA", "/requests/inbox/?due=overdue"),
        )
    ]
    return results, {"username": dea.username, "open": open_requests, "all": all_requests}


def filing_coach(dea):
    """The coach in ``dea``'s cohort with the most claimants, and those a DEA may support."""
    from claimants.models import Claimant
    from dea_support.models import CohortMembership
    from jomcase.models import Staff

    coach_ids = (
        CohortMembership.objects.current_on()
        .filter(cohort__dea=dea)
        .values_list("work_coach", flat=True)
    )
    best_coach, best_claimants = None, []
    for coach_id in coach_ids:
        claimants = list(
            Claimant.objects.filter(work_coach_id=coach_id)
            .eligible_for_support()
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if len(claimants) > len(best_claimants):
            best_coach, best_claimants = coach_id, claimants
    return Staff.objects.get(pk=best_coach), best_claimants


def measure_filing(dea, repeat: int) -> Measurement:
    """``POST /api/support-requests/``: a coach files claimant support, a new claimant each time."""
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    coach, claimants = filing_coach(dea)
    runs = min(max(repeat, P95_RUNS), len(claimants) - 2)
    path = "/api/support-requests/"
    result = Measurement(name="filing POST /api/support-requests/", path=path, user=coach.username)
    client = Client(HTTP_HOST="localhost", **PROXY_HEADERS)
    client.force_login(coach)
    required_by = (timezone.localdate() + dt.timedelta(days=7)).isoformat()

    def post(claimant_id: int):
        body = {
            "kind": "claimant_support",
            "claimant": claimant_id,
            "challenges": "Anxiety makes phone appointments hard after a recent hospital stay.",
            "reason": "Advice on adjustments before the next appointment.",
            "required_by": required_by,
        }
        return client.post(path, body, content_type="application/json")

    try:
        for claimant_id in claimants[:2]:  # warm up
            post(claimant_id)
        server, sql, counts, timer = [], [], [], QueryTimer()
        for claimant_id in claimants[2 : 2 + runs]:
            timer = QueryTimer()
            with connection.execute_wrapper(timer):
                started = time.perf_counter()
                response = post(claimant_id)
                server.append(time.perf_counter() - started)
            sql.append(sum(t for _, _, t in timer.queries))
            counts.append(len(timer.queries))
            if response.status_code != 201:
                result.error = f"HTTP {response.status_code}: {response.content[:200]!r}"
                break
        result.status = response.status_code
        summarise(result, server, sql, timer)
        result.queries = max(counts)
    except Exception as error:
        result.error = f"{type(error).__name__}: {error}"[:300]
    return result


def measure_trends() -> dict:
    """The referral-trends rule over the whole dataset, twice; the second run must write nothing."""
    from django.db import connection

    from dea_support.services.trends import referral_trends_check
    from jomcase.models import Notification

    figures = {}
    for run in ("first", "second"):
        before = Notification.objects.count()
        timer = QueryTimer()
        with connection.execute_wrapper(timer):
            started = time.perf_counter()
            summary = referral_trends_check()
            seconds = time.perf_counter() - started
        writes = [
            sql
            for sql, _, _ in timer.queries
            if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        ]
        figures[run] = {
            "seconds": round(seconds, 2),
            "queries": len(timer.queries),
            "sql_seconds": round(sum(t for _, _, t in timer.queries), 2),
            "writes": len(writes),
            "notifications_added": Notification.objects.count() - before,
            "summary": summary,
        }
    return figures


# ---------------------------------------------------------------------------------------
# The scheduled rules of group conferences, CSIs and response dates

RULE_GOAL_SECONDS = 30.0
#: Each rule as beat schedules it: its Celery task, which records a job-run row.
RULE_TASKS = (
    ("group conference compliance", "conferences.tasks.group_conference_compliance"),
    ("CSI cap audit", "conferences.tasks.csi_cap_audit_run"),
    ("required response dates", "dea_support.tasks.response_dates"),
    ("information reminders", "conferences.tasks.information_reminders"),
)


def measure_rules() -> dict:
    """Each rule over the whole dataset, twice, run by its task in this process."""
    from celery import current_app
    from django.db import connection
    from rule_work import seed_rule_work

    from jomcase.models import JobRun, Notification

    added = seed_rule_work()
    current_app.loader.import_default_modules()
    figures = {"work_added": added, "rules": {}}
    for label, task_name in RULE_TASKS:
        runs = {}
        for run in ("first", "second"):
            before = Notification.objects.count()
            timer = QueryTimer()
            with connection.execute_wrapper(timer):
                started = time.perf_counter()
                current_app.tasks[task_name].apply(throw=True)
                seconds = time.perf_counter() - started
            job = JobRun.objects.order_by("-id").first()
            writes = [
                sql
                for sql, _, _ in timer.queries
                if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
                and '"jomcase_jobrun"' not in sql
            ]
            runs[run] = {
                "seconds": round(seconds, 2),
                "queries": len(timer.queries),
                "writes": len(writes),
                "notifications_added": Notification.objects.count() - before,
                "looked_at": job.looked_at,
                "changed": job.changed,
                "status": job.status,
            }
        figures["rules"][label] = runs
    return figures


# ---------------------------------------------------------------------------------------
# Report


def print_report(report: dict) -> None:
    seed_figures = report.get("seed")
    if seed_figures:
        print(
            f"\nseed_demo --national: {seed_figures['seconds']:.1f} s for "
            f"{seed_figures['rows']:,} rows ({seed_figures['rows_per_second']:,} rows/s)"
        )
        for table, count in seed_figures["tables"].items():
            print(f"  {table:<22} {count:>9,}")
    print(
        "\nSettings: "
        + (
            "development (DJANGO_DEBUG on), as `make run` serves"
            if report["debug"]
            else "production (DJANGO_DEBUG off, collected static files, requests as through "
            "the HTTPS proxy)"
        )
    )
    print(
        f"\nUsers: team leader {report['users']['leader']['username']} "
        f"({report['users']['leader']['claimants_visible']:,} claimants in the team), "
        f"work coach {report['users']['coach']['username']} "
        f"({report['users']['coach']['claimants_visible']} claimants)\n"
    )
    print_table(report["measurements"])
    inbox = report.get("inbox")
    if inbox:
        dea = inbox["dea"]
        print(
            f"\nSupport requests: DEA {dea['username']} ({dea['open']:,} open requests, "
            f"{dea['all']:,} in all); {report['support_requests']:,} requests nationally\n"
        )
        print_table(inbox["measurements"])
        filing = inbox["filing"]
        if filing["server_ms_p95"] is None:
            print(f"\nFiling: not measured: {filing['error']}")
        else:
            flag = "" if filing["server_ms_p95"] <= FILING_P95_GOAL_MS else "  (above goal)"
            print(
                f"\nFiling ({filing['path']}, {filing['user']}, {filing['runs']} requests): "
                f"p50 {filing['server_ms']:.1f} ms, p95 {filing['server_ms_p95']:.1f} ms "
                f"(goal <= {FILING_P95_GOAL_MS:g}){flag}; {filing['queries']} queries, "
                f"SQL p50 {filing['sql_ms']:.1f} ms"
                + (f"  {filing['error']}" if filing["error"] else "")
            )
    trends = report.get("trends")
    if trends:
        first, second = trends["first"], trends["second"]
        print(
            f"\nReferral trends over {report['support_requests']:,} requests: first run "
            f"{first['seconds']:.1f} s ({first['summary']['coach_trends']} coach and "
            f"{first['summary']['topic_trends']} topic trends, {first['notifications_added']:,} "
            f"notifications, {first['queries']:,} queries); second run {second['seconds']:.1f} s, "
            f"{second['writes']} writes, {second['notifications_added']} notifications"
        )
    rules = report.get("rules")
    if rules:
        if rules["work_added"]:
            made = ", ".join(f"{n:,} {what}" for what, n in rules["work_added"].items())
            print(f"\nWork added for the rules: {made}")
        print(f"\nScheduled rules, each run twice as its task (goal <= {RULE_GOAL_SECONDS:g} s):")
        for label, runs in rules["rules"].items():
            first, second = runs["first"], runs["second"]
            slow = max(first["seconds"], second["seconds"]) > RULE_GOAL_SECONDS
            print(
                f"  {label:<30} first {first['seconds']:>6.1f} s, looked at "
                f"{first['looked_at']:,}, {first['changed']:,} changed, {first['queries']:,} "
                f"queries; second {second['seconds']:>6.1f} s, {second['changed']} changed, "
                f"{second['writes']} writes" + ("  (above goal)" if slow else "")
            )
    print(
        f"\nserver ms: median time per request in Django (p95: 95th percentile); SQL ms: its "
        f"queries as the app saw them; in PG ms: EXPLAIN ANALYZE planning + execution; ratio: "
        f"server / SQL, medians (goal <= {RATIO_GOAL:g})."
    )


def print_table(measurements: list[dict]) -> None:
    header = f"{'measurement':<44} {'server ms':>9} {'p95':>7} {'queries':>7} {'SQL ms':>7} "
    header += f"{'in PG ms':>8} {'ratio':>6}"
    print(header)
    print("-" * len(header))
    for m in measurements:
        if m["error"] and m["server_ms"] is None:
            print(f"{m['name']:<44} not measured: {m['error']}")
            continue
        ratio = f"{m['ratio']:.1f}" if m["ratio"] is not None else "-"
        flag = "" if m["ratio"] is None or m["ratio"] <= RATIO_GOAL else "  (above goal)"
        explained = f"{m['explain_ms']:>8.1f}" if m["explain_ms"] is not None else f"{'-':>8}"
        print(
            f"{m['name']:<44} {m['server_ms']:>9.1f} {m['server_ms_p95']:>7.1f} "
            f"{m['queries']:>7} {m['sql_ms']:>7.1f} {explained} {ratio:>6}{flag}"
            + (f"  {m['error']}" if m["error"] else "")
        )


def measure_support_requests(repeat: int) -> dict:
    from dea_support.models import SupportRequest
    from jomcase.models import Staff

    total = SupportRequest.objects.count()
    print(f"Timing the inbox, filing and the referral-trends rule over {total:,} requests…")
    inbox, dea = measure_inbox(repeat)
    filing = measure_filing(Staff.objects.get(username=dea["username"]), repeat)
    return {
        "support_requests": total,
        "inbox": {
            "dea": dea,
            "measurements": [asdict(m) for m in inbox],
            "filing": asdict(filing),
        },
        "trends": measure_trends(),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1/20th of the national scale")
    parser.add_argument("--scale", type=float, help="any scale between 0 and 1")
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per figure")
    parser.add_argument("--name", help="results file name (default: national or quick)")
    parser.add_argument(
        "--database",
        default=BENCH_DATABASE,
        help=f"name of the benchmark's own database (default {BENCH_DATABASE}); it is dropped "
        "and made again unless --reuse is given",
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        help="measure with DJANGO_DEBUG on, as `make run` serves, instead of production settings",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep an already seeded benchmark database instead of rebuilding it",
    )
    args = parser.parse_args(argv)
    scale = args.scale or (0.05 if args.quick else 1.0)
    if not 0 < scale <= 1 or args.repeat < 1:
        parser.error("--scale must be in (0, 1] and --repeat at least 1")
    name = args.name or ("national" if scale == 1 else "quick" if scale == 0.05 else "scaled")

    url = database_url_for(args.database)
    if not args.reuse:
        recreate_database(url)
    start_django(url, debug=args.debug)

    from django.conf import settings
    from django.core.management import call_command

    from dea_support.demo import national_exists

    call_command("migrate", verbosity=0)
    report = {
        "name": name,
        "scale": scale,
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "debug": settings.DEBUG,
        "database": args.database,
        "seed": None,
    }
    if not (args.reuse and national_exists()):
        print(f"Building the national dataset at scale {scale:g} in {args.database}…")
        report["seed"] = seed(scale)
    measurements, users = measure_pages(args.repeat)
    report["users"] = users
    report["measurements"] = [asdict(m) for m in measurements]
    report.update(measure_support_requests(args.repeat))
    print("Timing the scheduled rules over the dataset…")
    report["rules"] = measure_rules()
    from activities_bench import measure_activities, print_activities

    report["activities"] = measure_activities(args.repeat)
    from reports_bench import measure_reports, print_reports

    report["reports"] = measure_reports(scale, args.repeat)
    print_report(report)
    print_activities(report["activities"])
    print_reports(report["reports"])
    RESULTS_DIR.mkdir(exist_ok=True)
    out = RESULTS_DIR / f"{name}.json"
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nFigures written to bench/results/{out.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
