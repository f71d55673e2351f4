"""Small things users noticed (issue 12 point 10): the address in e-mail links, the demo's
notifications, how a refusal is logged, the icon, and the error pages under `make run`."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.templatetags.static import static
from django.urls import reverse

from dea_support.models import SupportRequest, SupportRequestEvent
from jomcase.models import Notification
from jomcase.services import notification_send
from tests.factories import ClaimantFactory, StaffFactory

pytestmark = pytest.mark.django_db


def site_url_in_a_fresh_process(**env: str) -> str:
    """SITE_URL as a new process reads it, from an environment without a SITE_URL of its own."""
    base = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "PORT"}}
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SITE_URL)"],
        cwd=settings.BASE_DIR,
        env={**base, "DJANGO_SETTINGS_MODULE": "jomcase.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


# --- E-mail links ----------------------------------------------------------------------


def test_links_in_emails_follow_the_port_make_run_serves_on():
    assert site_url_in_a_fresh_process(PORT="8123") == "http://127.0.0.1:8123"
    assert site_url_in_a_fresh_process() == "http://127.0.0.1:8000"


def test_a_site_url_that_is_set_wins_over_the_port():
    got = site_url_in_a_fresh_process(PORT="8123", SITE_URL="https://jomcase.example.gov.uk")
    assert got == "https://jomcase.example.gov.uk"


def test_an_emailed_notification_links_to_the_page_under_site_url(
    settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://jomcase.example.gov.uk/"
    coach = StaffFactory(
        work_coach=True, first_name="Siân", last_name="Llewelyn", email="sian@example.gov.uk"
    )
    with django_capture_on_commit_callbacks(execute=True):
        note = notification_send(
            recipient=coach,
            key="support-request-event:41",
            kind="support_request_accept",
            title="DSR-000041 accepted by the DEA",
            body="Case conference.",
            link="/requests/41/",
        )
    assert mail.outbox[0].body.splitlines()[-1] == (
        f"https://jomcase.example.gov.uk/notifications/{note.pk}/open/"
    )


def test_env_example_and_readme_document_site_url():
    assert "# SITE_URL=" in (settings.BASE_DIR / ".env.example").read_text()
    assert "| `SITE_URL` |" in (settings.BASE_DIR / "README.md").read_text()


# --- The demo's notifications -----------------------------------------------------------


def test_the_demos_notifications_agree_with_their_requests():
    call_command("seed_demo", stdout=StringIO())

    notes = Notification.objects.filter(key__startswith="support-request-event:")
    events = SupportRequestEvent.objects.in_bulk(
        [int(key.split(":")[1]) for key in notes.values_list("key", flat=True)]
    )
    requests = SupportRequest.objects.in_bulk([e.support_request_id for e in events.values()])
    assert len(events) == notes.count() > 0
    for note in notes:
        event = events[int(note.key.split(":")[1])]
        sr = requests[event.support_request_id]
        assert note.created_at == event.at, note.title
        if event.action == "submitted":
            # Told when it was filed, with the date it has now (some dates have passed).
            assert f"response needed by {sr.required_by:%-d %B %Y}." in note.body, sr.reference


# --- A refusal in the log ---------------------------------------------------------------


def refusals(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "django.request" and r.status_code == 403]


def test_a_refused_page_is_logged_as_one_line_with_who_and_why(client, caplog):
    analyst = StaffFactory(analyst=True, first_name="Zofia", last_name="Wiśniewska")
    client.force_login(analyst)

    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(reverse("claimants:caseload"))

    assert response.status_code == 403
    [record] = refusals(caplog)
    line = logging.Formatter().format(record)
    assert "\n" not in line and "Traceback" not in caplog.text
    assert line.startswith("Forbidden (Permission denied): /claimants/")
    assert f"user={analyst.pk}" in line
    assert record.exc_info is None


def test_a_refused_api_call_is_logged_as_one_line_with_who(client, caplog):
    analyst = StaffFactory(analyst=True, first_name="Nguyễn", last_name="Thị Hoa")
    client.force_login(analyst)

    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.post(reverse("api-support-requests"), {}, content_type="application/json")

    assert response.status_code == 403
    [record] = refusals(caplog)
    line = logging.Formatter().format(record)
    assert "\n" not in line and "Traceback" not in caplog.text
    assert f"/api/support-requests/ user={analyst.pk}" in line


# --- The icon ---------------------------------------------------------------------------


def test_favicon_ico_is_the_services_icon_for_anyone(client):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200
    assert icon["Content-Type"] == "image/x-icon"
    body = b"".join(icon.streaming_content)
    assert body[:4] == b"\x00\x00\x01\x00"  # an .ico file
    linked = client.get(static("jomcase/favicon.ico"))
    assert b"".join(linked.streaming_content) == body


def test_every_page_links_its_icons_and_they_are_served(client):
    page = client.get(reverse("login")).content.decode()
    hrefs = re.findall(r'<link rel="icon"[^>]* href="([^"]+)"', page)
    assert [h.rsplit(".", 1)[-1] for h in hrefs] == ["ico", "svg"]
    for href in hrefs:
        assert client.get(href).status_code == 200, href


# --- Error pages with DEBUG on, as under `make run` ---------------------------------------


def title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


@pytest.fixture
def debugging(settings):
    settings.DEBUG = True
    return settings


def test_an_unknown_address_shows_page_not_found_not_the_url_patterns(client, debugging):
    client.force_login(StaffFactory(work_coach=True, first_name="Rhys", last_name="ap Gwilym"))
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert title(response).startswith("Page not found")
    html = response.content.decode()
    assert "URLconf" not in html and "api/" not in html
    assert 'class="govuk-heading-l">Page not found</h1>' in html


def test_a_record_hidden_from_you_shows_page_not_found(client, debugging):
    claimant = ClaimantFactory(forenames="Łukasz", surname="Zieliński")
    client.force_login(StaffFactory(dea=True))
    response = client.get(reverse("claimants:detail", args=[claimant.pk]))
    assert response.status_code == 404
    html = response.content.decode()
    assert 'class="govuk-heading-l">Page not found</h1>' in html
    # Django's page would say which view raised it, and why.
    assert "Raised by" not in html and "Zieliński" not in html


def test_a_forbidden_page_says_you_cannot_see_it(client, debugging):
    client.force_login(StaffFactory(analyst=True))
    response = client.get(reverse("claimants:caseload"))
    assert response.status_code == 403
    assert title(response).startswith("You cannot see this page")
    assert "Traceback" not in response.content.decode()


def test_a_developer_can_still_ask_for_djangos_technical_page(client, debugging):
    debugging.DEBUG_TECHNICAL_404 = True
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "URLconf" in response.content.decode()


def test_a_forbidden_change_says_you_cannot_do_it(client):
    client.force_login(StaffFactory(analyst=True, first_name="Gwenllian", last_name="Prys"))
    response = client.post(reverse("support_requests:new"), {"kind": "skill_support"})
    assert response.status_code == 403
    assert title(response).startswith("You cannot do this")
    assert SupportRequest.objects.count() == 0
