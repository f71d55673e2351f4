"""One National Insurance number, one claimant, even when two people add it at the same moment.

The service checks for a number already on file before saving, but two additions can both pass
that check; the database's unique index then decides, and the loser must be told the number
is already recorded (a 400 on the API) rather than meet a server error.
"""

from __future__ import annotations

from functools import partial

import pytest
from django.core.exceptions import ValidationError

from claimants import services
from claimants.models import Claimant
from tests.factories import StaffFactory
from tests.races import at_once

THREADS = 8


@pytest.mark.xdist_group("races")
@pytest.mark.django_db(transaction=True)
def test_simultaneous_additions_of_one_number_leave_one_claimant():
    coaches = [StaffFactory(work_coach=True) for _ in range(THREADS)]
    add = partial(
        services.claimant_create,
        nino="ab 12 34 56 c",
        surname="Okafor",
        forenames="Ada",
        benefits=[],
    )

    outcomes = at_once(
        [partial(add, actor=coach) for coach in coaches], expected=(ValidationError,)
    )

    created = [outcome.pk for outcome in outcomes if isinstance(outcome, Claimant)]
    told = [
        message
        for outcome in outcomes
        if isinstance(outcome, ValidationError)
        for message in outcome.message_dict["nino"]
    ]
    assert len(created) == 1
    assert len(told) == THREADS - 1
    assert all("already recorded" in message for message in told)
    assert list(Claimant.objects.values_list("pk", flat=True)) == created
