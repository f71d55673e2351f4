"""Opening a notification marks it read: the list and the e-mail link to it through
/notifications/<id>/open/, which only its recipient may follow (anyone else: 404), and which
only ever leads to a page of the service, never to another site."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from jomcase.models import Notification
from jomcase.services import notification_send
from tests.conftest import api_as
from tests.factories import StaffFactory
from tests.jomcase.test_notifications_page import NOTIFICATIONS, badge, html, items

pytestmark = pytest.mark.django_db


def open_url(notification) -> str:
    return reverse("notification_open", args=[notification.pk])


def notice(person, n: int, *, link: str = "/requests/7/") -> Notification:
    return Notification.objects.create(
        recipient=person,
        key=f"open:{person.pk}:{n}",
        kind="test",
        title=f"Hysbysiad {n}",
        link=link,
    )


@pytest.fixture
def person(client):
    staff = StaffFactory(work_coach=True, first_name="Gruffydd", last_name="Llwyd")
    client.force_login(staff)
    return staff


def test_the_list_links_through_the_notification_and_opening_it_marks_it_read(client, person):
    first, second = notice(person, 1), notice(person, 2, link="/requests/8/")
    listed = client.get(NOTIFICATIONS)
    assert f'<a class="govuk-link" href="{open_url(second)}">Hysbysiad 2</a>' in html(listed)
    assert badge(listed) == "2 unread"

    response = client.get(open_url(second))

    assert response.status_code == 302 and response.url == "/requests/8/"
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.read_at is not None and first.read_at is None
    after = client.get(NOTIFICATIONS)
    assert items(after) == ["Hysbysiad 2", "New Hysbysiad 1"]  # newest first
    assert badge(after) == "1 unread"


def test_opening_it_again_still_leads_there_and_keeps_when_it_was_first_read(client, person):
    note = notice(person, 1)
    client.get(open_url(note))
    note.refresh_from_db()
    first_read = note.read_at

    response = client.get(open_url(note))

    assert response.status_code == 302 and response.url == "/requests/7/"
    note.refresh_from_db()
    assert note.read_at == first_read


def test_someone_elses_notification_is_not_found_and_stays_unread(client, person):
    theirs = notice(StaffFactory(dea=True, first_name="Huyền", last_name="Lê"), 1)
    assert client.get(open_url(theirs)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert client.get(reverse("notification_open", args=[theirs.pk + 1000])).status_code == 404


@pytest.mark.parametrize(
    "link",
    [
        "https://example.com/requests/7/",
        "//example.com/requests/7/",
        "/\\example.com/requests/7/",
        "javascript:alert(1)",
        "requests/7/",
        "",
    ],
)
def test_a_link_that_is_not_a_page_of_the_service_goes_back_to_the_list(client, person, link):
    note = notice(person, 1, link=link)

    response = client.get(open_url(note))

    assert response.status_code == 302 and response.url == NOTIFICATIONS
    note.refresh_from_db()
    assert note.read_at is not None
    assert open_url(note) not in html(client.get(NOTIFICATIONS))  # not offered as a link


def test_someone_signed_out_signs_in_first_and_nothing_is_marked(client):
    note = notice(StaffFactory(work_coach=True), 1)
    client.logout()
    response = client.get(open_url(note))
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={open_url(note)}"
    note.refresh_from_db()
    assert note.read_at is None


def test_the_api_still_marks_the_chosen_notifications_read(person):
    one, two = notice(person, 1), notice(person, 2)
    response = api_as(person).post(reverse("api-notifications-read"), {"ids": [one.pk]})
    assert response.status_code == 200 and response.json() == {"marked": 1}
    one.refresh_from_db()
    two.refresh_from_db()
    assert one.read_at is not None and two.read_at is None


def test_the_email_links_through_the_notification_under_site_url(
    client, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://jomcase.example.gov.uk/"
    coach = StaffFactory(
        work_coach=True, first_name="Małgorzata", last_name="Kaczmarek", email="mk@example.gov.uk"
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
    link = mail.outbox[0].body.splitlines()[-1]
    assert link == f"https://jomcase.example.gov.uk{open_url(note)}"

    client.force_login(coach)
    response = client.get(link.removeprefix("https://jomcase.example.gov.uk"))
    assert response.status_code == 302 and response.url == "/requests/41/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_an_email_never_links_to_another_site(settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://jomcase.example.gov.uk/"
    coach = StaffFactory(work_coach=True, email="ngoc@example.gov.uk")
    with django_capture_on_commit_callbacks(execute=True):
        notification_send(
            recipient=coach,
            key="elsewhere:1",
            kind="test",
            title="Somewhere else",
            body="Read this.",
            link="//example.com/phish/",
        )
    # Not a page of the service: the e-mail leads to the notifications list instead.
    assert mail.outbox[0].body.splitlines()[-1] == "https://jomcase.example.gov.uk/notifications/"
    assert "example.com" not in mail.outbox[0].body
