"""Each figure of the DEA activity and compliance report on a small dataset built by hand.

National totals are never withheld, so most checks read the national row; the suppression
rule has its own module.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claimants.models import CaseloadTransfer
from conferences.models import ActivityKind
from conferences.services.rules import compliance_for
from jomcase.models import Nation
from qas.models import CheckType
from qas.selectors.reports import QasMonthFigures
from reports.activity import MEASURES, Scope, activity_figures
from reports.activity.scope import dea_code
from tests.factories import (
    ClaimantFactory,
    CohortFactory,
    JobcentreFactory,
    StaffFactory,
    TeamFactory,
    add_member,
)
from tests.reports.activity_builders import (
    a_dea,
    a_place,
    a_request,
    accepted,
    an_activity_at,
    an_approval,
    area,
    at,
    csis_for,
    declined,
    national,
    total,
)

pytestmark = pytest.mark.django_db

AUG, SEP, OCT = dt.date(2026, 8, 1), dt.date(2026, 9, 1), dt.date(2026, 10, 1)


def test_requests_by_kind_outcome_decline_reason_and_channel():
    dea = a_dea()
    a_request(dea, at(dt.date(2026, 8, 3)))  # claimant support, waiting for the DEA
    a_request(dea, at(dt.date(2026, 8, 4)), skill=True, **accepted(at(dt.date(2026, 8, 5))))
    a_request(dea, at(dt.date(2026, 8, 5)), colleague=True, **declined(at(dt.date(2026, 8, 6))))
    a_request(dea, at(dt.date(2026, 8, 6)), **declined(at(dt.date(2026, 8, 7)), "duplicate"))
    a_request(dea, at(dt.date(2026, 8, 7)), **accepted(at(dt.date(2026, 8, 10)), "three_way"))
    a_request(dea, at(dt.date(2026, 8, 10)), resolved=True, channel="three_way")
    a_request(dea, at(dt.date(2026, 8, 11)), withdrawn=True)
    a_request(dea, at(dt.date(2026, 8, 12)), info_requested=True)
    a_request(dea, at(dt.date(2026, 9, 1)))  # next month
    a_request(dea, at(dt.date(2026, 7, 31), 23, 30))  # July

    figures = national(AUG, AUG)
    assert total(figures, "requests_by_kind", AUG) == {
        "total": 8,
        "claimant_support": 6,
        "skill_support": 1,
        "colleague_support": 1,
    }
    assert total(figures, "requests_by_outcome", AUG) == {
        "total": 8,
        "accepted": 2,
        "resolved": 1,
        "declined": 2,
        "withdrawn": 1,
        "submitted": 1,
        "info_requested": 1,
    }
    assert total(figures, "declined_by_reason", AUG) == {
        "declined": 2,
        "inappropriate": 0,
        "non_benefit_signposted": 0,
        "duplicate": 1,
        "outside_remit": 1,
        "no_response": 0,
    }
    channels = total(figures, "accepted_by_channel", AUG)
    assert channels["accepted"] == 3
    assert channels["case_conference"] == 1
    assert channels["three_way"] == 2
    assert sum(v for k, v in channels.items() if k != "accepted") == 3


def test_a_request_counts_in_its_uk_month():
    dea = a_dea()
    # 23:30 on 31 August in London is 22:30 UTC: still August.
    a_request(dea, at(dt.date(2026, 8, 31), 23, 30))
    # 00:30 on 1 September in London is 23:30 on 31 August in UTC: September here.
    a_request(dea, at(dt.date(2026, 9, 1), 0, 30))
    figures = national(AUG, SEP, "requests_by_kind")
    assert total(figures, "requests_by_kind", AUG)["total"] == 1
    assert total(figures, "requests_by_kind", SEP)["total"] == 1


# Monday 31 August 2026 is the summer bank holiday in England and Wales; Scotland's was
# Monday 3 August.
WORKING_DAYS = [
    # filed, answered, waiting for information, nation, working days to answer
    pytest.param(
        at(dt.date(2026, 8, 27)), at(dt.date(2026, 9, 1)), None, Nation.ENGLAND_AND_WALES, 2,
        id="across the English bank holiday",
    ),
    pytest.param(
        at(dt.date(2026, 8, 27)), at(dt.date(2026, 9, 1)), None, Nation.SCOTLAND, 3,
        id="the same days in Scotland, where the 31st is a working day",
    ),
    pytest.param(
        at(dt.date(2026, 8, 24), 9), at(dt.date(2026, 9, 1)),
        (at(dt.date(2026, 8, 24), 12), at(dt.date(2026, 8, 27), 12)),
        Nation.ENGLAND_AND_WALES, 2,
        id="three days waiting for information left out (5 without)",
    ),
    pytest.param(
        at(dt.date(2026, 7, 31), 16), at(dt.date(2026, 8, 4), 11), None, Nation.SCOTLAND, 1,
        id="Scotland's August bank holiday",
    ),
    pytest.param(
        at(dt.date(2026, 8, 12), 9), at(dt.date(2026, 8, 12), 15), None,
        Nation.ENGLAND_AND_WALES, 0, id="answered the same day",
    ),
    pytest.param(
        at(dt.date(2026, 8, 14), 9), at(dt.date(2026, 8, 24), 9),
        (at(dt.date(2026, 8, 14), 10), at(dt.date(2026, 8, 24), 8)),
        Nation.ENGLAND_AND_WALES, 0, id="answered as soon as the information came",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("filed", "answered", "waiting", "nation", "days"), WORKING_DAYS)
def test_working_days_to_answer_leave_out_waiting_and_bank_holidays(
    filed, answered, waiting, nation, days
):
    dea = a_dea(a_place(nation=nation))
    extra = {}
    if waiting:
        asked, answered_info = waiting
        extra = {"waiting_for_info": answered_info - asked}
    request = a_request(dea, filed, required_by=dt.date(2026, 9, 30), **accepted(answered), **extra)
    # The report's SQL agrees with the request's own count (dea_support.models).
    assert request.working_days_waiting(nation) == days
    figures = national(filed.date().replace(day=1), None, "responses")
    values = total(figures, "responses", filed.date().replace(day=1))
    assert values["decided"] == 1
    assert values["mean_days"] == days
    assert values["median_days"] == days


def test_answered_by_the_required_date_and_still_waiting_past_it():
    dea = a_dea(a_place())
    filed = at(dt.date(2026, 8, 3), 9)  # a Monday
    # Answered on the required date, a day late, and early (declining counts as answering).
    a_request(dea, filed, required_by=dt.date(2026, 8, 5), **accepted(at(dt.date(2026, 8, 5))))
    a_request(dea, filed, required_by=dt.date(2026, 8, 5), **accepted(at(dt.date(2026, 8, 6))))
    a_request(dea, filed, required_by=dt.date(2026, 8, 14), **declined(at(dt.date(2026, 8, 4))))
    # Not answered: still waiting past its date; waiting for information; withdrawn.
    a_request(dea, filed, required_by=dt.date(2026, 8, 10))
    a_request(dea, filed, required_by=dt.date(2026, 8, 10), info_requested=True)
    a_request(dea, filed, required_by=dt.date(2026, 8, 10), withdrawn=True)

    values = total(national(AUG, None, "responses"), "responses", AUG)
    assert values == {
        "decided": 3,
        "on_time": 2,
        "late": 1,
        "on_time_share": 66.7,
        "mean_days": 2.0,  # 2, 3 and 1 working days
        "median_days": 2.0,
        "median_allowed": 2.0,  # 2, 2 and 9 working days from filing to the required date
        "overdue": 1,
    }


def test_activities_held_by_kind_in_the_month_they_were_booked_for():
    dea = a_dea()
    day = at(dt.date(2026, 8, 10))
    for kind in ("case_conference", "case_conference", "three_way", "group_conference"):
        an_activity_at(kind, "concluded", dea, day)
    an_activity_at("claimant_support_intervention", "held", dea, day, claimant=ClaimantFactory())
    an_activity_at("skill_conference", "not_attended", dea, day)
    an_activity_at("skill_conference", "booked", dea, day)  # not held (yet)
    an_activity_at("case_conference", "cancelled", dea, day)
    an_activity_at("case_conference", "held", dea, at(dt.date(2026, 7, 31)))  # July
    # Informational support is never booked: it counts when the information was sent.
    an_activity_at(
        "informational_support", "concluded", dea, None, closed_at=at(dt.date(2026, 8, 20))
    )
    an_activity_at(
        "informational_support", "holding_response", dea, None, created_at=day
    )  # not sent yet

    values = total(national(AUG, None, "activities_held"), "activities_held", AUG)
    assert values == {
        "held": 6,
        "case_conference": 2,
        "skill_conference": 0,
        "informational_support": 1,
        "three_way": 1,
        "group_conference": 1,
        "claimant_support_intervention": 1,
        "not_attended": 1,
    }


def test_csis_per_claimant_against_the_cap_with_approvals():
    dea, other_dea = a_dea(), a_dea()
    in_aug = [at(dt.date(2026, 8, d)) for d in (3, 10, 17, 24)]
    earlier = [at(dt.date(2026, 5, d)) for d in (4, 11, 18)]
    first_timer, second, third = ClaimantFactory(), ClaimantFactory(), ClaimantFactory()
    approved, unapproved = ClaimantFactory(), ClaimantFactory()
    csis_for(first_timer, dea, in_aug[:1])
    csis_for(second, dea, [earlier[0], in_aug[1]])
    csis_for(third, other_dea, earlier[:2])
    csis_for(third, dea, in_aug[2:3])
    csis_for(third, dea, in_aug[3:], state="cancelled")  # cancelled: not counted
    csis_for(approved, dea, [*earlier, in_aug[0]])  # the 4th, with an approval in May
    an_approval(approved, at(dt.date(2026, 5, 20)))
    csis_for(unapproved, dea, [*earlier, in_aug[0], in_aug[1]])  # 5 with 1 approval
    an_approval(unapproved, at(dt.date(2026, 8, 5)))
    csis_for(ClaimantFactory(), dea, [at(dt.date(2026, 9, 1))])  # September
    csis_for(ClaimantFactory(), dea, [at(dt.date(2026, 8, 7))], state="awaiting_consent")

    values = total(national(AUG, None, "csis"), "csis", AUG)
    assert values == {
        "claimants": 5,
        "csis": 6,
        "to_date_1": 1,
        "to_date_2": 1,
        "to_date_3": 1,
        "to_date_more": 2,
        "unapproved": 1,
        "approvals": 1,
    }
    may = total(national(dt.date(2026, 5, 1), None, "csis"), "csis", dt.date(2026, 5, 1))
    assert may["claimants"] == 4 and may["to_date_3"] == 2 and may["approvals"] == 1


def test_group_conferences_held_against_required_per_cohort():
    big = CohortFactory(dea=a_dea())
    for _ in range(12):  # 12 coaches need 2 sessions a month
        add_member(big, StaffFactory(work_coach=True), start=dt.date(2026, 1, 1))
    small = CohortFactory(dea=a_dea())
    for _ in range(4):
        add_member(small, StaffFactory(work_coach=True), start=dt.date(2026, 1, 1))
    # A coach who left on 1 August still counts in August, making 5 (1 session).
    add_member(small, StaffFactory(work_coach=True), dt.date(2026, 1, 1), dt.date(2026, 8, 1))
    CohortFactory(dea=a_dea())  # no coaches: nothing required
    group = ActivityKind.GROUP_CONFERENCE
    an_activity_at(group, "held", big.dea, at(dt.date(2026, 8, 4)))
    an_activity_at(group, "booked", big.dea, at(dt.date(2026, 8, 25)))  # never marked held
    an_activity_at(group, "concluded", small.dea, at(dt.date(2026, 8, 11)))
    an_activity_at(group, "held", small.dea, at(dt.date(2026, 9, 8)))

    figures = national(AUG, SEP, "group_conferences")
    assert total(figures, "group_conferences", AUG) == {
        "cohorts": 2,
        "required": 3,
        "held": 2,
        "cohorts_met": 1,
        "cohorts_met_share": 50.0,
    }
    assert total(figures, "group_conferences", SEP) == {
        "cohorts": 2,
        "required": 3,  # 12 -> 2 and 4 -> 1
        "held": 1,
        "cohorts_met": 1,
        "cohorts_met_share": 50.0,
    }
    # The report counts in SQL what the compliance page and its scheduled rule count in
    # Python (conferences.services.rules.compliance_for): the two must agree.
    rules = compliance_for([big, small], [AUG, SEP])
    for month in (AUG, SEP):
        rows = [row for table in rules.values() for row in table if row.month == month]
        values = total(figures, "group_conferences", month)
        assert sum(row.required for row in rows) == values["required"]
        assert sum(row.held for row in rows) == values["held"]
        assert sum(1 for row in rows if row.coaches > 0) == values["cohorts"]


def test_caseload_size_per_work_coach_follows_transfers():
    busy, quiet, _idle = (StaffFactory(work_coach=True) for _ in range(3))
    claimants = [ClaimantFactory(work_coach=busy) for _ in range(60)]
    ClaimantFactory.create_batch(2, work_coach=quiet)
    CaseloadTransfer.objects.update(at=at(dt.date(2026, 7, 1)))
    # On 15 August ten of busy's claimants move to quiet.
    for claimant in claimants[:10]:
        CaseloadTransfer.objects.create(
            claimant=claimant,
            from_work_coach=busy,
            to_work_coach=quiet,
            by=busy,
            at=at(dt.date(2026, 8, 15)),
        )
    figures = national(dt.date(2026, 6, 1), AUG, "caseloads")
    assert total(figures, "caseloads", dt.date(2026, 6, 1)) == {
        "coaches": 3,
        "claimants": 0,
        "mean": 0.0,
        "median": 0.0,
        "size_0": 3,
        "size_1_49": 0,
        "size_50_99": 0,
        "size_100_149": 0,
        "size_150": 0,
    }
    july = total(figures, "caseloads", dt.date(2026, 7, 1))
    assert (july["claimants"], july["mean"], july["median"]) == (62, 20.7, 2.0)
    assert (july["size_0"], july["size_1_49"], july["size_50_99"]) == (1, 1, 1)
    august = total(figures, "caseloads", AUG)
    assert (august["claimants"], august["median"]) == (62, 12.0)
    assert (august["size_0"], august["size_1_49"], august["size_50_99"]) == (1, 1, 1)


def test_qas_checks_are_the_qas_apps_figures_added_up_by_jobcentre(monkeypatch):
    place = a_place("Tyne")
    team_a, team_b = TeamFactory(jobcentre=place), TeamFactory(jobcentre=place)
    figures = [
        QasMonthFigures(AUG, team_a.pk, team_a.name, CheckType.QAS2, due=3, met=2, done=2),
        QasMonthFigures(AUG, team_b.pk, team_b.name, CheckType.QAS2, due=4, met=4, done=5),
        QasMonthFigures(AUG, team_b.pk, team_b.name, CheckType.GROUP_CHECKLIST, 2, 1, 1),
        QasMonthFigures(AUG, team_a.pk, team_a.name, CheckType.QAS1, due=0, met=0, done=6),
    ]
    asked = []

    def fake(months):
        asked.append(months)
        return figures

    monkeypatch.setattr("reports.activity.qas.qas_done_against_due", fake)
    result = national(AUG, None, "qas", level="district")
    assert asked == [[AUG]]
    expected = {
        "due": 9,
        "met": 7,
        "met_share": 77.8,
        "qas2_due": 7,
        "qas2_met": 6,
        "group_due": 2,
        "group_met": 1,
        "qas1_done": 6,
        "done": 14,
    }
    assert total(result, "qas", AUG) == expected
    assert area(result, "qas", "Tyne", AUG)["due"] == 9


def test_the_dea_level_shows_anonymous_codes_only():
    dea = a_dea(first_name="Zebedee", last_name="Quartermaine")
    for day in range(3, 10):
        a_request(dea, at(dt.date(2026, 8, day)))
    figures = national(AUG, None, "requests_by_kind", level="dea")
    labels = {row.area for row in figures.section("requests_by_kind").rows}
    assert labels == {dea_code(dea.pk), "All areas"}
    assert dea_code(dea.pk).startswith("DEA-") and len(dea_code(dea.pk)) == 12
    assert dea_code(dea.pk) != dea_code(dea.pk + 1)
    assert area(figures, "requests_by_kind", dea_code(dea.pk), AUG)["total"] == 7


def test_every_area_has_a_row_for_every_month_in_every_table():
    north, south = a_place("North"), a_place("South")
    a_request(a_dea(north), at(dt.date(2026, 8, 3)))
    an_activity_at("case_conference", "held", a_dea(south), at(dt.date(2026, 9, 3)))
    figures = national(AUG, SEP, "requests_by_kind", "activities_held", level="district")
    assert figures.areas == ["North", "South"]
    for section in figures.sections:
        assert [(r.area, r.month) for r in section.rows] == [
            ("North", AUG),
            ("North", SEP),
            ("South", AUG),
            ("South", SEP),
            ("All areas", AUG),
            ("All areas", SEP),
        ], section.key


def test_a_district_filter_keeps_its_areas_and_totals_them():
    north, south = a_place("North"), a_place("South")
    other_north = JobcentreFactory(district=north.district)
    for place, count in ((north, 6), (other_north, 7), (south, 9)):
        dea = a_dea(place)
        for n in range(count):
            a_request(dea, at(dt.date(2026, 8, 3 + n)))
    figures = national(AUG, None, "requests_by_kind", level="jobcentre", district=north.district)
    rows = figures.section("requests_by_kind").rows
    assert {r.area for r in rows} == {north.name, other_north.name, "All in North"}
    assert total(figures, "requests_by_kind", AUG)["total"] == 13


def test_months_and_levels_are_checked():
    with pytest.raises(ValueError):
        Scope(first=SEP, last=AUG)
    with pytest.raises(ValueError):
        Scope(first=AUG, last=AUG, level="team")
    with pytest.raises(ValueError):
        Scope(first=dt.date(2024, 1, 1), last=dt.date(2026, 1, 1))


@pytest.mark.parametrize(("level", "extra"), [("national", 0), ("district", 1), ("dea", 0)])
def test_the_report_is_one_query_per_set_of_rows(level, extra, django_assert_num_queries):
    from qas.selectors import qas_done_against_due

    place = a_place("Wear")
    dea = a_dea(place)
    a_request(dea, at(dt.date(2026, 8, 3)))
    an_activity_at("case_conference", "held", dea, at(dt.date(2026, 8, 4)))
    with CaptureQueriesContext(connection) as qas_queries:
        qas_done_against_due([AUG, SEP, OCT])
    # One statement per set of rows counted (the four tables of requests filed share one),
    # the qas app's own reads for its figures, and at district or jobcentre level one more
    # for the areas' names.
    expected = len(MEASURES) - 3 + len(qas_queries) + extra
    with django_assert_num_queries(expected):
        activity_figures(Scope(first=AUG, last=OCT, level=level))


def test_the_scope_describes_itself_in_words():
    assert Scope(first=AUG, last=OCT).describe() == "August 2026 to October 2026, nationally"
    assert Scope(first=AUG, last=AUG, level="dea").describe() == "August 2026, by DEA"
