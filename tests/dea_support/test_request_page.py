"""A support request's page: what it shows to whom, its timeline, and each triage step taken
through the page, with its success, its validation errors and a step someone took first."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from conferences.models import Activity, AgendaCase
from conferences.services import support_requests_cover
from dea_support.models import RequestState, SupportRequest, SupportRequestEvent
from dea_support.services import (
    support_request_provide_info,
    support_request_request_info,
    support_request_withdraw,
)
from jomcase.models import AccessLog
from tests.conferences.page_helpers import booked
from tests.dea_support.request_page_helpers import (
    banner,
    detail_url,
    error_summary,
    html,
    step_url,
    text,
)
from tests.factories import (
    StaffFactory,
    SupportRequestFactory,
    TeamFactory,
    a_request_in_cohort,
    join_team,
    managed_by,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sr():
    """A claimant support request from a coach in the DEA's cohort, waiting for the DEA."""
    return a_request_in_cohort(
        dea=StaffFactory(dea=True, first_name="Dee", last_name="Adviser"),
        requester=StaffFactory(work_coach=True, first_name="Cara", last_name="Coach"),
    )


@pytest.fixture
def dea_client(client, sr):
    client.force_login(sr.dea)
    return client


@pytest.fixture
def coach_client(client, sr):
    client.force_login(sr.requester)
    return client


def snapshot(sr) -> dict:
    """The request's row and its timeline, to show that a refused step changed nothing."""
    return {
        "row": SupportRequest.objects.filter(pk=sr.pk).values().get(),
        "events": list(SupportRequestEvent.objects.filter(support_request=sr).values()),
        "activities": Activity.objects.filter(support_request=sr).count(),
    }


def radio_labels(response, name: str) -> list[str]:
    page = html(response)
    ids = re.findall(rf'id="([^"]+)" name="{name}" type="radio"', page)
    return [
        text(re.search(rf'<label[^>]*for="{i}">(.*?)</label>', page, re.S).group(1)) for i in ids
    ]


def forms_on(response) -> set[str]:
    """The step addresses the page's forms post to."""
    return set(re.findall(r'<form method="post" action="(/requests/[^"]+)"', html(response)))


# What the page shows


def test_the_page_shows_the_request_to_its_dea_and_logs_the_read_of_the_claimant(dea_client, sr):
    response = dea_client.get(detail_url(sr))
    page = html(response)

    assert response.status_code == 200
    assert f"Support request {sr.reference}" in page
    assert sr.claimant.full_name in page
    assert sr.claimant.nino_display in page and " " in sr.claimant.nino_display
    assert sr.challenges in page and sr.reason in page
    assert sr.required_by.strftime("%-d %B %Y") in page
    assert "Cara Coach" in page and "Dee Adviser" in page
    assert '<strong class="govuk-tag govuk-tag--blue">Submitted</strong>' in page
    log = AccessLog.objects.get(staff=sr.dea)
    assert (log.record_type, log.record_id) == ("claimants.claimant", sr.claimant_id)
    assert log.via == detail_url(sr)


def test_skill_and_colleague_requests_show_their_own_answers(client):
    skill = SupportRequestFactory(skill=True)
    colleague = SupportRequestFactory(colleague=True, reason="Unsure how to explain Access to Work")
    client.force_login(skill.dea)
    page = html(client.get(detail_url(skill)))
    assert "Reasonable adjustments" in page and skill.description in page
    client.force_login(colleague.dea)
    page = html(client.get(detail_url(colleague)))
    assert "Service delivery coach" in page and "Not urgent" in page
    assert "Unsure how to explain Access to Work" in page
    assert not AccessLog.objects.exists()  # neither names a claimant


def test_another_coach_gets_not_found(client, sr):
    client.force_login(StaffFactory(work_coach=True))
    assert client.get(detail_url(sr)).status_code == 404
    assert not AccessLog.objects.exists()


def test_an_analyst_gets_not_found_and_no_personal_data(client, sr, analyst):
    client.force_login(analyst)
    response = client.get(detail_url(sr))
    assert response.status_code == 404
    assert sr.claimant.surname not in html(response)
    assert (
        client.post(step_url(sr, "accept"), {"accept-channel": "case_conference"}).status_code
        == 404
    )
    assert SupportRequest.objects.get(pk=sr.pk).state == RequestState.SUBMITTED


