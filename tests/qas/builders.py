"""Builders for the QAS tests: the published checklists, a DEA with their team leader, work
held or booked at a given time, and checks signed off through the service."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from conferences.models import Activity, ActivityKind, ActivityState, Participant, ParticipantRole
from jomcase.models import Staff
from qas.checklists import seed_first_versions
from qas.models import Answer, ChecklistTemplate, CheckType, Criterion, QasCheck
from qas.services import AnswerInput, Feedback, qas_check_create
from tests.factories import StaffFactory, managed_by

KIND_OF = {
    CheckType.QAS1: ActivityKind.CLAIMANT_SUPPORT_INTERVENTION,
    CheckType.QAS2: ActivityKind.CASE_CONFERENCE,
    CheckType.GROUP_CHECKLIST: ActivityKind.GROUP_CONFERENCE,
}


def published_checklists(published_at: dt.datetime | None = None) -> dict[str, ChecklistTemplate]:
    """The current version of each checklist. A transactional test empties every table,
    including the migration's, so it is seeded again where missing."""
    seed_first_versions(ChecklistTemplate, Criterion, published_at=published_at)
    if published_at is not None:
        ChecklistTemplate.objects.filter(version=1).update(published_at=published_at)
    return {t.check_type: t for t in ChecklistTemplate.objects.current()}


@dataclass
class Pair:
    dea: Staff
    leader: Staff


def a_led_dea(**dea_fields) -> Pair:
    """A DEA line-managed by a team leader."""
    dea = StaffFactory(dea=True, **dea_fields)
    leader = StaffFactory(wctl=True)
    managed_by(dea, leader)
    return Pair(dea=dea, leader=leader)


def local(*args) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args))


def work_at(
    dea: Staff,
    start: dt.datetime,
    *,
    kind: str = ActivityKind.CASE_CONFERENCE,
    state: str = ActivityState.HELD,
    coach: Staff | None = None,
) -> Activity:
    """An activity of the DEA's that took (or will take) place at ``start``, written directly
    as the services would have left it."""
    if coach is None and kind != ActivityKind.CLAIMANT_SUPPORT_INTERVENTION:
        coach = StaffFactory(work_coach=True)  # a CSI is the DEA and the claimant alone
    activity = Activity.objects.create(
        kind=kind,
        state=state,
        dea=dea,
        work_coach=coach,
        created_by=dea,
        start=start,
        end=start + dt.timedelta(hours=1),
        channel="face_to_face",
        booked_by=dea,
        booked_at=start - dt.timedelta(days=7),
        held_at=start if state in (ActivityState.HELD, ActivityState.CONCLUDED) else None,
    )
    Participant.objects.create(activity=activity, staff=dea, role=ParticipantRole.DEA)
    if coach is not None:
        Participant.objects.create(activity=activity, staff=coach, role=ParticipantRole.WORK_COACH)
    return activity


def answers_for(template: ChecklistTemplate, answer: str = Answer.MET) -> dict[int, AnswerInput]:
    return {c.pk: AnswerInput(answer=answer) for c in template.criteria.all()}


def a_check(
    leader: Staff,
    activity: Activity,
    *,
    result: str = "achieved",
    areas_to_improve: str = "",
    answer: str = Answer.MET,
) -> QasCheck:
    """A check signed off through the service against the current checklist version."""
    from qas.models import check_type_for_kind

    template = published_checklists()[check_type_for_kind(activity.kind)]
    return qas_check_create(
        actor=leader,
        activity_id=activity.pk,
        answers=answers_for(template, answer),
        feedback=Feedback(
            result=result,
            positive_feedback="Clear advice on adjustments.",
            areas_to_improve=areas_to_improve,
        ),
    )
