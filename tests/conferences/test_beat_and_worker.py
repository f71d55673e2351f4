"""Real Celery processes against the test database: beat sends a scheduled rule that a worker
runs and logs, and a task whose worker process is killed mid-task runs again, once.

The broker is the environment's, as in ``tests/jomcase/test_celery_worker.py``: Redis when
CELERY_BROKER_URL says so (CI, production), otherwise the folder that ``make run`` uses.
Both modes run the same tests; neither is skipped. The processes are given a DATABASE_URL
naming the test database, and ``transaction=True`` makes their writes visible here (and
cleans them up afterwards). Each test uses a queue of its own, so no other worker takes
its messages, and the broker forgets the queue at the end.

Redelivery is what ``task_acks_late`` with ``task_reject_on_worker_lost`` promise: a
message is acknowledged only when its task finishes, and when the pool process running it
dies, the worker puts the message back on the queue instead of acknowledging it. The test
tells the first worker to stop consuming the queue (a remote-control command, which both
brokers carry), kills the pool process in the middle of the task, and a second worker takes
the message again and finishes it. The task's effect, a notification with a fixed key,
exists once. (Killing a worker's main process instead would leave the message with the
broker: Redis hands it out again only after its visibility timeout, an hour by default, and
the folder broker keeps unacknowledged messages in the dead process's memory, so neither
could be shown within a test.)
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from jomcase.models import JobRun, Notification
from tests.conferences.worker_tasks import hold_then_notify
from tests.factories import StaffFactory
from tests.jomcase.test_celery_worker import database_url_for, forget_broker_state

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.xdist_group("celery"),
    pytest.mark.django_db(transaction=True),
]

WAIT = 40  # seconds for any one thing to happen
STOP_TIMEOUT = 20
PROBE_MODULE = "tests.conferences.worker_tasks"


def _environment() -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url_for(connection.settings_dict),
        "PYTHONUNBUFFERED": "1",
    }


@contextmanager
def celery(arguments: list[str], log_path: Path):
    """Run ``celery -A jomcase <arguments>`` until the block ends, then stop it warmly."""
    command = [sys.executable, "-m", "celery", "-A", "jomcase", *arguments]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env=_environment(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            yield process
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=STOP_TIMEOUT)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def worker(queue: str, name: str, *, pool: str = "solo") -> list[str]:
    return [
        "worker",
        "--pool",
        pool,
        "--concurrency",
        "1",
        "-l",
        "info",
        "-Q",
        queue,
        "-n",
        # Named after the queue, so forgetting the queue also forgets the node's own.
        f"{queue}-{name}@%h",
        "--include",
        PROBE_MODULE,
        # Mingle, gossip and heartbeats talk to other workers; these have nobody to meet.
        "--without-mingle",
        "--without-gossip",
        "--without-heartbeat",
    ]


def wait_for(what: str, ready: Callable[[], bool], processes: dict[str, tuple]) -> None:
    """Poll until ``ready()``; fail with the processes' logs if one dies or time runs out."""
    deadline = time.monotonic() + WAIT
    while not ready():
        for name, (process, log_path) in processes.items():
            if process.poll() is not None:
                pytest.fail(
                    f"{name} exited with {process.returncode} before {what}:\n"
                    f"{log_path.read_text()[-4000:]}"
                )
        if time.monotonic() > deadline:
            logs = "\n".join(
                f"--- {name}:\n{log_path.read_text()[-3000:]}"
                for name, (_, log_path) in processes.items()
            )
            broker = settings.CELERY_BROKER_URL.split("@")[-1]
            pytest.fail(f"no {what} within {WAIT} s (broker {broker}):\n{logs}")
        time.sleep(0.2)


