"""People and strategies for the partnerships tests, named from many languages."""

from __future__ import annotations

from dataclasses import dataclass

from jomcase.models import Staff
from partnerships.models import Strategy
from partnerships.services import strategy_create
from tests.factories import StaffFactory, managed_by


@dataclass
class People:
    """A DEA and the team leader who line-manages them, with partners of the district."""

    dea: Staff
    leader: Staff
    psychologist: Staff
    employer_adviser: Staff


def the_people() -> People:
    dea = StaffFactory(dea=True, first_name="Siân", last_name="ap Gruffudd")
    leader = StaffFactory(wctl=True, first_name="Agnieszka", last_name="Wiśniewska")
    managed_by(dea, leader)
    return People(
        dea=dea,
        leader=leader,
        psychologist=StaffFactory(work_psychologist=True, first_name="Thị Mai", last_name="Nguyễn"),
        employer_adviser=StaffFactory(
            employer_adviser=True, first_name="Dafydd", last_name="Llywelyn"
        ),
    )


def a_strategy(dea: Staff, *, kind: str = "work_psychologist", **fields) -> Strategy:
    """A strategy the DEA proposes through the service, as the pages and API do."""
    defaults = {
        "title": "Cymorth i hawlwyr â gorbryder",
        "summary": "Claimants with anxiety miss appointments; a themed case conference.",
        "areas": ["condition_management", "awareness"],
    }
    return strategy_create(actor=dea, kind=kind, **(defaults | fields))
