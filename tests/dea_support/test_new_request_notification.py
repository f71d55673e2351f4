"""The DEA's notification of a new request says from whom and, for claimant support, about
whom, in the service and in the e-mail's subject; skill and colleague support name only the
requester, as there is no claimant."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from dea_support.services import support_request_file
from jomcase.models import Notification
from tests.conftest import api_as
from tests.factories import (
    ClaimantFactory,
    CohortFactory,
    StaffFactory,
    add_member,
    working_day,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def coach():
    return StaffFactory(work_coach=True, first_name="Dafydd", last_name="ap Gruffudd")


@pytest.fixture
def dea(coach):
    cohort = CohortFactory(dea=StaffFactory(dea=True, first_name="Lan", last_name="Phạm"))
    add_member(cohort, coach)
    return cohort.dea


@pytest.fixture
def claimant(coach):
    return ClaimantFactory(work_coach=coach, forenames="Siân", surname="Wiśniewska")


def told(dea) -> Notification:
    return Notification.objects.get(recipient=dea, kind="support_request_submitted")


def test_a_claimant_support_request_names_the_requester_and_the_claimant(
    coach, dea, claimant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sr = support_request_file(
            actor=coach,
            kind="claimant_support",
            required_by=working_day(5),
            claimant_id=claimant.pk,
            challenges="Finds busy offices overwhelming.",
            reason="Advice on adjustments at the next appointment.",
        )

    title = f"New support request {sr.reference} from Dafydd ap Gruffudd about Siân Wiśniewska"
    assert told(dea).title == title
    # The e-mail names neither: it leaves the service, so it only says where to read it.
    assert [m.subject for m in mail.outbox] == ["JOMCase: you have a new notification"]
    assert "Siân" not in mail.outbox[0].body and "Dafydd" not in mail.outbox[0].body


def test_the_dea_reads_it_on_their_notifications_page(client, coach, dea, claimant):
    sr = support_request_file(
        actor=coach,
        kind="claimant_support",
        required_by=working_day(5),
        claimant_id=claimant.pk,
        challenges="Finds busy offices overwhelming.",
        reason="Advice on adjustments at the next appointment.",
    )
    client.force_login(dea)
    page = client.get(reverse("notifications")).content.decode()
    assert (
        f"New support request {sr.reference} from Dafydd ap Gruffudd about Siân Wiśniewska"
    ) in page.replace("&#x27;", "'")


def test_a_request_filed_through_the_api_says_the_same(coach, dea, claimant):
    response = api_as(coach).post(
        "/api/support-requests/",
        {
            "kind": "claimant_support",
            "claimant": claimant.pk,
            "challenges": "Struggles to read long letters.",
            "reason": "Advice on accessible formats.",
            "required_by": working_day(5).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    reference = f"DSR-{response.json()['id']:06d}"
    assert told(dea).title == (
        f"New support request {reference} from Dafydd ap Gruffudd about Siân Wiśniewska"
    )


def test_a_skill_support_request_names_the_requester_only(coach, dea):
    sr = support_request_file(
        actor=coach,
        kind="skill_support",
        required_by=working_day(5),
        knowledge_gap="reasonable_adjustments",
        description="How to agree adjustments for someone with ME/CFS.",
    )
    assert told(dea).title == f"New support request {sr.reference} from Dafydd ap Gruffudd"


def test_a_colleague_support_request_names_the_colleague():
    colleague = StaffFactory(service_delivery_coach=True, first_name="Magdalena", last_name="Nowak")
    dea = StaffFactory(dea=True, jobcentre=colleague.jobcentre)
    sr = support_request_file(
        actor=colleague,
        kind="colleague_support",
        required_by=working_day(5),
        job_role="Service delivery coach",
        reason="Advice on hidden impairments for the team briefing.",
        criticality="urgent",
    )
    assert told(dea).title == f"New support request {sr.reference} from Magdalena Nowak"
