"""What a figure is: its columns, the SQL that counts it, and the register of every figure.

A *measure* is one table of the DEA activity and compliance report (DESIGN.md section 8), for
example "support requests by kind". It is one function, decorated with :func:`measure`, that
returns an *inner* SQL statement (one row per thing counted, with the staff member whose
jobcentre places it, the DEA it belongs to and its month) and the aggregate expressions that
turn those rows into the measure's columns. ``reports.activity.figures`` wraps every inner
statement in the same grouping by area and month, so a new measure is one more decorated
function and nothing else (``reports.activity.qas`` is one, over the ``qas`` app's figures).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

#: Withheld to protect confidentiality (the Government Statistical Service's marker).
SUPPRESSED = "[c]"
#: Counts below this are withheld below national level.
THRESHOLD = 5

COUNT = "count"
SHARE = "share"  # a percentage, to one decimal place
AVERAGE = "average"  # a mean or median, to one decimal place


@dataclass(frozen=True)
class Column:
    """One figure of a measure.

    ``part_of`` names the count this one is a share of when the parts add up to it (so that a
    withheld part cannot be worked out from the total and the others). A share or an average
    is worked out from ``base`` (its denominator, or the number of things averaged) and, for a
    share, ``numerator``; it is withheld whenever those are.
    """

    key: str
    label: str
    kind: str = COUNT
    part_of: str | None = None
    base: str | None = None
    numerator: str | None = None

    @property
    def is_count(self) -> bool:
        return self.kind == COUNT


@dataclass(frozen=True)
class Inner:
    """The rows a measure counts and how to add them up.

    ``sql`` selects ``place_id`` (the staff member whose jobcentre places the row, or the
    jobcentre itself with ``placed_by_jobcentre``), ``dea_id``
    (the DEA it is attributed to at DEA level; may be NULL) and ``month`` (a date, the first
    of the month), plus whatever the aggregates read, from the alias ``b``. ``aggregates``
    are SQL expressions, one per column in order; they may also read the place's jobcentre
    as ``jc`` (for its nation).
    """

    sql: str
    aggregates: tuple[str, ...]
    params: dict = field(default_factory=dict)
    #: True when ``place_id`` is a jobcentre's id rather than a staff member's.
    placed_by_jobcentre: bool = False


@dataclass(frozen=True)
class Measure:
    key: str
    title: str
    sheet: str  # a spreadsheet tab's name: at most 31 characters
    columns: tuple[Column, ...]
    notes: tuple[str, ...]
    build: Callable[..., Inner]
    position: int = 0

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


MEASURES: dict[str, Measure] = {}


def measure(
    *,
    key: str,
    title: str,
    sheet: str,
    columns: list[Column],
    notes: list[str],
    position: int,
) -> Callable[[Callable[..., Inner]], Callable[..., Inner]]:
    """Register the decorated function, ``(scope) -> Inner``, as a measure of the report;
    ``position`` orders the tables."""
    if len(sheet) > 31:
        raise ValueError(f"Sheet name {sheet!r} is longer than a spreadsheet allows")

    def register(build: Callable[..., Inner]) -> Callable[..., Inner]:
        MEASURES[key] = Measure(
            key=key,
            title=title,
            sheet=sheet,
            columns=tuple(columns),
            notes=tuple(notes),
            build=build,
            position=position,
        )
        return build

    return register


def ordered_measures() -> list[Measure]:
    return sorted(MEASURES.values(), key=lambda m: (m.position, m.key))


def parts(total: str, labelled: list[tuple[str, str]]) -> list[Column]:
    """Count columns that add up to ``total``."""
    return [Column(key, label, part_of=total) for key, label in labelled]


def sql_in(column: str, values) -> str:
    """``column IN ('a', 'b')`` for the service's own choice values (never user input)."""
    quoted = []
    for value in values:
        text = str(value)
        if not text.replace("_", "").isalnum():
            raise ValueError(f"Not a choice value: {text!r}")
        quoted.append(f"'{text}'")
    return f"{column} IN ({', '.join(quoted)})"


def count_where(condition: str) -> str:
    return f"COUNT(*) FILTER (WHERE {condition})"


def sum_where(condition: str, column: str = "b.n") -> str:
    """The sum of ``column`` over the rows that meet ``condition`` (0 when there are none):
    how rows already counted by group in the inner statement are added up."""
    return f"COALESCE(SUM({column}) FILTER (WHERE {condition}), 0)"
