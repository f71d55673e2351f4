"""Fixtures for the QAS tests."""

from __future__ import annotations

import pytest

from tests.qas.builders import a_led_dea, local, published_checklists


@pytest.fixture
def checklists(db):
    """Version 1 of each checklist, published long before any test's dates."""
    return published_checklists(published_at=local(2020, 1, 1, 9))


@pytest.fixture
def pair(db, checklists):
    return a_led_dea(first_name="Dee", last_name="Adviser")
