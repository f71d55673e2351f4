"""Cover with dates (DESIGN.md s4): a cover arranged ahead starts on its first day and gives the
requests still open back on the day after its last, by the scheduled rule "Cover dates"; the
team leader may end it early or cancel it; the people are told once per move.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from conferences.services import covers_run, support_requests_cover
from conferences.tasks import cover_dates as cover_dates_task
from dea_support.models import (
    Cover,
    CoveredRequest,
    CoverState,
    RequestState,
    SupportRequest,
    SupportRequestEvent,
)
from dea_support.services import support_request_decline
from jomcase.models import Notification
from tests.conftest import api_as
from tests.dea_support.request_page_helpers import (
    COVER,
    COVERS,
    banner,
    cover_dates,
    detail_url,
    error_summary,
    html,
    text,
)
from tests.factories import (
    ClaimantFactory,
    CohortFactory,
    StaffFactory,
    SupportRequestFactory,
    add_member,
    managed_by,
)

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
FIRST = dt.date(2026, 12, 1)
LAST = dt.date(2026, 12, 14)
COVERS_API = reverse("api-covers")


def on(time_machine, day: dt.date, hour: int = 7) -> None:
    """Move the clock to ``day`` in London (the beat schedule's early morning run)."""
    time_machine.move_to(dt.datetime(day.year, day.month, day.day, hour, tzinfo=LONDON), tick=False)


@pytest.fixture
def scene(time_machine):
    """Late November: Siân is going on leave; her team leader, Aoife, arranges cover by
    Bartosz for 1 to 14 December. Two coaches of Siân's cohort have requests open with her."""
    on(time_machine, dt.date(2026, 11, 25), hour=10)
    leader = StaffFactory(wctl=True, first_name="Aoife", last_name="Ó Briain")
    away = StaffFactory(dea=True, first_name="Siân", last_name="Prydderch")
    covering = StaffFactory(dea=True, first_name="Bartosz", last_name="Wiśniewski")
    managed_by(away, leader)
    cohort = CohortFactory(dea=away)
    lan = StaffFactory(work_coach=True, first_name="Lan", last_name="Nguyễn")
    rhys = StaffFactory(work_coach=True, first_name="Rhys", last_name="ap Dafydd")
    for coach in (lan, rhys):
        add_member(cohort, coach)
    submitted = SupportRequestFactory(dea=away, requester=lan, required_by=dt.date(2026, 12, 3))
    waiting = SupportRequestFactory(
        dea=away, requester=rhys, info_requested=True, required_by=dt.date(2026, 12, 4)
    )
    accepted = SupportRequestFactory(
        dea=away, requester=lan, accepted=True, required_by=dt.date(2026, 12, 2)
    )
    closed = SupportRequestFactory(dea=away, requester=rhys, declined=True)
    cover, moved_now = support_requests_cover(
        actor=leader, from_dea_id=away.pk, to_dea_id=covering.pk, start=FIRST, end=LAST
    )
    assert moved_now == []
    return {
        "leader": leader,
        "away": away,
        "covering": covering,
        "lan": lan,
        "rhys": rhys,
        "submitted": submitted,
        "waiting": waiting,
        "accepted": accepted,
        "closed": closed,
        "cover": cover,
    }


def deas(*requests) -> list[int]:
    return [SupportRequest.objects.get(pk=sr.pk).dea_id for sr in requests]


def cover_notes(person) -> list[Notification]:
    return list(
        Notification.objects.filter(
            recipient=person, kind__startswith="support_request_cover"
        ).order_by("id")
    )


def listed(note: Notification) -> list[str]:
    return re.findall(r"DSR-\d{6}", note.body)


def file_through_api(coach, *, required_by: dt.date) -> SupportRequest:
    claimant = ClaimantFactory(work_coach=coach, forenames="Dafydd", surname="Łukasiewicz")
    response = api_as(coach).post(
        reverse("api-support-requests"),
        {
            "kind": "claimant_support",
            "claimant": claimant.pk,
            "challenges": "Finds crowded offices overwhelming.",
            "reason": "Advice on adjustments before a work trial.",
            "required_by": required_by.isoformat(),
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    return SupportRequest.objects.get(pk=response.json()["id"])


def test_a_planned_cover_moves_nothing_before_its_first_day(scene, time_machine):
    on(time_machine, dt.date(2026, 11, 30))
    assert covers_run() == {"looked_at": 0, "started": 0, "moved": 0, "ended": 0, "returned": 0}
    away = scene["away"].pk
    assert deas(scene["submitted"], scene["waiting"], scene["accepted"]) == [away, away, away]
    assert scene["cover"].state == CoverState.PLANNED
    assert not Notification.objects.filter(kind__startswith="support_request_cover").exists()


def test_cover_from_the_first_to_the_last_day_moves_the_requests_and_gives_them_back(
    scene, time_machine
):
    away, covering = scene["away"], scene["covering"]
    lan, rhys = scene["lan"], scene["rhys"]
    submitted, waiting, accepted, closed = (
        scene["submitted"],
        scene["waiting"],
        scene["accepted"],
        scene["closed"],
    )

    # 1 December: the scheduled rule starts the cover and the open requests move.
    on(time_machine, FIRST)
    summary = cover_dates_task.delay().get()
    assert summary == {"looked_at": 1, "started": 1, "moved": 3, "ended": 0, "returned": 0}
    assert deas(submitted, waiting, accepted, closed) == [
        covering.pk,
        covering.pk,
        covering.pk,
        away.pk,
    ]
    assert Cover.objects.get(pk=scene["cover"].pk).state == CoverState.RUNNING
    for sr in (submitted, waiting, accepted):
        assert SupportRequestEvent.objects.filter(support_request=sr, action="cover").count() == 1

    (to_covering,) = cover_notes(covering)
    assert to_covering.title == "3 requests moved to you for cover from Siân Prydderch"
    assert listed(to_covering) == [accepted.reference, submitted.reference, waiting.reference]
    (to_away,) = cover_notes(away)
    assert to_away.title == (
        "3 requests moved to Bartosz Wiśniewski to cover your leave until 14 December 2026"
    )
    assert listed(to_away) == [accepted.reference, submitted.reference, waiting.reference]
    (to_lan,) = cover_notes(lan)
    assert to_lan.title == "2 requests of yours moved to Bartosz Wiśniewski"
    assert listed(to_lan) == [accepted.reference, submitted.reference]
    (to_rhys,) = cover_notes(rhys)
    assert to_rhys.title == "1 request of yours moved to Bartosz Wiśniewski"
    assert listed(to_rhys) == [waiting.reference]

    # Running again the same day (a retry, a second beat) moves and sends nothing more.
    assert covers_run()["moved"] == 0
    assert Notification.objects.filter(kind__startswith="support_request_cover").count() == 4
    assert SupportRequestEvent.objects.filter(action="cover").count() == 3

    # 5 December: Lan files a new request; it goes to the covering DEA, under the cover.
    on(time_machine, dt.date(2026, 12, 5), hour=11)
    new = file_through_api(lan, required_by=dt.date(2026, 12, 10))
    assert new.dea_id == covering.pk
    assert CoveredRequest.objects.filter(cover=scene["cover"], support_request=new).exists()

    # 8 December: the covering DEA declines one; a closed request stays where it is.
    on(time_machine, dt.date(2026, 12, 8), hour=11)
    support_request_decline(
        request_id=submitted.pk, actor=covering, reason="outside_remit", note="A WP can help."
    )
    assert covers_run()["returned"] == 0  # the last day has not passed

    # 15 December: the still-open ones, the new one too, go back to Siân.
    on(time_machine, LAST + dt.timedelta(days=1))
    summary = cover_dates_task.delay().get()
    assert summary == {"looked_at": 1, "started": 0, "moved": 0, "ended": 1, "returned": 3}
    assert deas(submitted, waiting, accepted, new, closed) == [
        covering.pk,
        away.pk,
        away.pk,
        away.pk,
        away.pk,
    ]
    assert SupportRequest.objects.get(pk=submitted.pk).state == RequestState.DECLINED
    assert Cover.objects.get(pk=scene["cover"].pk).state == CoverState.ENDED
    returned_events = SupportRequestEvent.objects.filter(action="cover_return")
    assert sorted(returned_events.values_list("support_request_id", flat=True)) == sorted(
        [waiting.pk, accepted.pk, new.pk]
    )
    assert set(returned_events.values_list("message", flat=True)) == {
        "Back with Siân Prydderch after cover by Bartosz Wiśniewski, "
        "which ended on 14 December 2026"
    }

    back_to_covering = cover_notes(covering)[1:]
    back_to_away = cover_notes(away)[1:]
    back_to_lan = cover_notes(lan)[1:]
    back_to_rhys = cover_notes(rhys)[1:]
    assert [n.title for n in back_to_covering] == [
        "3 requests went back to Siân Prydderch as your cover ended"
    ]
    assert [n.title for n in back_to_away] == [
        "3 requests back with you after cover by Bartosz Wiśniewski"
    ]
    assert sorted(listed(back_to_away[0])) == sorted(
        [waiting.reference, accepted.reference, new.reference]
    )
    assert sorted(listed(back_to_covering[0])) == sorted(listed(back_to_away[0]))
    assert [n.title for n in back_to_lan] == ["2 requests of yours back with Siân Prydderch"]
    assert sorted(listed(back_to_lan[0])) == sorted([accepted.reference, new.reference])
    assert [n.title for n in back_to_rhys] == ["1 request of yours back with Siân Prydderch"]
    assert listed(back_to_rhys[0]) == [waiting.reference]

    # Running again that day, or the next, changes nothing and tells nobody again.
    before = Notification.objects.filter(kind__startswith="support_request_cover").count()
    assert covers_run()["returned"] == 0
    on(time_machine, LAST + dt.timedelta(days=2))
    assert covers_run() == {"looked_at": 0, "started": 0, "moved": 0, "ended": 0, "returned": 0}
    assert Notification.objects.filter(kind__startswith="support_request_cover").count() == before
    assert SupportRequestEvent.objects.filter(action="cover_return").count() == 3


def test_after_cover_a_request_filed_by_the_cohort_goes_to_the_away_dea_again(scene, time_machine):
    on(time_machine, FIRST)
    covers_run()
    on(time_machine, LAST + dt.timedelta(days=1))
    covers_run()
    on(time_machine, dt.date(2026, 12, 16), hour=11)
    later = file_through_api(scene["rhys"], required_by=dt.date(2026, 12, 18))
    assert later.dea_id == scene["away"].pk
    assert not CoveredRequest.objects.filter(support_request=later).exists()


def test_the_away_dea_reads_the_requests_they_handled_but_cannot_decide_on_them(
    client, scene, time_machine
):
    on(time_machine, FIRST)
    covers_run()
    away, submitted = scene["away"], scene["submitted"]
    client.force_login(away)
    page = client.get(detail_url(submitted))
    assert page.status_code == 200
    assert submitted.reference in text(html(page))
    assert 'action="' + reverse("support_requests:decline", args=[submitted.pk]) not in html(page)
    assert 'action="' + reverse("support_requests:accept", args=[submitted.pk]) not in html(page)

    api = api_as(away)
    assert api.get(reverse("api-support-request", args=[submitted.pk])).status_code == 200
    refused = api.post(
        reverse("api-support-request-decline", args=[submitted.pk]),
        {"reason": "outside_remit", "note": "Not mine now."},
        format="json",
    )
    assert refused.status_code == 403
    posted = client.post(
        reverse("support_requests:decline", args=[submitted.pk]),
        {"decline-reason": "outside_remit", "decline-note": "Not mine now."},
    )
    assert posted.status_code == 403
    sr = SupportRequest.objects.get(pk=submitted.pk)
    assert (sr.state, sr.dea_id) == (RequestState.SUBMITTED, scene["covering"].pk)


def test_the_team_leader_ends_a_running_cover_early_and_the_requests_go_back(
    client, scene, time_machine
):
    on(time_machine, FIRST)
    covers_run()
    on(time_machine, dt.date(2026, 12, 9), hour=14)
    leader, away, covering = scene["leader"], scene["away"], scene["covering"]
    client.force_login(leader)
    end_url = reverse("support_requests:cover_end", args=[scene["cover"].pk])
    confirm = client.get(end_url)
    for sr in (scene["submitted"], scene["waiting"], scene["accepted"]):
        assert sr.reference in html(confirm)
    response = client.post(end_url)
    assert response.status_code == 302
    assert banner(client.get(response.url)) == (
        "The cover for Siân Prydderch has ended: 3 requests went back to Siân Prydderch"
    )
    assert deas(scene["submitted"], scene["waiting"], scene["accepted"]) == [away.pk] * 3
    cover = Cover.objects.get(pk=scene["cover"].pk)
    assert (cover.state, cover.ended_by) == (CoverState.ENDED, leader)
    event = SupportRequestEvent.objects.filter(action="cover_return").first()
    assert event.message == (
        "Back with Siân Prydderch after cover by Bartosz Wiśniewski, ended early by Aoife Ó Briain"
    )
    for person in (away, covering, scene["lan"], scene["rhys"]):
        assert len(cover_notes(person)) == 2  # told of the move and of the return, once each

    # The end date's run later finds nothing to do; ending again is refused.
    on(time_machine, LAST + dt.timedelta(days=1))
    assert covers_run()["returned"] == 0
    again = api_as(leader).post(reverse("api-cover-end", args=[cover.pk]))
    assert again.status_code == 409
    assert Notification.objects.filter(kind__startswith="support_request_cover").count() == 8


def test_cancelling_a_planned_cover_moves_nothing_then_or_on_its_first_day(
    client, scene, time_machine
):
    leader, away = scene["leader"], scene["away"]
    client.force_login(leader)
    response = client.post(reverse("support_requests:cover_end", args=[scene["cover"].pk]))
    assert response.status_code == 302
    assert banner(client.get(response.url)) == "The cover for Siân Prydderch is cancelled"
    assert Cover.objects.get(pk=scene["cover"].pk).state == CoverState.CANCELLED

    on(time_machine, FIRST)
    assert covers_run()["moved"] == 0
    on(time_machine, LAST + dt.timedelta(days=1))
    assert covers_run()["returned"] == 0
    assert deas(scene["submitted"], scene["waiting"], scene["accepted"]) == [away.pk] * 3
    assert not CoveredRequest.objects.exists()
    assert not Notification.objects.filter(kind__startswith="support_request_cover").exists()


def test_cancelling_through_the_api_moves_nothing(scene):
    response = api_as(scene["leader"]).post(reverse("api-cover-end", args=[scene["cover"].pk]))
    assert response.status_code == 200
    assert response.json()["cover"]["state"] == "cancelled"
    assert response.json()["returned"] == []
    assert not CoveredRequest.objects.exists()


# Refusals ------------------------------------------------------------------------------------


def arrange_page(client, scene, start: dt.date, end: dt.date, to_dea=None):
    client.force_login(scene["leader"])
    return client.post(
        f"{COVER}?dea={scene['away'].pk}",
        {
            "requests": [scene[n].pk for n in ("submitted", "waiting", "accepted")],
            "to_dea": (to_dea or scene["covering"]).pk,
            **cover_dates(start, end),
        },
    )


def test_a_cover_overlapping_the_away_deas_cover_is_refused(client, scene):
    other = StaffFactory(dea=True, first_name="Thảo", last_name="Trần")
    response = arrange_page(client, scene, dt.date(2026, 12, 10), dt.date(2026, 12, 20), other)
    assert response.status_code == 200
    assert error_summary(response) == [
        "Siân Prydderch already has cover by Bartosz Wiśniewski from 1 December 2026 to "
        "14 December 2026. Choose dates outside it, or end that cover first"
    ]
    api = api_as(scene["leader"]).post(
        reverse("api-support-requests-cover"),
        {
            "from_dea": scene["away"].pk,
            "to_dea": other.pk,
            "start": "2026-12-14",
            "end": "2027-01-08",
        },
        format="json",
    )
    assert api.status_code == 400
    assert "already has cover by Bartosz Wiśniewski" in str(api.json())
    assert Cover.objects.count() == 1


def test_a_dea_away_themselves_cannot_cover(client, scene):
    """Bartosz covers Siân in December; Siân cannot cover someone else then, and someone
    away cannot be chosen to cover."""
    manager = scene["leader"]
    third = StaffFactory(dea=True, first_name="Gwenllian", last_name="Hughes")
    managed_by(third, manager)
    client.force_login(manager)
    response = client.post(
        f"{COVER}?dea={third.pk}",
        {"to_dea": scene["away"].pk, **cover_dates(dt.date(2026, 12, 7), dt.date(2026, 12, 11))},
    )
    assert error_summary(response) == [
        "Siân Prydderch is away themselves from 1 December 2026 to 14 December 2026, so "
        "cannot cover. Choose another DEA"
    ]
    assert Cover.objects.count() == 1


def test_a_cover_longer_than_six_months_is_refused(client, scene):
    other = StaffFactory(dea=True, first_name="Mai", last_name="Phạm")
    start = dt.date(2027, 1, 4)
    response = arrange_page(client, scene, start, dt.date(2027, 7, 4), other)
    assert error_summary(response) == [
        "Cover can last up to 6 months: the last day must be 3 July 2027 or earlier"
    ]
    api = api_as(scene["leader"]).post(
        reverse("api-support-requests-cover"),
        {
            "from_dea": scene["away"].pk,
            "to_dea": other.pk,
            "start": "2027-01-04",
            "end": "2027-07-04",
        },
        format="json",
    )
    assert api.status_code == 400
    assert "Cover can last up to 6 months" in str(api.json())
    assert Cover.objects.count() == 1
    # Six months less a day will do.
    accepted = arrange_page(client, scene, start, dt.date(2027, 7, 3), other)
    assert error_summary(accepted) == []
    assert "Arrange cover by Mai Phạm from 4 January 2027?" in text(html(accepted))


def test_choosing_no_dea_on_the_first_cover_page_is_an_error(client, scene):
    client.force_login(scene["leader"])
    response = client.get(COVER, {"choose": "1"})
    assert response.status_code == 200
    assert error_summary(response) == ["Choose the DEA whose requests need cover"]
    assert 'class="govuk-radios__input' in html(response)
    assert "govuk-error-message" in html(response)


# Lists pin their queries -----------------------------------------------------------------------


def many_covers(scene, how_many: int) -> None:
    """``how_many`` covers in all for the leader's DEAs, each with requests moved."""
    leader = scene["leader"]
    for n in range(how_many - 1):
        dea = StaffFactory(dea=True, first_name="Ewa", last_name=f"Kowalczyk {n}")
        managed_by(dea, leader)
        SupportRequestFactory.create_batch(2, dea=dea)
        support_requests_cover(
            actor=leader, from_dea_id=dea.pk, to_dea_id=scene["covering"].pk, end=FIRST
        )


@pytest.mark.parametrize("how_many", [1, 12])
def test_the_covers_page_costs_the_same_queries_for_one_cover_or_many(
    client, scene, how_many, django_assert_num_queries
):
    many_covers(scene, how_many)
    client.force_login(scene["leader"])
    with django_assert_num_queries(5):  # session, user, covers count, covers, moved requests
        response = client.get(COVERS)
    assert response.status_code == 200
    assert html(response).count('class="govuk-summary-card"') == how_many


@pytest.mark.parametrize("how_many", [1, 12])
def test_the_covers_api_costs_the_same_queries_for_one_cover_or_many(
    scene, how_many, django_assert_num_queries
):
    many_covers(scene, how_many)
    api = api_as(scene["leader"])
    with django_assert_num_queries(3):  # covers count, covers with people, moved requests
        response = api.get(COVERS_API)
    assert response.status_code == 200
    body = response.json()
    results = body["results"] if isinstance(body, dict) else body
    assert len(results) == how_many


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        (
            "2026-11-24",
            "2026-12-04",
            "start",
            "The first day of the cover must be today or in the future",
        ),
        (
            "2026-12-10",
            "2026-12-09",
            "end",
            "The last day of the cover must be the same as or after the first day",
        ),
    ],
)
def test_a_cover_starting_in_the_past_or_ending_before_it_starts_is_refused(
    scene, start, end, field, message
):
    other = StaffFactory(dea=True, first_name="Wiktor", last_name="Dąbrowski")
    third = StaffFactory(dea=True, first_name="Ffion", last_name="Bowen")
    managed_by(third, scene["leader"])
    response = api_as(scene["leader"]).post(
        reverse("api-support-requests-cover"),
        {"from_dea": third.pk, "to_dea": other.pk, "start": start, "end": end},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {field: [message]}
    assert Cover.objects.count() == 1
