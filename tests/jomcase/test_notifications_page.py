"""The notifications page: the signed-in person's notifications, newest first, the unread ones
marked, "mark all as read", and the unread count in the service navigation."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from jomcase.models import Notification
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

NOTIFICATIONS = reverse("notifications")
MARK_READ = reverse("notifications_read")


def html(response) -> str:
    return response.content.decode().replace("&#x27;", "'")


def items(response) -> list[str]:
    """Each notification's title as listed, with "New" before an unread one."""
    found = re.findall(r'<li class="app-notifications__item[^"]*">(.*?)</h2>', html(response), re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item)).strip() for item in found]


def badge(response) -> str:
    found = re.search(r'class="moj-notification-badge[^"]*">(.*?)</span></span>', html(response))
    return re.sub(r"<[^>]+>", "", found.group(1)) if found else ""


def notify(person, n: int, *, read: bool = False, link: str = "/requests/1/", minutes_ago=0):
    return Notification.objects.create(
        recipient=person,
        key=f"test:{person.pk}:{n}",
        kind="support_request_submitted",
        title=f"Notice {n}",
        body=f"What happened, number {n}.",
        link=link,
        created_at=timezone.now() - dt.timedelta(minutes=minutes_ago),
        read_at=timezone.now() if read else None,
    )


@pytest.fixture
def person(client):
    staff = StaffFactory(work_coach=True)
    client.force_login(staff)
    return staff


def test_notifications_are_listed_newest_first_with_the_unread_ones_marked(client, person):
    notify(person, 1, minutes_ago=30, read=True)
    second = notify(person, 2, minutes_ago=20, link="/requests/7/")
    notify(person, 3, minutes_ago=10)
    notify(StaffFactory(), 4)  # someone else's

    response = client.get(NOTIFICATIONS)

    assert response.status_code == 200
    assert items(response) == ["New Notice 3", "New Notice 2", "Notice 1"]
    opens = reverse("notification_open", args=[second.pk])  # marks it read, then /requests/7/
    assert f'<a class="govuk-link" href="{opens}">Notice 2</a>' in html(response)
    assert "What happened, number 2." in html(response)
    assert "You have <strong>2</strong> unread notifications." in html(response)
    assert "Notice 4" not in html(response)


def test_a_notification_without_a_page_of_its_own_is_not_a_link(client, person):
    notify(person, 1, link="")
    notify(person, 2, link="https://example.com/elsewhere")
    page = html(client.get(NOTIFICATIONS))
    assert "Notice 1" in page and "Notice 2" in page
    assert "example.com" not in page


def test_marking_all_as_read(client, person):
    notify(person, 1)
    notify(person, 2)
    theirs = notify(StaffFactory(), 3)

    response = client.post(MARK_READ)

    assert response.status_code == 302 and response.url == NOTIFICATIONS
    page = client.get(response.url)
    assert "2 notifications marked as read" in html(page)
    assert items(page) == ["Notice 2", "Notice 1"]
    assert "You have read all your notifications." in html(page)
    assert not Notification.objects.filter(recipient=person, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_read_is_a_post(client, person):
    assert client.get(MARK_READ).status_code == 405


def test_the_service_navigation_shows_the_unread_count_on_every_page(client, person):
    assert badge(client.get(reverse("home"))) == ""
    notify(person, 1)
    notify(person, 2)
    notify(person, 3, read=True)
    for url in (reverse("home"), NOTIFICATIONS, reverse("support_requests:mine")):
        assert badge(client.get(url)) == "2 unread", url
    client.post(MARK_READ)
    assert badge(client.get(reverse("home"))) == ""


def test_with_no_notifications_the_page_says_so(client, person):
    assert "You have no notifications." in html(client.get(NOTIFICATIONS))


def test_signing_in_is_needed(client):
    response = client.get(NOTIFICATIONS)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_page_runs_the_same_queries_for_25_or_200_notifications(
    client, person, django_assert_num_queries
):
    for n in range(25):
        notify(person, n, minutes_ago=n)
    # session, user with roles, unread count, count, one page of notifications
    with django_assert_num_queries(4):
        response = client.get(NOTIFICATIONS)
    assert len(items(response)) == 25
    for n in range(25, 200):
        notify(person, n, minutes_ago=n)
    with django_assert_num_queries(4):
        response = client.get(NOTIFICATIONS)
    assert len(items(response)) == 25
    assert items(response)[0] == "New Notice 0"
    with django_assert_num_queries(4):
        last = client.get(NOTIFICATIONS, {"page": 8})
    assert items(last)[-1] == "New Notice 199"
