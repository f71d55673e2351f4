"""Errors that services raise when a business rule forbids a write.

The API maps a :class:`RuleViolation` to 409 with its ``code`` (API.md); pages show its
``detail`` as a form error. A service raises before it writes, so nothing changes.
"""

from __future__ import annotations


class RuleViolation(Exception):
    """A well-formed request that a rule or the current state forbids."""

    code = "rule_violation"

    def __init__(self, detail: str, *, code: str | None = None, field: str | None = None):
        super().__init__(detail)
        self.detail = detail
        self.field = field
        if code:
            self.code = code


class CohortFull(RuleViolation):
    code = "cohort_full"


class NotInCohort(RuleViolation):
    code = "not_in_cohort"


def ensure(allowed: bool, message: str = "Your role may not do this.") -> None:
    """Raise PermissionDenied unless ``allowed``."""
    if not allowed:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(message)


class NonBenefitClaimant(RuleViolation):
    code = "non_benefit_claimant"


class ConsentRequired(RuleViolation):
    code = "consent_required"


class CsiCapReached(RuleViolation):
    code = "csi_cap_reached"


class DiaryClash(RuleViolation):
    code = "diary_clash"


class GroupTooLarge(RuleViolation):
    code = "group_too_large"
