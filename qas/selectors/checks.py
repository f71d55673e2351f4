"""Reads of checklists and checks for the pages and the API, scoped to the viewer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from conferences.models import Activity, ActivityState
from jomcase.models import Staff
from qas.models import (
    OBSERVED_KINDS,
    OBSERVED_STATES,
    Answer,
    CheckAnswer,
    ChecklistTemplate,
    CheckType,
    PlannedObservation,
    QasCheck,
    Result,
    check_type_for_kind,
)
from qas.permissions import can_check, check_visibility
from qas.selectors.months import local_midnight

#: How far back the DEA's page looks for held work that a check could still be written for.
RECENT_DAYS = 60

CHECKABLE_KINDS = [kind for kinds in OBSERVED_KINDS.values() for kind in kinds]


def current_templates(check_type: str = "") -> QuerySet[ChecklistTemplate]:
    """The latest published version of each checklist (or of one), with its questions."""
    qs = ChecklistTemplate.objects.current()
    return qs.filter(check_type=check_type) if check_type else qs


def checks_visible_to(user: Staff) -> QuerySet[QasCheck]:
    """The checks the user may open, latest observed first, with their people and activity."""
    return (
        QasCheck.objects.filter(check_visibility(user))
        .select_related("dea", "wctl", "activity", "template")
        .order_by("-observed_on", "-pk")
    )


def check_list_for_api(user: Staff) -> QuerySet[QasCheck]:
    """Checks for the API, each with its answers in one more query."""
    answers = CheckAnswer.objects.only(
        "pk", "qas_check_id", "criterion_id", "answer", "comment", "evidence"
    ).order_by("criterion_id")
    return (
        QasCheck.objects.filter(check_visibility(user))
        .select_related("template")
        .prefetch_related(Prefetch("answers", queryset=answers))
        .order_by("-observed_on", "-pk")
    )


def check_for(*, user: Staff, check_id: int) -> QasCheck:
    """One check the user may open, with its questions and answers in the order asked."""
    answers = CheckAnswer.objects.select_related("criterion").order_by("criterion__position")
    qas_check = (
        checks_visible_to(user)
        .select_related("activity__work_coach")
        .prefetch_related(Prefetch("answers", queryset=answers))
        .filter(pk=check_id)
        .first()
    )
    if qas_check is None:
        raise Http404("No such check")
    return qas_check


def checks_of_dea(*, user: Staff, dea_id: int) -> QuerySet[QasCheck]:
    return checks_visible_to(user).filter(dea_id=dea_id)


def checks_awaiting_acknowledgement(dea: Staff) -> int:
    return QasCheck.objects.filter(dea=dea, acknowledged_at__isnull=True).count()


@dataclass
class HistoryEntry:
    at: dt.datetime
    by: Staff | None
    title: str
    changes: list[str] = field(default_factory=list)


_LABELS = {
    "result": ("Overall result", Result),
    "positive_feedback": ("What went well", None),
    "areas_to_improve": ("Areas to improve", None),
    "feedback_given_on": ("Feedback given on", None),
}


def _shown(value, choices) -> str:
    if value in (None, ""):
        return "nothing"
    if choices is not None:
        return f"'{choices(value).label}'"
    if isinstance(value, dt.date):
        return f"{value:%-d %B %Y}"
    return f"'{value}'"


def check_history(qas_check: QasCheck) -> list[HistoryEntry]:
    """What happened to a check after it was signed off, oldest first: each edit with what
    it changed, and the DEA's acknowledgements. Two queries."""
    records = list(
        qas_check.history.select_related("history_user").order_by("history_date", "history_id")
    )
    entries: list[HistoryEntry] = []
    for before, after in zip([None, *records], records, strict=False):
        if before is None:
            entries.append(HistoryEntry(after.history_date, after.history_user, "Signed off"))
            continue
        if after.acknowledged_at and not before.acknowledged_at:
            entries.append(HistoryEntry(after.history_date, after.history_user, "Acknowledged"))
            continue
        changes = [
            f"{label} changed from {_shown(getattr(before, name), choices)} to "
            f"{_shown(getattr(after, name), choices)}"
            for name, (label, choices) in _LABELS.items()
            if getattr(before, name) != getattr(after, name)
        ]
        entries.append(HistoryEntry(after.history_date, after.history_user, "Edited", changes))

    positions = {a.criterion_id: a.criterion.position for a in qas_check.answers.all()}
    answer_records = (
        CheckAnswer.history.filter(qas_check_id=qas_check.pk)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    previous: dict[int, object] = {}
    for record in answer_records:
        earlier = previous.get(record.id)
        previous[record.id] = record
        if earlier is None:
            continue
        number = positions.get(record.criterion_id, "?")
        changes = []
        if earlier.answer != record.answer:
            changes.append(
                f"Question {number}: answer changed from {_shown(earlier.answer, Answer)} to "
                f"{_shown(record.answer, Answer)}"
            )
        if earlier.comment != record.comment:
            changes.append(f"Question {number}: comment changed")
        if earlier.evidence != record.evidence:
            changes.append(f"Question {number}: evidence changed")
        if changes:
            entries.append(
                HistoryEntry(record.history_date, record.history_user, "Edited", changes)
            )
    entries.sort(key=lambda e: e.at)
    return _merge_same_edit(entries)


def _merge_same_edit(entries: list[HistoryEntry]) -> list[HistoryEntry]:
    """One save changes the check and its answers within a moment: show it as one edit."""
    merged: list[HistoryEntry] = []
    for entry in entries:
        last = merged[-1] if merged else None
        if (
            last is not None
            and entry.title == last.title == "Edited"
            and last.by == entry.by
            and abs((entry.at - last.at).total_seconds()) < 5
        ):
            last.changes += entry.changes
            continue
        merged.append(entry)
    return [e for e in merged if e.title != "Edited" or e.changes]


def observable_activity_for(*, user: Staff, activity_id: int) -> Activity:
    """An activity of one of the user's DEAs that a check could observe; 404 otherwise."""
    activity = (
        Activity.objects.select_related("dea", "work_coach")
        .filter(pk=activity_id, kind__in=CHECKABLE_KINDS)
        .first()
    )
    if activity is None or not can_check(user, activity.dea_id):
        raise Http404("No such activity")
    return activity


def existing_check(activity: Activity) -> QasCheck | None:
    return QasCheck.objects.filter(
        activity=activity, check_type=check_type_for_kind(activity.kind)
    ).first()


def activity_sections(user: Staff, activity: Activity) -> list[dict]:
    """For the activity's page: the QAS check of it that its DEA's team leader can open or
    record. Nothing for anyone else, nor for work a check does not observe."""
    if activity.kind not in CHECKABLE_KINDS or not can_check(user, activity.dea_id):
        return []
    existing = existing_check(activity)
    if existing is not None:
        label = existing.get_check_type_display()
        href = reverse("qas:check", args=[existing.pk])
        links = [{"text": f"See the {label} check", "href": href}]
    elif activity.state in OBSERVED_STATES:
        label = CheckType(check_type_for_kind(activity.kind)).label
        href = reverse("qas:check_new", args=[activity.pk])
        links = [{"text": f"Record a {label} check of this work", "href": href}]
    else:
        href = reverse("qas:dea", args=[activity.dea_id])
        links = [{"text": "Plan to observe it, or check it once it is held", "href": href}]
    return [{"heading": "Quality assurance", "links": links}]


def work_to_observe(*, dea: Staff, today: dt.date | None = None) -> dict[str, list[Activity]]:
    """The DEA's work a check could observe: held in the last ``RECENT_DAYS`` days with no
    check yet (latest first), and booked to come (soonest first), each with ``planned``."""
    today = today or timezone.localdate()
    since = local_midnight(today - dt.timedelta(days=RECENT_DAYS))
    rows = (
        Activity.objects.filter(dea=dea, kind__in=CHECKABLE_KINDS, start__gte=since)
        .filter(state__in=(ActivityState.BOOKED, *OBSERVED_STATES))
        .annotate(
            checked=Exists(QasCheck.objects.filter(activity=OuterRef("pk"))),
            planned=Exists(PlannedObservation.objects.filter(activity=OuterRef("pk"))),
        )
        .filter(checked=False)
        .select_related("work_coach")
        .order_by("start", "pk")
    )
    now = timezone.now()
    held, coming = [], []
    for activity in rows:
        activity.check_type = check_type_for_kind(activity.kind)
        activity.check_type_label = CheckType(activity.check_type).label
        if activity.state in OBSERVED_STATES:
            held.append(activity)
        elif activity.start > now:
            coming.append(activity)
    return {"held": held[::-1], "coming": coming}
