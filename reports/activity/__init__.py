"""DEA activity and compliance figures (DESIGN.md section 8): aggregates by month and area.

``activity_figures(Scope(...))`` is the report; ``MEASURES`` lists its tables. To add a table,
write one function decorated with ``definitions.measure`` in a module imported by
``figures``.
"""

from reports.activity.definitions import MEASURES, SUPPRESSED
from reports.activity.figures import (
    ActivityFigures,
    FigureRow,
    Section,
    activity_figures,
    cached_activity_figures,
)
from reports.activity.scope import LEVELS, MAX_MONTHS, Scope, default_months

__all__ = [
    "LEVELS",
    "MAX_MONTHS",
    "MEASURES",
    "SUPPRESSED",
    "ActivityFigures",
    "FigureRow",
    "Scope",
    "Section",
    "activity_figures",
    "cached_activity_figures",
    "default_months",
]
