"""Every write to a claimant's record goes through these functions (DESIGN.md section 3)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from claimants import consistency
from claimants import nino as nino_rules
from claimants.models import (
    AccessibleFormat,
    Benefit,
    CaseloadTransfer,
    Claimant,
    Conditionality,
    Regime,
    SixPointPlanRecord,
)
from claimants.permissions import (
    can_add_claimant,
    can_edit_claimant,
    can_record_six_point_plan,
    can_review_six_point_plan,
    six_point_plan_reviewers,
    work_coaches_assignable_by,
)
from jomcase.errors import RuleViolation, ensure
from jomcase.models import Role, Staff
from jomcase.services import notification_send

EDITABLE_FIELDS = (
    "nino",
    "surname",
    "forenames",
    "benefits",
    "regime",
    "conditionality",
    "caseload_type",
    "vulnerability_exception",
    "accessible_formats",
    "self_harm_declared",
)


NINO_TAKEN = "A claimant with this National Insurance number is already recorded"


def _save(claimant: Claimant, **save_options) -> None:
    """Save, turning a lost race for a National Insurance number into the usual field error.

    ``_clean`` finds numbers already on file, but two additions of one number at the same
    moment both pass it; the unique index then refuses the second.
    """
    try:
        with transaction.atomic():
            claimant.save(**save_options)
    except IntegrityError as error:
        if Claimant.objects.filter(nino=claimant.nino).exclude(pk=claimant.pk).exists():
            raise ValidationError({"nino": [NINO_TAKEN]}) from error
        raise


def _clean(values: dict, *, instance: Claimant | None = None) -> dict:
    """Check and normalise the fields; raise one ValidationError naming every bad field."""
    errors: dict[str, list[str]] = {}
    cleaned = dict(values)
    if "nino" in values:
        message = nino_rules.problem(values["nino"])
        if message:
            errors["nino"] = [message]
        else:
            cleaned["nino"] = nino_rules.normalise(values["nino"])
            taken = Claimant.objects.filter(nino=cleaned["nino"])
            if instance is not None:
                taken = taken.exclude(pk=instance.pk)
            if taken.exists():
                errors["nino"] = [NINO_TAKEN]
    for name in ("surname", "forenames"):
        if name in values:
            cleaned[name] = (values[name] or "").strip()
            if not cleaned[name]:
                label = "surname" if name == "surname" else "first names"
                errors[name] = [f"Enter the claimant's {label}"]
            elif len(cleaned[name]) > Claimant._meta.get_field(name).max_length:
                errors[name] = ["Enter a shorter name"]
    if "benefits" in values:
        benefits = list(dict.fromkeys(values["benefits"] or []))
        unknown = [b for b in benefits if b not in Benefit.values]
        if unknown:
            errors["benefits"] = [f"{', '.join(map(str, unknown))} is not a benefit we record"]
        cleaned["benefits"] = benefits
    for name, choices in (
        ("regime", Regime),
        ("conditionality", Conditionality),
    ):
        if values.get(name) and values[name] not in choices.values:
            errors[name] = [f"{values[name]} is not a {name} we record"]
    if "accessible_formats" in values:
        formats = list(dict.fromkeys(values["accessible_formats"] or []))
        if any(f not in AccessibleFormat.values for f in formats):
            errors["accessible_formats"] = ["Choose large print or braille"]
        cleaned["accessible_formats"] = formats
    if "vulnerability_exception" in values:
        reason = (values["vulnerability_exception"] or "").strip()
        cleaned["vulnerability_exception"] = reason or None
    if errors:
        raise ValidationError(errors)
    return cleaned


def _disagreements(cleaned: dict, *, instance: Claimant | None = None) -> dict:
    """Benefits, regime and conditionality checked together (``claimants.consistency``),
    with what a change leaves as it was read from the record."""

    def value(name: str, default):
        if name in cleaned:
            return cleaned[name]
        return getattr(instance, name) if instance is not None else default

    return consistency.problems(
        benefits=value("benefits", []),
        regime=value("regime", "") or "",
        conditionality=value("conditionality", Conditionality.MANDATORY),
    )


@transaction.atomic
def claimant_create(*, actor: Staff, work_coach: Staff | None = None, **fields) -> Claimant:
    """Put a new claimant on a work coach's caseload (the actor's own by default)."""
    ensure(can_add_claimant(actor), "Only work coaches and their team leaders add claimants.")
    work_coach = work_coach or actor
    # Gather every problem, so the person fixing the form sees them all at once.
    errors: dict[str, list[str]] = {}
    if not work_coaches_assignable_by(actor).filter(pk=work_coach.pk).exists():
        errors["work_coach"] = ["Choose a work coach on your team"]
    for name, message in (
        ("nino", "Enter a National Insurance number"),
        ("surname", "Enter the claimant's surname"),
        ("forenames", "Enter the claimant's first names"),
        ("benefits", "Select the benefits the claimant gets, or none"),
    ):
        if name not in fields:
            errors[name] = [message]
    for name in set(fields) - set(EDITABLE_FIELDS):
        errors[name] = ["This field cannot be set"]
    try:
        cleaned = _clean({k: v for k, v in fields.items() if k in EDITABLE_FIELDS})
    except ValidationError as invalid:
        errors.update(invalid.message_dict)
    if not errors:
        errors.update(_disagreements(cleaned))
    if errors:
        raise ValidationError(errors)
    claimant = Claimant(work_coach=work_coach, **cleaned)
    claimant.full_clean(validate_unique=False)
    _save(claimant)
    CaseloadTransfer.objects.create(
        claimant=claimant, to_work_coach=work_coach, by=actor, reason="Added to caseload"
    )
    return claimant


@transaction.atomic
def claimant_update(
    *, actor: Staff, claimant_id: int, work_coach: Staff | None = None, **fields
) -> Claimant:
    """Change a claimant's details (and holder); the holding work coach or their WCTL may.

    The details are checked and saved before any move, because once the claimant has moved
    the actor may no longer be the one allowed to change them.
    """
    claimant = Claimant.objects.select_for_update().get(pk=claimant_id)
    ensure(can_edit_claimant(actor, claimant), "Only the claimant's work coach may change this.")
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: ["This field cannot be changed here"] for name in unknown})
    cleaned = _clean(fields, instance=claimant)
    disagreements = _disagreements(cleaned, instance=claimant)
    if disagreements:
        raise ValidationError(disagreements)
    changed = [name for name, value in cleaned.items() if getattr(claimant, name) != value]
    if changed:
        for name in changed:
            setattr(claimant, name, cleaned[name])
        claimant.full_clean(validate_unique=False, exclude=["work_coach"])
        _save(claimant, update_fields=[*changed, "updated_at"])
    if work_coach is not None and work_coach.pk != claimant.work_coach_id:
        claimant_transfer(actor=actor, claimant_id=claimant.pk, to_work_coach=work_coach)
    if changed or work_coach is not None:
        claimant.refresh_from_db()
    return claimant


@transaction.atomic
def claimant_transfer(
    *, actor: Staff, claimant_id: int, to_work_coach: Staff, reason: str = ""
) -> CaseloadTransfer:
    """Move a claimant to another work coach's caseload, keeping the transfer history."""
    claimant = Claimant.objects.select_for_update().get(pk=claimant_id)
    ensure(can_edit_claimant(actor, claimant), "Only the claimant's work coach may move them.")
    if not to_work_coach.has_role(Role.WORK_COACH):
        raise ValidationError({"work_coach": [f"{to_work_coach} is not a work coach"]})
    # The same rule as adding a claimant: a record moves only within the actor's team.
    if not work_coaches_assignable_by(actor).filter(pk=to_work_coach.pk).exists():
        raise ValidationError({"work_coach": ["Choose a work coach on your team"]})
    if claimant.work_coach_id == to_work_coach.pk:
        raise ValidationError({"work_coach": ["The claimant is already on that caseload"]})
    transfer = CaseloadTransfer.objects.create(
        claimant=claimant,
        from_work_coach_id=claimant.work_coach_id,
        to_work_coach=to_work_coach,
        by=actor,
        reason=reason.strip(),
    )
    claimant.work_coach = to_work_coach
    claimant.save(update_fields=["work_coach", "updated_at"])
    return transfer


