"""Checks a group conference must pass before it is booked [29-31]: its length and channel,
at most 10 coaches, all from the cohort that month, and invitees the planner would offer."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from conferences.models import MeetingChannel
from dea_support.models import Cohort, CohortMembership
from jomcase.errors import GroupTooLarge
from jomcase.models import Staff
from jomcase.months import first_of_month, last_of_month


def members_during(cohort: Cohort, first: dt.date, last: dt.date) -> list[Staff]:
    """Coaches in the cohort at any time between two dates, by name."""
    ids = (
        CohortMembership.objects.overlapping(first, last)
        .filter(cohort=cohort)
        .values("work_coach_id")
    )
    return list(Staff.objects.filter(pk__in=ids).order_by("last_name", "first_name", "pk"))


def validate_session(dea, start, end, channel, attendee_ids, cohort) -> None:
    errors = {}
    if start is None or end is None:
        errors["start"] = ["Enter the start and end"]
    elif (end - start) < dt.timedelta(minutes=settings.GROUP_CONFERENCE_MIN_MINUTES):
        errors["end"] = [
            f"A group conference lasts at least {settings.GROUP_CONFERENCE_MIN_MINUTES} minutes"
        ]
    if channel not in MeetingChannel.values or channel == MeetingChannel.EMAIL:
        errors["channel"] = ["Choose face to face, video or phone"]
    if errors:
        raise ValidationError(errors)
    limit = settings.GROUP_CONFERENCE_MAX_COACHES
    if len(set(attendee_ids)) > limit:
        raise GroupTooLarge(
            f"{len(set(attendee_ids))} work coaches is too many for one group conference: "
            f"at most {limit}. Split them across another session.",
            field="attendees",
        )
    month = first_of_month(timezone.localtime(start).date())
    members = {m.pk for m in members_during(cohort, month, last_of_month(month))}
    strangers = set(attendee_ids) - members
    if strangers:
        raise ValidationError(
            {"attendees": [f"Only coaches in {dea.display_name}'s cohort in {month:%B %Y}"]}
        )


def validate_invitees(cohort, invitee_ids, attendee_ids) -> None:
    """Only the people the planner offers may be invited [30]: anyone else (an unknown id, an
    analyst, a coach of another office) would be given the session and its list of cases."""
    # The group selectors read the pending cases from services.groups, which imports this
    # module, so the selector is imported when it is needed.
    from conferences.selectors.groups import people_to_invite

    wanted = set(invitee_ids) - set(attendee_ids) - {cohort.dea_id}
    if wanted - {person.pk for person in people_to_invite(cohort)}:
        raise ValidationError(
            {
                "invitees": [
                    "Invite only the DEA's or the coaches' team leaders, or the work "
                    "psychologist for the jobcentre"
                ]
            }
        )
