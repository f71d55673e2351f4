"""Fixtures shared by every test module."""

from __future__ import annotations

import pytest
from celery.result import allow_join_result
from rest_framework.test import APIClient

from jomcase.celery import app as celery_app
from tests.factories import StaffFactory


@pytest.fixture(autouse=True)
def celery_eager(request):
    """Run Celery tasks inline, in the test's own process and database, and let their errors
    reach the test; a test that starts a real worker (marked ``celery_worker``) is left
    with the broker it needs."""
    if request.node.get_closest_marker("celery_worker"):
        # Tasks run inline in other tests' threads (the races) can leave Celery's
        # process-wide "running inside a task" flag set: each inline run restores the value
        # it found, so two that overlap restore each other's. The test process is no worker,
        # and it may wait for a real worker's result.
        with allow_join_result():
            yield
        return
    conf = celery_app.conf
    before = conf.task_always_eager, conf.task_eager_propagates
    conf.task_always_eager = conf.task_eager_propagates = True
    try:
        yield
    finally:
        conf.task_always_eager, conf.task_eager_propagates = before


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with nothing cached (the reports cache their figures)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


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
