"""The work a support request led to, as the request's page lists it (DESIGN.md s4, s5).

The request page belongs to dea_support, which cannot import this app, so the function
below is registered with ``dea_support.extensions`` when the app is ready.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from conferences.models import Activity, AgendaCase
from conferences.selectors import visible_activity_ids


def _booked(activity: Activity) -> str:
    if activity.start is None:
        return "Not booked yet" if activity.kind != "informational_support" else ""
    start = timezone.localtime(activity.start)
    return f"Booked for {start:%-d %B %Y} at {start:%H:%M}, {activity.get_channel_display()}"


def support_request_work(user, support_request) -> list[dict]:
    """The request's activities, then any case for a group conference, oldest first.

    Three queries however much work there is; a link only to what the user may open.
    Each item also names the DEA who leads it (``lead``) and whether that is the user
    (``yours``): after cover, booked work stays with the DEA the request came from.
    """
    activities = list(
        Activity.objects.filter(support_request=support_request)
        .select_related("dea")
        .order_by("created_at", "id")
    )
    cases = list(
        AgendaCase.objects.filter(support_request=support_request)
        .select_related("cohort__dea", "group_conference")
        .order_by("nominated_at", "id")
    )
    visible = visible_activity_ids(
        user, [a.pk for a in activities] + [c.group_conference_id for c in cases]
    )

    def href(activity_id):
        return reverse("conferences:activity", args=[activity_id]) if activity_id in visible else ""

    items = [
        {
            "title": activity.get_kind_display(),
            "state": activity.get_state_display(),
            "detail": _booked(activity),
            "href": href(activity.pk),
            "lead": activity.dea.display_name,
            "yours": activity.dea_id == user.pk,
        }
        for activity in activities
    ]
    for case in cases:
        meeting = case.group_conference
        if meeting is not None and meeting.start:
            when = f"{timezone.localtime(meeting.start):%-d %B %Y}"
            detail = f"On the agenda of the group conference on {when}"
        elif meeting is not None:
            detail = "On the agenda of a group conference that is not booked yet"
        else:
            detail = f"On the list for {case.cohort.dea.display_name}'s next group conference"
        items.append(
            {
                "title": "Case for a group conference",
                "state": "Closed" if case.closed_at else "Waiting",
                "detail": detail,
                "href": href(case.group_conference_id),
                "lead": case.cohort.dea.display_name,
                "yours": case.cohort.dea_id == user.pk,
            }
        )
    return items
