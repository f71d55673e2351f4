"""The core pages: signing in and out, the home page for each role, and the error pages."""

from __future__ import annotations

import re

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from tests.factories import StaffFactory, a_cohort_of

pytestmark = pytest.mark.django_db

PASSWORD = "jomcase-test"


def page_title(page: str) -> str:
    """A page's <title>: the page, an en dash, then the service."""
    return f"{page} \N{EN DASH} JOMCase"


def title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


def nav_links(response) -> list[str]:
    """The service navigation's link texts, in order."""
    html = response.content.decode()
    nav = re.search(r'<nav aria-label="Menu".*?</nav>', html, re.S)
    if not nav:
        return []
    links = re.findall(r'class="govuk-service-navigation__link"[^>]*>(.*?)</', nav.group(0), re.S)
    return [re.sub(r"<[^>]+>", "", text).strip() for text in links]


def test_sign_in_page_uses_the_govuk_template(client):
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert title(response) == page_title("Sign in")
    assert 'class="govuk-skip-link"' in html and 'href="#main-content"' in html
    assert "govuk-frontend-supported" in html
    assert "/static/build/app.css" in html
    assert '<script type="module" src="/static/build/js/app.mjs">' in html
    assert "govuk-phase-banner" in html
    assert 'class="govuk-footer"' in html
    # Nobody is signed in, so there is nothing to navigate to and nothing to sign out of.
    assert nav_links(response) == []
    assert "Sign out" not in html


def test_signing_in_with_a_wrong_password_shows_the_error_summary(client):
    StaffFactory(username="coach", work_coach=True)
    response = client.post(reverse("login"), {"username": "coach", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert title(response) == page_title("Error: Sign in")
    assert "govuk-error-summary" in html
    assert "Enter a correct username and password" in html


def test_signing_in_with_nothing_entered_links_each_error_to_its_field(client):
    response = client.post(reverse("login"), {"username": "", "password": ""})
    html = response.content.decode()
    assert '<a href="#id_username">Enter your username</a>' in html
    assert '<a href="#id_password">Enter your password</a>' in html
    assert 'id="id_username-error"' in html
    assert 'aria-describedby="id_username-error"' in html
    assert "govuk-form-group--error" in html


def test_signing_in_goes_to_the_home_page(client):
    StaffFactory(username="coach", first_name="Ada", last_name="Jones", work_coach=True)
    response = client.post(reverse("login"), {"username": "coach", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("home")
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert "Ada Jones" in home.content.decode()
    assert "Work coach" in home.content.decode()


def test_signing_in_returns_to_the_page_asked_for(client):
    StaffFactory(username="coach", work_coach=True)
    caseload = reverse("claimants:caseload")
    redirect = client.get(caseload)
    assert redirect.status_code == 302
    assert redirect.url == f"{reverse('login')}?next={caseload}"
    response = client.post(
        redirect.url, {"username": "coach", "password": PASSWORD, "next": caseload}
    )
    assert response.url == caseload


def test_a_signed_in_user_going_to_sign_in_is_sent_home(client):
    client.force_login(StaffFactory(work_coach=True))
    response = client.get(reverse("login"))
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_signing_out_is_a_post_and_ends_the_session(client):
    client.force_login(StaffFactory(work_coach=True))
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response.url == reverse("signed_out")
    page = client.get(response.url)
    assert page.status_code == 200
    assert title(page) == page_title("You have signed out")
    assert client.get(reverse("home")).status_code == 302


def test_the_signed_out_page_sends_a_signed_in_user_home(client):
    client.force_login(StaffFactory(work_coach=True))
    response = client.get(reverse("signed_out"))
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_home_needs_signing_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_work_coach_home_shows_their_caseload_panel(client):
    coach = StaffFactory(work_coach=True)
    client.force_login(coach)
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert title(response) == page_title("Home")
    assert nav_links(response) == [
        "Home",
        "Caseload",
        "Your work",
        "Diary",
        "Your requests",
        "Request DEA support",
        "Notifications",
    ]
    assert 'aria-current="page"' in html
    assert "You hold" in html and "Add a claimant" in html
    assert "Sign out" in html
    assert "Your cohort" not in html


def test_dea_home_shows_their_cohort(client):
    cohort = a_cohort_of(3)
    client.force_login(cohort.dea)
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert nav_links(response) == [
        "Home",
        "Inbox",
        "Cohort",
        "Your work",
        "Group conferences",
        "Diary",
        "Checks of your work",
        "Your requests",
        # A DEA gives colleagues support [63]; they do not ask for it, so no "Request DEA support".
        "Notifications",
    ]
    assert "Disability employment adviser" in html
    assert "3 of 30 work coaches today" in html
    assert reverse("dea_support:cohort", args=[cohort.pk]) in html


def test_team_leader_sees_caseload_and_cohort(client):
    client.force_login(StaffFactory(wctl=True))
    response = client.get(reverse("home"))
    assert nav_links(response) == [
        "Home",
        "Inbox",
        "Caseload",
        "Cohort",
        "Group conferences",
        "Diary",
        "CSI approvals",
        "QAS checks",
        "Your requests",
        "Request DEA support",
        "Notifications",
    ]
    assert "None of the DEAs you manage has a cohort yet" in response.content.decode()


def test_administrator_home_links_to_the_admin_and_the_access_log(client):
    client.force_login(StaffFactory(administrator=True, is_staff=True))
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert nav_links(response) == ["Home", "Reports", "Notifications", "Admin"]
    assert 'href="/admin/"' in html
    assert 'href="/admin/jomcase/accesslog/"' in html


def test_administrator_without_staff_access_is_not_sent_to_an_admin_they_cannot_open(client):
    client.force_login(StaffFactory(administrator=True, is_staff=False))
    response = client.get(reverse("home"))
    assert nav_links(response) == ["Home", "Reports", "Notifications"]
    assert 'href="/admin/"' not in response.content.decode()
    assert "Ask another administrator" in response.content.decode()


def test_a_superuser_without_roles_is_treated_as_an_administrator(client):
    client.force_login(StaffFactory(is_superuser=True, is_staff=True))
    response = client.get(reverse("home"))
    assert "Admin" in nav_links(response)
    assert "You do not have a role" not in response.content.decode()


def test_analyst_home_explains_they_see_aggregates_only(client):
    client.force_login(StaffFactory(analyst=True))
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert nav_links(response) == ["Home", "Reports", "Notifications"]
    assert "never a claimant" in html
    assert "Caseload" not in html


def test_someone_with_no_role_is_told_to_ask_for_one(client):
    client.force_login(StaffFactory())
    response = client.get(reverse("home"))
    assert "You do not have a role" in response.content.decode()


def test_not_found_page(client):
    client.force_login(StaffFactory(work_coach=True))
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert title(response) == page_title("Page not found")
    assert "Caseload" in nav_links(response)


def test_forbidden_page(client):
    client.force_login(StaffFactory(analyst=True))
    response = client.get(reverse("claimants:caseload"))
    assert response.status_code == 403
    assert title(response) == page_title("You cannot see this page")


def test_server_error_page_renders_without_a_request_context():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_health_check(client):
    response = client.get(reverse("health"))
    assert response.json() == {"status": "ok"}


def test_a_form_sent_without_its_security_token_gets_a_plain_explanation(db):
    client = Client(enforce_csrf_checks=True)
    StaffFactory(username="coach", work_coach=True)
    response = client.post(reverse("login"), {"username": "coach", "password": PASSWORD})
    assert response.status_code == 403
    assert title(response) == page_title("Your form could not be sent")
    assert "Nothing was saved" in response.content.decode()
