"""Writes of checklist versions: an administrator drafts the next version and publishes it.

A published version is never changed, so the checks answered against it keep their questions
(DESIGN.md section 6). New checks use the latest published version from the moment it is
published; checks already signed off stay on theirs, including when they are edited.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from jomcase.errors import ensure
from jomcase.models import Staff
from jomcase.permissions import is_administrator
from qas.models import ChecklistTemplate, CheckType, Criterion


@transaction.atomic
def checklist_draft_create(*, actor: Staff, check_type: str) -> ChecklistTemplate:
    """Start the next version of a checklist as a draft holding the current questions, to be
    edited before it is published. A checklist has one draft at a time: asking again returns
    the draft already open."""
    ensure(is_administrator(actor), "Only an administrator changes the checklists.")
    if check_type not in CheckType.values:
        raise ValidationError({"check_type": ["Choose qas1, qas2 or group_checklist"]})
    versions = list(
        ChecklistTemplate.objects.select_for_update()
        .filter(check_type=check_type)
        .order_by("-version")
    )
    draft = next((t for t in versions if not t.is_published), None)
    if draft is not None:
        return draft
    latest = versions[0] if versions else None
    draft = ChecklistTemplate.objects.create(
        check_type=check_type,
        version=(latest.version + 1) if latest else 1,
        introduction=latest.introduction if latest else "",
    )
    if latest is not None:
        Criterion.objects.bulk_create(
            Criterion(template=draft, position=c.position, text=c.text, guidance=c.guidance)
            for c in latest.criteria.all()
        )
    return draft


@transaction.atomic
def checklist_publish(*, actor: Staff, template_id: int) -> ChecklistTemplate:
    """Publish a draft version: from now on new checks of its type answer its questions."""
    ensure(is_administrator(actor), "Only an administrator changes the checklists.")
    template = ChecklistTemplate.objects.select_for_update().get(pk=template_id)
    if template.is_published:
        raise ValidationError({"template": [f"{template} is already published"]})
    if not template.criteria.exists():
        raise ValidationError({"template": ["Add at least one question before publishing"]})
    newest = (
        ChecklistTemplate.objects.published()
        .filter(check_type=template.check_type)
        .aggregate(v=Max("version"))["v"]
    )
    if newest is not None and newest >= template.version:
        raise ValidationError(
            {"template": [f"Version {newest} is already published; draft a newer version"]}
        )
    template.published_at = timezone.now()
    template.published_by = actor
    template.save(update_fields=["published_at", "published_by"])
    return template
