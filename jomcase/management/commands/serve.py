"""Run the web app, a Celery worker and Celery beat together (what `make run` starts).

The processes are listed in Procfile.dev and run by honcho. On Ctrl-C or SIGTERM they are
stopped, and so is the embedded PostgreSQL when it is the one in use.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand

from jomcase import embedded_postgres


class Command(BaseCommand):
    help = "Serve JOMCase on 127.0.0.1:PORT with a Celery worker and beat."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))

    def handle(self, *args, port: int, **options):
        env = {**os.environ, "PORT": str(port), "PYTHONUNBUFFERED": "1"}
        honcho = os.path.join(os.path.dirname(sys.executable), "honcho")
        procfile = settings.BASE_DIR / "Procfile.dev"
        child = subprocess.Popen(
            [honcho, "start", "--no-prefix", "-f", str(procfile)], env=env, cwd=settings.BASE_DIR
        )

        def forward(signum, frame):
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)

        signal.signal(signal.SIGTERM, forward)
        signal.signal(signal.SIGINT, forward)
        try:
            child.wait()
        finally:
            if not os.environ.get("DATABASE_URL"):
                embedded_postgres.stop(settings.BASE_DIR)
