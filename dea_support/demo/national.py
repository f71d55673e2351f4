"""The national dataset: the whole of Jobcentre Plus at the scale of DESIGN.md section 11.

37 districts, 640 jobcentres (some in Scotland), about 12,000 work coaches in teams of about
10 led by work coach team leaders, 450 DEAs whose cohorts hold 20 to 30 coaches (the coaches
beyond the DEAs' capacity are in no cohort), a team leader line-managing each DEA and each
coach, partners for every jobcentre and district, 750,000 claimants with valid, distinct
National Insurance numbers, each with the transfer that put them on their caseload, and
1.5 million support requests over the last two years with their "submitted" events
(``national_requests`` describes them).

The plan is made in memory first (``plan_national``, deterministic for a seed) and then
written with COPY (``write_national``). Staff get unusable passwords: nobody signs in as a
national user except through ``force_login`` in the benchmarks, and hashing 15,000 passwords
would take over an hour. COPY skips simple-history, so national claimants have no history
rows until someone changes them, and it never writes ``Claimant.non_benefit``, which the
database computes.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import re
import secrets
import time
from collections import Counter
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from tqdm import tqdm

from claimants.models import CaseloadTransfer, Claimant
from dea_support.demo import bulk
from dea_support.demo import reference as ref
from dea_support.demo.names import (
    ENGLAND_AND_WALES_DISTRICTS,
    FORENAMES,
    SCOTLAND_DISTRICTS,
    STREETS,
    SURNAMES,
)
from dea_support.demo.national_requests import (
    EVENT_FIELDS,
    REQUEST_FIELDS,
    RequestLines,
    national_cohorts,
)
from dea_support.models import Cohort, CohortMembership, SupportRequest, SupportRequestEvent
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

EMAIL_DOMAIN = "national.jomcase.example"


@dataclass(frozen=True)
class NationalShape:
    """How big the dataset is; ``NationalShape()`` is the national scale."""

    districts: int = 37
    scottish_districts: int = 4
    jobcentres: int = 640
    work_coaches: int = 12_000
    deas: int = 450
    claimants: int = 750_000
    support_requests: int = 1_500_000
    coaches_per_team: int = 10
    cohort_sizes: tuple[int, int] = (20, 30)
    seed: int = 2016

    @classmethod
    def scaled(cls, factor: float) -> NationalShape:
        """The national shape with every count multiplied by ``factor`` (e.g. 0.05)."""
        full = cls()
        districts = max(2, min(full.districts, round(full.districts * factor)))
        return replace(
            full,
            districts=districts,
            scottish_districts=max(1, min(districts - 1, round(full.scottish_districts * factor))),
            jobcentres=max(districts, round(full.jobcentres * factor)),
            work_coaches=max(districts, round(full.work_coaches * factor)),
            deas=max(1, round(full.deas * factor)),
            claimants=round(full.claimants * factor),
            support_requests=round(full.support_requests * factor),
        )

    def check(self) -> None:
        english = self.districts - self.scottish_districts
        if not (0 <= english <= len(ENGLAND_AND_WALES_DISTRICTS)):
            raise ValueError(f"At most {len(ENGLAND_AND_WALES_DISTRICTS)} English/Welsh districts")
        if not (0 <= self.scottish_districts <= len(SCOTLAND_DISTRICTS)):
            raise ValueError(f"At most {len(SCOTLAND_DISTRICTS)} Scottish districts")
        if self.jobcentres < self.districts or self.work_coaches < self.jobcentres:
            raise ValueError("Need a jobcentre per district and a work coach per jobcentre")


def national_district_names() -> list[str]:
    return [name for name, _ in (*ENGLAND_AND_WALES_DISTRICTS, *SCOTLAND_DISTRICTS)]


def national_exists() -> bool:
    return District.objects.filter(name__in=national_district_names()).exists()


# ---------------------------------------------------------------------------------------
# The plan: plain lists whose positions become ids when written.


@dataclass
class Person:
    first_name: str
    last_name: str
    username: str
    role: str
    jobcentre: int


@dataclass
class NationalPlan:
    shape: NationalShape
    districts: list[tuple[str, str]] = field(default_factory=list)  # name, nation
    jobcentres: list[tuple[str, int, str]] = field(default_factory=list)  # name, district, nation
    staff: list[Person] = field(default_factory=list)
    teams: list[tuple[str, int, int]] = field(default_factory=list)  # name, jobcentre, leader
    team_memberships: list[tuple[int, int]] = field(default_factory=list)  # team, staff
    line_management: list[tuple[int, int]] = field(default_factory=list)  # staff, manager
    cohorts: list[int] = field(default_factory=list)  # the DEA
    cohort_memberships: list[tuple[int, int]] = field(default_factory=list)  # cohort, coach
    caseloads: list[tuple[int, int]] = field(default_factory=list)  # coach, claimants held
    request_shares: list[int] = field(default_factory=list)  # support requests per cohort

    @property
    def claimants(self) -> int:
        return sum(n for _, n in self.caseloads)

    @property
    def support_requests(self) -> int:
        return sum(self.request_shares)

    def row_counts(self) -> dict[str, int]:
        return {
            "districts": len(self.districts),
            "jobcentres": len(self.jobcentres),
            "staff": len(self.staff),
            "role assignments": len(self.staff),
            "teams": len(self.teams),
            "team memberships": len(self.team_memberships),
            "line management": len(self.line_management),
            "cohorts": len(self.cohorts),
            "cohort memberships": len(self.cohort_memberships),
            "claimants": self.claimants,
            "caseload transfers": self.claimants,
            "support requests": self.support_requests,
            "request events": self.support_requests,
        }


def apportion(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` into whole shares in proportion to ``weights`` (largest remainder)."""
    scale = total / sum(weights)
    exact = [w * scale for w in weights]
    shares = [math.floor(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: exact[i] - shares[i], reverse=True)
    for i in by_remainder[: total - sum(shares)]:
        shares[i] += 1
    return shares


def _jobcentre_names(towns: tuple[str, ...], count: int) -> list[str]:
    """``count`` jobcentre names for a district; its first towns are its biggest.

    A town with one jobcentre gives it its own name; a town with several names each by a
    street, numbered when the streets run out.
    """
    weights = [3, 2, 1, 1, 1, 1, 1, 1, 1, 1][: len(towns)]
    names = []
    for town, n in zip(towns, apportion(count, weights), strict=True):
        if n == 1:
            names.append(town)
            continue
        for i in range(n):
            street = STREETS[i % len(STREETS)]
            round_ = i // len(STREETS)
            names.append(f"{town} {street}" + (f" {round_ + 1}" if round_ else ""))
    return names


_NOT_IN_USERNAMES = re.compile(r"[^a-z]")


class _People:
    """Hands out fixed-but-varied names and unique usernames."""

    def __init__(self, plan: NationalPlan, rng: random.Random):
        self.plan, self.rng = plan, rng

    def add(self, role: str, jobcentre: int) -> int:
        first, last = self.rng.choice(FORENAMES), self.rng.choice(SURNAMES)
        n = len(self.plan.staff)
        username = "{}.{}.{}".format(
            _NOT_IN_USERNAMES.sub("", first.lower()), _NOT_IN_USERNAMES.sub("", last.lower()), n
        )
        self.plan.staff.append(Person(first, last, username, role, jobcentre))
        return n


def plan_national(shape: NationalShape | None = None) -> NationalPlan:
    """The whole organisation and its caseload sizes, the same every time for a shape."""
    shape = shape or NationalShape()
    shape.check()
    rng = random.Random(shape.seed)
    plan = NationalPlan(shape)
    people = _People(plan, rng)
    english = shape.districts - shape.scottish_districts
    chosen = [(d, Nation.ENGLAND_AND_WALES) for d in ENGLAND_AND_WALES_DISTRICTS[:english]]
    chosen += [(d, Nation.SCOTLAND) for d in SCOTLAND_DISTRICTS[: shape.scottish_districts]]
    per_district = apportion(shape.jobcentres, [rng.uniform(0.7, 1.3) for _ in chosen])
    for d, (((name, towns), nation), count) in enumerate(zip(chosen, per_district, strict=True)):
        plan.districts.append((name, nation))
        plan.jobcentres += [(jc, d, nation) for jc in _jobcentre_names(towns, count)]

    # Work coaches per jobcentre vary with its size; every jobcentre has at least one.
    coaches_at = [
        n + 1
        for n in apportion(
            shape.work_coaches - len(plan.jobcentres),
            [rng.uniform(0.4, 1.8) for _ in plan.jobcentres],
        )
    ]
    district_coaches: list[list[tuple[int, int]]] = [[] for _ in plan.districts]  # coach, leader
    first_leader_at: dict[int, int] = {}
    for j, (_, d, _) in enumerate(plan.jobcentres):
        team_count = max(1, round(coaches_at[j] / shape.coaches_per_team))
        sizes = apportion(coaches_at[j], [1] * team_count)
        for t, size in enumerate(sizes):
            leader = people.add(Role.WCTL, j)
            first_leader_at.setdefault(j, leader)
            team = len(plan.teams)
            plan.teams.append((f"Team {_team_letter(t)}", j, leader))
            for _ in range(size):
                coach = people.add(Role.WORK_COACH, j)
                plan.team_memberships.append((team, coach))
                plan.line_management.append((coach, leader))
                district_coaches[d].append((coach, leader))
        people.add(Role.SDTL, j)
        people.add(Role.EMPLOYER_ADVISER, j)

    # Partners who cover a whole district sit at its first jobcentre.
    first_jobcentre = {}
    for j, (_, d, _) in enumerate(plan.jobcentres):
        first_jobcentre.setdefault(d, j)
    for d in range(len(plan.districts)):
        people.add(Role.WORK_PSYCHOLOGIST, first_jobcentre[d])
        people.add(Role.TPP_MANAGER, first_jobcentre[d])

    deas_per_district = apportion(shape.deas, [len(c) for c in district_coaches])
    for d, coaches in enumerate(district_coaches):
        fallback = (first_jobcentre[d], first_leader_at[first_jobcentre[d]])
        _plan_cohorts(plan, people, rng, coaches, deas_per_district[d], fallback)

    coaches = [coach for district in district_coaches for coach, _ in district]
    held = apportion(shape.claimants, [rng.uniform(0.5, 1.5) for _ in coaches])
    plan.caseloads = list(zip(coaches, held, strict=True))

    # A DEA's requests follow the size of their cohort, some DEAs busier than others.
    cohort_sizes = Counter(cohort for cohort, _ in plan.cohort_memberships)
    busy = [cohort_sizes[c] * rng.uniform(0.5, 1.6) for c in range(len(plan.cohorts))]
    plan.request_shares = (
        apportion(shape.support_requests, busy) if sum(busy) else [0] * len(plan.cohorts)
    )
    return plan


def _team_letter(t: int) -> str:
    return chr(ord("A") + t) if t < 26 else str(t + 1)


def _plan_cohorts(plan, people, rng, coaches, dea_count, fallback) -> None:
    """Give a district's DEAs cohorts of neighbouring coaches, never more than the limit.

    ``coaches`` are (coach, their team leader) in jobcentre order. When the DEAs cannot take
    every coach, the ones left out are spread across the district rather than all at its
    last jobcentre. A DEA sits with their first coach and is managed by that coach's leader;
    ``fallback`` is the (jobcentre, leader) of a DEA left with nobody.
    """
    if not dea_count:
        return
    low, high = plan.shape.cohort_sizes
    high = min(high, settings.COHORT_MAX_COACHES)
    sizes = [rng.randint(min(low, high), high) for _ in range(dea_count)]
    spare = len(coaches) - sum(sizes)
    if spare > 0:
        left_out = {math.floor((i + 0.5) * len(coaches) / spare) for i in range(spare)}
        coaches = [c for i, c in enumerate(coaches) if i not in left_out]
    start = 0
    for size in sizes:
        members = coaches[start : start + size]
        start += size
        jobcentre, manager = (
            (plan.staff[members[0][0]].jobcentre, members[0][1]) if members else fallback
        )
        dea = people.add(Role.DEA, jobcentre)
        plan.line_management.append((dea, manager))
        cohort = len(plan.cohorts)
        plan.cohorts.append(dea)
        plan.cohort_memberships += [(cohort, coach) for coach, _ in members]


# ---------------------------------------------------------------------------------------
# Writing the plan.


@dataclass
class NationalSummary:
    rows: dict[str, int]
    seconds: float

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


NATIONAL_TABLES = (
    District, Jobcentre, Staff, RoleAssignment, Team, TeamMembership, LineManagement, Cohort,
    CohortMembership, Claimant, CaseloadTransfer, SupportRequest, SupportRequestEvent,
)  # fmt: skip


def build_national(shape: NationalShape | None = None, *, progress: bool | None = None):
    """Plan and write the national dataset in one transaction; returns a NationalSummary.

    ``progress``: show a tqdm bar (None: only when writing to a terminal).
    """
    started = time.perf_counter()
    plan = plan_national(shape)
    counts = plan.row_counts()
    with tqdm(
        total=sum(counts.values()),
        unit=" rows",
        unit_scale=True,
        disable=None if progress is None else not progress,
        desc="National dataset",
    ) as bar:
        write_national(plan, progress=bar)
    return NationalSummary(rows=counts, seconds=time.perf_counter() - started)


def analyse_national_tables() -> None:
    """Refresh the planner's statistics after a bulk load, so the first pages are fast."""
    with connection.cursor() as cursor:
        for model in NATIONAL_TABLES:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


@transaction.atomic
def write_national(plan: NationalPlan, *, progress=None) -> None:
    adviser_types = {role: t.pk for role, t in ref.ensure_adviser_types().items()}
    first = {model: bulk.reserve_ids(model) for model in NATIONAL_TABLES}
    copy = bulk.copy_rows
    start = ref.MEMBERSHIP_START
    joined = dt.datetime.combine(start, dt.time(9), tzinfo=dt.UTC)

    district_id = _ids_from(first[District])
    copy(
        District,
        ["id", "name"],
        ((district_id(i), name) for i, (name, _) in enumerate(plan.districts)),
        progress=progress,
    )
    jobcentre_id = _ids_from(first[Jobcentre])
    copy(
        Jobcentre,
        ["id", "name", "district", "nation"],
        (
            (jobcentre_id(i), name, district_id(d), nation)
            for i, (name, d, nation) in enumerate(plan.jobcentres)
        ),
        progress=progress,
    )

    staff_id = _ids_from(first[Staff])
    staff_fields = [
        "id", "password", "last_login", "is_superuser", "username", "first_name", "last_name",
        "email", "is_staff", "is_active", "date_joined", "adviser_type", "jobcentre",
    ]  # fmt: skip
    copy(
        Staff,
        staff_fields,
        (
            (
                staff_id(i),
                "!" + secrets.token_urlsafe(30),
                None,
                False,
                p.username,
                p.first_name,
                p.last_name,
                f"{p.username}@{EMAIL_DOMAIN}",
                False,
                True,
                joined,
                adviser_types[p.role],
                jobcentre_id(p.jobcentre),
            )
            for i, p in enumerate(plan.staff)
        ),
        progress=progress,
    )
    copy(
        RoleAssignment,
        ["id", "staff", "role", "start", "end"],
        (
            (first[RoleAssignment] + i, staff_id(i), p.role, start, None)
            for i, p in enumerate(plan.staff)
        ),
        progress=progress,
    )

    team_id = _ids_from(first[Team])
    copy(
        Team,
        ["id", "name", "jobcentre", "leader"],
        (
            (team_id(i), name, jobcentre_id(j), staff_id(leader))
            for i, (name, j, leader) in enumerate(plan.teams)
        ),
        progress=progress,
    )
    copy(
        TeamMembership,
        ["id", "team", "staff", "start", "end"],
        (
            (first[TeamMembership] + i, team_id(t), staff_id(s), start, None)
            for i, (t, s) in enumerate(plan.team_memberships)
        ),
        progress=progress,
    )
    copy(
        LineManagement,
        ["id", "staff", "manager", "start", "end"],
        (
            (first[LineManagement] + i, staff_id(s), staff_id(m), start, None)
            for i, (s, m) in enumerate(plan.line_management)
        ),
        progress=progress,
    )

    cohort_id = _ids_from(first[Cohort])
    copy(
        Cohort,
        ["id", "dea", "created_at"],
        ((cohort_id(i), staff_id(dea), joined) for i, dea in enumerate(plan.cohorts)),
        progress=progress,
    )
    copy(
        CohortMembership,
        ["id", "cohort", "work_coach", "start", "end", "added_by", "added_at"],
        (
            (first[CohortMembership] + i, cohort_id(c), staff_id(w), start, None, None, joined)
            for i, (c, w) in enumerate(plan.cohort_memberships)
        ),
        progress=progress,
    )

    claimants = _ClaimantLines(plan, first[Claimant], staff_id)
    bulk.copy_lines(Claimant, claimants.FIELDS, claimants.claimants(), progress=progress)
    bulk.copy_lines(
        CaseloadTransfer,
        claimants.TRANSFER_FIELDS,
        claimants.transfers(first[CaseloadTransfer]),
        progress=progress,
    )

    requests = RequestLines(
        cohorts=national_cohorts(plan, staff_id),
        caseloads=claimants.caseloads(),
        eligible=claimants.eligible,
        first_claimant_id=first[Claimant],
        first_id=first[SupportRequest],
        now=timezone.now(),
        seed=plan.shape.seed + 2,
    )
    bulk.copy_lines(SupportRequest, REQUEST_FIELDS, requests.requests(), progress=progress)
    bulk.copy_lines(
        SupportRequestEvent,
        EVENT_FIELDS,
        requests.events(first[SupportRequestEvent]),
        progress=progress,
    )
    for model in NATIONAL_TABLES:
        bulk.release_ids(model)


class _ClaimantLines:
    """The claimant and transfer rows as COPY text, built straight into strings for speed."""

    FIELDS = [
        "id", "nino", "surname", "forenames", "benefits", "regime", "conditionality",
        "caseload_type", "work_coach", "vulnerability_exception", "accessible_formats",
        "self_harm_declared", "created_at", "updated_at",
    ]  # fmt: skip
    TRANSFER_FIELDS = ["id", "claimant", "from_work_coach", "to_work_coach", "at", "by", "reason"]
    EXCEPTION = "Clearly vulnerable: the work coach and team leader agreed support"

    def __init__(self, plan: NationalPlan, first_id: int, staff_id):
        self.plan, self.first_id, self.staff_id = plan, first_id, staff_id
        # Whether a DEA may support each claimant, filled in as the claimants are written.
        self.eligible = bytearray(plan.claimants)
        self.nino = ref.national_nino_maker(plan.claimants)
        self.profiles = [p for _, p in ref.NATIONAL_MIX]
        self.cum_weights = list(_running_total(w for w, _ in ref.NATIONAL_MIX))
        self.days = [
            str(ref.MEMBERSHIP_START + dt.timedelta(days=d)) for d in range(ref.CLAIMANTS_JOIN_DAYS)
        ]
        self.times = [f"{9 + m // 60:02d}:{m % 60:02d}:00+00" for m in range(8 * 60)]

    def joined(self, i: int) -> str:
        """A fixed moment in office hours for the ``i``-th claimant."""
        return f"{self.days[(i * 37) % len(self.days)]} {self.times[(i * 13) % len(self.times)]}"

    def _middle(self, profile: ref.Profile) -> str:
        return "{{{}}}\t{}\t{}\t{}".format(
            ",".join(profile.benefits),
            profile.regime,
            profile.conditionality,
            profile.caseload_type,
        )

    def claimants(self):
        rng = random.Random(self.plan.shape.seed + 1)
        middles = {id(p): self._middle(p) for p in self.profiles}
        i = 0
        for coach, count in self.plan.caseloads:
            coach_id = self.staff_id(coach)
            profiles = rng.choices(self.profiles, cum_weights=self.cum_weights, k=count)
            forenames = rng.choices(FORENAMES, k=count)
            surnames = rng.choices(SURNAMES, k=count)
            for profile, forename, surname in zip(profiles, forenames, surnames, strict=True):
                excepted = profile.non_benefit and i % 10 == 3
                exception = self.EXCEPTION if excepted else "\\N"
                self.eligible[i] = excepted or not profile.non_benefit
                formats = "{large_print}" if i % 97 == 0 else "{braille}" if i % 997 == 5 else "{}"
                at = self.joined(i)
                yield (
                    f"{self.first_id + i}\t{self.nino(i)}\t{surname}\t{forename}\t"
                    f"{middles[id(profile)]}\t{coach_id}\t{exception}\t{formats}\tf\t{at}\t{at}\n"
                )
                i += 1

    def caseloads(self) -> dict[int, tuple[int, int]]:
        """Each coach's staff id: the id of their first claimant, and how many they hold."""
        found, first = {}, self.first_id
        for coach, count in self.plan.caseloads:
            found[self.staff_id(coach)] = (first, count)
            first += count
        return found

    def transfers(self, first_transfer_id: int):
        i = 0
        for coach, count in self.plan.caseloads:
            coach_id = self.staff_id(coach)
            for _ in range(count):
                yield (
                    f"{first_transfer_id + i}\t{self.first_id + i}\t\\N\t{coach_id}\t"
                    f"{self.joined(i)}\t{coach_id}\t{ref.ADDED_TO_CASELOAD}\n"
                )
                i += 1


def _ids_from(first_id: int):
    """The id of the ``i``-th planned row of a table whose first new id is ``first_id``."""
    return lambda i: first_id + i


def _running_total(values):
    total = 0
    for v in values:
        total += v
        yield total


@transaction.atomic
def delete_national() -> None:
    """Remove the national dataset (for ``seed_demo --national --force``); demo rows stay.

    Support requests with their events, and claimants with their transfers, go by SQL:
    through the ORM each of the millions would be loaded (and each claimant given a history
    row) on its way out. The rest goes through the ORM, so that
    whatever else points at a national user is handled, or refused with a clear error.
    """
    districts = District.objects.filter(name__in=national_district_names())
    staff = Staff.objects.filter(jobcentre__district__in=districts)
    coaches_sql, params = staff.values("pk").query.sql_with_params()
    claimant_table = connection.ops.quote_name(Claimant._meta.db_table)
    transfer_table = connection.ops.quote_name(CaseloadTransfer._meta.db_table)
    request_table = connection.ops.quote_name(SupportRequest._meta.db_table)
    event_table = connection.ops.quote_name(SupportRequestEvent._meta.db_table)
    national_requests = (
        f"SELECT id FROM {request_table} WHERE dea_id IN ({coaches_sql}) "
        f"OR requester_id IN ({coaches_sql})"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {event_table} WHERE support_request_id IN ({national_requests})",
            params * 2,
        )
        cursor.execute(f"DELETE FROM {request_table} WHERE id IN ({national_requests})", params * 2)
        cursor.execute(
            f"DELETE FROM {transfer_table} WHERE claimant_id IN "
            f"(SELECT id FROM {claimant_table} WHERE work_coach_id IN ({coaches_sql}))",
            params,
        )
        cursor.execute(
            f"DELETE FROM {claimant_table} WHERE work_coach_id IN ({coaches_sql})", params
        )
    CohortMembership.objects.filter(cohort__dea__in=staff).delete()
    Cohort.objects.filter(dea__in=staff).delete()
    Team.objects.filter(jobcentre__district__in=districts).delete()
    staff.delete()
    Jobcentre.objects.filter(district__in=districts).delete()
    districts.delete()
