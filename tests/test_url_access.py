"""Every URL the project serves, opened by every role: each answer must be the one expected.

A new URL fails ``test_every_url_has_an_expectation`` until its row is added to EXPECTED, so no
page or endpoint ships without someone deciding who may open it. The Django admin is left to
Django's own staff check and is not walked here.

Each URL is opened with GET. The people are one connected scenario: a work coach holding a
claimant, in a team led by a team leader who line-manages the DEA whose cohort the coach is in.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import (
    ClaimantFactory,
    CohortFactory,
    SixPointPlanRecordFactory,
    StaffFactory,
    SupportRequestFactory,
    TeamFactory,
    add_member,
    join_team,
    managed_by,
)

ROLES = (
    "anonymous",
    "work_coach",
    "wctl",
    "dea",
    "sdtl",
    "analyst",
    "administrator",
    "superuser",
)
SKIPPED_NAMESPACES = {"admin"}

# Not signed in, a page sends you to sign in (302) and the API refuses (API.md: 401).
SIGN_IN = 302
API_REFUSED = 401


def _all(status, **overrides) -> dict:
    return {role: status for role in ROLES} | overrides


def _page(**statuses) -> dict:
    return statuses | {"anonymous": SIGN_IN}


def _api(**statuses) -> dict:
    return statuses | {"anonymous": API_REFUSED}


CASELOAD_ROLES = _page(
    work_coach=200,
    wctl=200,
    dea=403,
    sdtl=403,
    analyst=403,
    administrator=403,
    superuser=403,
)
CLAIMANT_RECORD = _page(
    work_coach=200,
    wctl=200,
    dea=404,
    sdtl=404,
    analyst=404,
    administrator=404,
    superuser=404,
)
COHORT_VIEW = _page(
    work_coach=404,
    wctl=200,
    dea=200,
    sdtl=404,
    analyst=404,
    administrator=200,
    superuser=200,
)
COHORT_CHANGE = COHORT_VIEW | {"wctl": 403}

EXPECTED: dict[str, dict] = {
    "home": _all(200, anonymous=SIGN_IN),
    "login": _all(302, anonymous=200),
    "logout": _all(405),  # signing out is a POST
    "signed_out": _all(302, anonymous=200),
    "health": _all(200),
    "favicon": _all(200),  # for anyone, signed in or not
    "claimants:caseload": CASELOAD_ROLES,
    "claimants:add": CASELOAD_ROLES,
    "claimants:detail": CLAIMANT_RECORD,
    "claimants:edit": CLAIMANT_RECORD,
    # Six point plans: the holding coach records (the journey's check page, opened cold, goes
    # back to its start); the coach, their team leader and administrators open the record;
    # its confirmation is the recorder's (anyone else is sent to the record).
    "claimants:six_point_plan_new": CLAIMANT_RECORD | {"wctl": 403},
    "claimants:six_point_plan_check": CLAIMANT_RECORD | {"work_coach": 302, "wctl": 403},
    "claimants:six_point_plan": CLAIMANT_RECORD | {"administrator": 200, "superuser": 200},
    "claimants:six_point_plan_recorded": CLAIMANT_RECORD
    | {"wctl": 302, "administrator": 302, "superuser": 302},
    "api-claimant-six-point-plans": _api(**_all(404, work_coach=200, wctl=200))
    | {"administrator": 200, "superuser": 200},
    "api-six-point-plan-review": _api(**_all(405)),  # POST only
    "dea_support:my_cohort": COHORT_VIEW,
    "dea_support:cohort": COHORT_VIEW,
    "dea_support:member_add": COHORT_CHANGE,
    "dea_support:member_end": COHORT_CHANGE,
    "api-token": _all(405),  # POST only, and open to anyone so they can sign in
    "api-me": _api(**_all(200)),
    "api-claimants": _api(
        work_coach=200,
        wctl=200,
        dea=200,
        sdtl=200,
        analyst=403,
        administrator=403,
        superuser=403,
    ),
    "api-claimant": _api(
        work_coach=200,
        wctl=200,
        dea=404,
        sdtl=404,
        analyst=403,
        administrator=403,
        superuser=403,
    ),
    "api-cohorts": _api(**_all(200)),
    "api-cohort-members": _api(**_all(405)),  # POST only
    "api-schema": _api(**_all(200)),
    "api-docs": _page(**_all(200)),
}


# The DEA's work (conferences). The scenario's activity is a three-way between the coach and
# the DEA, consented and booked for the future, so it can be rebooked, cancelled or withdrawn
# but not yet held or given an outcome (those pages send its participants back to it: 302).
# A step a role may not take is 403; an activity or claimant they cannot see is 404.
_OUTSIDERS_404 = {"sdtl": 404, "analyst": 404}
_ACTIVITY_STEP = _page(
    work_coach=200, dea=200, wctl=403, administrator=403, superuser=403, **_OUTSIDERS_404
)
_STEP_NOT_OPEN = _ACTIVITY_STEP | {"work_coach": 302, "dea": 302}
_DEA_STEP_NOT_OPEN = _ACTIVITY_STEP | {"work_coach": 403, "dea": 302}
_ACTIVITY_SEEN = _page(
    work_coach=200, dea=200, wctl=200, administrator=200, superuser=200, **_OUTSIDERS_404
)
_LETTER = _ACTIVITY_SEEN | {"administrator": 404, "superuser": 404}
_DIARY_KEEPERS = _page(
    work_coach=200, dea=200, wctl=200, sdtl=200, analyst=403, administrator=403, superuser=403
)
_NOBODY_HERE = _page(**_all(403))  # partners only, and the scenario has none

EXPECTED |= {
    "conferences:work": _page(**_all(403, work_coach=200, dea=200)),
    "conferences:activity": _ACTIVITY_SEEN,
    "conferences:consent": _STEP_NOT_OPEN,
    "conferences:book": _ACTIVITY_STEP,
    "conferences:hold": _all(405),  # POST only
    "conferences:not_attended": _all(405),
    "conferences:observe": _all(405),
    "conferences:cancel": _ACTIVITY_STEP,
    "conferences:withdraw_consent": _ACTIVITY_STEP,
    "conferences:outcome": _STEP_NOT_OPEN,
    "conferences:information": _DEA_STEP_NOT_OPEN,
    "conferences:holding_response": _DEA_STEP_NOT_OPEN,
    "conferences:activity_calendar": _ACTIVITY_SEEN,
    "conferences:letter": _LETTER,
    "conferences:letter_pdf": _LETTER,
    "conferences:diary": _DIARY_KEEPERS,
    "conferences:diary_of": _DIARY_KEEPERS | {"sdtl": 404},  # the coach's diary
    "conferences:unavailability_add": _DIARY_KEEPERS,
    "conferences:unavailability_remove": _all(405),
    "conferences:calendar_feed_settings": _DIARY_KEEPERS,
    "conferences:calendar_feed": _all(200),  # the token in the address is the key
    "conferences:actions": _NOBODY_HERE,
    "conferences:action_done": _NOBODY_HERE,
    "conferences:csi_approvals": _page(**_all(403, wctl=200)),
    "conferences:csi_approve": _page(**_all(403, wctl=200)),
    "conferences:csi_request": _page(**_all(403, wctl=200, sdtl=200)),
    "conferences:claimant_timeline": CLAIMANT_RECORD,
}

# Group conferences: the cohort's pages are for its DEA, the DEA's team leader and
# administrators (404 for anyone else); compliance for the DEA and the team leader only. The
# scenario's session is booked for the future with the coach invited, so it cannot be
# recorded yet (the DEA is sent back to it: 302). The confirmation of blocking diaries,
# opened cold, goes back to its form (302).
_GROUP_PLANNERS = _page(
    work_coach=404, wctl=200, dea=200, sdtl=404, analyst=404, administrator=200, superuser=200
)
EXPECTED |= {
    "conferences:groups_home": _page(
        **_all(403, wctl=200, dea=302, administrator=200, superuser=200)
    ),
    "conferences:groups": COHORT_VIEW,
    "conferences:groups_block": _GROUP_PLANNERS,
    "conferences:groups_blocked": _GROUP_PLANNERS
    | {role: 302 for role in ("wctl", "dea", "administrator", "superuser")},
    "conferences:group_book": _GROUP_PLANNERS,
    "conferences:compliance": _GROUP_PLANNERS | {"administrator": 403, "superuser": 403},
    "conferences:group": _ACTIVITY_SEEN,
    "conferences:group_hold": _all(405),  # POST only
    "conferences:group_attendees": _ACTIVITY_SEEN | {"work_coach": 403},
    "conferences:group_record": _ACTIVITY_STEP | {"work_coach": 403, "dea": 302},
}

# The filing journey under /requests/new/: only a requester's role files (work coaches, and
# operational colleagues for colleague support); the DEA who gives the support, analysts and
# administrators are refused (403). Its later pages need a journey that the session holds,
# so opened cold they go back to the first page (302); the confirmation is for the person
# who made the request alone.
_NOT_REQUESTERS = {"dea": 403, "analyst": 403, "administrator": 403, "superuser": 403}
_FILING_STEP = _page(**_all(302) | _NOT_REQUESTERS)
EXPECTED |= {
    "support_requests:new": _page(**_all(200) | _NOT_REQUESTERS),
    **{
        f"support_requests:new_{step}": _FILING_STEP
        for step in (
            "claimant",
            "challenges",
            "reason",
            "knowledge_gap",
            "description",
            "job_role",
            "criticality",
            "dea",
            "required_by",
            "check",
        )
    },
    "support_requests:new_confirmation": _page(**_all(404, work_coach=200)),
}

# Support requests through the API. The scenario's request is the coach's to their DEA, so
# the coach, the DEA, the team leader (theirs and the DEA's) and administrators may open it;
# anyone else gets 404. The list answers everyone with what they may see (an analyst: none).
_API_POST_ONLY = _api(**_all(405))
EXPECTED |= {
    "api-support-requests": _api(**_all(200)),
    "api-support-request": _api(**_all(200, sdtl=404, analyst=404)),
    "api-support-request-request-info": _API_POST_ONLY,
    "api-support-request-provide-info": _API_POST_ONLY,
    "api-support-request-accept": _API_POST_ONLY,
    "api-support-request-decline": _API_POST_ONLY,
    "api-support-request-chase": _API_POST_ONLY,
    "api-support-request-withdraw": _API_POST_ONLY,
    "api-support-request-topics": _API_POST_ONLY,  # PUT only: a GET is 405
    "api-support-requests-cover": _API_POST_ONLY,
    "api-covers": _api(**_all(403, wctl=200, dea=200, administrator=200, superuser=200)),
    "api-cover-end": _API_POST_ONLY,
    "api-notifications": _api(**_all(200)),
    "api-group-conferences": _api(**_all(200)),
    "api-notifications-read": _API_POST_ONLY,
}

# Activities, actions, CSI approvals and the timeline through the API. The lists answer
# everyone with what they may see; the scenario's three-way opens like its page (404 for those
# who may not see it), and each step on it is a POST. Approvals are for team leaders only;
# the timeline answers like the claimant's record through the API.
EXPECTED |= {
    "api-activities": _api(**_all(200)),
    "api-activity": _api(**_all(200, sdtl=404, analyst=404)),
    "api-activity-record-consent": _API_POST_ONLY,
    "api-activity-book": _API_POST_ONLY,
    "api-activity-hold": _API_POST_ONLY,
    "api-activity-not-attended": _API_POST_ONLY,
    "api-activity-cancel": _API_POST_ONLY,
    "api-activity-record-outcome": _API_POST_ONLY,
    "api-actions": _api(**_all(200)),
    "api-action-complete": _API_POST_ONLY,
    "api-csi-approvals": _api(**_all(403, wctl=200)),
    "api-claimant-timeline": _api(
        work_coach=200,
        wctl=200,
        dea=404,
        sdtl=404,
        analyst=403,
        administrator=403,
        superuser=403,
    ),
}

# The request pages: the same request, opened by whoever may see it (404 for anyone else).
# Each step on it is a POST; withdrawing asks the requester to confirm first. The inbox is
# for DEAs, their team leaders and administrators; cover for team leaders and administrators.
_REQUEST_STEP = _all(405)  # POST only
EXPECTED |= {
    "support_requests:mine": _page(**_all(200, analyst=403, administrator=403, superuser=403)),
    "support_requests:inbox": _page(
        **_all(403, dea=200, wctl=200, administrator=200, superuser=200)
    ),
    "support_requests:cover": _page(**_all(403, wctl=200, administrator=200, superuser=200)),
    # The scenario's cover is planned for the DEA: their team leader (or an administrator)
    # may see it listed and open the page that cancels it.
    "support_requests:covers": _page(**_all(403, wctl=200, administrator=200, superuser=200)),
    "support_requests:cover_end": _page(**_all(403, wctl=200, administrator=200, superuser=200)),
    "support_requests:detail": _page(**_all(200, sdtl=404, analyst=404)),
    "support_requests:request_info": _REQUEST_STEP,
    "support_requests:provide_info": _REQUEST_STEP,
    "support_requests:accept": _REQUEST_STEP,
    "support_requests:decline": _REQUEST_STEP,
    "support_requests:chase": _REQUEST_STEP,
    "support_requests:close_unanswered": _REQUEST_STEP,
    "support_requests:topics": _REQUEST_STEP,
    "support_requests:withdraw": _page(**_all(403, work_coach=200, sdtl=404, analyst=404)),
    "notifications": _page(**_all(200)),
    "notifications_read": _all(405),  # POST only
    # The coach's own notification leads to its page; it is no one else's to open.
    "notification_open": _page(**_all(404, work_coach=302)),
}

# Reports: aggregates for analysts and administrators only; everyone else 403.
_REPORTS = _all(403, analyst=200, administrator=200, superuser=200)
EXPECTED |= {
    "reports:index": _page(**_REPORTS),
    "reports:headcount": _page(**_REPORTS),
    "reports:headcount_download": _page(**_REPORTS),
    "reports:returns": _page(**_REPORTS),
    "reports:returns_import": _page(**_REPORTS),
    "reports:activity": _page(**_REPORTS),
    "reports:activity_download": _page(**_REPORTS),
    "reports:activity_rows": _page(**_REPORTS),
    "api-reports-headcount": _api(**_REPORTS),
    "api-reports-activity": _api(**_REPORTS),
    "api-reports-activity-rows": _api(**_REPORTS),
}

# QAS: the dashboard is for team leaders and "checks of your work" for DEAs. The scenario's
# check is the team leader's of the DEA's held case conference: the DEA, the leader and
# administrators open it; only the leader changes it; anyone else is told it does not exist.
# The leader's checklist for the booked three-way goes back to the DEA's page (302) until it
# is held; the DEA's own page of checks sends them to "checks of your work" (302).
_QAS_CHECK = _page(
    work_coach=404, wctl=200, dea=200, sdtl=404, analyst=404, administrator=200, superuser=200
)
_QAS_ONLY_LEADER = _page(**_all(404, wctl=302))
EXPECTED |= {
    "qas:dashboard": _page(**_all(403, wctl=200)),
    "qas:my_checks": _page(**_all(403, dea=200)),
    "qas:dea": _QAS_CHECK | {"dea": 302},
    "qas:check_new": _QAS_ONLY_LEADER,
    "qas:observe": _all(405),  # POST only
    "qas:check": _QAS_CHECK,
    "qas:check_edit": _QAS_CHECK | {"dea": 403, "administrator": 403, "superuser": 403},
    "qas:acknowledge": _all(405),  # POST only
    "api-qas-templates": _api(**_all(200)),
    "api-qas-checks": _api(**_all(200)),
    "api-qas-checks-due": _api(**_all(200)),
    "api-qas-check": _api(**_QAS_CHECK),
    "api-qas-check-acknowledge": _API_POST_ONLY,
}

# Strategies: the scenario's is a joint local strategy the DEA proposed, owned by the team
# leader who manages them, not yet agreed. The list is for anyone with casework; the strategy
# for those who may see it (others 404); only its owner agrees; its text and actions wait for
# the agreement, so the DEA and the owner are sent back to the strategy (302).
_STRATEGY = _page(
    work_coach=404, wctl=200, dea=200, sdtl=404, analyst=404, administrator=200, superuser=200
)
_STRATEGY_WAITS = _STRATEGY | {"wctl": 302, "dea": 302, "administrator": 403, "superuser": 403}
EXPECTED |= {
    "partnerships:strategies": _page(**_all(200, analyst=403)),
    "partnerships:strategy_new": _page(**_all(403, dea=200)),
    "partnerships:strategy_check": _page(**_all(403, dea=302)),
    "partnerships:strategy": _STRATEGY,
    "partnerships:strategy_agree": _STRATEGY | {"dea": 403, "administrator": 403, "superuser": 403},
    "partnerships:strategy_edit": _STRATEGY_WAITS,
    "partnerships:action_new": _STRATEGY_WAITS,
    "partnerships:strategy_step": _all(405),  # POST only
    "partnerships:action_done": _all(405),  # POST only
    "api-strategies": _api(**_all(200)),
    "api-strategy": _api(**_STRATEGY),
    "api-strategy-agree": _API_POST_ONLY,
}

# External partners: the scenario's partner is in the DEA's district, which the others' own
# jobcentres are not in. Analysts see no partners (aggregates only): 403.
_PARTNER = _page(**_all(404, dea=200, analyst=403, administrator=200, superuser=200))
EXPECTED |= {
    "partners:partners": _page(**_all(200, analyst=403)),
    "partners:partner": _PARTNER,
    "partners:contact_new": _PARTNER,
    "api-partners": _api(**_all(200, analyst=403)),
    "api-partner-contacts": _API_POST_ONLY,
}


def _walk(patterns, namespace=None, route=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, inner, route + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield namespace, pattern, route + str(pattern.pattern)


def served_urls() -> dict[str, tuple[str, list[str]]]:
    """``{"namespace:name": (route, [its parameters])}`` for every URL outside the admin."""
    urls = {}
    for namespace, pattern, route in _walk(get_resolver().url_patterns):
        if namespace in SKIPPED_NAMESPACES:
            continue
        name = f"{namespace}:{pattern.name}" if namespace else pattern.name
        urls[name or f"(unnamed) {route}"] = (route, list(pattern.pattern.converters))
    return urls


def test_every_url_has_an_expectation():
    served = served_urls()
    missing = sorted(set(served) - set(EXPECTED))
    assert not missing, f"URLs with no expected status per role: {missing}"
    stale = sorted(set(EXPECTED) - set(served))
    assert not stale, f"Expectations for URLs that no longer exist: {stale}"
    for name, statuses in EXPECTED.items():
        assert set(statuses) == set(ROLES), f"{name} must say what every role gets"


def _work_arguments(coach, dea, claimant) -> dict:
    """A booked three-way, time the coach blocked out, a partner's action, a calendar token."""
    from conferences.models import Action
    from conferences.services import (
        activity_book,
        activity_record_consent,
        calendar_feed_token_reset,
        group_conference_create,
        unavailability_add,
    )
    from jomcase.models import Role
    from tests.conferences.page_helpers import ALL_STATEMENTS, slot
    from tests.factories import an_activity

    activity = an_activity("three_way", claimant=claimant, dea=dea, work_coach=coach)
    activity_record_consent(activity_id=activity.pk, actor=coach, given=True, **ALL_STATEMENTS)
    start, end = slot(3, 10)
    activity_book(
        activity_id=activity.pk, actor=coach, start=start, end=end, channel="face_to_face"
    )
    start, end = slot(3, 14)
    entry = unavailability_add(actor=coach, start=start, end=end, title="Training")
    action = Action.objects.create(
        kind="work_psychologist",
        assignee=StaffFactory(roles=[Role.WORK_PSYCHOLOGIST]),
        claimant=claimant,
        origin_activity=activity,
        due=start.date(),
    )
    start, end = slot(4, 10)
    session = group_conference_create(
        actor=dea, dea_id=dea.pk, start=start, end=end, attendee_ids=[coach.pk]
    ).activity
    return {
        "activity_id": activity.pk,
        "session_id": session.pk,
        "entry_id": entry.pk,
        "action_id": action.pk,
        "staff_id": coach.pk,
        "token": calendar_feed_token_reset(actor=coach).token,
    }


