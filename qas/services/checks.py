"""Writes of QAS checks: signing one off, editing it, the DEA's acknowledgement, and a team
leader's note that they will observe a booked activity (DESIGN.md section 6).

Only the DEA's line-managing team leader records or edits a check of their work [2][69];
anyone else who may not see the DEA's checks is answered as if there were none (404). Each
write is one transaction that locks the row it changes, records who did it in the check's
history, and tells the DEA once it commits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from conferences.models import Activity, ActivityState
from conferences.services import activity_add_observer
from jomcase.errors import ensure
from jomcase.models import Staff
from jomcase.services import notification_send
from qas.models import (
    OBSERVED_STATES,
    OBSERVES,
    Answer,
    CheckAnswer,
    ChecklistTemplate,
    CheckType,
    PlannedObservation,
    QasCheck,
    Result,
    check_type_for_kind,
)
from qas.permissions import can_acknowledge, can_check, check_visibility, sees_checks_of


@dataclass(frozen=True)
class AnswerInput:
    """The answer to one question, with the observer's comment and evidence."""

    answer: str
    comment: str = ""
    evidence: str = ""


@dataclass(frozen=True)
class Feedback:
    """The check's overall result and the feedback given to the DEA."""

    result: str
    positive_feedback: str = ""
    areas_to_improve: str = ""
    feedback_given_on: dt.date | None = None


def current_template(check_type: str) -> ChecklistTemplate | None:
    """The latest published version of a checklist, with its questions."""
    return ChecklistTemplate.objects.current().filter(check_type=check_type).first()


def _refuse_unless_checker(actor: Staff, dea_id: int) -> None:
    """Only the DEA's team leader may write; others who may see the DEA's checks are refused
    (403), and everyone else is told there is nothing here (404)."""
    if can_check(actor, dea_id):
        return
    if sees_checks_of(actor, dea_id):
        raise PermissionDenied("Only the DEA's line-managing team leader records QAS checks.")
    raise Http404("No such DEA")


def _clean_answers(template: ChecklistTemplate, answers: dict[int, AnswerInput]) -> None:
    criteria = {c.pk: c for c in template.criteria.all()}
    unknown = sorted(set(answers) - set(criteria))
    if unknown:
        raise ValidationError(
            {"answers": [f"These are not questions of {template}: {', '.join(map(str, unknown))}"]}
        )
    unanswered = [c.position for c in criteria.values() if c.pk not in answers]
    if unanswered:
        raise ValidationError(
            {"answers": [f"Answer every question; not answered: {_numbers(unanswered)}"]}
        )
    wrong = [criteria[pk].position for pk, a in answers.items() if a.answer not in Answer.values]
    if wrong:
        raise ValidationError(
            {"answers": [f"Answer met, not met or not applicable: {_numbers(wrong)}"]}
        )


def _numbers(positions: list[int]) -> str:
    return ", ".join(f"question {n}" for n in sorted(positions))


def _clean_feedback(feedback: Feedback, observed_on: dt.date) -> None:
    if feedback.result not in Result.values:
        raise ValidationError({"result": ["Choose whether the check was achieved"]})
    if feedback.result == Result.NOT_ACHIEVED and not feedback.areas_to_improve.strip():
        raise ValidationError({"areas_to_improve": ["Say what the DEA should improve"]})
    given = feedback.feedback_given_on
    if given and given > timezone.localdate():
        raise ValidationError(
            {"feedback_given_on": ["The feedback date must not be in the future"]}
        )
    if given and given < observed_on:
        raise ValidationError(
            {"feedback_given_on": ["Feedback cannot be given before the work was observed"]}
        )


def _tell_dea(qas_check: QasCheck, *, key: str, title: str) -> None:
    notification_send(
        recipient=qas_check.dea,
        key=key,
        kind="qas_check",
        title=title,
        body="Read your team leader's feedback and acknowledge it.",
        link=reverse("qas:check", args=[qas_check.pk]),
    )


@transaction.atomic
def qas_check_create(
    *,
    actor: Staff,
    activity_id: int,
    answers: dict[int, AnswerInput],
    feedback: Feedback,
    dea_id: int | None = None,
    check_type: str | None = None,
    template_id: int | None = None,
) -> QasCheck:
    """Sign off a check of a DEA's held activity against the checklist's current version.

    The activity's kind must fit the check (QAS 1 a CSI; QAS 2 a case or skill conference or
    three-way; the group checklist a group conference), it must have taken place, and each
    activity has at most one check of a type (DESIGN.md section 6).
    """
    if dea_id is not None:
        _refuse_unless_checker(actor, dea_id)
    # The lock makes a second check of the same activity wait, then see the first.
    activity = (
        Activity.objects.select_for_update(of=("self",))
        .select_related("dea")
        .filter(pk=activity_id)
        .first()
    )
    if dea_id is None:
        if activity is None:
            raise Http404("No such activity")
        _refuse_unless_checker(actor, activity.dea_id)
    elif activity is None or activity.dea_id != dea_id:
        raise ValidationError({"activity": ["Choose an activity of this DEA's"]})

    kind_type = check_type_for_kind(activity.kind)
    check_type = check_type or kind_type
    if check_type not in CheckType.values:
        raise ValidationError({"check_type": ["Choose qas1, qas2 or group_checklist"]})
    if kind_type != check_type:
        raise ValidationError(
            {
                "activity": [
                    f"{CheckType(check_type).label} observes {OBSERVES[check_type]}, so it "
                    f"cannot be done on this {activity.get_kind_display().lower()}"
                ]
            }
        )
    if activity.state not in OBSERVED_STATES or activity.start is None:
        raise ValidationError(
            {"activity": ["The activity must have been held before it is checked"]}
        )
    if QasCheck.objects.filter(activity=activity, check_type=check_type).exists():
        raise ValidationError({"activity": ["This activity already has a check of this type"]})

    template = current_template(check_type)
    if template is None:
        raise ValidationError({"template": ["This checklist has no published version yet"]})
    if template_id is not None and template_id != template.pk:
        raise ValidationError(
            {"template": [f"Answer the current version of the checklist ({template})"]}
        )
    _clean_answers(template, answers)
    observed_on = timezone.localtime(activity.start).date()
    _clean_feedback(feedback, observed_on)

    now = timezone.now()
    qas_check = QasCheck(
        check_type=check_type,
        dea=activity.dea,
        wctl=actor,
        activity=activity,
        template=template,
        observed_on=observed_on,
        result=feedback.result,
        positive_feedback=feedback.positive_feedback.strip(),
        areas_to_improve=feedback.areas_to_improve.strip(),
        feedback_given_on=feedback.feedback_given_on,
        signed_off_at=now,
        updated_at=now,
    )
    qas_check._history_user = actor
    qas_check._change_reason = "Signed off"
    qas_check.save()
    bulk_create_with_history(
        [
            CheckAnswer(
                qas_check=qas_check,
                criterion_id=criterion_id,
                answer=given.answer,
                comment=given.comment.strip(),
                evidence=given.evidence.strip(),
            )
            for criterion_id, given in answers.items()
        ],
        CheckAnswer,
        default_user=actor,
        default_change_reason="Signed off",
    )
    _tell_dea(
        qas_check,
        key=f"qas-check:{qas_check.pk}:signed-off",
        title=f"{actor.display_name} recorded a {qas_check.get_check_type_display()} check "
        "of your work",
    )
    return qas_check


