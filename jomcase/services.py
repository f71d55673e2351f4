"""Writes of the core app."""

from __future__ import annotations

from django.db import models

from jomcase.models import AccessLog, Staff


def access_log_record(*, staff: Staff, record: models.Model, via: str) -> AccessLog:
    """Note that ``staff`` read a personal record, and where (DESIGN.md section 10)."""
    return AccessLog.objects.create(
        staff=staff,
        record_type=record._meta.label_lower,
        record_id=record.pk,
        via=via[:200],
    )
