"""The cohort pages: a DEA's cohort, adding a work coach under the 30-coach rule, and ending a
membership; and what team leaders, administrators and others may see of them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from dea_support.models import CohortMembership
from tests.factories import (
    CohortFactory,
    JobcentreFactory,
    StaffFactory,
    a_cohort_of,
    add_member,
    managed_by,
    today,
)

pytestmark = pytest.mark.django_db

MY_COHORT = reverse("dea_support:my_cohort")


def page_title(page: str) -> str:
    """A page's <title>: the page, an en dash, then the service."""
    return f"{page} \N{EN DASH} JOMCase"


def cohort_url(cohort) -> str:
    return reverse("dea_support:cohort", args=[cohort.pk])


def add_url(cohort) -> str:
    return reverse("dea_support:member_add", args=[cohort.pk])


def end_url(membership) -> str:
    return reverse("dea_support:member_end", args=[membership.cohort_id, membership.pk])


def html(response) -> str:
    return response.content.decode().replace("&#x27;", "'")


def title(response) -> str:
    return re.search(r"<title>(.*?)</title>", html(response), re.S).group(1).strip()


def error_summary(response) -> list[str]:
    summary = re.search(r'class="govuk-error-summary".*?</ul>', html(response), re.S)
    if not summary:
        return []
    items = re.findall(r"<li>(.*?)</li>", summary.group(0), re.S)
    return [re.sub(r"<[^>]+>", "", item).strip() for item in items]


def ddmmyyyy(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


@pytest.fixture
def dea(db):
    return StaffFactory(first_name="Dee", last_name="Adviser", dea=True)


@pytest.fixture
def dea_client(client, dea):
    client.force_login(dea)
    return client


# Seeing a cohort


def test_dea_sees_their_cohort_with_dates_and_size(dea_client, dea):
    cohort = CohortFactory(dea=dea)
    coach = StaffFactory(first_name="Cara", last_name="Current", work_coach=True)
    add_member(cohort, coach, start=dt.date(2024, 4, 1))
    leaving = StaffFactory(first_name="Lee", last_name="Leaving", work_coach=True)
    add_member(cohort, leaving, start=dt.date(2024, 4, 1), end=today() + dt.timedelta(days=10))
    joining = StaffFactory(first_name="Jo", last_name="Joining", work_coach=True)
    add_member(cohort, joining, start=today() + dt.timedelta(days=7))
    gone = StaffFactory(first_name="Gail", last_name="Gone", work_coach=True)
    add_member(cohort, gone, start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31))

    for url in (MY_COHORT, cohort_url(cohort)):
        response = dea_client.get(url)
        page = html(response)
        assert response.status_code == 200
        assert title(response) == page_title("Your cohort")
        assert "<strong>2 of 30</strong> work coaches today" in page
        assert "1 Apr 2024" in page
        current, rest = page.split("Joining later")
        future, past = rest.split("Past members")
        assert "Cara Current" in current and "Lee Leaving" in current
        assert "Jo Joining" in future
        assert "Gail Gone" in past and "31 Dec 2023" in past
        assert "This cohort is full" not in page
        assert add_url(cohort) in page
        # Current and future members can be removed; past ones have nothing to remove.
        assert page.count(">Remove<") == 3
        assert 'Remove<span class="govuk-visually-hidden"> Gail Gone' not in page


def test_a_full_cohort_warns_the_dea(dea_client, dea):
    cohort = a_cohort_of(30, dea=dea)
    page = html(dea_client.get(cohort_url(cohort)))
    assert "<strong>30 of 30</strong>" in page
    assert "govuk-warning-text" in page
    assert "This cohort is full" in page


