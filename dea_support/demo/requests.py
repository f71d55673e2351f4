"""The demo's support requests: coach1's requests to dea1 in each state, and a few from
other coaches, so that the DEA's inbox and the coach's "your requests" have something to show.

Each request is filed and moved on through the same services the pages use, so its timeline,
notifications and (once accepted) its first activity are exactly what the service would
have made; then its dates are moved back to spread it over the last few weeks, as if it had
been filed and answered then. A request is recognised by its requester, kind and wording, so
a second run files nothing. Accepting goes through ``dea_support.extensions``, which the
conferences app fills in, because this app may not import the one above it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from claimants.models import Claimant
from dea_support import extensions
from dea_support.models import (
    Channel,
    DeclineReason,
    KnowledgeGap,
    RequestKind,
    SupportRequest,
)
from dea_support.services import (
    support_request_decline,
    support_request_file,
    support_request_request_info,
    support_request_tag,
)
from dea_support.services.requests import support_request_notification_body
from jomcase.models import Notification, Staff
from jomcase.working_days import add_working_days


@dataclass(frozen=True)
class Step:
    """What the DEA did, ``days_ago`` working days ago at ``time``."""

    action: str  # request_info, accept or decline
    days_ago: int
    time: dt.time
    text: str
    choice: str = ""  # the channel or the decline reason


@dataclass(frozen=True)
class DemoRequest:
    requester: str
    dea: str
    kind: str
    filed_days_ago: int
    filed_at: dt.time
    due_in: int  # working days from today (negative: before today)
    claimant_surname: str = ""  # on the requester's caseload; "" for skill support
    challenges: str = ""
    reason: str = ""
    knowledge_gap: str = ""
    description: str = ""
    steps: tuple[Step, ...] = ()
    topics: tuple[str, ...] = ()

    @property
    def wording(self) -> dict[str, str]:
        """The answer that tells this request apart from any other the person made."""
        if self.kind == RequestKind.SKILL_SUPPORT:
            return {"description": self.description}
        return {"challenges": self.challenges}


#: Oldest first, so the references run in the order the requests were made.
DEMO_REQUESTS = (
    DemoRequest(
        "coach1",
        "dea1",
        RequestKind.CLAIMANT_SUPPORT,
        filed_days_ago=12,
        filed_at=dt.time(13, 5),
        due_in=-9,
        claimant_surname="Watson",
        challenges=(
            "Brian has had his Jobseeker's Allowance sanctioned twice and says the "
            "decisions were unfair; he is angry and has stopped looking for work."
        ),
        reason="Help to challenge the sanction decisions with him.",
        steps=(
            Step(
                "decline",
                11,
                dt.time(10, 10),
                "Challenging a sanction is for the decision makers, through mandatory "
                "reconsideration; your team leader can talk you through it. Ask me again if "
                "a health condition turns out to be behind the missed appointments.",
                DeclineReason.OUTSIDE_REMIT,
            ),
        ),
    ),
    DemoRequest(
        "coach1",
        "dea1",
        RequestKind.CLAIMANT_SUPPORT,
        filed_days_ago=8,
        filed_at=dt.time(11, 20),
        due_in=-5,
        claimant_surname="Lowther",
        challenges=(
            "Christine lost most of her sight two years ago and reads braille; she wants "
            "office work but has never used a screen reader."
        ),
        reason="Ideas for adjustments and specialist employment support for her.",
        steps=(
            Step(
                "accept",
                6,
                dt.time(15, 30),
                "Let us talk it through at a case conference, with her braille letters and "
                "a referral to a specialist employment service on the list.",
                Channel.CASE_CONFERENCE,
            ),
        ),
        topics=("visual impairment",),
    ),
    DemoRequest(
        "coach1",
        "dea1",
        RequestKind.CLAIMANT_SUPPORT,
        filed_days_ago=4,
        filed_at=dt.time(9, 40),
        due_in=3,
        claimant_surname="Armstrong",
        challenges=(
            "Keith has chronic back pain after a fall at work and cannot sit for long; he "
            "is worried about losing his Employment and Support Allowance if he tries work."
        ),
        reason="Advice on permitted work and on jobs that would suit his condition.",
        steps=(
            Step(
                "request_info",
                3,
                dt.time(14, 5),
                "Does Keith's fit note say how many hours he can work, and has he agreed to "
                "me speaking to his physiotherapist?",
            ),
        ),
    ),
    DemoRequest(
        "coach2",
        "dea1",
        RequestKind.CLAIMANT_SUPPORT,
        filed_days_ago=3,
        filed_at=dt.time(16, 15),
        due_in=0,
        challenges=(
            "Panic attacks on busy buses mean my claimant misses appointments at the "
            "jobcentre; she wants to work close to home."
        ),
        reason="Whether telephone appointments and a local job search would be reasonable.",
    ),
    DemoRequest(
        "coach3",
        "dea1",
        RequestKind.SKILL_SUPPORT,
        filed_days_ago=2,
        filed_at=dt.time(10, 0),
        due_in=6,
        knowledge_gap=KnowledgeGap.RETENTION,
        description=(
            "A claimant who has just started part-time work has multiple sclerosis and is "
            "exhausted by the end of each shift. What can I suggest to help her keep the job?"
        ),
        topics=("retention",),
    ),
    DemoRequest(
        "coach1",
        "dea1",
        RequestKind.CLAIMANT_SUPPORT,
        filed_days_ago=1,
        filed_at=dt.time(10, 15),
        due_in=4,
        claimant_surname="Kerr",
        challenges=(
            "Margaret has arthritis in both hands; typing job applications is slow and "
            "painful, and she has an interview for a part-time admin post coming up."
        ),
        reason="Advice on adjustments for the interview and on help with equipment.",
    ),
)


def _working_days_back(today: dt.date, days: int) -> dt.date:
    return add_working_days(today, -days) if days else today


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


def _claimant_for(spec: DemoRequest, requester: Staff) -> Claimant:
    """The named claimant, or the requester's first claimant with an out-of-work benefit."""
    caseload = Claimant.objects.filter(work_coach=requester)
    if spec.claimant_surname:
        return caseload.get(surname=spec.claimant_surname)
    return caseload.filter(non_benefit=False).order_by("nino").first()


