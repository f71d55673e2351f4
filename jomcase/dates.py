"""Reading a date typed into GOV.UK's date input: day, month and year in three boxes.

Every date input of the service reads its boxes here, so each accepts the same things and
says the same about a mistake: numbers, and in the month box a month's name or its first
three letters in any case ("12", "Dec", "december"), as GOV.UK's date input pattern asks.
The messages follow that pattern: "<what> must include a month", "<what> must be a real date".
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.core.exceptions import ValidationError

PARTS = ("day", "month", "year")

# "jan" … "dec" and "january" … "december", and "sept", which people often write.
_MONTHS = {
    **{name.lower(): number for number, name in enumerate(calendar.month_name) if name},
    **{name.lower(): number for number, name in enumerate(calendar.month_abbr) if name},
    "sept": 9,
}


def month_number(text: str) -> int | None:
    """The month typed as a number or an English name; None when it is neither."""
    text = text.strip().rstrip(".").lower()
    if text.isdigit():
        return int(text)
    return _MONTHS.get(text)


def date_from_parts(day: str, month: str, year: str, *, what: str) -> dt.date | None:
    """The date in the three boxes; None when all are empty.

    Raises ValidationError with code ``incomplete`` (naming the empty boxes), ``year`` (not
    four digits) or ``invalid`` (anything else that is not a real date).
    """
    typed = {"day": str(day or "").strip(), "month": str(month or "").strip()}
    typed["year"] = str(year or "").strip()
    if not any(typed.values()):
        return None
    missing = [part for part in PARTS if not typed[part]]
    if missing:
        raise ValidationError(f"{what} must include a {' and '.join(missing)}", code="incomplete")
    number = month_number(typed["month"])
    if not (typed["day"].isdigit() and typed["year"].isdigit()) or number is None:
        raise ValidationError(f"{what} must be a real date", code="invalid")
    if len(typed["year"]) != 4:
        raise ValidationError("Year must include 4 numbers", code="year")
    try:
        return dt.date(int(typed["year"]), number, int(typed["day"]))
    except ValueError:
        raise ValidationError(f"{what} must be a real date", code="invalid") from None
