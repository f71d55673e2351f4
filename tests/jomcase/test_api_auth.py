"""Signing in to the API, finding out who you are, and reading its description (API.md).

A client swaps a username and password for a token, sends it as ``Authorization: Token
<key>``, asks ``/api/me/`` who it is, and can read the OpenAPI document and its docs page.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from drf_spectacular.drainage import GENERATOR_STATS, reset_generator_stats
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from jomcase.models import Role
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

PASSWORD = "jomcase-test"  # the factory's password


@pytest.fixture
def coach():
    return StaffFactory(
        username="coach1", first_name="Ada", last_name="Okafor", roles=[Role.WORK_COACH]
    )


def test_a_token_from_the_sign_in_endpoint_opens_the_api(api, coach):
    response = api.post(
        "/api/auth/token/", {"username": "coach1", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.content
    key = response.json()["token"]
    assert key

    client = APIClient()
    assert client.get("/api/me/").status_code == 401
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    me = client.get("/api/me/")
    assert me.status_code == 200
    assert me.json()["username"] == "coach1"


def test_signing_in_twice_gives_the_same_token(api, coach):
    credentials = {"username": "coach1", "password": PASSWORD}
    first = api.post("/api/auth/token/", credentials, format="json").json()["token"]
    second = api.post("/api/auth/token/", credentials, format="json").json()["token"]
    assert first == second


@pytest.mark.parametrize(
    "credentials",
    [
        {"username": "coach1", "password": "wrong"},
        {"username": "nobody", "password": PASSWORD},
        {"username": "coach1"},
        {},
    ],
)
def test_a_bad_sign_in_is_400_with_the_error_body_and_no_token(api, coach, credentials):
    response = api.post("/api/auth/token/", credentials, format="json")
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"code", "detail", "errors"}
    assert body["code"] == "invalid"
    assert body["detail"]
    assert body["errors"]
    assert "token" not in body


def test_an_inactive_user_gets_no_token(api, coach):
    coach.is_active = False
    coach.save(update_fields=["is_active"])
    response = api.post(
        "/api/auth/token/", {"username": "coach1", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_me_gives_id_username_name_and_roles(coach):
    StaffFactory(username="other", roles=[Role.DEA])
    client = APIClient()
    client.force_authenticate(coach)
    body = client.get("/api/me/").json()
    assert body["id"] == coach.pk
    assert body["username"] == "coach1"
    assert body["name"] == "Ada Okafor"
    assert body["roles"] == ["work_coach"]


def test_me_lists_every_current_role_and_no_ended_one():
    staff = StaffFactory(roles=[Role.WCTL, Role.WORK_COACH])
    staff.role_assignments.filter(role=Role.WORK_COACH).update(end="2020-06-30")
    staff.role_assignments.create(role=Role.DEA, start="2020-01-01")
    client = APIClient()
    client.force_authenticate(staff)
    assert client.get("/api/me/").json()["roles"] == ["dea", "wctl"]


def test_me_without_signing_in_is_401(api):
    response = api.get("/api/me/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_the_schema_is_an_openapi_document_listing_the_api(coach):
    client = APIClient()
    client.force_authenticate(coach)
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200, response.content[:500]
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path in ("/api/claimants/", "/api/claimants/{claimant_id}/", "/api/me/", "/api/cohorts/"):
        assert path in schema["paths"]


def test_the_docs_page_renders_from_static_files_served_here(coach):
    client = APIClient()
    client.force_authenticate(coach)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger-ui" in page
    # The Swagger UI comes from the sidecar package, not from a CDN.
    assert "cdn.jsdelivr.net" not in page
    assets = re.findall(r'(?:src|href)="/static/([^"]+)"', page)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    for asset in assets:
        assert asset.startswith("drf_spectacular_sidecar/")
        assert finders.find(asset), f"{asset} is not installed"


def test_the_schema_needs_a_session_or_a_token(api, coach):
    refused = APIClient().get("/api/schema/", {"format": "json"})
    assert refused.status_code == 401
    assert refused.json()["code"] == "not_authenticated"
    assert "paths" not in refused.json()

    key = api.post(
        "/api/auth/token/", {"username": "coach1", "password": PASSWORD}, format="json"
    ).json()["token"]
    with_token = APIClient()
    with_token.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert with_token.get("/api/schema/", {"format": "json"}).status_code == 200

    with_session = Client()
    with_session.force_login(coach)
    assert with_session.get("/api/schema/", {"format": "json"}).status_code == 200


def test_the_docs_page_sends_whoever_is_not_signed_in_to_sign_in_first(coach):
    response = Client().get("/api/docs/")
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=/api/docs/"
    assert b"swagger" not in response.content.lower()


def test_the_schema_is_valid_openapi_without_warnings():
    """What ``manage.py spectacular --validate --fail-on-warn`` checks, kept by the suite."""
    reset_generator_stats()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)  # raises on a document that breaks the OpenAPI 3 schema
    problems = [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
    assert not problems, "\n".join(problems)