def test_cohort_page_runs_the_same_queries_for_5_or_30_members(
    dea_client, dea, django_assert_num_queries
):
    cohort = a_cohort_of(5, dea=dea)
    # session, user and roles, the cohort with its DEA, its members with their coaches
    with django_assert_num_queries(4):
        response = dea_client.get(cohort_url(cohort))
    assert "<strong>5 of 30</strong>" in html(response)
    for _ in range(25):
        add_member(cohort, StaffFactory(work_coach=True))
    with django_assert_num_queries(4):
        response = dea_client.get(cohort_url(cohort))
    assert "<strong>30 of 30</strong>" in html(response)


def test_a_dea_without_a_cohort_is_told_so(dea_client):
    response = dea_client.get(MY_COHORT)
    assert response.status_code == 200
    assert "You do not have a cohort yet" in html(response)


def test_team_leader_sees_the_cohorts_of_the_deas_they_manage(client, dea):
    cohort = a_cohort_of(4, dea=dea)
    a_cohort_of(2)  # another DEA's, not managed by this team leader
    leader = StaffFactory(wctl=True)
    managed_by(dea, leader)
    client.force_login(leader)

    listing = client.get(MY_COHORT)
    assert listing.status_code == 200
    assert title(listing) == page_title("Cohorts")
    assert "Dee Adviser" in html(listing)
    assert "4 of 30" in html(listing)
    assert html(listing).count(">Dee Adviser<") == 1
    assert "2 of 30" not in html(listing)

    page = client.get(cohort_url(cohort))
    assert page.status_code == 200
    assert title(page) == page_title("Dee Adviser's cohort")
    # A team leader sees the cohort but does not change it.
    assert add_url(cohort) not in html(page)
    assert ">Remove<" not in html(page)
    assert client.get(add_url(cohort)).status_code == 403
    membership = cohort.memberships.first()
    assert client.get(end_url(membership)).status_code == 403
    assert client.post(end_url(membership), {"end": ddmmyyyy(today())}).status_code == 403
    membership.refresh_from_db()
    assert membership.end is None


def test_administrator_sees_every_cohort_and_may_change_it(client, dea):
    cohort = a_cohort_of(1, dea=dea)
    client.force_login(StaffFactory(administrator=True))
    assert "Dee Adviser" in html(client.get(MY_COHORT))
    page = client.get(cohort_url(cohort))
    assert add_url(cohort) in html(page)
    assert client.get(add_url(cohort)).status_code == 200


@pytest.mark.parametrize("role", ["work_coach", "analyst", "sdtl"])
def test_other_roles_see_no_cohort(client, role):
    cohort = a_cohort_of(1)
    client.force_login(StaffFactory(**{role: True}))
    assert client.get(MY_COHORT).status_code == 404
    assert client.get(cohort_url(cohort)).status_code == 404
    assert client.get(add_url(cohort)).status_code == 404


def test_another_deas_cohort_is_not_found(dea_client):
    theirs = a_cohort_of(1)
    assert dea_client.get(cohort_url(theirs)).status_code == 404
    assert dea_client.get(add_url(theirs)).status_code == 404
    assert dea_client.get(end_url(theirs.memberships.get())).status_code == 404


# Adding a work coach


def radios(response) -> list[str]:
    """The work coaches offered on the add page, as their labels read."""
    return [
        " ".join(label.split())
        for label in re.findall(
            r'<label class="govuk-label govuk-radios__label"[^>]*>(.*?)</label>',
            html(response),
            re.S,
        )
    ]


def test_add_page_offers_the_coaches_at_the_deas_jobcentre(dea_client, dea):
    cohort = CohortFactory(dea=dea)
    StaffFactory(
        first_name="Nina",
        last_name="New",
        username="nnew",
        work_coach=True,
        jobcentre=dea.jobcentre,
    )
    StaffFactory(first_name="Dan", last_name="Notacoach", analyst=True, jobcentre=dea.jobcentre)
    StaffFactory(first_name="Fay", last_name="Faraway", work_coach=True)  # another district
    response = dea_client.get(add_url(cohort))
    assert response.status_code == 200
    assert title(response) == page_title("Add a work coach to the cohort")
    assert radios(response) == [f"Nina New (nnew, {dea.jobcentre.name})"]
    assert f"Work coaches at {dea.jobcentre.name}. Search to find others." in html(response)
    assert 'name="q"' in html(response) and 'role="search"' in html(response)
    assert f'value="{ddmmyyyy(today())}"' in html(response)


