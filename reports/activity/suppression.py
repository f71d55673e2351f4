"""Withholding small figures below national level, so that no one person can be picked out.

The rule, applied to each table on its own:

1. Below national level a count from 1 to 4 is withheld (shown as ``[c]``). Nothing in a
   national total row is withheld. A 0 is shown: it tells nothing about anyone.
2. Where a withheld count could be worked out by subtraction, a second count is withheld
   too: within a row, when exactly one of the parts of a shown total is withheld, the
   smallest other non-zero part goes as well; within a column, when exactly one area's
   figure for a month is withheld and that month's total is shown, the smallest other
   non-zero area figure goes as well. This repeats until nothing changes.
3. A share or an average is withheld when the count it is worked out from is under 5 or is
   withheld, and a share also when its numerator is withheld.

The counts here are aggregates already; this only decides which of them are shown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from reports.activity.definitions import SUPPRESSED, THRESHOLD, Column


def _small(value) -> bool:
    return isinstance(value, int) and 0 < value < THRESHOLD


def _hide_smallest(row: dict, keys: list[str], hidden: set[str]) -> bool:
    shown = [k for k in keys if k not in hidden and isinstance(row[k], int) and row[k] > 0]
    if not shown:
        return False
    hidden.add(min(shown, key=lambda k: (row[k], keys.index(k))))
    return True


def suppress(rows: Sequence, columns: Sequence[Column], *, protect_totals: bool) -> int:
    """Replace the figures to withhold in each row's ``values`` by the marker.

    ``rows`` have ``values`` (column key -> number or None), ``month`` and ``is_total``;
    ``protect_totals`` is False when the total rows are national, and so never withheld.
    Returns how many figures were withheld.
    """
    counts = [c.key for c in columns if c.is_count]
    groups: dict[str, list[str]] = defaultdict(list)
    for column in columns:
        if column.part_of:
            groups[column.part_of].append(column.key)
    checked = [r for r in rows if protect_totals or not r.is_total]
    hidden: dict[int, set[str]] = {id(r): set() for r in checked}

    for row in checked:
        hidden[id(row)].update(k for k in counts if _small(row.values[k]))

    by_month: dict[object, list] = defaultdict(list)
    for row in rows:
        by_month[row.month].append(row)

    changed = True
    while changed:
        changed = False
        for row in checked:
            gone = hidden[id(row)]
            for total, part_keys in groups.items():
                if total in gone:
                    continue
                if sum(1 for k in part_keys if k in gone) == 1:
                    changed |= _hide_smallest(row.values, part_keys, gone)
        for month_rows in by_month.values():
            totals = [r for r in month_rows if r.is_total]
            areas = [r for r in month_rows if not r.is_total and id(r) in hidden]
            if len(totals) != 1 or len(areas) < 2:
                continue
            total_hidden = hidden.get(id(totals[0]), set())
            for key in counts:
                if key in total_hidden:
                    continue
                withheld = [r for r in areas if key in hidden[id(r)]]
                if len(withheld) != 1:
                    continue
                candidates = [
                    r
                    for r in areas
                    if key not in hidden[id(r)]
                    and isinstance(r.values[key], int)
                    and r.values[key] > 0
                ]
                if candidates:
                    smallest = min(candidates, key=lambda r: r.values[key])
                    hidden[id(smallest)].add(key)
                    changed = True

    for row in checked:
        gone = hidden[id(row)]
        for column in columns:
            if column.is_count:
                continue
            base = row.values.get(column.base) if column.base else None
            if (
                column.base in gone
                or column.numerator in gone
                or (isinstance(base, int) and base < THRESHOLD)
            ) and row.values[column.key] is not None:
                gone.add(column.key)

    withheld = 0
    for row in checked:
        for key in hidden[id(row)]:
            row.values[key] = SUPPRESSED
            withheld += 1
    return withheld
