"""Support requests for the national dataset: two years of them, spread over the DEAs' cohorts.

Each DEA gets a share in proportion to their cohort's size (some DEAs are busier than
others), filed by the coaches of the cohort on working days, mostly claimant support for a
claimant with an out-of-work benefit on the coach's own caseload, some skill support, and a
little colleague support from the service delivery team leader of the DEA's jobcentre. How a
request stands depends on its age, as it would in a live service: most of the last few days'
requests wait for the DEA, last month's are mostly accepted, and older ones are mostly
resolved, with declines (some as inappropriate) and withdrawals throughout. The required
date is a few days to a few weeks after filing, so the open requests fall due around today.
Some requests carry the DEA's topic tags, so the referral-trends rule has something to find.

Every request has its "submitted" timeline event. Later steps are not written as events,
and accepted requests have no activities: the benchmarks read requests, not their work.

Rows are made as COPY text straight away, with moments kept as whole minutes counted from
the first day, so that 1.5 million requests and their events take seconds of Python.
"""

from __future__ import annotations

import datetime as dt
import random
from array import array
from dataclasses import dataclass

from dea_support.models import Channel, DeclineReason, KnowledgeGap, RequestKind, RequestState
from dea_support.timeliness import first_due_on
from jomcase.models import Role

#: How far back the requests go.
HISTORY_DAYS = 730
#: How far ahead a required date may fall.
AHEAD_DAYS = 40
MINUTES_A_DAY = 24 * 60
OFFICE_HOURS = (8 * 60, 17 * 60)  # UTC minutes of the day in which requests are filed

# Plain strings, for writing straight into COPY text.
SUBMITTED, INFO = RequestState.SUBMITTED.value, RequestState.INFO_REQUESTED.value
ACCEPTED, DECLINED = RequestState.ACCEPTED.value, RequestState.DECLINED.value
WITHDRAWN, RESOLVED = RequestState.WITHDRAWN.value, RequestState.RESOLVED.value
CLAIMANT, SKILL = RequestKind.CLAIMANT_SUPPORT.value, RequestKind.SKILL_SUPPORT.value
COLLEAGUE = RequestKind.COLLEAGUE_SUPPORT.value

#: (up to this age in days, {state: weight}): how requests of each age stand today.
STATE_BY_AGE = (
    (3, {SUBMITTED: 70, INFO: 10, ACCEPTED: 12, DECLINED: 5, WITHDRAWN: 3}),
    (30, {SUBMITTED: 12, INFO: 8, ACCEPTED: 55, DECLINED: 12, WITHDRAWN: 5, RESOLVED: 8}),
    (90, {ACCEPTED: 30, DECLINED: 13, WITHDRAWN: 5, RESOLVED: 52}),
    (365, {ACCEPTED: 8, DECLINED: 13, WITHDRAWN: 5, RESOLVED: 74}),
    (HISTORY_DAYS + 1, {ACCEPTED: 1, DECLINED: 13, WITHDRAWN: 5, RESOLVED: 81}),
)
DECLINE_REASONS = {
    DeclineReason.INAPPROPRIATE.value: 35,
    DeclineReason.NON_BENEFIT_SIGNPOSTED.value: 10,
    DeclineReason.DUPLICATE.value: 20,
    DeclineReason.OUTSIDE_REMIT.value: 35,
}
DECLINE_NOTES = {
    DeclineReason.INAPPROPRIATE.value: "Your team leader can help with this; no DEA is needed.",
    DeclineReason.NON_BENEFIT_SIGNPOSTED.value: "No out-of-work benefit: signposted locally.",
    DeclineReason.DUPLICATE.value: "Already asked in an earlier request, which I am working on.",
    DeclineReason.OUTSIDE_REMIT.value: "This is for the decision makers rather than a DEA.",
}
CLAIMANT_CHANNELS = {
    Channel.CASE_CONFERENCE.value: 35,
    Channel.THREE_WAY.value: 20,
    Channel.INFORMATIONAL_SUPPORT.value: 15,
    Channel.CLAIMANT_SUPPORT_INTERVENTION.value: 15,
    Channel.GROUP_CONFERENCE_CASE.value: 15,
}
OTHER_CHANNELS = {Channel.SKILL_CONFERENCE.value: 60, Channel.INFORMATIONAL_SUPPORT.value: 40}
KINDS = {CLAIMANT: 80, SKILL: 15, COLLEAGUE: 5}

