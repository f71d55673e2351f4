"""The headcount chart: one small bar chart per adviser type, FTE by financial year.

Drawn on the server as inline SVG, so it needs no script. Each type has its own scale (a type
of 13 FTE next to one of 7,793 would otherwise be invisible), and the table on the same page
holds the exact figures: the chart is hidden from screen readers, for which the table is the
way in.
"""

from __future__ import annotations

import math

from reports.selectors import Headcount

WIDTH = 300
HEIGHT = 150
TOP = 18  # room for the value over the tallest bar
BOTTOM = 20  # room for the year labels
SIDE = 4
#: Above this many years the values are left off the bars (they would overlap).
VALUES_UP_TO = 6
#: At most this many year labels under a chart.
YEAR_LABELS = 6


def headcount_chart(hc: Headcount) -> list[dict]:
    """Panels of bars in SVG coordinates; a year without returns has ``bar`` None."""
    count = len(hc.years)
    if not count or not hc.rows:
        return []
    slot = (WIDTH - 2 * SIDE) / count
    bar_width = round(slot * 0.7, 1)
    plot = HEIGHT - TOP - BOTTOM
    label_every = math.ceil(count / YEAR_LABELS)
    panels = []
    for row in hc.rows:
        values = [row.values[label] for label in hc.year_labels]
        top = max((v for v in values if v is not None), default=None)
        bars = []
        for index, (year, value) in enumerate(zip(hc.years, values, strict=True)):
            x = SIDE + index * slot + (slot - bar_width) / 2
            centre = round(x + bar_width / 2, 1)
            bar = None
            if value is not None:
                height = round(plot * value / top, 1) if top else 0
                bar = {"y": round(TOP + plot - height, 1), "height": max(height, 1)}
            bars.append(
                {
                    "x": round(x, 1),
                    "x_end": round(x + bar_width, 1),
                    "centre": centre,
                    "bar": bar,
                    "value": f"{value:,}" if value is not None else "",
                    "show_value": count <= VALUES_UP_TO and value is not None,
                    "value_y": round((bar["y"] if bar else TOP + plot) - 4, 1),
                    "year": year.label[2:] if index % label_every == 0 else "",
                }
            )
        panels.append(
            {
                "title": row.adviser_type,
                "highest": f"{top:,}" if top is not None else "",
                "bars": bars,
                "baseline": TOP + plot,
                "blank_y": TOP + plot - 4,  # a dashed stub where a year has no returns
                "year_y": HEIGHT - 5,
                "bar_width": bar_width,
            }
        )
    return panels