def test_search_finds_coaches_by_name_or_username_nearest_first(dea_client, dea):
    cohort = CohortFactory(dea=dea)
    here, district = dea.jobcentre, dea.jobcentre.district
    nearby = JobcentreFactory(district=district)
    coach = {"work_coach": True}
    StaffFactory(first_name="Sam", last_name="Young", username="syoung", jobcentre=here, **coach)
    StaffFactory(first_name="Sam", last_name="Able", username="sable", jobcentre=nearby, **coach)
    StaffFactory(first_name="Sam", last_name="Afar", username="safar", **coach)
    StaffFactory(first_name="Sam", last_name="Analyst", analyst=True, jobcentre=here)
    StaffFactory(first_name="Ann", last_name="Samson", username="asamson", jobcentre=here, **coach)

    def found(**query):
        return [label.split(" (")[0] for label in radios(dea_client.get(add_url(cohort), query))]

    # Their own jobcentre first, then the district; other districts only when asked for.
    assert found(q="sam") == ["Ann Samson", "Sam Young", "Sam Able"]
    assert found(q="sam", everywhere="true") == ["Ann Samson", "Sam Young", "Sam Able", "Sam Afar"]
    # Every word must match: a first name or surname by its start, a username anywhere.
    assert found(q="sam ab") == ["Sam Able"]
    assert found(q="OUNG") == ["Sam Young"]
    assert found(q="afar") == []
    assert found(q="afar", everywhere="true") == ["Sam Afar"]


def test_search_with_no_match_says_so(dea_client, dea):
    cohort = CohortFactory(dea=dea)
    response = dea_client.get(add_url(cohort), {"q": "Nobody"})
    assert radios(response) == []
    assert "No work coaches match your search" in html(response)
    assert "include work coaches in other districts" in html(response)
    assert "Add to cohort" not in html(response)


def test_search_offers_at_most_20_coaches_and_asks_for_more_of_the_name(dea_client, dea):
    cohort = CohortFactory(dea=dea)
    for n in range(25):
        StaffFactory(last_name=f"Smith{n:02d}", work_coach=True, jobcentre=dea.jobcentre)
    response = dea_client.get(add_url(cohort), {"q": "smith"})
    assert len(radios(response)) == 20
    assert "Only the first 20 are shown" in html(response)
    assert "Only the first" not in html(dea_client.get(add_url(cohort), {"q": "smith1"}))


def test_search_says_which_cohort_a_coach_is_in_today(dea_client, dea):
    cohort = a_cohort_of(0, dea=dea)
    mine = StaffFactory(
        first_name="Mo", last_name="Mine", username="mo", work_coach=True, jobcentre=dea.jobcentre
    )
    add_member(cohort, mine)
    other = a_cohort_of(0, dea=StaffFactory(first_name="Oli", last_name="Other", dea=True))
    theirs = StaffFactory(
        first_name="Tia",
        last_name="Theirs",
        username="tia",
        work_coach=True,
        jobcentre=dea.jobcentre,
    )
    add_member(other, theirs)
    assert radios(dea_client.get(add_url(cohort))) == [
        f"Mo Mine (mo, {dea.jobcentre.name}) \N{EN DASH} already in this cohort",
        f"Tia Theirs (tia, {dea.jobcentre.name}) \N{EN DASH} in Oli Other's cohort",
    ]


