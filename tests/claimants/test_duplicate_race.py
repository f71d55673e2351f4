"""One National Insurance number, one claimant, even when two people add it at the same moment.

The service checks for a number already on file before saving, but two additions can both pass
that check; the database's unique index then decides, and the loser must be told the number
is already recorded (a 400 on the API) rather than meet a server error.
"""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from claimants import services
from claimants.models import Claimant
from tests.factories import StaffFactory

THREADS = 8


@pytest.mark.xdist_group("races")
@pytest.mark.django_db(transaction=True)
def test_simultaneous_additions_of_one_number_leave_one_claimant():
    coaches = [StaffFactory(work_coach=True) for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    created: list[int] = []
    told: list[str] = []
    failures: list[BaseException] = []
    record = threading.Lock()

    def add(coach) -> None:
        try:
            barrier.wait(timeout=30)
            claimant = services.claimant_create(
                actor=coach, nino="ab 12 34 56 c", surname="Okafor", forenames="Ada", benefits=[]
            )
            with record:
                created.append(claimant.pk)
        except ValidationError as invalid:
            with record:
                told.extend(invalid.message_dict["nino"])
        except BaseException as error:
            with record:
                failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=add, args=(coach,)) for coach in coaches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert failures == []
    assert len(created) == 1
    assert len(told) == THREADS - 1
    assert all("already recorded" in message for message in told)
    assert list(Claimant.objects.values_list("pk", flat=True)) == created