def test_an_administrator_sees_the_request_but_not_who_the_claimant_is(client, sr):
    client.force_login(StaffFactory(administrator=True))
    page = html(client.get(detail_url(sr)))
    assert sr.reference in page
    assert sr.claimant.surname not in page and sr.claimant.nino_display not in page
    assert sr.challenges not in page
    assert "Not shown" in page
    assert not AccessLog.objects.exists()


def test_the_team_leader_of_the_coachs_team_sees_the_claimant(client, sr):
    team = TeamFactory()
    join_team(sr.requester, team)
    client.force_login(team.leader)
    assert sr.claimant.full_name in html(client.get(detail_url(sr)))
    assert AccessLog.objects.filter(staff=team.leader).count() == 1


def test_the_timeline_shows_every_step_with_who_when_and_the_states(coach_client, sr):
    support_request_request_info(request_id=sr.pk, actor=sr.dea, message="Which office suits?")
    support_request_provide_info(
        request_id=sr.pk, actor=sr.requester, message="Leeds, ground floor"
    )
    page = html(coach_client.get(detail_url(sr)))

    timeline = page[page.index('class="moj-timeline"') :]
    titles = re.findall(r'<h3 class="moj-timeline__title">(.*?)</h3>', timeline)
    assert titles == ["More information given", "More information asked for"]
    assert "by Dee Adviser" in timeline and "by Cara Coach" in timeline
    assert "From submitted to information requested." in timeline
    assert "From information requested to submitted." in timeline
    assert "Which office suits?" in timeline and "Leeds, ground floor" in timeline
    assert '<time datetime="' in timeline


# Which steps each person is offered


def test_the_dea_is_offered_accept_ask_and_decline_and_the_requester_none_of_them(client, sr):
    client.force_login(sr.dea)
    dea_page = client.get(detail_url(sr))
    assert forms_on(dea_page) == {
        step_url(sr, "accept"),
        step_url(sr, "request_info"),
        step_url(sr, "decline"),
        step_url(sr, "topics"),
    }
    # Headings and buttons carry the transitions' own labels.
    assert "Ask for more information</button>" in html(dea_page)
    assert step_url(sr, "withdraw") not in html(dea_page)

    client.force_login(sr.requester)
    coach_page = client.get(detail_url(sr))
    assert forms_on(coach_page) == set()
    assert f'href="{step_url(sr, "withdraw")}"' in html(coach_page)


def test_nobody_else_is_offered_a_step(client, sr):
    leader = StaffFactory(wctl=True)
    managed_by(sr.dea, leader)
    client.force_login(leader)
    response = client.get(detail_url(sr))
    assert response.status_code == 200
    assert forms_on(response) == set()
    assert step_url(sr, "withdraw") not in html(response)


@pytest.mark.parametrize(
    ("traits", "expected"),
    [
        (
            {},
            [
                "Case conference",
                "Skill conference",
                "Informational support only",
                "Three-way intervention",
                "Case for a group conference",
                "Claimant support intervention",
            ],
        ),
        ({"skill": True}, ["Skill conference", "Informational support only"]),
        ({"colleague": True}, ["Skill conference", "Informational support only"]),
    ],
)
def test_the_channels_offered_fit_the_kind_of_request(client, traits, expected):
    sr = SupportRequestFactory(**traits)
    client.force_login(sr.dea)
    assert radio_labels(client.get(detail_url(sr)), "accept-channel") == expected


# Asking for more information, and answering


def test_the_dea_asks_for_more_information_and_the_requester_answers_on_the_same_page(client, sr):
    client.force_login(sr.dea)
    response = client.post(step_url(sr, "request_info"), {"info-message": "Which office suits?"})
    assert response.status_code == 302 and response.url == detail_url(sr)
    assert banner(client.get(response.url)) == "Your question was sent to Cara Coach"
    sr.refresh_from_db()
    assert sr.state == RequestState.INFO_REQUESTED

    client.force_login(sr.requester)
    page = client.get(detail_url(sr))
    assert "The DEA has a question" in html(page)
    assert "Which office suits?" in html(page)
    assert forms_on(page) == {step_url(sr, "provide_info")}
    response = client.post(step_url(sr, "provide_info"), {"answer-message": "Leeds"})
    assert response.status_code == 302
    assert banner(client.get(response.url)) == "Your answer was sent to Dee Adviser"
    sr.refresh_from_db()
    assert sr.state == RequestState.SUBMITTED
    assert [e.action for e in sr.events.all()] == ["request_info", "provide_info"]


