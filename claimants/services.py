"""Every write to a claimant's record goes through these functions (DESIGN.md section 3)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from claimants import consistency
from claimants import nino as nino_rules
from claimants.models import (
    AccessibleFormat,
    Benefit,
    CaseloadTransfer,
    Claimant,
    Conditionality,
    Regime,
)
from claimants.permissions import can_add_claimant, can_edit_claimant, work_coaches_assignable_by
from jomcase.errors import ensure
from jomcase.models import Role, Staff

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