def test_the_add_page_runs_the_same_queries_for_3_or_30_coaches(
    dea_client, dea, django_assert_num_queries
):
    cohort = a_cohort_of(2, dea=dea)
    for _ in range(3):
        StaffFactory(work_coach=True, jobcentre=dea.jobcentre)
    # session, user and roles, the cohort and its DEA, its members, the DEA's jobcentre and
    # district, one page of coaches with their jobcentres and cohorts today
    with django_assert_num_queries(6):
        assert len(radios(dea_client.get(add_url(cohort)))) == 3
    for _ in range(27):
        StaffFactory(work_coach=True, jobcentre=dea.jobcentre)
    with django_assert_num_queries(6):
        assert len(radios(dea_client.get(add_url(cohort)))) == 20
    with django_assert_num_queries(6):
        dea_client.get(add_url(cohort), {"q": "staff", "everywhere": "true"})


def test_adding_a_work_coach(dea_client, dea):
    cohort = CohortFactory(dea=dea)
    coach = StaffFactory(first_name="Nina", last_name="New", work_coach=True)
    response = dea_client.post(
        add_url(cohort), {"work_coach": coach.pk, "start": ddmmyyyy(today()), "end": ""}
    )
    assert response.status_code == 302
    assert response.url == cohort_url(cohort)
    membership = CohortMembership.objects.get()
    assert (membership.work_coach, membership.start, membership.end) == (coach, today(), None)
    assert membership.added_by == dea
    page = html(dea_client.get(response.url))
    assert "Nina New was added to the cohort" in page
    assert "<strong>1 of 30</strong>" in page


def test_adding_a_31st_coach_shows_the_rule_and_changes_nothing(dea_client, dea):
    cohort = a_cohort_of(30, dea=dea)
    coach = StaffFactory(work_coach=True)
    response = dea_client.post(
        add_url(cohort), {"work_coach": coach.pk, "start": ddmmyyyy(today()), "end": ""}
    )
    assert response.status_code == 200
    assert title(response).startswith("Error: ")
    [message] = error_summary(response)
    assert "already has 30 work coaches" in message
    assert "at most 30" in message
    assert f'<a href="#id_work_coach">{message}' in html(response)
    assert 'id="id_work_coach-error"' in html(response)
    # The refused coach stays on the page, chosen, so the DEA sees who the error is about.
    assert f'value="{coach.pk}" checked' in html(response)
    assert cohort.memberships.count() == 30
    assert not CohortMembership.objects.filter(work_coach=coach).exists()


def test_adding_a_coach_from_the_day_after_one_leaves_a_full_cohort(dea_client, dea):
    cohort = a_cohort_of(30, dea=dea)
    leaving = cohort.memberships.first()
    leaving.end = today()
    leaving.save()
    coach = StaffFactory(work_coach=True)
    tomorrow = today() + dt.timedelta(days=1)
    response = dea_client.post(
        add_url(cohort), {"work_coach": coach.pk, "start": ddmmyyyy(tomorrow), "end": ""}
    )
    assert response.status_code == 302
    assert cohort.memberships.count() == 31


def test_adding_a_coach_already_in_another_cohort_is_refused(dea_client, dea):
    cohort = CohortFactory(dea=dea)
    elsewhere = a_cohort_of(1)
    coach = elsewhere.memberships.get().work_coach
    response = dea_client.post(
        add_url(cohort), {"work_coach": coach.pk, "start": ddmmyyyy(today()), "end": ""}
    )
    [message] = error_summary(response)
    assert f"is already in {elsewhere.dea}'s cohort" in message
    assert cohort.memberships.count() == 0


def test_adding_with_bad_dates_shows_each_problem(dea_client, dea):
    cohort = CohortFactory(dea=dea)
    coach = StaffFactory(work_coach=True)
    response = dea_client.post(add_url(cohort), {"work_coach": "", "start": "31/02/2026"})
    assert error_summary(response) == [
        "Choose a work coach",
        "Enter the first day as a real date, like 23/11/2026",
    ]
    response = dea_client.post(
        add_url(cohort), {"work_coach": coach.pk, "start": "10/05/2026", "end": "01/05/2026"}
    )
    assert error_summary(response) == ["The last day must be the same as or after the first day"]
    assert '<a href="#id_end">' in html(response)
    assert CohortMembership.objects.count() == 0


