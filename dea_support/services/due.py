"""The scheduled rule on required response dates (DESIGN.md section 9).

A request still waiting for the DEA's decision that is due today or within two working days
goes to the DEA; an overdue one goes to the DEA and their WCTL. Due and overdue have the one
meaning of ``dea_support.timeliness``: the due date is the required date moved to a working
day of the DEA's nation and on by any time spent waiting for the requester, and a request
waiting for the requester is never overdue. Each alert is keyed by the request and its due
date, so it is sent once however often the rule runs, and again only if the date moves.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from dea_support import timeliness as due_rules
from dea_support.models import RequestState, SupportRequest
from dea_support.timeliness import Timeliness
from jomcase.models import LineManagement, Nation
from jomcase.services import notification_send


def response_dates_check(*, run=None, today: dt.date | None = None) -> dict:
    """Tell DEAs (and, when overdue, their WCTLs) about requests near or past their due date."""
    today = today or timezone.localdate()
    # The widest horizon (Scotland and England and Wales differ by a holiday or two); each
    # request is then placed by its own DEA's nation.
    horizon = max(due_rules.due_soon_until(today, nation) for nation in Nation.values)
    waiting = (
        SupportRequest.objects.filter(state=RequestState.SUBMITTED, due_on__lte=horizon)
        .select_related("dea__jobcentre")
        .order_by("due_on", "pk")
    )
    requests = list(waiting)
    managers: dict[int, list] = {}
    for line in (
        LineManagement.objects.current_on(today)
        .filter(staff_id__in={r.dea_id for r in requests})
        .select_related("manager")
    ):
        managers.setdefault(line.staff_id, []).append(line.manager)
    sent = soon = overdue = 0
    for sr in requests:
        status = sr.timeliness(today=today)
        link = reverse("support_requests:detail", args=[sr.pk])
        due = f"{sr.due_on:%-d %B %Y}"
        if status == Timeliness.OVERDUE:
            overdue += 1
            for person in [sr.dea, *managers.get(sr.dea_id, [])]:
                created = notification_send(
                    recipient=person,
                    key=f"overdue:{sr.pk}:{sr.due_on:%Y-%m-%d}",
                    kind="request_overdue",
                    title=f"{sr.reference} is overdue: the DEA's answer was due by {due}",
                    link=link,
                )
                sent += created is not None
        elif status in (Timeliness.DUE_TODAY, Timeliness.DUE_SOON):
            soon += 1
            created = notification_send(
                recipient=sr.dea,
                key=f"due-soon:{sr.pk}:{sr.due_on:%Y-%m-%d}",
                kind="request_due_soon",
                title=f"{sr.reference} needs your answer by {due}",
                link=link,
            )
            sent += created is not None
    summary = {"looked_at": len(requests), "due_soon": soon, "overdue": overdue, "alerts": sent}
    if run is not None:
        run.looked_at, run.changed, run.details = len(requests), sent, summary
    return summary
