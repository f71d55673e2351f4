"""Benefits, regime and conditionality checked together, so a claimant's record agrees with itself.

DESIGN.md section 3 and seed 001: a regime belongs to a benefit (the UC regimes to Universal
Credit, the ESA groups to ESA, and so on), so a claimant can only be in a regime of a benefit
they claim; and every JSA interview, like every interview of a UC claimant searching for
work (full conditionality), is mandatory, so those claimants' conditionality is mandatory.
The claimant services call this for the pages and the API alike.
"""

from __future__ import annotations

from collections.abc import Iterable

from claimants.models import Benefit, Conditionality, Regime

#: The benefit each regime belongs to.
REGIME_BENEFIT = {
    Regime.SEARCHING_FOR_WORK: Benefit.UC,
    Regime.WORKING_WITH_REQUIREMENTS: Benefit.UC,
    Regime.NO_WORK_REQUIREMENTS: Benefit.UC,
    Regime.WORKING_NO_REQUIREMENTS: Benefit.UC,
    Regime.PLANNING_FOR_WORK: Benefit.UC,
    Regime.PREPARING_FOR_WORK: Benefit.UC,
    Regime.JSA: Benefit.JSA,
    Regime.ESA_WORK_RELATED_ACTIVITY: Benefit.ESA,
    Regime.ESA_SUPPORT_GROUP: Benefit.ESA,
    Regime.INCAPACITY_BENEFIT: Benefit.IB,
    Regime.INCOME_SUPPORT: Benefit.IS,
}

_SHORT = {
    Benefit.UC: "Universal Credit",
    Benefit.JSA: "Jobseeker's Allowance",
    Benefit.ESA: "Employment and Support Allowance",
    Benefit.IB: "Incapacity Benefit",
    Benefit.IS: "Income Support",
}


def needs_mandatory(*, benefits: Iterable[str], regime: str) -> bool:
    """JSA claimants, and UC claimants searching for work, have mandatory interviews (seed 001).

    A JSA claimant with no regime recorded is taken to be in the JSA regime.
    """
    if regime == Regime.SEARCHING_FOR_WORK or regime == Regime.JSA:
        return True
    return not regime and Benefit.JSA in set(benefits)


def problems(*, benefits: Iterable[str], regime: str, conditionality: str) -> dict[str, list[str]]:
    """What is wrong with this combination, as field errors; empty when it agrees."""
    benefits = set(benefits)
    errors: dict[str, list[str]] = {}
    belongs_to = REGIME_BENEFIT.get(regime) if regime else None
    if belongs_to is not None and belongs_to not in benefits:
        errors["regime"] = [
            f"{Regime(regime).label} is a regime of {_SHORT[belongs_to]}: select "
            f"{_SHORT[belongs_to]} in their benefits, or choose another regime"
        ]
    elif conditionality == Conditionality.VOLUNTARY and needs_mandatory(
        benefits=benefits, regime=regime
    ):
        who = (
            "Universal Credit claimants searching for work"
            if regime == Regime.SEARCHING_FOR_WORK
            else "Jobseeker's Allowance claimants"
        )
        errors["conditionality"] = [
            f"{who} have mandatory conditionality, because all their interviews are "
            "mandatory: choose mandatory"
        ]
    return errors
