"""Every API error has the body API.md fixes: ``{"code", "detail", "errors"}``.

Whatever a service or DRF raises, a client gets a status from the contract, a code it can
branch on, a sentence it can show, and field messages as plain sentences.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django_fsm import TransitionNotAllowed
from rest_framework.permissions import AllowAny
from rest_framework.test import APIClient, APIRequestFactory
from rest_framework.views import APIView

from jomcase.errors import CohortFull, NotInCohort, RuleViolation
from tests.factories import StaffFactory

NEW = {"nino": "AB123456C", "surname": "Okafor", "forenames": "Ada", "benefits": ["uc"]}


def raised(exc: Exception):
    """What a client receives when a view raises ``exc``."""

    class Raising(APIView):
        permission_classes = [AllowAny]
        authentication_classes: list = []

        def get(self, request):
            raise exc

    response = Raising.as_view()(APIRequestFactory().get("/api/anything/"))
    body = response.data
    assert set(body) == {"code", "detail", "errors"}
    assert isinstance(body["detail"], str) and body["detail"]
    return response.status_code, body


@pytest.mark.parametrize(
    ("exc", "status", "code"),
    [
        (CohortFull("Full on 1 May."), 409, "cohort_full"),
        (NotInCohort("Not in the cohort."), 409, "not_in_cohort"),
        (RuleViolation("No.", code="diary_clash"), 409, "diary_clash"),
        (TransitionNotAllowed("nope"), 409, "transition_not_allowed"),
        (PermissionDenied("Only the DEA may."), 403, "forbidden"),
        (Http404("secret name"), 404, "not_found"),
        (DjangoValidationError({"end": ["Too early."]}), 400, "invalid"),
    ],
)
def test_each_kind_of_error_gets_its_status_and_code(exc, status, code):
    got_status, body = raised(exc)
    assert (got_status, body["code"]) == (status, code)


def test_a_rule_violation_says_why_and_names_its_field():
    _, body = raised(CohortFull("The cohort has 30 on 1 May.", field="work_coach"))
    assert body["detail"] == "The cohort has 30 on 1 May."
    assert body["errors"] == {"work_coach": ["The cohort has 30 on 1 May."]}


def test_a_404_never_repeats_what_the_code_said_about_the_record():
    _, body = raised(Http404("Claimant Ada Okafor"))
    assert "Okafor" not in str(body)


def test_a_permission_message_reaches_the_client():
    _, body = raised(PermissionDenied("Only the cohort's DEA may."))
    assert body["detail"] == "Only the cohort's DEA may."


@pytest.mark.parametrize(
    ("exc", "errors"),
    [
        (
            DjangoValidationError("Something is wrong."),
            {"non_field_errors": ["Something is wrong."]},
        ),
        (
            DjangoValidationError({"__all__": ["Dates clash."], "end": ["Too early."]}),
            {"non_field_errors": ["Dates clash."], "end": ["Too early."]},
        ),
    ],
)
def test_django_validation_errors_become_field_messages(exc, errors):
    _, body = raised(exc)
    assert body["errors"] == errors
    assert body["detail"] in [m for messages in errors.values() for m in messages]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("bad", "field", "words"),
    [
        ({"accessible_formats": ["audio"]}, "accessible_formats", '"audio" is not a valid choice.'),
        ({"benefits": [["uc"]]}, "benefits", "Not a valid string."),
    ],
)
def test_errors_inside_a_list_are_plain_sentences(bad, field, words):
    client = APIClient()
    client.force_authenticate(StaffFactory(work_coach=True))
    body = client.post("/api/claimants/", {**NEW, **bad}, format="json").json()
    assert body["code"] == "invalid"
    assert body["errors"][field] == [words]
    assert body["detail"] == words
    assert "ErrorDetail" not in str(body)


@pytest.mark.django_db
def test_a_body_that_is_not_json_is_400_invalid():
    client = APIClient()
    client.force_authenticate(StaffFactory(work_coach=True))
    response = client.post("/api/claimants/", "{not json", content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert "JSON" in body["errors"]["non_field_errors"][0]


@pytest.mark.django_db
def test_a_method_the_resource_lacks_is_405_with_the_body():
    client = APIClient()
    client.force_authenticate(StaffFactory(work_coach=True))
    response = client.delete("/api/claimants/")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