CHALLENGES = (
    "Severe anxiety; finds the jobcentre and phone calls hard.",
    "Back injury after a fall; cannot stand or sit for long.",
    "Recently diagnosed with type 1 diabetes and worried about shift work.",
    "Autistic; interviews have gone badly and confidence is low.",
    "Long-term depression; has not worked for three years.",
    "Hearing loss; struggles in group sessions and on the phone.",
    "Recovering from cancer treatment and tires quickly.",
    "Learning disability; needs help to understand letters.",
    "Epilepsy; seizures have cost two jobs in a year.",
    "Chronic fatigue; can manage a few hours a day at most.",
)
REASONS = (
    "Advice on adjustments to suggest to employers.",
    "Whether specialist provision would help.",
    "Ideas for suitable work and how to approach it.",
    "Help to agree realistic commitments.",
    "A case conference to plan the next steps together.",
    "Advice before the next appointment.",
)
DESCRIPTIONS = {
    KnowledgeGap.RETENTION.value: "Helping someone keep their job as a condition worsens.",
    KnowledgeGap.REASONABLE_ADJUSTMENTS.value: "What adjustments an employer can be asked for.",
    KnowledgeGap.HEALTH_CONDITION.value: "What a newly diagnosed condition means for job goals.",
    KnowledgeGap.SUPPORT_AND_PROVISION.value: "Which local services take mental health referrals.",
    KnowledgeGap.OTHER.value: "How to talk about a disability a claimant has not disclosed.",
}
COLLEAGUE_REASON = "Guidance on supporting a colleague who has told me about a health condition."
TOPICS = (
    "anxiety", "depression", "autism", "adhd", "learning disability", "back pain",
    "arthritis", "diabetes", "epilepsy", "hearing loss", "visual impairment", "cancer",
    "fatigue", "ms", "substance misuse", "housing", "retention", "reasonable adjustments",
    "access to work", "self-employment", "carers", "veterans", "ptsd", "long covid",
)  # fmt: skip
TAGGED = 0.08  # share of requests the DEA has tagged

REQUEST_FIELDS = [
    "id", "kind", "state", "requester", "dea", "claimant", "challenges", "reason",
    "knowledge_gap", "description", "job_role", "criticality", "required_by", "topics",
    "channel", "decline_reason", "decline_note", "created_at", "first_response_at",
    "info_requested_at", "waiting_for_info", "accepted_at", "closed_at", "due_on",
]  # fmt: skip
EVENT_FIELDS = ["id", "support_request", "action", "from_state", "to_state", "by", "at", "message"]


def _picker(weights: dict):
    """A function that draws a key of ``weights`` in proportion to its weight."""
    keys = list(weights)
    cumulative, total = [], 0
    for key in keys:
        total += weights[key]
        cumulative.append(total)

    def pick(rng: random.Random):
        return rng.choices(keys, cum_weights=cumulative)[0]

    return pick


@dataclass
class _Cohort:
    dea_id: int
    coaches: list[int]  # staff ids
    colleague_id: int | None  # the SDTL at the DEA's jobcentre, for colleague support
    share: int = 0  # how many requests the DEA receives


