"""The referral-trends rule (DESIGN.md sections 4 and 9).

Once a day it looks at the requests filed in the last ``TREND_WINDOW_DAYS`` days, DEA by DEA,
for two kinds of finding:

- a **coach finding**: one requester had ``TREND_THRESHOLD`` or more requests declined as
  inappropriate by the DEA, so one-to-one up-skilling may help that person;
- a **topic finding**: ``TREND_THRESHOLD`` or more of the DEA's requests carry the same topic
  tag, so group up-skilling for the cohort may help (one-to-one when one coach sent them all).

Each finding goes to the DEA's own line manager (the WCTL), to the team leaders of the coaches
concerned where they are someone else, and to the DEA, with a suggestion of what up-skilling
could help.

Once per subject per window: a subject (a coach of a DEA, or a topic of a DEA) that has been
alerted is not alerted again until a whole window has passed since that alert. The
notification key names the subject and the day of the alert, e.g.
``trend:coach:<dea id>:<coach id>:2026-11-24``: a second run on the same day sends nothing
because of the one-notification-per-key constraint, and a run on any later day inside the
window finds the earlier key and stays quiet. A fixed calendar period (an ISO week, a
quarter) was not chosen because the same few requests would then be reported again every
time a period began, although nothing new had happened; with the window as the period, a
repeat alert is always about requests that were not counted in the last one.

Counting is done in SQL: two grouped queries, whatever the number of requests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.postgres.aggregates import ArrayAgg
from django.db import transaction
from django.db.models import CharField, Count, F, Func
from django.urls import reverse
from django.utils import timezone

from dea_support.models import DeclineReason, RequestState, SupportRequest
from jomcase.models import LineManagement, Notification, Staff, TeamMembership
from jomcase.services import notification_send

KEY_PREFIX = "trend:"
COACH_KIND = "referral_trend_coach"
TOPIC_KIND = "referral_trend_topic"


@dataclass
class Finding:
    """One trend: what it is about, how many requests show it, and who sent them."""

    kind: str  # "coach" or "topic"
    dea_id: int
    subject: str  # the coach's id, or the topic
    count: int
    coach_ids: list[int] = field(default_factory=list)

    @property
    def subject_key(self) -> str:
        return f"{KEY_PREFIX}{self.kind}:{self.dea_id}:{self.subject}"

    def key(self, day: dt.date) -> str:
        return f"{self.subject_key}:{day.isoformat()}"


def trend_window(today: dt.date, days: int) -> tuple[dt.datetime, dt.datetime]:
    """The ``days`` whole local days that end with ``today``, as [start, end) moments."""
    first = today - dt.timedelta(days=days - 1)
    start = timezone.make_aware(dt.datetime.combine(first, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=1), dt.time.min))
    return start, end


def referral_trends_find(*, today: dt.date, days: int, threshold: int) -> list[Finding]:
    """Every coach and topic finding in the window ending ``today``, counted in the database."""
    start, end = trend_window(today, days)
    filed = SupportRequest.objects.filter(created_at__gte=start, created_at__lt=end)
    coaches = (
        filed.filter(state=RequestState.DECLINED, decline_reason=DeclineReason.INAPPROPRIATE)
        .values("dea_id", "requester_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=threshold)
        .order_by("dea_id", "requester_id")
    )
    topics = (
        filed.exclude(topics=[])
        .annotate(topic=Func(F("topics"), function="unnest", output_field=CharField()))
        .values("dea_id", "topic")
        .annotate(n=Count("pk"), coach_ids=ArrayAgg("requester_id", distinct=True))
        .filter(n__gte=threshold)
        .order_by("dea_id", "topic")
    )
    findings = [
        Finding("coach", row["dea_id"], str(row["requester_id"]), row["n"], [row["requester_id"]])
        for row in coaches
    ]
    findings += [
        Finding("topic", row["dea_id"], row["topic"], row["n"], sorted(row["coach_ids"]))
        for row in topics
    ]
    return findings


def _already_sent(recipient_ids: set[int], today: dt.date, days: int):
    """What these people have been told of trends: the subjects alerted on another day less
    than a window away, and the (recipient, key) pairs already sent.

    An alert made today does not silence its subject: today's keys are the ones this run
    sends, so a run that stopped part way, or a second run, finishes the same alerts (and
    the one-notification-per-key constraint stops any going twice).
    """
    recent, sent = set(), set()
    rows = Notification.objects.filter(
        recipient_id__in=recipient_ids, key__startswith=KEY_PREFIX
    ).values_list("recipient_id", "key")
    for recipient_id, key in rows:
        sent.add((recipient_id, key))
        subject, _, day = key.rpartition(":")
        try:
            alerted = dt.date.fromisoformat(day)
        except ValueError:
            continue
        if alerted != today and abs((today - alerted).days) < days:
            recent.add(subject)
    return recent, sent


def _managers(staff_ids: set[int], today: dt.date) -> dict[int, set[int]]:
    """Each DEA's current line managers."""
    found: dict[int, set[int]] = {}
    rows = LineManagement.objects.current_on(today).filter(staff_id__in=staff_ids)
    for staff_id, manager_id in rows.values_list("staff_id", "manager_id"):
        found.setdefault(staff_id, set()).add(manager_id)
    return found


