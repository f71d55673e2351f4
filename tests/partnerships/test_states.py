"""Every strategy state against every step, for a joint local strategy and any other kind."""

from __future__ import annotations

import pytest
from django_fsm import can_proceed

from partnerships.models import Strategy

# state: (steps allowed for a joint local strategy, steps allowed for any other kind)
TABLE = {
    "proposed": ({"agree"}, {"agree", "activate", "close"}),
    "agreed": ({"activate", "close"}, {"activate", "close"}),
    "active": ({"close"}, {"close"}),
    "closed": (set(), set()),
}
STEPS = ("agree", "activate", "close")


@pytest.mark.parametrize("state", sorted(TABLE))
@pytest.mark.parametrize("kind", ["joint_local", "work_psychologist", "employer_engagement"])
def test_each_state_allows_only_its_steps(state, kind):
    strategy = Strategy(kind=kind, state=state)
    allowed = TABLE[state][0 if kind == "joint_local" else 1]
    assert {step for step in STEPS if can_proceed(getattr(strategy, step))} == allowed
