"""The partners API (API.md: ``/api/partners/`` and ``/api/partners/{id}/contacts/``):
listing the district's partners with filters and pinned queries, adding one (400 with field
errors, 403), and recording a contact made, which the last contact date follows (404 for
another district's partner, 403 for an analyst)."""

from __future__ import annotations

import datetime as dt

import pytest

from partnerships.models import Partner, PartnerContact
from tests.conftest import api_as
from tests.factories import (
    DistrictFactory,
    JobcentreFactory,
    PartnerFactory,
    StaffFactory,
    today,
)

pytestmark = pytest.mark.django_db

NEW = {
    "name": "Stowarzyszenie Osób Niewidomych",
    "kind": "dplo",
    "services": "Peer mentoring for blind and partially sighted people.",
    "contacts": [{"name": "Phạm Thu Hà", "email": "ha.pham@example.org", "phone": "0161 496 0000"}],
}


@pytest.fixture
def district():
    return DistrictFactory(name="Powys")


def _in(district, **traits):
    return StaffFactory(jobcentre=JobcentreFactory(district=district), **traits)


def test_a_dea_adds_a_partner_to_their_district(district):
    response = api_as(_in(district, dea=True)).post("/api/partners/", NEW, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["district"] == district.pk and body["kind"] == "dplo"
    assert body["contacts"] == NEW["contacts"] and body["last_contact_on"] is None


def test_a_partner_without_a_name_or_with_a_wrong_email_is_400(district):
    client = api_as(_in(district, dea=True))
    wrong = NEW | {"name": "", "contacts": [{"name": "Hà", "email": "nope"}]}
    response = client.post("/api/partners/", wrong, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and {"name", "contacts"} <= set(body["errors"])
    assert not Partner.objects.exists()


@pytest.mark.parametrize("traits", [{"work_coach": True}, {"analyst": True}])
def test_others_may_not_add_a_partner(district, traits):
    response = api_as(_in(district, **traits)).post("/api/partners/", {}, format="json")
    assert response.status_code == 403
    assert not Partner.objects.exists()


def test_a_dea_may_not_add_to_another_district(district):
    elsewhere = DistrictFactory(name="Śląsk")
    response = api_as(_in(district, dea=True)).post(
        "/api/partners/", NEW | {"district": elsewhere.pk}, format="json"
    )
    assert response.status_code == 403
    assert not Partner.objects.exists()


@pytest.mark.parametrize("rows", [25, 200])
def test_the_list_runs_the_same_queries_whatever_its_length(
    district, rows, django_assert_num_queries
):
    PartnerFactory.create_batch(rows, district=district)
    PartnerFactory.create_batch(2, district=DistrictFactory(name="Huế"))
    client = api_as(_in(district, work_coach=True))
    with django_assert_num_queries(3):  # roles, count, page
        data = client.get("/api/partners/", {"page_size": 200}).json()
    assert data["count"] == rows and len(data["results"]) == rows


def test_the_list_filters_by_kind_and_district(district):
    PartnerFactory(district=district, name="Cyngor Sir Powys", kind="local_authority")
    PartnerFactory(district=district, name="Meddygfa'r Drenewydd", kind="gp_surgery")
    admin = StaffFactory(administrator=True)
    other = PartnerFactory(district=DistrictFactory(name="Cần Thơ"), kind="gp_surgery")
    data = api_as(admin).get("/api/partners/", {"kind": "gp_surgery"}).json()
    assert {p["name"] for p in data["results"]} == {"Meddygfa'r Drenewydd", other.name}
    data = api_as(admin).get("/api/partners/", {"district": district.pk}).json()
    assert data["count"] == 2


def test_an_analyst_gets_no_partners(district):
    PartnerFactory(district=district)
    assert api_as(_in(district, analyst=True)).get("/api/partners/").status_code == 403


def test_recording_a_contact_moves_the_last_contact_date_on(district):
    partner = PartnerFactory(district=district)
    client = api_as(_in(district, dea=True))
    day = today() - dt.timedelta(days=2)
    response = client.post(
        f"/api/partners/{partner.pk}/contacts/",
        {"on": day.isoformat(), "channel": "face_to_face", "summary": "Spotkanie w biurze."},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["last_contact_on"] == day.isoformat()
    shown = client.get("/api/partners/").json()["results"][0]
    assert shown["last_contact_on"] == day.isoformat()


def test_a_contact_with_no_summary_is_400_and_saves_nothing(district):
    partner = PartnerFactory(district=district)
    response = api_as(_in(district, dea=True)).post(
        f"/api/partners/{partner.pk}/contacts/",
        {"on": today().isoformat(), "channel": "phone", "summary": ""},
        format="json",
    )
    assert response.status_code == 400 and "summary" in response.json()["errors"]
    assert not PartnerContact.objects.exists()


def test_a_contact_with_another_districts_partner_is_404(district):
    partner = PartnerFactory(district=DistrictFactory(name="Gwynedd"))
    response = api_as(_in(district, dea=True)).post(
        f"/api/partners/{partner.pk}/contacts/",
        {"on": today().isoformat(), "channel": "phone", "summary": "Galwad."},
        format="json",
    )
    assert response.status_code == 404
    assert not PartnerContact.objects.exists()