def _team_leaders(staff_ids: set[int], today: dt.date) -> dict[int, set[int]]:
    """Each coach's current team leaders (Team.leader of their current teams)."""
    found: dict[int, set[int]] = {}
    rows = TeamMembership.objects.current_on(today).filter(
        staff_id__in=staff_ids, team__leader__isnull=False
    )
    for staff_id, leader_id in rows.values_list("staff_id", "team__leader_id"):
        found.setdefault(staff_id, set()).add(leader_id)
    return found


def _message(finding: Finding, people: dict[int, Staff], days: int, since: dt.date):
    dea = people[finding.dea_id].display_name
    period = f"in the {days} days since {since:%-d %B %Y}"
    if finding.kind == "coach":
        coach = people[finding.coach_ids[0]].display_name
        title = f"Referral trend: {finding.count} of {coach}'s requests declined as inappropriate"
        body = (
            f"{dea} declined {finding.count} requests from {coach} as not appropriate for a DEA "
            f"{period}. One-to-one up-skilling, such as a skill conference with {dea}, may "
            f"help {coach} know when and how to ask for DEA support."
        )
        return title, body
    coaches = len(finding.coach_ids)
    title = f"Referral trend: {finding.count} requests to {dea} about {finding.subject}"
    if coaches == 1:
        coach = people[finding.coach_ids[0]].display_name
        suggestion = (
            f"All came from {coach}, so one-to-one up-skilling on {finding.subject} may help."
        )
    else:
        suggestion = (
            f"They came from {coaches} work coaches, so group up-skilling on "
            f"{finding.subject}, for example at the cohort's group conference, may help."
        )
    body = (
        f"{finding.count} requests to {dea} {period} were tagged '{finding.subject}'. " + suggestion
    )
    return title, body


@transaction.atomic
def referral_trends_check(*, run=None, today: dt.date | None = None) -> dict:
    """Tell the WCTLs (and the DEA) about coaches and topics that pass the trend threshold.

    DESIGN.md section 4: the DEA's own WCTL, and the coaches' team leaders where different,
    hear of each trend once per window, with a suggestion of one-to-one or group
    up-skilling. Running it again changes nothing. All of a run's alerts commit together,
    so a run that fails part way leaves nothing for a retry to trip over. Returns a summary.
    """
    today = today or timezone.localdate()
    days, threshold = settings.TREND_WINDOW_DAYS, settings.TREND_THRESHOLD
    since = today - dt.timedelta(days=days - 1)
    findings = referral_trends_find(today=today, days=days, threshold=threshold)
    summary = {
        "window_start": since.isoformat(),
        "window_end": today.isoformat(),
        "coach_trends": sum(f.kind == "coach" for f in findings),
        "topic_trends": sum(f.kind == "topic" for f in findings),
        "already_told": 0,
        "alerts": 0,
    }
    if findings:
        dea_ids = {f.dea_id for f in findings}
        coach_ids = {c for f in findings for c in f.coach_ids}
        managers = _managers(dea_ids, today)
        leaders = _team_leaders(coach_ids, today)
        recipients_of = {}
        for f in findings:
            wanted = {f.dea_id, *managers.get(f.dea_id, ())}
            for coach_id in f.coach_ids:
                wanted |= leaders.get(coach_id, set())
            recipients_of[f.subject_key] = wanted
        everyone = {r for wanted in recipients_of.values() for r in wanted}
        recent, sent = _already_sent(everyone, today, days)
        people = Staff.objects.in_bulk(everyone | coach_ids)
        inbox = reverse("support_requests:inbox")
        for finding in findings:
            if finding.subject_key in recent:
                summary["already_told"] += 1
                continue
            title, body = _message(finding, people, days, since)
            # The inbox shows the DEA's requests to the DEA and to the WCTLs who manage them.
            can_open = {finding.dea_id, *managers.get(finding.dea_id, ())}
            if finding.kind == "coach":
                link = f"{inbox}?state=all&coach={finding.coach_ids[0]}"
            else:
                link = f"{inbox}?state=all"
            key = finding.key(today)
            for recipient_id in sorted(recipients_of[finding.subject_key]):
                if (recipient_id, key) in sent:
                    continue
                told = notification_send(
                    recipient=people[recipient_id],
                    key=key,
                    kind=COACH_KIND if finding.kind == "coach" else TOPIC_KIND,
                    title=title,
                    body=body,
                    link=link if recipient_id in can_open else "",
                )
                summary["alerts"] += told is not None
    if run is not None:
        run.looked_at = len(findings)
        run.changed = summary["alerts"]
        run.details = summary
    return summary
