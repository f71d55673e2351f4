"""A task for the worker tests only: it writes its effect, then holds on to the message.

The worker under test imports this module (``celery worker --include``). Each attempt is
logged on a line of its own in ``<folder>/attempts`` (process id and worker name), so the
test can find the pool process to kill and count how often the task ran. The effect is a
notification with a fixed key, which ``notification_send`` writes once however often it is
called: the same guarantee the scheduled rules rely on.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from celery import shared_task
from django.db import transaction


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True)
def hold_then_notify(self, *, recipient_id: int, key: str, folder: str, hold: float) -> dict:
    """Write the effect, then (on the first attempt only) wait ``hold`` seconds."""
    from jomcase.models import Staff
    from jomcase.services import notification_send

    place = Path(folder)
    with (place / "attempts").open("a") as log:
        log.write(f"{os.getpid()} {self.request.hostname}\n")
    with transaction.atomic():
        notification_send(
            recipient=Staff.objects.get(pk=recipient_id),
            key=key,
            kind="worker_test",
            title="A task that survived its worker",
        )
    first = not (place / "held").exists()
    if first:
        (place / "held").touch()
        time.sleep(hold)
    return {"pid": os.getpid(), "worker": self.request.hostname or "", "first": first}
