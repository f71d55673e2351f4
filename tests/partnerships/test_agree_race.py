"""The owner agreeing twice at the same moment (a double click, two tabs): one agreement, one
notification, the other told the step is no longer possible. PostgreSQL, real transactions."""

from __future__ import annotations

import pytest
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from jomcase.models import Notification
from partnerships.models import Strategy, StrategyState
from partnerships.services import strategy_agree
from tests.partnerships.builders import a_strategy, the_people
from tests.races import at_once


@pytest.mark.django_db(transaction=True)
def test_two_agreements_at_once_agree_it_once():
    people = the_people()
    strategy = a_strategy(people.dea, kind="joint_local")
    outcomes = at_once(
        [lambda: strategy_agree(actor=people.leader, strategy_id=strategy.pk)] * 4,
        expected=(TransitionNotAllowed, ConcurrentTransition),
    )
    assert sum(isinstance(o, Strategy) for o in outcomes) == 1
    strategy.refresh_from_db()
    assert strategy.state == StrategyState.AGREED
    assert Notification.objects.filter(recipient=people.dea, kind="strategy").count() == 1
    assert strategy.history.filter(state=StrategyState.AGREED).count() == 1