def _locked_check(actor: Staff, check_id: int) -> QasCheck:
    qas_check = (
        QasCheck.objects.filter(check_visibility(actor))
        .select_for_update(of=("self",))
        .select_related("dea")
        .filter(pk=check_id)
        .first()
    )
    if qas_check is None:
        raise Http404("No such check")
    return qas_check


@transaction.atomic
def qas_check_update(
    *, actor: Staff, check_id: int, answers: dict[int, AnswerInput], feedback: Feedback
) -> QasCheck:
    """Change a signed-off check; each change is kept in its history (DESIGN.md s6, s10).

    The answers stay against the checklist version the check was done with. A change after
    the DEA acknowledged the check asks them to acknowledge it again.
    """
    qas_check = _locked_check(actor, check_id)
    ensure(can_check(actor, qas_check.dea_id), "Only the DEA's team leader may change a check.")
    _clean_answers(qas_check.template, answers)
    _clean_feedback(feedback, qas_check.observed_on)

    changed_answers = 0
    for row in qas_check.answers.all():
        given = answers[row.criterion_id]
        new = (given.answer, given.comment.strip(), given.evidence.strip())
        if new == (row.answer, row.comment, row.evidence):
            continue
        row.answer, row.comment, row.evidence = new
        row._history_user = actor
        row._change_reason = "Edited"
        row.save(update_fields=["answer", "comment", "evidence"])
        changed_answers += 1

    fields = {
        "result": feedback.result,
        "positive_feedback": feedback.positive_feedback.strip(),
        "areas_to_improve": feedback.areas_to_improve.strip(),
        "feedback_given_on": feedback.feedback_given_on,
    }
    changed = [name for name, value in fields.items() if getattr(qas_check, name) != value]
    if not changed and not changed_answers:
        return qas_check
    for name in changed:
        setattr(qas_check, name, fields[name])
    was_acknowledged = qas_check.acknowledged_at is not None
    qas_check.acknowledged_at = None
    qas_check.updated_at = timezone.now()
    qas_check._history_user = actor
    qas_check._change_reason = "Edited"
    qas_check.save(update_fields=[*changed, "acknowledged_at", "updated_at"])
    if was_acknowledged:
        edits = qas_check.history.count()
        _tell_dea(
            qas_check,
            key=f"qas-check:{qas_check.pk}:edited:{edits}",
            title=f"{actor.display_name} changed a check you had acknowledged",
        )
    return qas_check


@transaction.atomic
def qas_check_acknowledge(*, actor: Staff, check_id: int) -> QasCheck:
    """The DEA confirms they have read the feedback; doing it again changes nothing."""
    qas_check = _locked_check(actor, check_id)
    ensure(can_acknowledge(actor, qas_check), "Only the DEA whose work was checked acknowledges.")
    if qas_check.acknowledged_at is None:
        qas_check.acknowledged_at = timezone.now()
        qas_check._history_user = actor
        qas_check._change_reason = "Acknowledged"
        qas_check.save(update_fields=["acknowledged_at"])
    return qas_check


@transaction.atomic
def observation_plan(*, actor: Staff, activity_id: int) -> PlannedObservation:
    """A team leader says they will observe one of their DEA's booked activities for a check;
    they join it as an observer, so it is in their diary (DESIGN.md s5, s6)."""
    activity = Activity.objects.filter(pk=activity_id).first()
    if activity is None or not can_check(actor, activity.dea_id):
        raise Http404("No such activity")
    check_type = check_type_for_kind(activity.kind)
    if check_type is None:
        raise ValidationError({"activity": ["No QAS check observes this kind of activity"]})
    if (
        activity.state != ActivityState.BOOKED
        or not activity.start
        or activity.start <= timezone.now()
    ):
        raise ValidationError(
            {"activity": ["Only a booked activity still to come can be observed"]}
        )
    planned, created = PlannedObservation.objects.get_or_create(
        activity=activity, wctl=actor, defaults={"check_type": check_type}
    )
    if created:
        activity_add_observer(activity_id=activity.pk, actor=actor, observer=actor)
    return planned
