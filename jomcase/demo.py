"""The demo sign-ins that API.md promises, and what each one is for.

The core app holds this table because ``demo_logins`` (a core command) prints it and the core
app may not import the apps above it; ``dea_support.demo`` builds the people it names.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The shared password of every demo user; seed_demo only sets it in demo mode.
DEMO_PASSWORD = "jomcase-demo"


@dataclass(frozen=True)
class DemoLogin:
    """One line of the sign-in table: one user, or a run of users who can do the same."""

    usernames: tuple[str, ...]
    can: str

    @property
    def label(self) -> str:
        if len(self.usernames) == 1:
            return self.usernames[0]
        return f"{self.usernames[0]} … {self.usernames[-1]}"


def _coaches(first: int, last: int) -> tuple[str, ...]:
    return tuple(f"coach{n}" for n in range(first, last + 1))


DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin(
        ("coach1",),
        "Work coach in dea1's cohort with a caseload of 24 claimants (some on no "
        "out-of-work benefit): add claimants, ask the DEA for support",
    ),
    DemoLogin(_coaches(2, 30), "Work coaches in dea1's cohort and teamleader1's team"),
    DemoLogin(
        ("coach31",),
        "Work coach in teamleader2's team but in no DEA's cohort (told to ask their team leader)",
    ),
    DemoLogin(_coaches(32, 40), "Work coaches in dea2's cohort and teamleader2's team"),
    DemoLogin(
        ("dea1",),
        "DEA for coach1 to coach30: triage requests, hold conferences and interventions",
    ),
    DemoLogin(("dea2",), "DEA for coach32 to coach40"),
    DemoLogin(
        ("teamleader1",),
        "Work coach team leader: leads coach1 to coach30, line-manages dea1, "
        "approves interventions beyond three, QAS checks",
    ),
    DemoLogin(
        ("teamleader2",),
        "Work coach team leader: leads coach31 to coach40, line-manages dea2",
    ),
    DemoLogin(("sdtl1",), "Service delivery team leader: asks a DEA for colleague support"),
    DemoLogin(("analyst1",), "Analyst: aggregate reports only, never a name or NINO"),
    DemoLogin(
        ("admin",),
        "Administrator: organisation, users and reference data; the Django admin at /admin/",
    ),
    DemoLogin(("psychologist1",), "Work psychologist: receives actions that outcomes create"),
    DemoLogin(("employeradviser1",), "Employer adviser: receives actions that outcomes create"),
    DemoLogin(
        ("tppmanager1",),
        "Third party provision manager: receives actions that outcomes create",
    ),
)


def demo_usernames() -> list[str]:
    """Every demo username, in the order of the table."""
    return [name for login in DEMO_LOGINS for name in login.usernames]
