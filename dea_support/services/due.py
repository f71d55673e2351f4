"""The scheduled rule on required response dates (DESIGN.md section 9).

A request still waiting for the DEA's decision whose required date is within two working
days goes to the DEA; one past its date goes to the DEA and their WCTL. Each alert is keyed
by the request and its required date, so it is sent once however often the rule runs, and
again only if the date changes.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from dea_support.models import RequestState, SupportRequest
from jomcase.models import LineManagement, Nation
from jomcase.services import notification_send
from jomcase.working_days import add_working_days


def response_dates_check(*, run=None, today: dt.date | None = None) -> dict:
    """Tell DEAs (and, when overdue, their WCTLs) about requests near or past their date."""
    today = today or timezone.localdate()
    # The widest horizon (Scotland and England and Wales differ by a holiday or two).
    horizon = max(add_working_days(today, 2, nation) for nation in Nation.values)
    waiting = (
        SupportRequest.objects.filter(state=RequestState.SUBMITTED, required_by__lte=horizon)
        .select_related("dea__jobcentre")
        .order_by("required_by", "pk")
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
        nation = sr.dea.nation
        link = reverse("support_requests:detail", args=[sr.pk])
        needed = f"{sr.required_by:%-d %B %Y}"
        if sr.required_by < today:
            overdue += 1
            for person in [sr.dea, *managers.get(sr.dea_id, [])]:
                created = notification_send(
                    recipient=person,
                    key=f"overdue:{sr.pk}:{sr.required_by:%Y-%m-%d}",
                    kind="request_overdue",
                    title=f"{sr.reference} is overdue: a response was needed by {needed}",
                    link=link,
                )
                sent += created is not None
        elif sr.required_by <= add_working_days(today, 2, nation):
            soon += 1
            created = notification_send(
                recipient=sr.dea,
                key=f"due-soon:{sr.pk}:{sr.required_by:%Y-%m-%d}",
                kind="request_due_soon",
                title=f"{sr.reference} needs a response by {needed}",
                link=link,
            )
            sent += created is not None
    summary = {"looked_at": len(requests), "due_soon": soon, "overdue": overdue, "alerts": sent}
    if run is not None:
        run.looked_at, run.changed, run.details = len(requests), sent, summary
    return summary
