"""The strategy pages: the DEA's and team leader's lists (empty, paginated, queries pinned),
proposing one with a check of the answers, the strategy with its partners, links, actions and
history, and the owner's agreement."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from conferences.services import activity_book
from jomcase.models import Notification
from partnerships.models import Strategy, StrategyAction
from partnerships.services import strategy_agree, strategy_text_change
from tests.conferences.page_helpers import error_summary, held, html, slot, text
from tests.factories import StaffFactory, StrategyFactory, an_activity, working_day
from tests.partnerships.builders import a_strategy

pytestmark = pytest.mark.django_db

LIST = reverse("partnerships:strategies")
NEW = reverse("partnerships:strategy_new")
CHECK = reverse("partnerships:strategy_check")


def _links(response) -> list[str]:
    return re.findall(r'href="/strategies/(\d+)/"', html(response))


def test_an_empty_list_says_so_and_offers_a_dea_to_propose(client, people):
    client.force_login(people.dea)
    page = text(client.get(LIST))
    assert "There are no strategies for you yet" in page and "Propose a strategy" in page
    client.force_login(people.leader)
    page = text(client.get(LIST))
    assert "There are no strategies for you yet" in page and "Propose a strategy" not in page
    client.force_login(StaffFactory(analyst=True))
    assert client.get(LIST).status_code == 403


@pytest.mark.parametrize("rows", [25, 200])
def test_the_lists_run_the_same_queries_whatever_their_length(
    client, people, rows, django_assert_num_queries
):
    StrategyFactory.create_batch(rows, dea=people.dea, owner=people.leader)
    # session, user and roles, count, page with its people (a team leader's DEAs are a
    # subquery of the page's)
    for person in (people.dea, people.leader):
        client.force_login(person)
        with django_assert_num_queries(4):
            response = client.get(LIST)
        assert len(_links(response)) == 25
        assert f"{rows} strategies" in text(response)
    last = client.get(LIST, {"page": rows // 25})
    assert len(_links(last)) == 25 and "Next" not in text(last)


def test_the_list_filters_by_state(client, people):
    agreed = a_strategy(people.dea, kind="joint_local", title="Cynllun ar y cyd")
    strategy_agree(actor=people.leader, strategy_id=agreed.pk)
    a_strategy(people.dea, title="Strategaeth arall")
    client.force_login(people.leader)
    assert _links(client.get(LIST, {"state": "agreed"})) == [str(agreed.pk)]
    assert "No strategies are in this state" in text(client.get(LIST, {"state": "closed"}))


def test_a_dea_proposes_a_strategy_checking_the_answers(client, people):
    people.psychologist.jobcentre = people.dea.jobcentre
    people.psychologist.save(update_fields=["jobcentre"])
    conference = an_activity("case_conference", dea=people.dea)
    start, end = slot(-2, 10)
    activity_book(
        activity_id=conference.pk, actor=people.dea, start=start, end=end, channel="video"
    )
    held(conference)
    client.force_login(people.dea)
    form = text(client.get(NEW))
    assert "Thị Mai Nguyễn, work psychologist" in form and "Case conference on" in form

    refused = client.post(NEW, {"kind": "joint_local", "title": ""})
    assert error_summary(refused) == [
        "Enter a title for the strategy",
        "Say why the strategy is needed and what it will do",
        "Select at least one area the strategy covers",
    ]
    answers = {
        "kind": "joint_local",
        "title": "Cynllun ar y cyd i hawlwyr â phoen cronig",
        "summary": "Claimants with chronic pain need the GP, the charity and us together.",
        "areas": ["condition_management", "employment"],
        "internal_partners": [people.psychologist.pk],
        "external_partners": "Meddygfa Glan-y-Môr\nFundacja Zdrowie",
        "activities": [conference.pk],
    }
    assert client.post(NEW, answers).url == CHECK
    check = text(client.get(CHECK))
    assert "Joint local strategy" in check and "Condition management Employment" in check
    assert "Meddygfa Glan-y-Môr Fundacja Zdrowie" in check
    assert "Agnieszka Wiśniewska, your team leader, will own the strategy" in check
    assert "goes ahead once they agree to it" in check
    assert not Strategy.objects.exists()
    # Back to change an answer: the form keeps them.
    assert "Cynllun ar y cyd i hawlwyr" in html(client.get(NEW))

    done = client.post(CHECK)
    strategy = Strategy.objects.get()
    assert done.url == reverse("partnerships:strategy", args=[strategy.pk])
    assert strategy.owner == people.leader and strategy.areas == answers["areas"]
    assert list(strategy.activities.all()) == [conference]
    assert strategy.external_partners == ["Meddygfa Glan-y-Môr", "Fundacja Zdrowie"]
    page = text(client.get(done.url))
    assert "Strategy proposed to Agnieszka Wiśniewska" in page
    assert "goes ahead once Agnieszka Wiśniewska, its owner, agrees to it" in page
    assert "Add an action" not in page and "Change the strategy" not in page
    assert client.get(CHECK).url == NEW  # the answers are gone once recorded


def test_only_a_dea_opens_the_proposal_pages(client, people):
    client.force_login(people.leader)
    assert client.get(NEW).status_code == 403
    assert client.post(CHECK).status_code == 403


def test_the_owner_agrees_after_a_confirmation(client, people):
    strategy = a_strategy(people.dea, kind="joint_local")
    page_url = reverse("partnerships:strategy", args=[strategy.pk])
    agree_url = reverse("partnerships:strategy_agree", args=[strategy.pk])
    client.force_login(people.dea)
    assert f'href="{agree_url}"' not in html(client.get(page_url))
    assert client.get(agree_url).status_code == 403

    client.force_login(people.leader)
    assert f'href="{agree_url}"' in html(client.get(page_url))
    question = text(client.get(agree_url))
    assert "Agree “Cymorth i hawlwyr â gorbryder”" in question
    assert "Siân ap Gruffudd is told" in question
    response = client.post(agree_url, follow=True)
    page = text(response)
    assert "You agreed the strategy. Siân ap Gruffudd has been told" in page
    assert "Agreed" in page and "Agnieszka Wiśniewska agreed it" in page
    strategy.refresh_from_db()
    assert strategy.state == "agreed"
    assert Notification.objects.filter(recipient=people.dea, kind="strategy").count() == 1
    # Agreeing again goes back to the strategy, changing nothing.
    again = client.post(agree_url, follow=True)
    assert "already been agreed" in text(again)

    client.force_login(StaffFactory(wctl=True))
    assert client.get(agree_url).status_code == 404


def test_the_strategy_page_shows_partners_links_actions_and_history(client, people):
    conference = an_activity("group_conference", dea=people.dea)
    strategy = a_strategy(
        people.dea,
        kind="employer_engagement",
        internal_partner_ids=[people.employer_adviser.pk],
        external_partners=["Cymdeithas Tai Eryri"],
        activity_ids=[conference.pk],
    )
    strategy_text_change(
        actor=people.leader,
        strategy_id=strategy.pk,
        title="Swyddi i hawlwyr â gorbryder",
        summary="Employers in Bangor who offer quiet workplaces.",
    )
    url = reverse("partnerships:strategy", args=[strategy.pk])
    client.force_login(people.dea)
    response = client.post(
        reverse("partnerships:action_new", args=[strategy.pk]),
        {
            "team": "employer_engagement",
            "description": "Ask three employers about work trials",
            "owner": people.employer_adviser.pk,
            "due-day": working_day(10).day,
            "due-month": working_day(10).month,
            "due-year": working_day(10).year,
        },
    )
    assert response.status_code == 302, error_summary(response)
    assert response.url == url
    page = text(client.get(url))
    assert "Dafydd Llywelyn" in page and "Cymdeithas Tai Eryri" in page
    assert "Group work coach conference" in page
    assert "Ask three employers about work trials Employer Engagement Dafydd Llywelyn" in page
    assert "Mark as done" in page
    assert "Agnieszka Wiśniewska changed the title and the text" in page
    assert "Siân ap Gruffudd proposed it" in page
    assert "Cymorth i hawlwyr â gorbryder" in page  # the first version's text stays

    action = StrategyAction.objects.get()
    client.force_login(people.employer_adviser)
    page = text(client.get(url))
    assert "Change the strategy" not in page and "Mark as done" in page
    client.post(reverse("partnerships:action_done", args=[action.pk]))
    action.refresh_from_db()
    assert action.is_done
    assert "Mark as done" not in text(client.get(url))

    client.force_login(people.dea)
    client.post(reverse("partnerships:strategy_step", args=[strategy.pk, "activate"]))
    assert "Siân ap Gruffudd started the work" in text(client.get(url))


def test_an_action_form_shows_its_errors(client, people):
    strategy = a_strategy(people.dea)
    client.force_login(people.dea)
    response = client.post(
        reverse("partnerships:action_new", args=[strategy.pk]),
        {"team": "external_partner", "description": "Talk to the surgery"},
    )
    assert error_summary(response) == ["Select who owns the action", "Enter the due date"]
    assert not StrategyAction.objects.exists()


def test_a_stranger_is_told_the_strategy_does_not_exist(client, people):
    strategy = a_strategy(people.dea)
    client.force_login(StaffFactory(work_coach=True))
    assert client.get(reverse("partnerships:strategy", args=[strategy.pk])).status_code == 404


def test_the_home_page_leads_each_person_to_their_strategies(client, people):
    strategy = a_strategy(people.dea, kind="joint_local")
    client.force_login(people.leader)
    page = text(client.get(reverse("home")))
    assert "1 strategy is waiting for you to agree" in page
    assert f'href="{LIST}"' in html(client.get(reverse("home")))
    strategy_agree(actor=people.leader, strategy_id=strategy.pk)
    assert "Nothing about strategies is waiting for you" in text(client.get(reverse("home")))
    client.force_login(people.dea)
    assert "You lead 1 strategy that is not closed" in text(client.get(reverse("home")))
    client.force_login(StaffFactory(work_coach=True))
    assert "Strategies" not in text(client.get(reverse("home")))