def _qas_arguments(coach, dea, leader) -> dict:
    """A QAS 2 check by the DEA's team leader of a case conference held yesterday."""
    import datetime as dt

    from django.utils import timezone

    from tests.qas.builders import a_check, work_at

    held = work_at(dea, timezone.now() - dt.timedelta(days=1), coach=coach)
    return {"check_id": a_check(leader, held).pk, "dea_id": dea.pk}


def _planned_cover(dea, leader) -> int:
    """Cover for the DEA by a colleague, a month ahead, so nothing has moved yet."""
    import datetime as dt

    from conferences.services import support_requests_cover
    from tests.factories import today

    cover, _ = support_requests_cover(
        actor=leader,
        from_dea_id=dea.pk,
        to_dea_id=StaffFactory(dea=True).pk,
        start=today() + dt.timedelta(days=30),
        end=today() + dt.timedelta(days=40),
    )
    return cover.pk


def _notification_for(coach) -> int:
    from jomcase.services import notification_send

    return notification_send(
        recipient=coach, key="url-access", kind="test", title="A notice", link="/requests/"
    ).pk


def _partner_in_district_of(dea) -> int:
    """A partner in the DEA's district's directory."""
    from partnerships.services import partner_create

    return partner_create(actor=dea, name="Meddygfa Tŷ Gwyn", kind="gp_surgery").pk


