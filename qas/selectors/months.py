"""Days and moments in UK time, as the QAS lists count them.

The calendar-month arithmetic (first and last days, adding months, the months between two
days) is shared by every app in ``jomcase.months``.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def local_midnight(day: dt.date) -> dt.datetime:
    """The moment ``day`` begins in UK time."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def local_date(moment: dt.datetime) -> dt.date:
    """The UK date of ``moment``."""
    return timezone.localtime(moment).date()
