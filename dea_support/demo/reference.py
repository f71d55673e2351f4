"""What the demo and the national dataset share: dates, adviser types, claimant profiles, NINOs.

National Insurance numbers come from ``claimants.nino.from_number`` in ranges that never
meet: the test factories use prefix positions 2 and 3, the demo uses positions 20 to 29 and the
national dataset positions 50 to 349 (each position holds four million numbers).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from claimants.models import Benefit, CaseloadType, Conditionality, Regime
from claimants.nino import VALID_PREFIXES, from_number
from jomcase.models import AdviserType, Role

#: Every seeded role, team, line management and cohort membership starts on this day, so the
#: demo reads the same whenever it is run.
MEMBERSHIP_START = dt.date(2024, 4, 1)

#: Claimants join caseloads over the 18 months from MEMBERSHIP_START.
CLAIMANTS_JOIN_DAYS = 547

ADDED_TO_CASELOAD = "Added to caseload"

_PER_PREFIX = 4_000_000  # numbers per prefix position in from_number
_DEMO_FIRST_PREFIX = 20
_DEMO_PREFIXES = 10
_DEMO_STRIDE = 997
_NATIONAL_FIRST_PREFIX = 50
_NATIONAL_PREFIXES = 300


def demo_nino(k: int) -> str:
    """The demo's ``k``-th number (0 <= k < 30,000), spread over ten prefixes."""
    prefix, j = k % _DEMO_PREFIXES, k // _DEMO_PREFIXES
    return from_number((_DEMO_FIRST_PREFIX + prefix) * _PER_PREFIX + 250_000 + j * _DEMO_STRIDE)


def national_nino_maker(total: int):
    """A function giving the ``i``-th national number of ``total``, all valid and distinct.

    Consecutive claimants go to different prefixes and the digits are spread out, so a
    caseload does not read as a run of near-identical numbers.
    """
    per_prefix = math.ceil(total / _NATIONAL_PREFIXES) or 1
    stride = _PER_PREFIX // (per_prefix + 1)
    if stride < 1 or len(VALID_PREFIXES) < _NATIONAL_FIRST_PREFIX + _NATIONAL_PREFIXES:
        raise ValueError(f"Cannot give {total} distinct national numbers")

    def nino(i: int) -> str:
        prefix, j = i % _NATIONAL_PREFIXES, i // _NATIONAL_PREFIXES
        return from_number((_NATIONAL_FIRST_PREFIX + prefix) * _PER_PREFIX + 1 + j * stride)

    return nino


# Adviser types for headcount. Names that appear in the FOI VTR 1150 table are spelt as it
# spells them and keep its row order, so the reports' reference data can adopt these rows.
ADVISER_TYPES: dict[str, tuple[str, int]] = {
    Role.DEA: ("Disability Employment Adviser", 10),
    Role.EMPLOYER_ADVISER: ("Employer Advisers", 18),
    Role.WORK_COACH: ("Work Coach", 100),
    Role.WCTL: ("Work Coach Team Leader", 101),
    Role.SDTL: ("Service Delivery Team Leader", 102),
    Role.WORK_PSYCHOLOGIST: ("Work Psychologist", 103),
    Role.TPP_MANAGER: ("Third Party Provision Manager", 104),
    Role.ANALYST: ("Analyst", 105),
    Role.ADMINISTRATOR: ("Administrator", 106),
}


def ensure_adviser_types() -> dict[str, AdviserType]:
    """The adviser type for each seeded role, created when missing (never renamed)."""
    by_role = {}
    for role, (name, position) in ADVISER_TYPES.items():
        by_role[role], _ = AdviserType.objects.get_or_create(
            name=name, defaults={"position": position}
        )
    return by_role


@dataclass(frozen=True)
class Profile:
    """The benefit side of a claimant: what they claim and the regime that follows."""

    benefits: tuple[str, ...]
    regime: str
    conditionality: str
    caseload_type: str

    @property
    def non_benefit(self) -> bool:
        return not {Benefit.JSA, Benefit.UC, Benefit.ESA, Benefit.IB, Benefit.IS} & set(
            self.benefits
        )


