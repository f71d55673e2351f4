"""The DEA activity and compliance report: every measure for a scope, labelled and withheld.

Each measure is one SQL statement that groups its rows by area and month with a total row
per month (see ``scope.grouped_sql``); measures over the same rows share their statement, and
naming the areas takes one more query for districts and jobcentres. Python then only lays
the aggregates out: every area that appears in any measure gets a row for every month in
every table (0 where it had nothing), totals come last, and small figures are withheld
(``suppression``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils import timezone

from jomcase.months import first_of_month, month_name

# Importing the measure modules registers them, in the order the report shows them.
from reports.activity import caseloads, qas, requests, work  # noqa: F401
from reports.activity.definitions import (
    COUNT,
    MEASURES,
    SUPPRESSED,
    THRESHOLD,
    Inner,
    Measure,
    ordered_measures,
)
from reports.activity.scope import NOT_RECORDED, Scope, run, unit_labels
from reports.activity.suppression import suppress

#: How long the page, its other pages and the downloads reuse a report's figures.
FIGURES_CACHE_SECONDS = 10 * 60

#: The key of a month's total row among the areas' ids.
_TOTAL = object()


@dataclass
class FigureRow:
    area: str
    month: dt.date
    is_total: bool
    values: dict[str, int | float | str | None]


@dataclass
class Section:
    measure: Measure
    rows: list[FigureRow]
    withheld: int = 0

    @property
    def key(self) -> str:
        return self.measure.key


@dataclass
class ActivityFigures:
    scope: Scope
    sections: list[Section]
    areas: list[str]
    notes: list[str] = field(default_factory=list)
    #: When the figures were worked out (they may come from the cache, see below).
    made_at: dt.datetime = field(default_factory=timezone.now)

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)


def _number(value, kind: str):
    if value is None:
        return None
    if kind == COUNT:
        return int(value)
    return round(float(value), 1)


def _area_order(label: str) -> tuple:
    return (label == NOT_RECORDED, label.casefold())


def _results(scope: Scope, chosen: Sequence[Measure]) -> dict[str, list[tuple]]:
    """Each measure's grouped rows. Measures that count the same rows (the four tables of
    requests filed, say) are added up in one statement, and each takes its own columns."""
    batches: dict[tuple, list[tuple[Measure, Inner]]] = {}
    for m in chosen:
        inner = m.build(scope)
        same_rows = (inner.sql, inner.placed_by_jobcentre, repr(sorted(inner.params.items())))
        batches.setdefault(same_rows, []).append((m, inner))
    results = {}
    for batch in batches.values():
        first = batch[0][1]
        merged = Inner(
            sql=first.sql,
            aggregates=tuple(a for _, inner in batch for a in inner.aggregates),
            params=first.params,
            placed_by_jobcentre=first.placed_by_jobcentre,
        )
        rows = run(scope, merged)
        offset = 3
        for m, inner in batch:
            width = len(inner.aggregates)
            results[m.key] = [(*row[:3], *row[offset : offset + width]) for row in rows]
            offset += width
    return results


def activity_figures(scope: Scope, measures: Sequence[str] | None = None) -> ActivityFigures:
    """Every measure (or those named) for ``scope``: one query for each set of rows counted,
    plus one for area names."""
    chosen = [MEASURES[key] for key in measures] if measures else ordered_measures()
    results = _results(scope, chosen)
    unit_ids = {row[0] for rows in results.values() for row in rows if not row[2]}
    labels = unit_labels(scope, unit_ids)
    units = sorted(unit_ids, key=lambda u: _area_order(labels.get(u, NOT_RECORDED)))
    months = scope.months

    sections = []
    for m in chosen:
        found = {}
        for unit, month, is_total, *values in results[m.key]:
            found[(_TOTAL if is_total else unit, month)] = dict(
                zip(
                    (c.key for c in m.columns),
                    (_number(v, c.kind) for v, c in zip(values, m.columns, strict=True)),
                    strict=True,
                )
            )
        empty = {c.key: (0 if c.is_count else None) for c in m.columns}
        rows = [
            FigureRow(
                area=labels.get(unit, NOT_RECORDED),
                month=month,
                is_total=False,
                values=dict(found.get((unit, month), empty)),
            )
            for unit in units
            for month in months
        ]
        rows += [
            FigureRow(
                area=scope.total_label,
                month=month,
                is_total=True,
                values=dict(found.get((_TOTAL, month), empty)),
            )
            for month in months
        ]
        withheld = suppress(rows, m.columns, protect_totals=not scope.national_total)
        sections.append(Section(measure=m, rows=rows, withheld=withheld))

    return ActivityFigures(
        scope=scope,
        sections=sections,
        areas=[labels.get(u, NOT_RECORDED) for u in units],
        notes=general_notes(scope),
    )


def cached_activity_figures(scope: Scope) -> ActivityFigures:
    """The report for ``scope`` as worked out in the last ``FIGURES_CACHE_SECONDS``.

    A national report over a year takes seconds, and the page, its next pages and its
    downloads ask for the same figures one after another. They are aggregates that every
    viewer of reports may see alike, so one cached copy serves them all.
    """
    district = scope.district.pk if scope.district is not None else ""
    key = f"reports:activity:{scope.first}:{scope.last}:{scope.level}:{district}:{scope.today}"
    return cache.get_or_set(key, lambda: activity_figures(scope), FIGURES_CACHE_SECONDS)


def general_notes(scope: Scope) -> list[str]:
    """What every reader of the report needs to know, whichever tables they look at."""
    notes = [
        f"DEA activity and compliance, {scope.describe()}, from the work recorded in JOMCase. "
        "Every figure counts or averages; none names a person.",
        "Requests and activities are placed by the jobcentre of the DEA who handles them, "
        "caseloads by the jobcentre of the work coach, as the staff register holds them today. "
        f"{NOT_RECORDED}: no jobcentre (or, at DEA level, no cohort) is recorded.",
        f"{SUPPRESSED} means the figure is withheld to protect confidentiality. Below "
        f"national level every count from 1 to {THRESHOLD - 1} is withheld, with any share "
        f"or average worked out from fewer than {THRESHOLD}, and, where it could otherwise be "
        "worked out from a total, one more figure in the same row or column. National totals "
        "are never withheld.",
        "A dash means the figure does not apply: an average or a share of nothing.",
    ]
    if scope.level == "dea":
        notes.append(
            "DEAs are shown by an anonymous code, never by name, and without their jobcentre "
            "or district. The same DEA has the same code in every report."
        )
    if scope.last >= first_of_month(scope.today):
        notes.append(
            f"{month_name(first_of_month(scope.today))} is not over: its figures are those so "
            "far, and requests filed lately may not have been answered yet."
        )
    return notes
