"""The scheduled QAS rule (DESIGN.md section 9): tell each team leader what is due.

Every DEA's due and overdue checks go to the team leaders who manage them: a monthly check
once when it falls due and once more if its month ends without one, a suggested QAS 1 once
per claimant support intervention. Each alert is keyed by its DEA, check and period, so a
second run over the same data sends nothing. The Celery task in ``qas.tasks`` only calls this.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.urls import reverse
from django.utils import timezone

from jomcase.models import Staff
from jomcase.services import notification_send
from qas.selectors.due import DueCheck, due_checks, lines_managed


def _key(item: DueCheck) -> str:
    state = "overdue" if item.overdue else "due"
    subject = f"activity-{item.activity_id}" if item.period is None else f"{item.period:%Y-%m}"
    return f"qas-{state}:{item.dea_id}:{item.check_type}:{subject}"


def _title(item: DueCheck) -> str:
    name = item.dea.display_name
    if item.period is None and not item.overdue:
        when = timezone.localtime(item.activity.start)
        return (
            f"{name} has a claimant support intervention on {when:%-d %B} at {when:%H:%M}: "
            "you could observe it for QAS 1"
        )
    month = f" for {item.period:%B %Y}" if item.period else ""
    if item.overdue:
        return f"{item.check_type_label}{month} of {name}'s work is overdue"
    return f"{item.check_type_label}{month} of {name}'s work is due by {item.due:%-d %B}"


def qas_due_notify(*, run=None, today: dt.date | None = None) -> dict:
    """Tell team leaders about their DEAs' due and overdue checks, once each."""
    today = today or timezone.localdate()
    lines = lines_managed(today=today)
    managers: dict[int, set[int]] = defaultdict(set)
    for line in lines:
        managers[line.dea.pk].add(line.manager_id)
    items, _ = due_checks(lines, today=today, suggest=False)
    people = Staff.objects.in_bulk({pk for ids in managers.values() for pk in ids})
    sent = 0
    for item in items:
        for manager_id in sorted(managers[item.dea_id]):
            created = notification_send(
                recipient=people[manager_id],
                key=_key(item),
                kind="qas_overdue" if item.overdue else "qas_due",
                title=_title(item),
                body="Observe the work and record the check in JOMCase.",
                link=reverse("qas:dea", args=[item.dea_id]),
            )
            sent += created is not None
    summary = {
        "deas": len(managers),
        "due": sum(1 for i in items if not i.overdue),
        "overdue": sum(1 for i in items if i.overdue),
        "alerts": sent,
    }
    if run is not None:
        run.looked_at, run.changed, run.details = len(managers), sent, summary
    return summary
