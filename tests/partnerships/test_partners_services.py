"""Writing the external partners directory [55-56]: who may add and change a partner, its
contacts kept to work details, a change in its services recorded once and told to each work
coach of the district once, and contacts made moving the last contact date on."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from jomcase.models import Notification
from partnerships.models import Partner, PartnerContact
from partnerships.services import partner_contact_record, partner_create, partner_update
from tests.factories import DistrictFactory, JobcentreFactory, StaffFactory, today

pytestmark = pytest.mark.django_db

CONTACTS = [{"name": "Zofia Wójcik", "email": "zofia.wojcik@example.org", "phone": "01234 567890"}]


def _in(district, **traits):
    return StaffFactory(jobcentre=JobcentreFactory(district=district), **traits)


@pytest.fixture
def district():
    return DistrictFactory(name="Gogledd Cymru")


def _partner(actor, **fields):
    defaults = {
        "name": "Meddygfa Llanberis",
        "kind": "gp_surgery",
        "services": "Social prescribing.",
        "contacts": CONTACTS,
    }
    return partner_create(actor=actor, **(defaults | fields))


def test_a_dea_adds_a_partner_to_their_districts_directory(district):
    dea = _in(district, dea=True)
    partner = _partner(dea, contacts=[*CONTACTS, {"name": "", "email": "", "phone": ""}])
    assert partner.district == district
    assert partner.contacts == CONTACTS
    assert partner.versions.get().history_user == dea


@pytest.mark.parametrize("traits", [{"wctl": True}, {"administrator": True}])
def test_team_leaders_and_administrators_add_partners_too(district, traits):
    assert _partner(_in(district, **traits), district_id=district.pk).pk


@pytest.mark.parametrize("traits", [{"work_coach": True}, {"analyst": True}, {"sdtl": True}])
def test_others_may_not_add_a_partner(district, traits):
    with pytest.raises(PermissionDenied):
        _partner(_in(district, **traits))
    assert not Partner.objects.exists()


def test_a_dea_may_not_add_to_another_districts_directory(district):
    with pytest.raises(PermissionDenied):
        _partner(_in(district, dea=True), district_id=DistrictFactory(name="Mazowsze").pk)
    assert not Partner.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": " "}, "name"),
        ({"kind": "pharmacy"}, "kind"),
        ({"contacts": [{"name": "Trần Thị Hoa", "email": "", "phone": ""}]}, "contacts"),
        ({"contacts": [{"name": "", "email": "hoa@example.org", "phone": ""}]}, "contacts"),
        ({"contacts": [{"name": "Trần Thị Hoa", "email": "not-an-address"}]}, "contacts"),
    ],
)
def test_a_partner_with_wrong_details_is_refused(district, fields, field):
    with pytest.raises(ValidationError) as refused:
        _partner(_in(district, dea=True), **fields)
    assert field in refused.value.message_dict
    assert not Partner.objects.exists()


def test_contacts_keep_only_a_name_a_work_email_and_a_phone(district):
    partner = _partner(
        _in(district, dea=True),
        contacts=[{"name": "Zofia Wójcik", "email": "z@example.org", "home_address": "1 Stryd"}],
    )
    assert partner.contacts == [{"name": "Zofia Wójcik", "email": "z@example.org", "phone": ""}]


def test_a_change_in_services_is_recorded_once_and_told_to_each_work_coach_once(district):
    dea = _in(district, dea=True)
    coaches = [_in(district, work_coach=True) for _ in range(3)]
    elsewhere = StaffFactory(work_coach=True)
    partner = _partner(dea)
    change = {
        "actor": dea,
        "partner_id": partner.pk,
        "name": partner.name,
        "kind": partner.kind,
        "services": "Social prescribing; the occupational therapist post has ended.",
        "contacts": CONTACTS,
    }
    partner_update(**change)
    partner_update(**change)  # a retry records and tells nothing more
    assert partner.versions.count() == 2
    told = Notification.objects.filter(kind="partner_services")
    assert sorted(told.values_list("recipient_id", flat=True)) == [c.pk for c in coaches]
    assert not told.filter(recipient=elsewhere).exists()
    assert all(n.link == f"/partners/{partner.pk}/" for n in told)


def test_a_change_of_contacts_only_tells_nobody(district):
    dea = _in(district, dea=True)
    _in(district, work_coach=True)
    partner = _partner(dea)
    partner_update(
        actor=dea,
        partner_id=partner.pk,
        name=partner.name,
        kind=partner.kind,
        services=partner.services,
        contacts=[{"name": "Nguyễn Thị Lan", "email": "lan@example.org", "phone": ""}],
    )
    assert partner.versions.count() == 2
    assert not Notification.objects.filter(kind="partner_services").exists()


def test_a_partner_of_another_district_cannot_be_changed(district):
    partner = _partner(_in(district, dea=True))
    with pytest.raises(Http404):
        partner_update(
            actor=StaffFactory(dea=True),
            partner_id=partner.pk,
            name="x",
            kind="nhs",
            services="",
            contacts=[],
        )


def test_a_contact_made_moves_the_last_contact_date_on_never_back(district):
    dea = _in(district, dea=True)
    partner = _partner(dea)
    last_week = today() - dt.timedelta(days=7)
    partner_contact_record(
        actor=dea, partner_id=partner.pk, on=last_week, channel="phone", summary="Cyflwyniad."
    )
    partner.refresh_from_db()
    assert partner.last_contact_on == last_week
    partner_contact_record(
        actor=dea,
        partner_id=partner.pk,
        on=last_week - dt.timedelta(days=30),
        channel="email",
        summary="An older e-mail recorded late.",
    )
    partner.refresh_from_db()
    assert partner.last_contact_on == last_week
    assert PartnerContact.objects.filter(partner=partner).count() == 2


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"on": today() + dt.timedelta(days=1)}, "on"),
        ({"channel": "carrier_pigeon"}, "channel"),
        ({"summary": "  "}, "summary"),
    ],
)
def test_a_contact_with_wrong_details_is_refused(district, fields, field):
    dea = _in(district, dea=True)
    partner = _partner(dea)
    answers = {"on": today(), "channel": "video", "summary": "Spotkanie online."} | fields
    with pytest.raises(ValidationError) as refused:
        partner_contact_record(actor=dea, partner_id=partner.pk, **answers)
    assert field in refused.value.message_dict
    partner.refresh_from_db()
    assert partner.last_contact_on is None and not partner.contacts_made.exists()


def test_a_work_coach_may_not_record_a_contact(district):
    partner = _partner(_in(district, dea=True))
    with pytest.raises(PermissionDenied):
        partner_contact_record(
            actor=_in(district, work_coach=True),
            partner_id=partner.pk,
            on=today(),
            channel="phone",
            summary="Galwad.",
        )