def test_beat_sends_a_scheduled_rule_that_a_worker_runs_and_logs(tmp_path):
    assert not hold_then_notify.app.conf.task_always_eager, "tasks must go through the broker"
    queue = f"beat-{uuid.uuid4().hex[:12]}"
    # Only this test's schedule may fire: the rules' own daily ones are paused meanwhile.
    PeriodicTask.objects.update(enabled=False)
    every_two_seconds = IntervalSchedule.objects.create(every=2, period=IntervalSchedule.SECONDS)
    schedule = PeriodicTask.objects.create(
        name=f"CSI cap audit, every 2 seconds ({queue})",
        task="conferences.tasks.csi_cap_audit_run",
        interval=every_two_seconds,
        queue=queue,
    )
    beat_arguments = [
        "beat",
        "--scheduler",
        "django_celery_beat.schedulers:DatabaseScheduler",
        "--max-interval",
        "1",
        "-l",
        "info",
        "--pidfile",
        str(tmp_path / "beat.pid"),
        "--schedule",
        str(tmp_path / "beat-schedule"),
    ]
    logs = {"worker": tmp_path / "worker.log", "beat": tmp_path / "beat.log"}

    def rule_ran() -> bool:
        return JobRun.objects.filter(name="csi_cap_audit", status=JobRun.Status.SUCCEEDED).exists()

    try:
        with (
            celery(worker(queue, "rules"), logs["worker"]) as rules_worker,
            celery(beat_arguments, logs["beat"]) as beat,
        ):
            processes = {
                "the worker": (rules_worker, logs["worker"]),
                "beat": (beat, logs["beat"]),
            }
            wait_for("job-run row for the CSI cap audit", rule_ran, processes)
        assert rules_worker.returncode == 0, logs["worker"].read_text()
    finally:
        forget_broker_state(queue)

    run = JobRun.objects.filter(name="csi_cap_audit").order_by("started_at").first()
    assert run.task_id, "the run came through Celery, so it knows its task id"
    assert run.finished_at is not None and run.error == ""
    assert run.details == {"claimants_over_cap": 0, "alerts": 0}
    schedule.refresh_from_db()
    assert schedule.total_run_count >= 1 and schedule.last_run_at is not None
    assert "csi_cap_audit_run" in logs["beat"].read_text()


def test_a_task_whose_worker_process_is_killed_runs_again_and_its_effect_happens_once(tmp_path):
    queue = f"redeliver-{uuid.uuid4().hex[:12]}"
    recipient = StaffFactory(email="")  # no e-mail, so the effect enqueues nothing more
    folder = tmp_path / "probe"
    folder.mkdir()
    key = f"worker-test:{queue}"
    attempts = folder / "attempts"
    logs = {"first": tmp_path / "first.log", "second": tmp_path / "second.log"}

    def lines() -> list[list[str]]:
        return (
            [line.split() for line in attempts.read_text().splitlines()]
            if attempts.exists()
            else []
        )

    try:
        with celery(worker(queue, "first", pool="prefork"), logs["first"]) as first:
            result = hold_then_notify.apply_async(
                kwargs={
                    "recipient_id": recipient.pk,
                    "key": key,
                    "folder": str(folder),
                    "hold": 60,
                },
                queue=queue,
            )
            wait_for(
                "first attempt",
                lambda: (folder / "held").exists(),
                {"first": (first, logs["first"])},
            )
            assert Notification.objects.filter(key=key).count() == 1  # written, then held
            pool_process, first_name = int(lines()[0][0]), lines()[0][1]
            assert pool_process != first.pid, "the task runs in a pool process of the worker"
            # The first worker stops taking work from the queue; then the process running
            # the task dies in the middle of it.
            replies = hold_then_notify.app.control.cancel_consumer(
                queue, destination=[first_name], reply=True, limit=1, timeout=10
            )
            assert replies and "ok" in next(iter(replies[0].values())), replies
            os.kill(pool_process, signal.SIGKILL)
            wait_for(
                "the lost process to be noticed",
                lambda: "WorkerLostError" in logs["first"].read_text(),
                {"first": (first, logs["first"])},
            )
            assert not result.ready(), "a task whose process was lost is requeued, not failed"
            with celery(worker(queue, "second", pool="prefork"), logs["second"]) as second:
                wait_for(
                    "second attempt to finish",
                    result.ready,
                    {"first": (first, logs["first"]), "second": (second, logs["second"])},
                )
                value = result.get(timeout=5)
    finally:
        forget_broker_state(queue)

    assert [line[1].split("@")[0] for line in lines()] == [f"{queue}-first", f"{queue}-second"]
    assert value["first"] is False and value["worker"].startswith(f"{queue}-second@")
    assert Notification.objects.filter(key=key).count() == 1
