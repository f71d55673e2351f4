"""Who may file a support request (issue 12, point 6): only a role the guidance names as a
requester. Analysts, administrators and the DEA who gives the support are refused on the
pages and in the API, and nothing is saved; a second role that is a requester's still files.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from dea_support.models import SupportRequest, SupportRequestEvent
from jomcase.models import Notification, Role
from tests.conftest import api_as
from tests.dea_support.test_filing_rules import claimant_support, colleague_support, skill_support
from tests.factories import ClaimantFactory, CohortFactory, StaffFactory, add_member

pytestmark = pytest.mark.django_db

LIST = "/api/support-requests/"


def nothing_saved() -> bool:
    return not (
        SupportRequest.objects.exists()
        or SupportRequestEvent.objects.exists()
        or Notification.objects.exists()
    )


@pytest.mark.parametrize("role", ["analyst", "administrator", "dea"])
def test_a_role_that_never_files_is_refused_in_the_api_and_nothing_is_saved(role):
    person = StaffFactory(**{role: True}, first_name="Gwenllian", last_name="Morgan")
    StaffFactory(dea=True, jobcentre=person.jobcentre)  # a DEA they could have asked
    claimant = ClaimantFactory()
    for body in (colleague_support(), skill_support(), claimant_support(claimant)):
        response = api_as(person).post(LIST, body, format="json")
        assert response.status_code == 403, response.content
        assert response.json()["code"] == "forbidden"
        assert "cannot file support requests" in response.json()["detail"]
    assert nothing_saved()


@pytest.mark.parametrize("role", ["analyst", "administrator", "dea"])
def test_a_role_that_never_files_gets_403_on_the_filing_pages(client, role):
    person = StaffFactory(**{role: True})
    client.force_login(person)
    assert client.get(reverse("support_requests:new")).status_code == 403
    assert (
        client.post(reverse("support_requests:new"), {"kind": "colleague_support"}).status_code
        == 403
    )
    home = client.get(reverse("home")).content.decode()
    assert reverse("support_requests:new") not in home
    assert nothing_saved()


def test_an_analyst_who_is_also_a_work_coach_files_as_the_work_coach():
    person = StaffFactory(roles=[Role.ANALYST, Role.WORK_COACH], first_name="Thu", last_name="Trần")
    add_member(CohortFactory(), person)
    claimant = ClaimantFactory(work_coach=person)
    response = api_as(person).post(LIST, claimant_support(claimant), format="json")
    assert response.status_code == 201, response.content
    assert SupportRequest.objects.get().requester == person
