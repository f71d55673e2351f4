"""Fixtures shared by every test module."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.factories import StaffFactory


@pytest.fixture
def api():
    return APIClient()


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def work_coach(db):
    return StaffFactory(work_coach=True)


@pytest.fixture
def analyst(db):
    return StaffFactory(analyst=True)