def seed_demo_requests(staff: dict[str, Staff], *, today: dt.date | None = None) -> tuple[int, int]:
    """File whatever demo requests are missing; returns (how many were made, how many in all)."""
    today = today or timezone.localdate()
    made = 0
    for spec in DEMO_REQUESTS:
        requester, dea = staff[spec.requester], staff[spec.dea]
        exists = SupportRequest.objects.filter(
            requester=requester, dea=dea, kind=spec.kind, **spec.wording
        ).exists()
        if exists:
            continue
        _file(spec, requester, dea, today)
        made += 1
    return made, len(DEMO_REQUESTS)


def _file(spec: DemoRequest, requester: Staff, dea: Staff, today: dt.date) -> None:
    claimant = _claimant_for(spec, requester) if spec.kind == RequestKind.CLAIMANT_SUPPORT else None
    sr = support_request_file(
        actor=requester,
        kind=spec.kind,
        # A date already past when the DEA answered is set below, with the other dates.
        required_by=max(today, add_working_days(today, spec.due_in)),
        claimant_id=claimant.pk if claimant else None,
        challenges=spec.challenges,
        reason=spec.reason,
        knowledge_gap=spec.knowledge_gap,
        description=spec.description,
    )
    for step in spec.steps:
        if step.action == "request_info":
            support_request_request_info(request_id=sr.pk, actor=dea, message=step.text)
        elif step.action == "accept":
            extensions.accept(request_id=sr.pk, actor=dea, channel=step.choice, note=step.text)
        else:
            support_request_decline(request_id=sr.pk, actor=dea, reason=step.choice, note=step.text)
    if spec.topics:
        support_request_tag(request_id=sr.pk, actor=dea, topics=list(spec.topics))
    _back_date(sr.pk, spec, today)


def _back_date(request_id: int, spec: DemoRequest, today: dt.date) -> None:
    """Move the request, its timeline, its notifications and its work to when they happened."""
    filed = _at(_working_days_back(today, spec.filed_days_ago), spec.filed_at)
    moments = {"submitted": filed}
    for step in spec.steps:
        moments[step.action] = _at(_working_days_back(today, step.days_ago), step.time)
    sr = SupportRequest.objects.get(pk=request_id)
    sr.created_at = filed
    sr.required_by = add_working_days(today, spec.due_in)
    if spec.steps:
        sr.first_response_at = moments[spec.steps[0].action]
    # Each of these was set by one step; the demo takes at most one of each.
    for field, action in (
        ("info_requested_at", "request_info"),
        ("accepted_at", "accept"),
        ("closed_at", "decline"),
    ):
        if getattr(sr, field) is not None:
            setattr(sr, field, moments[action])
    sr.save(
        update_fields=[
            "created_at",
            "required_by",
            "first_response_at",
            "info_requested_at",
            "accepted_at",
            "closed_at",
        ]
    )
    for event in sr.events.all():
        moment = moments.get(event.action, filed)
        event.at = moment
        event.save(update_fields=["at"])
        # A request filed with a date since passed was notified with today's date: the
        # notification says the date the request now has.
        Notification.objects.filter(key=f"support-request-event:{event.pk}").update(
            created_at=moment, body=support_request_notification_body(sr, event)
        )
    for activity in sr.activities.all():
        activity.created_at = moments["accept"]
        activity.save(update_fields=["created_at"])
        activity.events.update(at=moments["accept"])
