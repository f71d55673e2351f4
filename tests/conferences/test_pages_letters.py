"""The claimant's notification letter for a booked three-way or CSI: page and PDF."""

from __future__ import annotations

import re
import zlib

import pytest
from django.urls import reverse
from django.utils import timezone

from claimants.models import AccessibleFormat, Conditionality
from jomcase.models import AccessLog
from tests.conferences.page_helpers import booked, html, text
from tests.factories import ClaimantFactory, StaffFactory, an_activity

pytestmark = pytest.mark.django_db


def letter_url(activity) -> str:
    return reverse("conferences:letter", args=[activity.pk])


def pdf_url(activity) -> str:
    return reverse("conferences:letter_pdf", args=[activity.pk])


def font_sizes(pdf: bytes) -> set[str]:
    """The font sizes the PDF's pages set (``/F1 12.00 Tf``), read from its content streams."""
    sizes = set()
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            content = zlib.decompress(stream)
        except zlib.error:
            content = stream
        sizes.update(m.decode() for m in re.findall(rb"/F\d+ ([\d.]+) Tf", content))
    return sizes


@pytest.fixture
def coach(db):
    return StaffFactory(work_coach=True, first_name="Carol", last_name="Coach")


def three_way(coach, **claimant):
    person = ClaimantFactory(work_coach=coach, forenames="Sam", surname="Jones", **claimant)
    dea = StaffFactory(dea=True, first_name="Dee", last_name="Adviser")
    return booked(an_activity("three_way", claimant=person, dea=dea, work_coach=coach))


def test_the_letter_gives_the_claimant_the_when_where_and_consequences(client, coach):
    activity = three_way(coach, conditionality=Conditionality.MANDATORY)
    client.force_login(coach)
    response = client.get(letter_url(activity))
    assert response.status_code == 200
    page = text(response)
    start = timezone.localtime(activity.start)
    assert "Dear Sam Jones" in page
    assert activity.claimant.nino_display in page
    assert f"Date {start:%A %-d %B %Y}" in page
    assert "Time 10:00 to 11:00" in page
    assert "Where Room 2" in page
    assert "your work coach, Carol Coach, and Dee Adviser, a Disability Employment Adviser" in page
    assert "your benefit payments could be reduced or stopped" in page
    assert "app-letter--large-print" not in html(response)
    assert AccessLog.objects.filter(record_id=activity.claimant_id).exists()


def test_a_voluntary_three_way_letter_says_it_is_their_choice(client, coach):
    activity = three_way(coach, conditionality=Conditionality.VOLUNTARY)
    client.force_login(coach)
    page = text(client.get(letter_url(activity)))
    assert "Going to this meeting is your choice" in page
    assert "reduced or stopped" not in page


def test_a_csi_letter_says_the_work_coach_is_not_there(client, coach):
    claimant = ClaimantFactory(work_coach=coach)
    dea = StaffFactory(dea=True)
    activity = booked(an_activity("claimant_support_intervention", claimant=claimant, dea=dea))
    client.force_login(dea)
    page = text(client.get(letter_url(activity)))
    assert "Your work coach will not be at this meeting" in page
    assert "usual appointments with your work coach carry on" in page


def test_there_is_no_letter_before_booking_for_other_kinds_or_for_others(client, coach):
    client.force_login(coach)
    unbooked = an_activity("three_way", claimant=ClaimantFactory(work_coach=coach))
    assert client.get(letter_url(unbooked)).status_code == 404
    conference = booked(an_activity("case_conference", work_coach=coach))
    assert client.get(letter_url(conference)).status_code == 404
    assert client.get(pdf_url(conference)).status_code == 404
    activity = booked(an_activity("three_way", claimant=ClaimantFactory(work_coach=coach)), days=4)
    client.force_login(StaffFactory(work_coach=True))
    assert client.get(letter_url(activity)).status_code == 404
    assert client.get(pdf_url(activity)).status_code == 404


def test_the_pdf_is_a_pdf_in_standard_print(client, coach):
    activity = three_way(coach)
    client.force_login(coach)
    response = client.get(pdf_url(activity))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert font_sizes(response.content) == {"12.00"}


def test_large_print_is_used_when_the_claimant_needs_it(client, coach):
    activity = three_way(coach, accessible_formats=[AccessibleFormat.LARGE_PRINT])
    client.force_login(coach)
    response = client.get(pdf_url(activity))
    assert response.content.startswith(b"%PDF")
    assert font_sizes(response.content) == {"18.00"}
    page = client.get(letter_url(activity))
    assert "app-letter--large-print" in html(page)
    assert "The claimant needs large print" in text(page)


def test_a_claimant_who_reads_braille_is_flagged(client, coach):
    activity = three_way(coach, accessible_formats=[AccessibleFormat.BRAILLE])
    client.force_login(coach)
    assert "needs letters in braille" in text(client.get(letter_url(activity)))


def test_names_beyond_latin_1_still_make_a_pdf(client, coach):
    activity = three_way(coach)
    activity.claimant.surname = "\u0141ukasz\u2013Nowak"
    activity.claimant.save()
    client.force_login(coach)
    response = client.get(pdf_url(activity))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