def _strategy_arguments(dea) -> dict:
    """A joint local strategy the DEA proposed, waiting for its owner's agreement."""
    from partnerships.services import strategy_create

    strategy = strategy_create(
        actor=dea,
        kind="joint_local",
        title="Strategaeth leol ar y cyd",
        summary="Claimants with complex conditions need one plan across services.",
        areas=["condition_management"],
    )
    return {"strategy_id": strategy.pk, "step": "close"}


@pytest.fixture
def scenario(db) -> dict:
    coach = StaffFactory(work_coach=True)
    team = TeamFactory()
    join_team(coach, team)
    dea = StaffFactory(dea=True)
    managed_by(dea, team.leader)
    cohort = CohortFactory(dea=dea)
    membership = add_member(cohort, coach)
    claimant = ClaimantFactory(work_coach=coach)
    people = {
        "anonymous": None,
        "work_coach": coach,
        "wctl": team.leader,
        "dea": dea,
        "sdtl": StaffFactory(sdtl=True),
        "analyst": StaffFactory(analyst=True),
        "administrator": StaffFactory(administrator=True),
        "superuser": StaffFactory(is_superuser=True, is_staff=True),
    }
    arguments = {
        "claimant_id": claimant.pk,
        "cohort_id": cohort.pk,
        "membership_id": membership.pk,
        **_work_arguments(coach, dea, claimant),
        **_qas_arguments(coach, dea, team.leader),
        # Skill support: a request about the claimant would show them to the DEA.
        "request_id": SupportRequestFactory(requester=coach, dea=dea, skill=True).pk,
        "cover_id": _planned_cover(dea, team.leader),
        "record_id": SixPointPlanRecordFactory(claimant=claimant).pk,
        "notification_id": _notification_for(coach),
        **_strategy_arguments(dea),
        "partner_id": _partner_in_district_of(dea),
        "journey": "not-in-the-session",
    }
    arguments.setdefault("pk", arguments["request_id"])  # the request pages call it pk
    return {"people": people, "arguments": arguments}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_role_gets_the_expected_answer(name, scenario):
    served = served_urls()
    if name not in served:
        pytest.fail(f"{name} is expected but not served")
    _, parameters = served[name]
    url = reverse(name, kwargs={p: scenario["arguments"][p] for p in parameters})
    answers, wrong = {}, {}
    for role in ROLES:
        client = Client()
        person = scenario["people"][role]
        if person is not None:
            client.force_login(person)
        response = client.get(url)
        expected = EXPECTED[name][role]
        allowed = expected if isinstance(expected, tuple) else (expected,)
        answers[role] = response.status_code
        if response.status_code not in allowed:
            wrong[role] = f"got {response.status_code}, expected {expected}"
        elif role == "anonymous" and response.status_code == SIGN_IN:
            # A page someone must sign in for sends them to sign in and back again.
            assert response.url == f"{reverse('login')}?next={url}", name
    assert not wrong, f"{url}: {wrong}"
