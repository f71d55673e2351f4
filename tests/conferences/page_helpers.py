"""Shared steps for the conferences page tests: put an activity in a state as the services would,
and read what a page shows."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

from conferences.services import activity_book, activity_hold, activity_record_consent

ALL_STATEMENTS = {
    "informed_role": True,
    "informed_consequences": True,
    "informed_voluntary": True,
    "informed_conditionality": True,
    "discussed_with_team_leader": True,
}


def slot(days: int = 2, hour: int = 10, minutes: int = 60):
    """A local time ``days`` from today at ``hour`` o'clock, and its end."""
    day = timezone.localdate() + dt.timedelta(days=days)
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
    return start, start + dt.timedelta(minutes=minutes)


def consented(activity):
    activity_record_consent(
        activity_id=activity.pk, actor=activity.dea, given=True, **ALL_STATEMENTS
    )
    activity.refresh_from_db()
    return activity


def booked(
    activity, *, days: int = 2, hour: int = 10, channel: str = "face_to_face", place="Room 2"
):
    if activity.state == "awaiting_consent":
        consented(activity)
    start, end = slot(days, hour)
    activity_book(
        activity_id=activity.pk,
        actor=activity.dea,
        start=start,
        end=end,
        channel=channel,
        place=place,
    )
    activity.refresh_from_db()
    return activity


def held(activity, *, days: int = -1):
    booked(activity, days=days)
    activity_hold(activity_id=activity.pk, actor=activity.dea)
    activity.refresh_from_db()
    return activity


def html(response) -> str:
    return response.content.decode()


def text(response) -> str:
    """The page's words, tags removed and spaces squeezed, entities for quotes undone."""
    words = re.sub(r"<[^>]+>", " ", html(response))
    words = words.replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&")
    return re.sub(r"\s+", " ", words)


def error_summary(response) -> list[str]:
    summary = re.search(r'class="govuk-error-summary".*?</ul>', html(response), re.S)
    if not summary:
        return []
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", item)).strip().replace("&#x27;", "'")
        for item in re.findall(r"<li>(.*?)</li>", summary.group(0), re.S)
    ]


def checkbox_values(response, name: str) -> list[str]:
    return re.findall(rf'name="{name}" type="checkbox" value="([^"]+)"', html(response))


def radio_values(response, name: str) -> list[str]:
    return re.findall(rf'name="{name}" type="radio" value="([^"]+)"', html(response))


def date_post(prefix: str, day: dt.date) -> dict:
    return {f"{prefix}-day": day.day, f"{prefix}-month": day.month, f"{prefix}-year": day.year}