def test_a_refused_choice_comes_back_with_its_search(dea_client, dea):
    cohort = CohortFactory(dea=dea)
    for name in ("Lee", "Leo", "Lena"):
        StaffFactory(first_name=name, work_coach=True, jobcentre=dea.jobcentre)
    chosen = StaffFactory(first_name="Leah", work_coach=True)  # another district
    response = dea_client.post(
        add_url(cohort),
        {"q": "le", "everywhere": "true", "work_coach": chosen.pk, "start": "not a date"},
    )
    assert error_summary(response) == ["Enter the first day as a real date, like 23/11/2026"]
    assert len(radios(response)) == 4
    assert f'value="{chosen.pk}" checked' in html(response)
    assert '<input type="hidden" name="q" value="le">' in html(response)
    assert '<input type="hidden" name="everywhere" value="true">' in html(response)


def test_only_current_work_coaches_can_be_chosen(dea_client, dea):
    cohort = CohortFactory(dea=dea)
    analyst = StaffFactory(analyst=True, jobcentre=dea.jobcentre)
    response = dea_client.post(
        add_url(cohort), {"work_coach": analyst.pk, "start": ddmmyyyy(today())}
    )
    assert error_summary(response) == ["Choose a work coach"]
    assert CohortMembership.objects.count() == 0


# Ending a membership


def test_end_page_asks_to_confirm_the_last_day(dea_client, dea):
    cohort = CohortFactory(dea=dea)
    coach = StaffFactory(first_name="Cara", last_name="Current", work_coach=True)
    membership = add_member(cohort, coach, start=dt.date(2024, 4, 1))
    response = dea_client.get(end_url(membership))
    assert response.status_code == 200
    assert title(response) == page_title("Remove Cara Current from the cohort")
    assert "joined the cohort on 1 April 2024" in html(response)
    assert f'value="{ddmmyyyy(today())}"' in html(response)
    assert "govuk-button--warning" in html(response)


def test_ending_a_membership_keeps_it_as_history(dea_client, dea):
    cohort = CohortFactory(dea=dea)
    coach = StaffFactory(first_name="Cara", last_name="Current", work_coach=True)
    membership = add_member(cohort, coach, start=dt.date(2024, 4, 1))
    yesterday = today() - dt.timedelta(days=1)
    response = dea_client.post(end_url(membership), {"end": ddmmyyyy(yesterday)})
    assert response.status_code == 302
    assert response.url == cohort_url(cohort)
    membership.refresh_from_db()
    assert membership.end == yesterday
    page = html(dea_client.get(response.url))
    assert f"Cara Current's last day in the cohort is {yesterday:%-d %B %Y}" in page
    assert "<strong>0 of 30</strong>" in page
    assert "Cara Current" in page.split("Past members")[1]


def test_ending_before_the_first_day_is_refused(dea_client, dea):
    cohort = CohortFactory(dea=dea)
    membership = add_member(cohort, StaffFactory(work_coach=True), start=dt.date(2024, 4, 1))
    response = dea_client.post(end_url(membership), {"end": "31/03/2024"})
    assert response.status_code == 200
    assert error_summary(response) == ["The last day must be the same as or after the start date"]
    membership.refresh_from_db()
    assert membership.end is None


def test_a_future_membership_is_offered_its_first_day_as_the_last(dea_client, dea):
    cohort = CohortFactory(dea=dea)
    starts = today() + dt.timedelta(days=14)
    membership = add_member(cohort, StaffFactory(work_coach=True), start=starts)
    assert f'value="{ddmmyyyy(starts)}"' in html(dea_client.get(end_url(membership)))