def test_the_dea_sees_the_answer_beside_the_decision_until_they_make_it(client, sr):
    support_request_request_info(request_id=sr.pk, actor=sr.dea, message="Which office suits?")
    support_request_provide_info(request_id=sr.pk, actor=sr.requester, message="Leeds")
    client.force_login(sr.dea)
    page = html(client.get(detail_url(sr)))
    inset = page[page.index('id="latest-answer">') :].split(">", 1)[1]
    answer = text(inset.split("</div>")[0])
    assert answer.startswith("Cara Coach answered your question on ")
    assert "You asked: Which office suits? They answered: Leeds" in answer
    # It comes before the forms for the decision, not only at the foot of the timeline.
    assert page.index('id="latest-answer"') < page.index("Decide how to help")

    client.force_login(sr.requester)
    assert 'id="latest-answer"' not in html(client.get(detail_url(sr)))

    client.force_login(sr.dea)
    client.post(step_url(sr, "accept"), {"accept-channel": "case_conference"})
    assert 'id="latest-answer"' not in html(client.get(detail_url(sr)))


def test_asking_without_a_question_shows_the_error_and_changes_nothing(dea_client, sr):
    before = snapshot(sr)
    response = dea_client.post(step_url(sr, "request_info"), {"info-message": "  "})
    assert response.status_code == 200
    assert error_summary(response) == ["Enter what you need to know"]
    assert 'href="#id_info-message"' in html(response)
    assert html(response).count("<title>Error: ") == 1
    assert snapshot(sr) == before


def test_answering_with_nothing_shows_the_error_and_changes_nothing(client, sr):
    support_request_request_info(request_id=sr.pk, actor=sr.dea, message="Which office?")
    before = snapshot(sr)
    client.force_login(sr.requester)
    response = client.post(step_url(sr, "provide_info"), {"answer-message": ""})
    assert error_summary(response) == ["Enter your answer for the DEA"]
    assert snapshot(sr) == before


# Accepting


def test_accepting_with_a_channel_creates_the_work_and_tells_the_requester_what_is_next(client, sr):
    client.force_login(sr.dea)
    response = client.post(
        step_url(sr, "accept"),
        {"accept-channel": "case_conference", "accept-note": "Bring the fit note"},
    )
    assert response.status_code == 302
    page = client.get(response.url)
    assert banner(page) == f"You accepted {sr.reference}: case conference"
    activity = Activity.objects.get(support_request=sr)
    assert activity.kind == "case_conference"
    assert f'href="{reverse("conferences:activity", args=[activity.pk])}"' in html(page)

    client.force_login(sr.requester)
    page = html(client.get(detail_url(sr)))
    assert '<strong class="govuk-tag govuk-tag--turquoise">Accepted</strong>' in page
    next_step = text(page[page.index('id="next-step"') :].split("</div>")[0])
    assert "Accepted: case conference." in next_step
    assert "You will be told the date and time once it is booked." in next_step
    assert "Bring the fit note" in page  # on the timeline


def next_step_of(response) -> tuple[str, list[str]]:
    """The words of the "what happens next" inset, and the addresses it links to."""
    inset = html(response).split('id="next-step">', 1)[1].split("</div>")[0]
    return text(inset), re.findall(r'href="([^"]+)"', inset)


def test_a_three_way_tells_the_coach_they_lead_it_and_links_to_where_they_record_consent(
    client, sr
):
    client.force_login(sr.dea)
    client.post(step_url(sr, "accept"), {"accept-channel": "three_way"})
    three_way = reverse("conferences:activity", args=[Activity.objects.get(support_request=sr).pk])
    words, links = next_step_of(client.get(detail_url(sr)))
    assert "The work coach records the claimant's consent and books it" in words
    assert "Go to the three-way intervention" in words and links == [three_way]

    client.force_login(sr.requester)
    words, links = next_step_of(client.get(detail_url(sr)))
    assert "You will lead a three-way intervention with the claimant" in words
    assert "record it on the three-way intervention's page, then book it there" in words
    assert "Go to the three-way intervention" in words and links == [three_way]


