"""The demo organisation of API.md's "Demo data": its jobcentres, people and caseloads.

Everything is keyed on a name (district, jobcentre, team, username, NINO) and only what is
missing is created, so a second run changes nothing; an existing user's password is never
touched. Rows are written in bulk, and the demo password is hashed once for all users,
because hashing it fifty times would take most of a minute.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from claimants.models import AccessibleFormat, CaseloadTransfer, Claimant
from dea_support.demo import reference as ref
from dea_support.demo.names import FORENAMES, SURNAMES
from dea_support.demo.requests import seed_demo_requests
from dea_support.models import Cohort, CohortMembership
from jomcase.demo import DEMO_PASSWORD
from jomcase.models import (
    District,
    Jobcentre,
    LineManagement,
    Nation,
    Role,
    RoleAssignment,
    Staff,
    Team,
    TeamMembership,
)

EMAIL_DOMAIN = "jomcase.example"

DISTRICTS = (
    (
        "Gateshead and South Tyneside",
        Nation.ENGLAND_AND_WALES,
        ("Gateshead Riverside House", "South Shields Keppel Street", "Jarrow Ellison Street"),
    ),
    (
        "Forth Valley and Fife",
        Nation.SCOTLAND,
        ("Falkirk Callendar Square", "Stirling Wallace Street", "Dunfermline Carnegie House"),
    ),
)
#: Every demo user works here, so the partners "for the jobcentres of the coaches" are the
#: partners of the one jobcentre all the coaches share.
HOME_JOBCENTRE = "Gateshead Riverside House"
TEAM_1 = "Universal Credit Team 1"
TEAM_2 = "Universal Credit Team 2"

COACH_NAMES = (
    ("Sarah", "Mitchell"), ("James", "Robson"), ("Priya", "Sharma"), ("Daniel", "Hughes"),
    ("Emma", "Charlton"), ("Mohammed", "Iqbal"), ("Rachel", "Dodds"), ("Liam", "Armstrong"),
    ("Joanne", "Wilkinson"), ("Craig", "Elliott"), ("Nicola", "Bell"), ("Tariq", "Hussain"),
    ("Claire", "Forster"), ("Stephen", "Milburn"), ("Hannah", "Lowes"), ("Gareth", "Pritchard"),
    ("Kirsty", "Nicholson"), ("Paul", "Henderson"), ("Megan", "Scott"), ("Adam", "Kowalski"),
    ("Louise", "Carr"), ("Simon", "Heslop"), ("Fatima", "Begum"), ("Richard", "Temple"),
    ("Gemma", "Robinson"), ("Ryan", "Curry"), ("Victoria", "Dunn"), ("Wayne", "Turnbull"),
    ("Shauna", "McCann"), ("Neil", "Patterson"), ("Joseph", "Okafor"), ("Eilidh", "MacLeod"),
    ("Ross", "Gilchrist"), ("Aileen", "Donnelly"), ("Usman", "Rafiq"), ("Kerry", "Anderson"),
    ("Declan", "Boyle"), ("Isla", "Fairbairn"), ("Owen", "Pryce"), ("Yasmin", "Chaudhry"),
)  # fmt: skip


@dataclass(frozen=True)
class Person:
    username: str
    first_name: str
    last_name: str
    role: str
    administrator: bool = False


PEOPLE: tuple[Person, ...] = (
    *(
        Person(f"coach{n}", first, last, Role.WORK_COACH)
        for n, (first, last) in enumerate(COACH_NAMES, start=1)
    ),
    Person("dea1", "Helen", "Marsden", Role.DEA),
    Person("dea2", "Callum", "Fraser", Role.DEA),
    Person("teamleader1", "Gary", "Hutchinson", Role.WCTL),
    Person("teamleader2", "Aisha", "Mahmood", Role.WCTL),
    Person("sdtl1", "Diane", "Lambert", Role.SDTL),
    Person("analyst1", "Tomasz", "Nowak", Role.ANALYST),
    Person("admin", "Ruth", "Whitfield", Role.ADMINISTRATOR, administrator=True),
    Person("psychologist1", "Fiona", "Lindsay", Role.WORK_PSYCHOLOGIST),
    Person("employeradviser1", "Mark", "Dobson", Role.EMPLOYER_ADVISER),
    Person("tppmanager1", "Lesley", "Tait", Role.TPP_MANAGER),
)

# Who leads, manages and supports whom: (team, leader, coaches) and (dea, manager, coaches).
TEAMS = (
    (TEAM_1, "teamleader1", range(1, 31)),
    (TEAM_2, "teamleader2", range(31, 41)),
)
COHORTS = (
    ("dea1", "teamleader1", range(1, 31)),
    ("dea2", "teamleader2", range(32, 41)),
)


@dataclass(frozen=True)
class DemoClaimant:
    forenames: str
    surname: str
    profile: ref.Profile
    accessible_formats: tuple[str, ...] = ()
    vulnerability_exception: str | None = None
    self_harm_declared: bool = False


LARGE_PRINT = AccessibleFormat.LARGE_PRINT

#: coach1's caseload: every benefit, regime and need a demo walk-through wants to show.
COACH1_CASELOAD = (
    DemoClaimant("Alan", "Thompson", ref.UC),
    DemoClaimant("Margaret", "Kerr", ref.UC, accessible_formats=(LARGE_PRINT,)),
    DemoClaimant("Jordan", "Whitaker", ref.UC_WORKING),
    DemoClaimant("Susan", "Gallagher", ref.UC_PIP_NO_WORK_REQ),
    DemoClaimant("Kelly", "Marshall", ref.UC_PLANNING),
    DemoClaimant("Dylan", "Foster", ref.UC_PREPARING),
    DemoClaimant("Imran", "Qureshi", ref.UC_WORKING_NO_REQ),
    DemoClaimant("Brian", "Watson", ref.JSA),
    DemoClaimant("Christine", "Lowther", ref.JSA, accessible_formats=(AccessibleFormat.BRAILLE,)),
    DemoClaimant("Keith", "Armstrong", ref.ESA_WRAG),
    DemoClaimant("Deborah", "Nixon", ref.ESA_DLA),
    DemoClaimant("Colin", "Reed", ref.IB),
    DemoClaimant("Leanne", "Brannigan", ref.IS_LONE_PARENT),
    DemoClaimant("Shabana", "Akhtar", ref.IS_PARTNER),
    DemoClaimant("Graham", "Pickering", ref.PIP_ONLY),
    DemoClaimant("Patricia", "Hedley", ref.DLA_ONLY),
    DemoClaimant("Ann", "Moffat", ref.AA_ONLY),
    DemoClaimant(
        "Lewis",
        "Carmichael",
        ref.PIP_ONLY,
        vulnerability_exception=(
            "Clearly vulnerable: recently bereaved, living alone and at risk of losing his "
            "tenancy; the team leader agreed DEA support"
        ),
    ),
    DemoClaimant("Natalie", "Common", ref.UC_PIP, self_harm_declared=True),
    DemoClaimant("Martin", "Swales", ref.UC_PIP),
    DemoClaimant("Bethan", "Rowlands", ref.ESA_PIP, accessible_formats=(LARGE_PRINT,)),
    DemoClaimant("Jack", "Hetherington", ref.UC),
    DemoClaimant("Zoe", "Pattinson", ref.JSA),
    DemoClaimant("Peter", "Ridley", ref.UC_WORKING),
)  # fmt: skip

# Other coaches' claimants cycle through this list, so each caseload is a mix.
OTHER_PROFILES = (
    ref.UC, ref.UC_NO_WORK_REQ, ref.UC_WORKING, ref.ESA_WRAG, ref.UC, ref.JSA, ref.UC_PIP,
    ref.UC_PREPARING, ref.IS_LONE_PARENT, ref.UC, ref.ESA_SUPPORT, ref.PIP_ONLY, ref.UC_PLANNING,
    ref.IB, ref.UC_WORKING_NO_REQ,
)  # fmt: skip
CLAIMANT_SLOTS_PER_COACH = 100  # NINO slots reserved per coach; caseloads stay well below


def caseload_size(coach_number: int) -> int:
    """How many claimants a demo coach holds: 24 for coach1, 5 to 15 for the others."""
    if coach_number == 1:
        return len(COACH1_CASELOAD)
    return 5 + (coach_number * 7) % 11


def demo_claimant(coach_number: int, slot: int) -> DemoClaimant:
    if coach_number == 1:
        return COACH1_CASELOAD[slot]
    k = coach_number * CLAIMANT_SLOTS_PER_COACH + slot
    return DemoClaimant(
        FORENAMES[(k * 37 + 11) % len(FORENAMES)],
        SURNAMES[(k * 53 + 7) % len(SURNAMES)],
        OTHER_PROFILES[k % len(OTHER_PROFILES)],
        accessible_formats=(LARGE_PRINT,) if k % 29 == 0 else (),
    )


def demo_claimant_nino(coach_number: int, slot: int) -> str:
    return ref.demo_nino(coach_number * CLAIMANT_SLOTS_PER_COACH + slot)


def joined_caseload_at(k: int) -> dt.datetime:
    """A fixed, spread-out moment between MEMBERSHIP_START and 18 months later."""
    day = ref.MEMBERSHIP_START + dt.timedelta(days=(k * 37) % ref.CLAIMANTS_JOIN_DAYS)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9 + k % 8, (k * 13) % 60)))


@dataclass
class DemoSummary:
    """What a run created, table by table (a second run creates nothing)."""

    created: dict[str, int] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, created: int, total: int) -> None:
        self.created[name] = self.created.get(name, 0) + created
        self.totals[name] = total

    @property
    def changed(self) -> bool:
        return any(self.created.values())

    def lines(self) -> list[str]:
        return [
            f"{name:<22} {self.totals[name]:>6} ({self.created[name]} new)" for name in self.created
        ]


@transaction.atomic
def seed_demo_data() -> DemoSummary:
    """Create whatever of the demo organisation, users, caseloads and requests is missing."""
    summary = DemoSummary()
    adviser_types = ref.ensure_adviser_types()
    jobcentres = _organisation(summary)
    home = jobcentres[HOME_JOBCENTRE]
    staff = _people(summary, home, adviser_types)
    _roles(summary, staff)
    teams = _teams(summary, home, staff)
    _team_memberships(summary, staff, teams)
    _line_management(summary, staff)
    _cohorts(summary, staff)
    _claimants(summary, staff)
    summary.add("support requests", *seed_demo_requests(staff))
    return summary


def _organisation(summary: DemoSummary) -> dict[str, Jobcentre]:
    jobcentres, made = {}, 0
    for district_name, nation, names in DISTRICTS:
        district, _ = District.objects.get_or_create(name=district_name)
        for name in names:
            jobcentres[name], created = Jobcentre.objects.get_or_create(
                name=name, defaults={"district": district, "nation": nation}
            )
            made += created
    summary.add("jobcentres", made, len(jobcentres))
    return jobcentres


def _people(summary: DemoSummary, home: Jobcentre, adviser_types) -> dict[str, Staff]:
    usernames = [p.username for p in PEOPLE]
    existing = Staff.objects.in_bulk(usernames, field_name="username")
    missing = [p for p in PEOPLE if p.username not in existing]
    if missing:
        # One hash shared by every new demo user: each hash costs a noticeable fraction of a
        # second, and these accounts share one published password anyway.
        password = make_password(DEMO_PASSWORD)
        Staff.objects.bulk_create(
            Staff(
                username=p.username,
                first_name=p.first_name,
                last_name=p.last_name,
                email=f"{p.username}@{EMAIL_DOMAIN}",
                password=password,
                jobcentre=home,
                adviser_type=adviser_types[p.role],
                is_staff=p.administrator,
                is_superuser=p.administrator,
            )
            for p in missing
        )
    summary.add("staff", len(missing), len(usernames))
    return Staff.objects.in_bulk(usernames, field_name="username")


def _roles(summary: DemoSummary, staff: dict[str, Staff]) -> None:
    have = set(
        RoleAssignment.objects.filter(staff__in=staff.values()).values_list("staff_id", "role")
    )
    wanted = [(staff[p.username], p.role) for p in PEOPLE]
    new = [
        RoleAssignment(staff=person, role=role, start=ref.MEMBERSHIP_START)
        for person, role in wanted
        if (person.pk, role) not in have
    ]
    RoleAssignment.objects.bulk_create(new)
    summary.add("role assignments", len(new), len(wanted))


def _teams(summary: DemoSummary, home: Jobcentre, staff: dict[str, Staff]) -> dict[str, Team]:
    teams, made = {}, 0
    for name, leader, _ in TEAMS:
        teams[name], created = Team.objects.get_or_create(
            jobcentre=home, name=name, defaults={"leader": staff[leader]}
        )
        made += created
    summary.add("teams", made, len(teams))
    return teams


def _team_memberships(summary: DemoSummary, staff, teams) -> None:
    wanted = [(teams[name], staff[f"coach{n}"]) for name, _, coaches in TEAMS for n in coaches]
    have = set(
        TeamMembership.objects.filter(team__in=teams.values()).values_list("team_id", "staff_id")
    )
    new = [
        TeamMembership(team=team, staff=person, start=ref.MEMBERSHIP_START)
        for team, person in wanted
        if (team.pk, person.pk) not in have
    ]
    TeamMembership.objects.bulk_create(new)
    summary.add("team memberships", len(new), len(wanted))


def _line_management(summary: DemoSummary, staff) -> None:
    # Team leaders manage their DEA and the coaches of their team (DESIGN.md section 2).
    wanted = [(staff[dea], staff[manager]) for dea, manager, _ in COHORTS]
    wanted += [(staff[f"coach{n}"], staff[leader]) for _, leader, coaches in TEAMS for n in coaches]
    have = set(
        LineManagement.objects.filter(staff__in=staff.values()).values_list(
            "staff_id", "manager_id"
        )
    )
    new = [
        LineManagement(staff=person, manager=manager, start=ref.MEMBERSHIP_START)
        for person, manager in wanted
        if (person.pk, manager.pk) not in have
    ]
    LineManagement.objects.bulk_create(new)
    summary.add("line management", len(new), len(wanted))


def _cohorts(summary: DemoSummary, staff) -> None:
    # Written directly rather than through cohort_member_add: each cohort is built within
    # the limit of 30, and the service's per-row locking would add nothing here.
    made_cohorts, new, wanted = 0, [], 0
    for dea, _, coaches in COHORTS:
        cohort, created = Cohort.objects.get_or_create(dea=staff[dea])
        made_cohorts += created
        have = set(cohort.memberships.values_list("work_coach_id", flat=True))
        wanted += len(coaches)
        new += [
            CohortMembership(
                cohort=cohort, work_coach=staff[f"coach{n}"], start=ref.MEMBERSHIP_START
            )
            for n in coaches
            if staff[f"coach{n}"].pk not in have
        ]
    CohortMembership.objects.bulk_create(new)
    summary.add("cohorts", made_cohorts, len(COHORTS))
    summary.add("cohort memberships", len(new), wanted)


def _claimants(summary: DemoSummary, staff) -> None:
    wanted = {}
    for n in range(1, len(COACH_NAMES) + 1):
        for slot in range(caseload_size(n)):
            wanted[demo_claimant_nino(n, slot)] = (n, slot)
    have = set(Claimant.objects.filter(nino__in=wanted).values_list("nino", flat=True))
    new = []
    for nino, (n, slot) in wanted.items():
        if nino in have:
            continue
        spec = demo_claimant(n, slot)
        coach = staff[f"coach{n}"]
        at = joined_caseload_at(n * CLAIMANT_SLOTS_PER_COACH + slot)
        claimant = Claimant(
            nino=nino,
            surname=spec.surname,
            forenames=spec.forenames,
            benefits=list(spec.profile.benefits),
            regime=spec.profile.regime,
            conditionality=spec.profile.conditionality,
            caseload_type=spec.profile.caseload_type,
            work_coach=coach,
            vulnerability_exception=spec.vulnerability_exception,
            accessible_formats=list(spec.accessible_formats),
            self_harm_declared=spec.self_harm_declared,
            created_at=at,
        )
        # The history records who added the claimant and when, as the service would have.
        claimant._history_user = coach
        claimant._history_date = at
        new.append(claimant)
    bulk_create_with_history(new, Claimant, batch_size=500)
    CaseloadTransfer.objects.bulk_create(
        CaseloadTransfer(
            claimant=c,
            to_work_coach=c.work_coach,
            by=c.work_coach,
            at=c.created_at,
            reason=ref.ADDED_TO_CASELOAD,
        )
        for c in new
    )
    summary.add("claimants", len(new), len(wanted))
