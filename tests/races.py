"""Running calls at the same moment, for the race tests (STYLE.md: races are tested for real).

Each call runs in its own thread, so in its own database connection and transaction; a
barrier lets them all go together. Tests that use it need ``django_db(transaction=True)``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection


def at_once(
    calls: list[Callable[[], object]],
    *,
    expected: tuple[type[BaseException], ...] = (),
    start_within: float = 30,
    finish_within: float = 60,
) -> list:
    """Start every call at the same moment and wait for them all.

    Returns, in the calls' order, what each call returned or the ``expected`` exception it
    raised. Fails the test if a thread is still running after ``finish_within`` seconds or a
    call raised anything else, which a thread would otherwise swallow.
    """
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=start_within)
            outcomes[index] = call()
        except BaseException as error:  # a thread's failure must reach the test
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=finish_within)
    assert not any(thread.is_alive() for thread in threads)
    unexpected = [
        outcome
        for outcome in outcomes
        if isinstance(outcome, BaseException) and not isinstance(outcome, expected)
    ]
    assert unexpected == []
    return outcomes