M, V = Conditionality.MANDATORY, Conditionality.VOLUNTARY
UC = Profile((Benefit.UC,), Regime.SEARCHING_FOR_WORK, M, CaseloadType.UC)
UC_WORKING = Profile((Benefit.UC,), Regime.WORKING_WITH_REQUIREMENTS, M, CaseloadType.UC)
UC_NO_WORK_REQ = Profile((Benefit.UC,), Regime.NO_WORK_REQUIREMENTS, V, CaseloadType.UC)
UC_PLANNING = Profile((Benefit.UC,), Regime.PLANNING_FOR_WORK, M, CaseloadType.LONE_PARENT)
UC_PREPARING = Profile((Benefit.UC,), Regime.PREPARING_FOR_WORK, M, CaseloadType.UC)
UC_WORKING_NO_REQ = Profile((Benefit.UC,), Regime.WORKING_NO_REQUIREMENTS, V, CaseloadType.UC)
UC_PIP = Profile((Benefit.UC, Benefit.PIP), Regime.SEARCHING_FOR_WORK, M, CaseloadType.DISABLED)
UC_PIP_PREPARING = Profile(
    (Benefit.UC, Benefit.PIP), Regime.PREPARING_FOR_WORK, M, CaseloadType.DISABLED
)
UC_PIP_NO_WORK_REQ = Profile(
    (Benefit.UC, Benefit.PIP), Regime.NO_WORK_REQUIREMENTS, V, CaseloadType.DISABLED
)
JSA = Profile((Benefit.JSA,), Regime.JSA, M, CaseloadType.JSA)
ESA_WRAG = Profile((Benefit.ESA,), Regime.ESA_WORK_RELATED_ACTIVITY, M, CaseloadType.ESA_IB)
ESA_SUPPORT = Profile((Benefit.ESA,), Regime.ESA_SUPPORT_GROUP, V, CaseloadType.ESA_IB)
ESA_PIP = Profile(
    (Benefit.ESA, Benefit.PIP), Regime.ESA_WORK_RELATED_ACTIVITY, M, CaseloadType.DISABLED
)
ESA_DLA = Profile((Benefit.ESA, Benefit.DLA), Regime.ESA_SUPPORT_GROUP, V, CaseloadType.DISABLED)
IB = Profile((Benefit.IB,), Regime.INCAPACITY_BENEFIT, V, CaseloadType.ESA_IB)
IS_LONE_PARENT = Profile((Benefit.IS,), Regime.INCOME_SUPPORT, M, CaseloadType.LONE_PARENT)
IS_PARTNER = Profile((Benefit.IS,), Regime.INCOME_SUPPORT, V, CaseloadType.PARTNER)
# No out-of-work benefit: DEA and work coach support needs a recorded exception [3][5].
PIP_ONLY = Profile((Benefit.PIP,), "", V, CaseloadType.DISABLED)
DLA_ONLY = Profile((Benefit.DLA,), "", V, CaseloadType.DISABLED)
AA_ONLY = Profile((Benefit.AA,), "", V, CaseloadType.DISABLED)

#: The national mix, in tenths of a percent. Universal Credit dominates as it does today;
#: the legacy benefits and the few claimants on disability benefits alone make up the rest.
NATIONAL_MIX: tuple[tuple[int, Profile], ...] = (
    (340, UC),
    (100, UC_WORKING),
    (110, UC_NO_WORK_REQ),
    (30, UC_PLANNING),
    (60, UC_PREPARING),
    (30, UC_WORKING_NO_REQ),
    (40, UC_PIP),
    (25, UC_PIP_PREPARING),
    (15, UC_PIP_NO_WORK_REQ),
    (60, JSA),
    (60, ESA_WRAG),
    (30, ESA_SUPPORT),
    (15, ESA_PIP),
    (5, ESA_DLA),
    (10, IB),
    (25, IS_LONE_PARENT),
    (10, IS_PARTNER),
    (25, PIP_ONLY),
    (7, DLA_ONLY),
    (3, AA_ONLY),
)