def test_what_happens_next_links_only_to_work_the_viewer_may_open(client, sr):
    """The covering DEA's team leader reads the request, but its booked case conference
    stayed with the DEA on leave, whom they do not manage."""
    leader = StaffFactory(wctl=True)
    managed_by(sr.dea, leader)
    cover = StaffFactory(dea=True)
    covers_leader = StaffFactory(wctl=True)
    managed_by(cover, covers_leader)
    client.force_login(sr.dea)
    client.post(step_url(sr, "accept"), {"accept-channel": "case_conference"})
    booked(Activity.objects.get(support_request=sr))
    support_requests_cover(actor=leader, from_dea_id=sr.dea_id, to_dea_id=cover.pk)
    client.force_login(covers_leader)
    words, links = next_step_of(client.get(detail_url(sr)))
    assert "Accepted: case conference." in words and links == []


def test_a_case_for_the_group_conference_shows_on_the_cohorts_list(dea_client, sr):
    dea_client.post(step_url(sr, "accept"), {"accept-channel": "group_conference_case"})
    assert AgendaCase.objects.filter(support_request=sr).exists()
    page = html(dea_client.get(detail_url(sr)))
    assert "Case for a group conference" in page
    assert "On the list for Dee Adviser's next group conference" in page


def test_accepting_without_a_channel_shows_the_error_and_changes_nothing(dea_client, sr):
    before = snapshot(sr)
    response = dea_client.post(step_url(sr, "accept"), {"accept-note": "Soon"})
    assert error_summary(response) == ["Choose how you will help"]
    assert 'href="#id_accept-channel"' in html(response)
    # The note typed is kept for another try.
    assert ">Soon</textarea>" in html(response)
    assert snapshot(sr) == before


def test_a_channel_the_kind_does_not_allow_is_refused(client):
    sr = SupportRequestFactory(colleague=True)
    client.force_login(sr.dea)
    before = snapshot(sr)
    response = client.post(step_url(sr, "accept"), {"accept-channel": "three_way"})
    assert error_summary(response) == ["Choose one of the ways of helping listed"]
    assert snapshot(sr) == before


def test_the_requester_cannot_accept_their_own_request(coach_client, sr):
    before = snapshot(sr)
    response = coach_client.post(step_url(sr, "accept"), {"accept-channel": "case_conference"})
    assert response.status_code == 403
    assert snapshot(sr) == before


# Declining


def test_declining_with_a_reason_and_a_note(client, sr):
    client.force_login(sr.dea)
    response = client.post(
        step_url(sr, "decline"),
        {"decline-reason": "outside_remit", "decline-note": "Ask the work psychologist."},
    )
    assert response.status_code == 302
    assert banner(client.get(response.url)) == (
        f"You declined {sr.reference}. Cara Coach has been told why"
    )
    sr.refresh_from_db()
    assert (sr.state, sr.decline_reason) == (RequestState.DECLINED, "outside_remit")

    client.force_login(sr.requester)
    page = html(client.get(detail_url(sr)))
    assert "<strong>Declined.</strong> Reason: Outside the DEA's remit." in page
    assert "Ask the work psychologist." in page


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"decline-note": "No."}, ["Choose why you are declining the request"]),
        ({"decline-reason": "duplicate"}, ["Enter a note for the requester saying why"]),
        (
            {"decline-reason": "bored", "decline-note": "x"},
            ["Choose why you are declining the request"],
        ),
    ],
)
def test_declining_without_a_reason_or_a_note_changes_nothing(dea_client, sr, data, errors):
    before = snapshot(sr)
    response = dea_client.post(step_url(sr, "decline"), data)
    assert error_summary(response) == errors
    assert snapshot(sr) == before


# Withdrawing


def test_the_requester_confirms_before_withdrawing(coach_client, sr):
    confirm = coach_client.get(step_url(sr, "withdraw"))
    assert confirm.status_code == 200
    assert "Are you sure you want to withdraw this request?" in html(confirm)
    assert SupportRequest.objects.get(pk=sr.pk).state == RequestState.SUBMITTED

    response = coach_client.post(step_url(sr, "withdraw"), {"message": "Found another way"})
    assert response.status_code == 302
    assert banner(coach_client.get(response.url)) == f"You withdrew {sr.reference}"
    sr.refresh_from_db()
    assert sr.state == RequestState.WITHDRAWN
    assert sr.events.get(action="withdraw").message == "Found another way"


def test_only_the_requester_may_withdraw(dea_client, sr):
    assert dea_client.get(step_url(sr, "withdraw")).status_code == 403
    assert dea_client.post(step_url(sr, "withdraw")).status_code == 403
    assert SupportRequest.objects.get(pk=sr.pk).state == RequestState.SUBMITTED