# Six point plan records [37] (DESIGN.md section 3): facts only, reviewed by a team leader.

SIX_POINT_PLAN_TEXT_LIMIT = 5000

#: The record's facts, each with what the page and API say when it is left out.
SIX_POINT_PLAN_TEXTS = {
    "declaration": "Enter what the claimant declared",
    "steps_taken": "Enter the steps you took",
    "people_told": "Enter who was told",
    "follow_up": "Enter the follow-up agreed",
}


def _six_point_plan_clean(
    *, declared_on, emergency_services_contacted, texts: dict[str, str]
) -> dict:
    errors: dict[str, list[str]] = {}
    cleaned: dict = {}
    today = timezone.localdate()
    if not isinstance(declared_on, dt.date):
        errors["declared_on"] = ["Enter the date of the declaration"]
    elif declared_on > today:
        errors["declared_on"] = ["The date of the declaration must be today or in the past"]
    else:
        cleaned["declared_on"] = declared_on
    if not isinstance(emergency_services_contacted, bool):
        errors["emergency_services_contacted"] = ["Select yes if emergency services were contacted"]
    else:
        cleaned["emergency_services_contacted"] = emergency_services_contacted
    for name, missing in SIX_POINT_PLAN_TEXTS.items():
        text = (texts.get(name) or "").strip()
        if not text:
            errors[name] = [missing]
        elif len(text) > SIX_POINT_PLAN_TEXT_LIMIT:
            errors[name] = [f"Enter {SIX_POINT_PLAN_TEXT_LIMIT} characters or fewer"]
        else:
            cleaned[name] = text
    if errors:
        raise ValidationError(errors)
    return cleaned


