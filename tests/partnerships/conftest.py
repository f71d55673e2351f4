"""Fixtures for the partnerships tests."""

from __future__ import annotations

import pytest

from tests.partnerships.builders import the_people


@pytest.fixture
def people(db):
    return the_people()