def test_a_request_that_cannot_be_withdrawn_any_more_goes_back_to_its_page(client):
    sr = SupportRequestFactory(accepted=True)
    client.force_login(sr.requester)
    response = client.get(step_url(sr, "withdraw"))
    assert response.status_code == 302 and response.url == detail_url(sr)
    assert "can no longer be withdrawn: it is accepted" in banner(client.get(response.url))


# A step that someone else took first


def test_a_step_on_a_request_that_has_moved_on_says_so_and_changes_nothing(client, sr):
    # The DEA's page was open while the coach withdrew the request in another tab.
    support_request_withdraw(request_id=sr.pk, actor=sr.requester)
    before = snapshot(sr)
    client.force_login(sr.dea)

    response = client.post(step_url(sr, "accept"), {"accept-channel": "case_conference"})

    assert response.status_code == 200
    assert error_summary(response) == [
        "This request has already moved to withdrawn, so nothing was changed."
    ]
    assert snapshot(sr) == before
    # The page shows the request as it is now, with no steps left to take.
    assert step_url(sr, "accept") not in html(response)


def test_two_tabs_asking_and_answering_a_request_already_answered(client, sr):
    support_request_request_info(request_id=sr.pk, actor=sr.dea, message="Which office?")
    support_request_provide_info(request_id=sr.pk, actor=sr.requester, message="Leeds")
    before = snapshot(sr)
    client.force_login(sr.requester)
    response = client.post(step_url(sr, "provide_info"), {"answer-message": "Leeds again"})
    assert error_summary(response) == [
        "This request has already moved to submitted, so nothing was changed."
    ]
    assert snapshot(sr) == before


def test_a_withdraw_confirmed_after_the_dea_accepted_changes_nothing(client, sr):
    client.force_login(sr.requester)
    client.get(step_url(sr, "withdraw"))  # the confirmation page is open...
    from conferences.services import support_request_accept

    support_request_accept(request_id=sr.pk, actor=sr.dea, channel="case_conference")
    before = snapshot(sr)
    response = client.post(step_url(sr, "withdraw"))  # ...and confirmed after the DEA accepted
    assert error_summary(response) == [
        "This request has already moved to accepted, so nothing was changed."
    ]
    assert snapshot(sr) == before


# Topics and cover on the timeline


def test_the_dea_tags_topics_for_referral_trends(dea_client, sr):
    response = dea_client.post(
        step_url(sr, "topics"), {"topics-topics": "Anxiety, reasonable adjustments,, anxiety"}
    )
    assert response.status_code == 302
    sr.refresh_from_db()
    assert sr.topics == ["anxiety", "reasonable adjustments"]
    page = html(dea_client.get(detail_url(sr)))
    assert 'value="anxiety, reasonable adjustments"' in page


def test_more_than_ten_topics_are_refused(dea_client, sr):
    before = snapshot(sr)
    many = ", ".join(f"topic {n}" for n in range(11))
    response = dea_client.post(step_url(sr, "topics"), {"topics-topics": many})
    assert error_summary(response) == ["Use at most 10 topics"]
    assert snapshot(sr) == before


def test_the_requester_cannot_tag_topics(coach_client, sr):
    response = coach_client.post(step_url(sr, "topics"), {"topics-topics": "anxiety"})
    assert response.status_code == 403
    assert SupportRequest.objects.get(pk=sr.pk).topics == []


def test_a_move_for_cover_shows_on_the_timeline_and_the_covering_dea_can_decide(client, sr):
    leader = StaffFactory(wctl=True)
    managed_by(sr.dea, leader)
    cover = StaffFactory(dea=True, first_name="Cy", last_name="Cover")
    support_requests_cover(
        actor=leader, from_dea_id=sr.dea_id, to_dea_id=cover.pk, note="Annual leave"
    )
    client.force_login(cover)
    response = client.get(detail_url(sr))
    assert "Moved to a covering DEA" in html(response)
    assert "Moved from Dee Adviser to Cy Cover for cover: Annual leave" in html(response)
    assert step_url(sr, "accept") in forms_on(response)
    # The away DEA still reads the request they handled, but no longer decides on it.
    client.force_login(sr.dea)
    response = client.get(detail_url(sr))
    assert response.status_code == 200
    assert step_url(sr, "accept") not in forms_on(response)
    assert client.post(step_url(sr, "accept"), {"channel": "case_conference"}).status_code in (
        403,
        404,
    )