def six_point_plan_review_link(record_id: int) -> str:
    return reverse("claimants:six_point_plan", args=[record_id])


#: The same answers sent again by the same person within this time are one record, not two.
SIX_POINT_PLAN_RESUBMIT_WINDOW = dt.timedelta(minutes=10)


@transaction.atomic
def six_point_plan_record(
    *,
    actor: Staff,
    claimant_id: int,
    declared_on: dt.date | None,
    declaration: str,
    steps_taken: str,
    emergency_services_contacted: bool | None,
    people_told: str,
    follow_up: str,
) -> SixPointPlanRecord:
    """Record the facts of a declared intention of suicide or self-harm [37]: the holding work
    coach or the DEA the claimant is referred to may. The claimant's record then shows the
    declaration, which is itself the exception to the benefit rule [5], and the holding
    coach's team leader is told at once to review it (DESIGN.md section 3).
    """
    claimant = Claimant.objects.select_for_update().get(pk=claimant_id)
    ensure(
        can_record_six_point_plan(actor, claimant),
        "Only the claimant's work coach, or the DEA they are referred to, may record a six "
        "point plan.",
    )
    cleaned = _six_point_plan_clean(
        declared_on=declared_on,
        emergency_services_contacted=emergency_services_contacted,
        texts={
            "declaration": declaration,
            "steps_taken": steps_taken,
            "people_told": people_told,
            "follow_up": follow_up,
        },
    )
    # The claimant's row is locked, so a second submission of the same answers (a double
    # click, a resent form) waits here and then finds the first: the same record, once.
    repeated = (
        SixPointPlanRecord.objects.filter(
            claimant=claimant,
            recorded_by=actor,
            recorded_at__gte=timezone.now() - SIX_POINT_PLAN_RESUBMIT_WINDOW,
            **cleaned,
        )
        .order_by("-recorded_at")
        .first()
    )
    if repeated is not None:
        return repeated
    record = SixPointPlanRecord(claimant=claimant, recorded_by=actor, **cleaned)
    record._history_user = actor
    record.save()
    if not claimant.self_harm_declared:
        claimant.self_harm_declared = True
        claimant._history_user = actor
        claimant.save(update_fields=["self_harm_declared", "updated_at"])
    for leader in six_point_plan_reviewers(claimant):
        notification_send(
            recipient=leader,
            key=f"six_point_plan:{record.pk}:recorded",
            kind="six_point_plan",
            title=f"Six point plan recorded for {claimant.full_name}: review it",
            body=(
                f"{actor.display_name} recorded a six point plan for {claimant.full_name} "
                f"({claimant.nino_display}) after a declaration on "
                f"{record.declared_on:%-d %B %Y}. Review it and record the date and a note."
            ),
            link=six_point_plan_review_link(record.pk),
        )
    return record


@transaction.atomic
def six_point_plan_review(
    *, actor: Staff, record_id: int, review_on: dt.date | None, note: str
) -> SixPointPlanRecord:
    """The holding coach's team leader (or an administrator) reviews a six point plan record
    once, with the day of the review and a note [37] (DESIGN.md section 3)."""
    record = (
        SixPointPlanRecord.objects.select_for_update(of=("self",))
        .select_related("claimant", "reviewed_by")
        .get(pk=record_id)
    )
    ensure(
        can_review_six_point_plan(actor, record),
        "Only the work coach's team leader may review a six point plan record.",
    )
    if record.reviewed:
        raise RuleViolation(
            f"This record was already reviewed by {record.reviewed_by.display_name} on "
            f"{record.review_on:%-d %B %Y}. A record is reviewed once.",
            code="already_reviewed",
        )
    errors: dict[str, list[str]] = {}
    if not isinstance(review_on, dt.date):
        errors["review_on"] = ["Enter the date of the review"]
    elif review_on > timezone.localdate():
        errors["review_on"] = ["The date of the review must be today or in the past"]
    elif review_on < record.declared_on:
        errors["review_on"] = [
            "The date of the review must be on or after the date of the declaration, "
            f"{record.declared_on:%-d %B %Y}"
        ]
    note = (note or "").strip()
    if not note:
        errors["note"] = ["Enter a note about the review"]
    elif len(note) > SIX_POINT_PLAN_TEXT_LIMIT:
        errors["note"] = [f"Enter {SIX_POINT_PLAN_TEXT_LIMIT} characters or fewer"]
    if errors:
        raise ValidationError(errors)
    record.reviewed_by = actor
    record.reviewed_at = timezone.now()
    record.review_on = review_on
    record.review_note = note
    record._history_user = actor
    record.save(update_fields=["reviewed_by", "reviewed_at", "review_on", "review_note"])
    return record
