"""A real Celery worker process takes a task from the configured broker and answers it.

The broker is whatever the settings give: Redis when CELERY_BROKER_URL is set (CI,
production), otherwise the folder on disk that ``make run`` uses. The result comes back
through the django-db result backend, as it does in the running service. pytest-django
runs this test against a test database that a separate process would not otherwise
know about, so the worker is given a DATABASE_URL naming that database; ``transaction=True``
makes the worker's writes visible to the test and cleans them up afterwards.

Each run uses a queue of its own (``-Q`` for the worker, ``queue=`` for the task), so it
never takes a message left behind by an earlier run or a ``make run`` worker, and no
other worker takes its message.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings
from django.db import connection

from jomcase.tasks import ping

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.xdist_group("celery"),
    pytest.mark.django_db(transaction=True),
]

RESULT_TIMEOUT = 60
STOP_TIMEOUT = 30


def database_url_for(settings_dict: dict) -> str:
    """A DATABASE_URL for the database this test process is connected to.

    Connection options (the embedded server's socket folder arrives as ``host`` among
    them) go back into the query string, where the settings read them from.
    """
    auth = quote(settings_dict.get("USER") or "", safe="")
    if settings_dict.get("PASSWORD"):
        auth += ":" + quote(settings_dict["PASSWORD"], safe="")
    netloc = settings_dict.get("HOST") or ""
    if settings_dict.get("PORT"):
        netloc += f":{settings_dict['PORT']}"
    query = urlencode(settings_dict.get("OPTIONS") or {})
    url = f"postgres://{auth}@{netloc}/{quote(settings_dict['NAME'], safe='')}"
    return f"{url}?{query}" if query else url


@contextmanager
def celery_worker(*, queue: str, log_path: Path):
    """Run ``celery worker`` on one queue until the block ends, then stop it with SIGTERM."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url_for(connection.settings_dict),
        "PYTHONUNBUFFERED": "1",
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "jomcase",
        "worker",
        "--pool",
        "solo",
        "--concurrency",
        "1",
        "-l",
        "warning",
        "-Q",
        queue,
        "-n",
        f"{queue}@%h",
        # Mingle, gossip and heartbeats talk to other workers; this one has nobody to meet.
        "--without-mingle",
        "--without-gossip",
        "--without-heartbeat",
    ]
    with log_path.open("wb") as log:
        worker = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            yield worker
        finally:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)  # warm shutdown
                try:
                    worker.wait(timeout=STOP_TIMEOUT)
                except subprocess.TimeoutExpired:
                    worker.kill()
                    worker.wait()


def forget_broker_state(queue: str) -> None:
    """Drop what the broker keeps about this run's queues, so nothing piles up there."""
    broker_url = settings.CELERY_BROKER_URL
    if broker_url == "filesystem://":
        forget_folder_bindings(queue)
    elif broker_url.startswith(("redis://", "rediss://")):
        with ping.app.connection_for_write() as broker:
            redis = broker.default_channel.client
            for key in redis.scan_iter(match=f"*{queue}*"):
                redis.delete(key)


def forget_folder_bindings(queue: str) -> None:
    """The folder broker keeps exchange tables under its control folder.

    The worker binds its task queue and its remote-control queue (``<queue>@host.celery.pidbox``)
    there; left in place, a later broadcast would keep writing messages for a worker that no
    longer exists.
    """
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    for path in Path(options["control_folder"]).glob("*.exchange"):
        with path.open("rb+") as table_file:
            fcntl.flock(table_file, fcntl.LOCK_EX)  # kombu locks these files the same way
            table = json.loads(table_file.read() or b"[]")
            kept = [row for row in table if not row[2].startswith(queue)]
            table_file.seek(0)
            table_file.truncate()
            table_file.write(json.dumps(kept).encode())
        if not kept:
            path.unlink()
    for path in Path(options["data_folder_in"]).glob(f"*.{queue}*.msg"):
        path.unlink(missing_ok=True)


def test_a_worker_process_answers_a_ping_through_the_broker(tmp_path):
    assert not ping.app.conf.task_always_eager, "the task must go through the broker"
    queue = f"ping-{uuid.uuid4().hex[:12]}"
    log_path = tmp_path / "worker.log"

    try:
        with celery_worker(queue=queue, log_path=log_path) as worker:
            result = ping.apply_async(kwargs={"message": "are you there?"}, queue=queue)
            deadline = time.monotonic() + RESULT_TIMEOUT
            while not result.ready():
                if worker.poll() is not None:
                    pytest.fail(
                        f"the worker exited with {worker.returncode}:\n{log_path.read_text()}"
                    )
                if time.monotonic() > deadline:
                    pytest.fail(
                        f"no result within {RESULT_TIMEOUT} s (broker "
                        f"{settings.CELERY_BROKER_URL.split('@')[-1]}):\n{log_path.read_text()}"
                    )
                time.sleep(0.2)
            value = result.get(timeout=5)
        assert worker.returncode == 0, f"unclean stop:\n{log_path.read_text()}"
    finally:
        forget_broker_state(queue)

    assert value["reply"] == "pong: are you there?"
    assert value["worker"].startswith(f"{queue}@"), "answered by some other worker"
