"""Who may be given DEA and work coach support: the one rule, for every page, the API and reports.

DESIGN.md section 3, seed 002 paragraphs 3 to 5. A claimant of an out-of-work benefit (JSA,
UC, ESA, IB or IS) may be supported. Someone on none of them (PIP, DLA or AA only, or
nothing) may not, with two exceptions: someone clearly vulnerable, for whom the coach
records why (agreed with their team leader first), and someone who has declared an
intention to commit suicide or self-harm. The declaration is itself the exception, so a
coach files for such a claimant at once, with no agreement to wait for.

``support_basis`` answers for one claimant, ``ELIGIBLE`` for a queryset; they are the same
rule, and a test holds them together.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class SupportBasis(models.TextChoices):
    """Why a claimant may be given DEA support."""

    OUT_OF_WORK_BENEFIT = "out_of_work_benefit", "Claims an out-of-work benefit"
    SELF_HARM_DECLARED = (
        "self_harm_declared",
        "No out-of-work benefit, but has declared an intention of suicide or self-harm",
    )
    VULNERABLE = (
        "vulnerability_exception",
        "No out-of-work benefit, but clearly vulnerable: an exception is recorded",
    )


#: Why each exception allows support, as the filing and request pages explain it.
EXCEPTION_EXPLANATIONS = {
    SupportBasis.SELF_HARM_DECLARED: (
        "The claimant gets no out-of-work benefit, but they have declared an intention of "
        "suicide or self-harm. That declaration is itself an exception to the benefit rule, so "
        "a DEA can help at once: no team leader's agreement is needed first. Follow the six "
        "point plan."
    ),
    SupportBasis.VULNERABLE: (
        "The claimant gets no out-of-work benefit, but a vulnerability exception is recorded "
        "on their record, so a DEA can help."
    ),
}


#: How an exception reads on a request's timeline, where it is written when the request is filed.
EXCEPTION_NOTES = {
    SupportBasis.SELF_HARM_DECLARED: (
        "Allowed without an out-of-work benefit: the claimant has declared an intention of "
        "suicide or self-harm."
    ),
    SupportBasis.VULNERABLE: (
        "Allowed without an out-of-work benefit: a vulnerability exception is recorded."
    ),
}


def support_basis(claimant) -> SupportBasis | None:
    """Why ``claimant`` may be supported, or None when they may not [3][5].

    Reads the benefits themselves rather than the stored ``non_benefit`` column, so a
    record changed but not yet saved gives the right answer.
    """
    from claimants.models import OUT_OF_WORK_BENEFITS

    if set(claimant.benefits or ()).intersection(OUT_OF_WORK_BENEFITS):
        return SupportBasis.OUT_OF_WORK_BENEFIT
    if claimant.self_harm_declared:
        return SupportBasis.SELF_HARM_DECLARED
    if (claimant.vulnerability_exception or "").strip():
        return SupportBasis.VULNERABLE
    return None


#: ``support_basis(c) is not None`` as a filter on claimants.
ELIGIBLE = (
    Q(non_benefit=False)
    | Q(self_harm_declared=True)
    | (Q(vulnerability_exception__isnull=False) & ~Q(vulnerability_exception=""))
)


def eligible_for_support(claimant) -> bool:
    return support_basis(claimant) is not None


def exception_explanation(claimant) -> str:
    """Why a claimant on no out-of-work benefit may still be supported; empty otherwise."""
    return EXCEPTION_EXPLANATIONS.get(support_basis(claimant), "")


def exception_note(claimant) -> str:
    """The same, as one line for a request's timeline; empty when no exception is needed."""
    return EXCEPTION_NOTES.get(support_basis(claimant), "")