class RequestLines:
    """The national requests and their "submitted" events as COPY text.

    ``cohorts`` carry their share of the requests; ``caseloads`` maps a coach's staff id to
    the (first claimant id, how many) they hold; ``eligible`` says for each claimant (by
    position) whether a DEA may support them.
    """

    def __init__(
        self,
        *,
        cohorts: list[_Cohort],
        caseloads: dict[int, tuple[int, int]],
        eligible: bytearray,
        first_claimant_id: int,
        first_id: int,
        now: dt.datetime,
        seed: int,
    ):
        self.total = sum(c.share for c in cohorts)
        self.cohorts, self.caseloads = cohorts, caseloads
        self.eligible, self.first_claimant_id = eligible, first_claimant_id
        self.first_id, self.seed = first_id, seed
        now = now.astimezone(dt.UTC)
        first_day = now.date() - dt.timedelta(days=HISTORY_DAYS)
        self.days = [
            str(first_day + dt.timedelta(days=d)) for d in range(HISTORY_DAYS + AHEAD_DAYS + 1)
        ]
        self.times = [f" {m // 60:02d}:{m % 60:02d}:00+00" for m in range(MINUTES_A_DAY)]
        self.now = HISTORY_DAYS * MINUTES_A_DAY + now.hour * 60 + now.minute
        self.working_days = [
            d for d in range(HISTORY_DAYS + 1) if (first_day + dt.timedelta(days=d)).weekday() < 5
        ]
        # Each day's due date as a request required by it has it (the next working day).
        days = [first_day + dt.timedelta(days=d) for d in range(len(self.days))]
        self.due_days = [str(first_due_on(day)) for day in days]
        # Kept from the requests for their events: who filed each one and when.
        self.requesters = array("q")
        self.filed = array("q")

    def moment(self, minute: int) -> str:
        day, in_day = divmod(minute, MINUTES_A_DAY)
        return self.days[day] + self.times[in_day]

    def requests(self):
        rng = random.Random(self.seed)
        kinds, reasons = _picker(KINDS), _picker(DECLINE_REASONS)
        claimant_channels, other_channels = _picker(CLAIMANT_CHANNELS), _picker(OTHER_CHANNELS)
        states = [(age, _picker(weights)) for age, weights in STATE_BY_AGE]
        gaps = list(DESCRIPTIONS)
        request_id = self.first_id
        low, high = OFFICE_HOURS
        for cohort in self.cohorts:
            for _ in range(cohort.share):
                filed = self.now
                while filed >= self.now:  # today's office hours may still be to come
                    day = rng.choice(self.working_days)
                    filed = day * MINUTES_A_DAY + rng.randrange(low, high)
                age = HISTORY_DAYS - day
                kind = kinds(rng)
                claimant = "\\N"
                if kind == COLLEAGUE and cohort.colleague_id is not None:
                    requester = cohort.colleague_id
                else:
                    requester = rng.choice(cohort.coaches)
                    if kind != SKILL:
                        found = self._claimant_of(requester, rng)
                        kind = CLAIMANT if found else SKILL
                        claimant = str(found) if found else "\\N"
                state = next(pick for limit, pick in states if age < limit)(rng)
                challenges = reason = gap = description = job_role = criticality = ""
                if kind == CLAIMANT:
                    challenges, reason = rng.choice(CHALLENGES), rng.choice(REASONS)
                elif kind == SKILL:
                    gap = rng.choice(gaps)
                    description = DESCRIPTIONS[gap]
                else:
                    job_role = "Service delivery team leader"
                    criticality = "urgent" if rng.random() < 0.2 else "non_urgent"
                    reason = COLLEAGUE_REASON
                required_day = day + rng.randint(3, 21)
                required, due = self.days[required_day], self.due_days[required_day]
                topics = "{}"
                if rng.random() < TAGGED:
                    chosen = rng.sample(TOPICS, 1 if rng.random() < 0.7 else 2)
                    topics = "{" + ",".join(f'"{t}"' for t in sorted(chosen)) + "}"
                # The DEA answers within a few days; nothing happens after now.
                answered = min(filed + rng.randrange(30, 4 * MINUTES_A_DAY), self.now)
                first_response = info_at = accepted_at = closed_at = "\\N"
                channel = decline_reason = decline_note = ""
                if state == INFO:
                    first_response = info_at = self.moment(answered)
                elif state in (ACCEPTED, RESOLVED):
                    first_response = accepted_at = self.moment(answered)
                    pick = claimant_channels if kind == CLAIMANT else other_channels
                    channel = pick(rng)
                    if state == RESOLVED:
                        done = answered + rng.randrange(5, 60) * MINUTES_A_DAY
                        closed_at = self.moment(min(done, self.now))
                elif state == DECLINED:
                    first_response = closed_at = self.moment(answered)
                    decline_reason = reasons(rng)
                    decline_note = DECLINE_NOTES[decline_reason]
                elif state == WITHDRAWN:
                    closed_at = self.moment(answered)
                self.requesters.append(requester)
                self.filed.append(filed)
                yield (
                    f"{request_id}\t{kind}\t{state}\t{requester}\t{cohort.dea_id}\t{claimant}\t"
                    f"{challenges}\t{reason}\t{gap}\t{description}\t{job_role}\t{criticality}\t"
                    f"{required}\t{topics}\t{channel}\t{decline_reason}\t{decline_note}\t"
                    f"{self.moment(filed)}\t{first_response}\t{info_at}\t00:00:00\t"
                    f"{accepted_at}\t{closed_at}\t{due}\n"
                )
                request_id += 1

    def _claimant_of(self, coach: int, rng: random.Random) -> int | None:
        """A claimant on the coach's caseload whom a DEA may support, or None."""
        first, count = self.caseloads.get(coach, (0, 0))
        if not count:
            return None
        start = rng.randrange(count)
        for step in range(min(count, 20)):
            position = first - self.first_claimant_id + (start + step) % count
            if self.eligible[position]:
                return first + (start + step) % count
        return None

    def events(self, first_event_id: int):
        """The "submitted" event of each request, in the order the requests were written."""
        for i, (requester, filed) in enumerate(zip(self.requesters, self.filed, strict=True)):
            yield (
                f"{first_event_id + i}\t{self.first_id + i}\tsubmitted\t\tsubmitted\t"
                f"{requester}\t{self.moment(filed)}\t\n"
            )


def national_cohorts(plan, staff_id) -> list[_Cohort]:
    """Each planned cohort that receives requests, in staff ids, with its jobcentre's SDTL."""
    sdtl_at: dict[int, int] = {}
    for i, person in enumerate(plan.staff):
        if person.role == Role.SDTL:
            sdtl_at.setdefault(person.jobcentre, staff_id(i))
    members: dict[int, list[int]] = {}
    for cohort, coach in plan.cohort_memberships:
        members.setdefault(cohort, []).append(staff_id(coach))
    return [
        _Cohort(
            dea_id=staff_id(dea),
            coaches=members[c],
            colleague_id=sdtl_at.get(plan.staff[dea].jobcentre),
            share=plan.request_shares[c],
        )
        for c, dea in enumerate(plan.cohorts)
        if plan.request_shares[c]
    ]
