"""National Insurance numbers, checked to HMRC's rules (National Insurance Manual NIM39110).

A number is two prefix letters, six digits and a suffix letter A, B, C or D. The letters
D, F, I, Q, U and V are never used as the first or second letter, O is never the second,
and the prefixes BG, GB, KN, NK, NT, TN and ZZ are never allocated. People type numbers
in any case with spaces or punctuation; we keep ``AB123456C`` and show ``AB 12 34 56 C``.
"""

from __future__ import annotations

import re
import string
import unicodedata

from django.core.exceptions import ValidationError

NEVER_IN_PREFIX = frozenset("DFIQUV")
NEVER_SECOND = frozenset("O")
UNUSED_PREFIXES = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})
SUFFIXES = frozenset("ABCD")

# Only ASCII letters and digits make a number; other scripts' digits are not HMRC's.
_SHAPE = re.compile(r"^[A-Z]{2}[0-9]{6}[A-Z]$", re.ASCII)
_ASCII_UPPER = str.maketrans(string.ascii_lowercase, string.ascii_uppercase)


def _is_separator(char: str) -> bool:
    """Spaces, punctuation and control characters (tabs, new lines) typed between the parts."""
    return unicodedata.category(char)[0] in "ZPC"


def normalise(value: str) -> str:
    """Upper case with spaces and punctuation removed; no check is made.

    Only ASCII letters are upper-cased, so a look-alike from another script stays itself and
    fails the format check rather than turning into a different, valid number.
    """
    kept = "".join(char for char in str(value or "") if not _is_separator(char))
    return kept.translate(_ASCII_UPPER)


def problem(value: str) -> str | None:
    """The first rule ``value`` breaks, as a sentence for the user, or None when it is valid."""
    nino = normalise(value)
    if not nino:
        return "Enter a National Insurance number"
    if not _SHAPE.match(nino):
        return (
            "Enter a National Insurance number in the right format: 2 letters, 6 numbers "
            "and a letter A, B, C or D, like AB 12 34 56 C"
        )
    first, second, suffix = nino[0], nino[1], nino[8]
    if first in NEVER_IN_PREFIX:
        return f"A National Insurance number cannot start with {first}"
    if second in NEVER_IN_PREFIX or second in NEVER_SECOND:
        return f"The second letter of a National Insurance number cannot be {second}"
    if nino[:2] in UNUSED_PREFIXES:
        return f"{nino[:2]} is not used at the start of a National Insurance number"
    if suffix not in SUFFIXES:
        return "The last letter of a National Insurance number must be A, B, C or D"
    return None


def is_valid(value: str) -> bool:
    return problem(value) is None


def validate_nino(value: str) -> None:
    """Django validator: raise ValidationError with the rule the number breaks."""
    message = problem(value)
    if message:
        raise ValidationError(message, code="invalid_nino")


def display(nino: str) -> str:
    """``AB123456C`` -> ``AB 12 34 56 C``."""
    n = normalise(nino)
    if len(n) != 9:
        return n
    return f"{n[:2]} {n[2:4]} {n[4:6]} {n[6:8]} {n[8]}"


VALID_PREFIX_LETTERS_FIRST = sorted(set("ABCDEFGHIJKLMNOPQRSTUVWXYZ") - NEVER_IN_PREFIX)
VALID_PREFIX_LETTERS_SECOND = sorted(
    set("ABCDEFGHIJKLMNOPQRSTUVWXYZ") - NEVER_IN_PREFIX - NEVER_SECOND
)
VALID_PREFIXES = [
    a + b
    for a in VALID_PREFIX_LETTERS_FIRST
    for b in VALID_PREFIX_LETTERS_SECOND
    if a + b not in UNUSED_PREFIXES
]


def from_number(n: int) -> str:
    """A valid, distinct number for each ``n`` (0 <= n < ~1.3 billion), for test and demo data."""
    prefix, rest = divmod(n, 1_000_000 * 4)
    digits, suffix = divmod(rest, 4)
    return f"{VALID_PREFIXES[prefix % len(VALID_PREFIXES)]}{digits:06d}{'ABCD'[suffix]}"
