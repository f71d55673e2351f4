"""The external partners pages [55-57]: the district's directory (search, kind filter, pages
of 25, empty states, queries pinned), a partner's page with its services, contacts, contacts
made and history, and who may open them (analysts: 403; another district's partner: 404)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from partnerships.services import partner_contact_record, partner_create, partner_update
from tests.conferences.page_helpers import html, text
from tests.factories import (
    DistrictFactory,
    JobcentreFactory,
    PartnerFactory,
    StaffFactory,
    today,
)

pytestmark = pytest.mark.django_db

LIST = reverse("partners:partners")


def _links(response) -> list[str]:
    return re.findall(r'href="/partners/(\d+)/"', html(response))


@pytest.fixture
def district():
    return DistrictFactory(name="Małopolska")


def _in(district, **traits):
    return StaffFactory(jobcentre=JobcentreFactory(district=district), **traits)


def test_an_empty_directory_says_so(client, district):
    client.force_login(_in(district, work_coach=True))
    assert "There are no external partners in your district" in text(client.get(LIST))


@pytest.mark.parametrize("rows", [25, 200])
def test_the_directory_runs_the_same_queries_whatever_its_length(
    client, district, rows, django_assert_num_queries
):
    PartnerFactory.create_batch(rows, district=district)
    PartnerFactory.create_batch(3, district=DistrictFactory(name="Đà Nẵng"))
    client.force_login(_in(district, work_coach=True))
    with django_assert_num_queries(4):  # session, user with roles, count, page with districts
        response = client.get(LIST)
    assert len(_links(response)) == 25
    assert f"{rows} partners" in text(response)
    last = client.get(LIST, {"page": rows // 25})
    assert len(_links(last)) == 25 and "Next" not in text(last)


def test_the_directory_searches_by_name_and_filters_by_kind(client, district):
    PartnerFactory(district=district, name="Meddygfa Tŷ Gwyn", kind="gp_surgery")
    PartnerFactory(district=district, name="Fundacja Pomocy Wzajemnej", kind="charity")
    PartnerFactory(district=district, name="Phòng khám Gia đình", kind="gp_surgery")
    client.force_login(_in(district, work_coach=True))
    page = text(client.get(LIST, {"q": "tŷ gwyn"}))
    assert "Meddygfa Tŷ Gwyn" in page and "Fundacja" not in page
    page = text(client.get(LIST, {"kind": "gp_surgery"}))
    assert "Meddygfa Tŷ Gwyn" in page and "Phòng khám Gia đình" in page
    assert "Fundacja" not in page
    assert "No partners match your search" in text(client.get(LIST, {"q": "Zzz"}))


def test_staff_see_only_their_districts_partners(client, district):
    PartnerFactory(district=district, name="Samorząd Krakowa", kind="local_authority")
    PartnerFactory(district=DistrictFactory(name="Hà Nội"), name="Bệnh viện Bạch Mai")
    client.force_login(_in(district, dea=True))
    page = text(client.get(LIST))
    assert "Samorząd Krakowa" in page and "Bệnh viện Bạch Mai" not in page


def test_an_analyst_gets_no_partners(client, district):
    partner = PartnerFactory(district=district)
    client.force_login(_in(district, analyst=True))
    assert client.get(LIST).status_code == 403
    assert client.get(reverse("partners:partner", args=[partner.pk])).status_code == 403


def test_a_partner_of_another_district_is_not_found(client, district):
    partner = PartnerFactory(district=DistrictFactory(name="Cymru"))
    client.force_login(_in(district, work_coach=True))
    assert client.get(reverse("partners:partner", args=[partner.pk])).status_code == 404


def test_a_partners_page_shows_its_services_contacts_contacts_made_and_history(client, district):
    dea = _in(district, dea=True, first_name="Gwenllian", last_name="Morgan")
    partner = partner_create(
        actor=dea,
        name="Elusen Byddar Cymru",
        kind="charity",
        services="British Sign Language interpreters.",
        contacts=[{"name": "Lê Văn Minh", "email": "minh@example.org", "phone": "029 2011 1111"}],
    )
    partner_update(
        actor=dea,
        partner_id=partner.pk,
        name=partner.name,
        kind="charity",
        services="British Sign Language interpreters; the drop-in has closed.",
        contacts=partner.contacts,
    )
    partner_contact_record(
        actor=dea, partner_id=partner.pk, on=today(), channel="video", summary="Team meeting talk."
    )
    client.force_login(_in(district, work_coach=True))
    page = text(client.get(reverse("partners:partner", args=[partner.pk])))
    assert "the drop-in has closed" in page
    assert "Lê Văn Minh" in page and "minh@example.org" in page and "029 2011 1111" in page
    assert "Video call" in page and "Team meeting talk." in page
    assert f"Last contact: {today():%-d %B %Y}" in page
    assert "Gwenllian Morgan changed the services" in page
    assert "Gwenllian Morgan added it" in page


def test_a_dea_records_a_contact_and_the_last_contact_date_follows(client, district):
    partner = PartnerFactory(district=district, name="Fundacja Słoneczna")
    client.force_login(_in(district, dea=True))
    url = reverse("partners:contact_new", args=[partner.pk])
    refused = client.post(url, {"on-day": "", "on-month": "", "on-year": "", "summary": ""})
    assert refused.status_code == 200
    page = text(refused)
    assert "There is a problem" in page and "Enter the date of the contact" in page
    assert "Select how the contact was made" in page
    day = today()
    response = client.post(
        url,
        {
            "on-day": day.day,
            "on-month": day.month,
            "on-year": day.year,
            "channel": "phone",
            "summary": "Rozmowa o grupie wsparcia.",
        },
        follow=True,
    )
    page = text(response)
    assert "Contact recorded" in page and "Rozmowa o grupie wsparcia." in page
    assert f"Last contact: {day:%-d %B %Y}" in page


def test_a_work_coach_may_not_record_a_contact(client, district):
    partner = PartnerFactory(district=district)
    client.force_login(_in(district, work_coach=True))
    assert "Record a contact" not in text(
        client.get(reverse("partners:partner", args=[partner.pk]))
    )
    assert client.get(reverse("partners:contact_new", args=[partner.pk])).status_code == 403
