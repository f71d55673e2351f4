"""What a search typed into a list of support requests finds (issue 12, point 7).

One box takes whatever the DEA or requester has to hand:

- a reference, as the service writes it or as people type it: ``DSR-000123``, ``dsr123``,
  ``DSR 123`` or just ``123``;
- a National Insurance number, whole or its start, in any case and spacing
  (``ab 12 34 56 c``), read through ``claimants.nino.normalise``;
- otherwise a claimant's name: each word must start a word of their surname or forenames,
  ignoring case and accents, so ``sian`` finds Siân, ``lukasiewicz`` finds Łukasiewicz,
  ``mai`` finds Thị Mai and ``briain`` finds Ó Briain. Hyphens and apostrophes part words
  as spaces do (``jones`` finds Lloyd-Jones, ``o'brien`` finds O'Brien).

Accents are folded with PostgreSQL's built-in ``translate()`` and the same table in Python,
so no extension (``unaccent``) is needed and both sides always agree. A claimant is only
searched by who they are where the viewer may see them named (DESIGN.md section 10), so a
search never reveals that a request exists about someone hidden from the viewer.
"""

from __future__ import annotations

import re
import string
import unicodedata

from django.db.models import CharField, F, Func, Q, Value
from django.db.models.lookups import Contains, StartsWith

from claimants import nino as nino_rules

_REFERENCE = re.compile(r"^(?:DSR)?[\s\-_.:#]*0*(\d{1,12})$", re.IGNORECASE)
# Two letters and at least two digits: the start of a number, not a short surname.
_NINO_START = re.compile(r"^[A-Z]{2}[0-9]{2,6}[A-D]?$", re.ASCII)

#: Letters a lookalike base letter cannot be found for by decomposition (\u0131 is the
#: dotless i).
_SPECIAL = {"ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ø": "o", "Ø": "o", "\u0131": "i", "ħ": "h"}
#: Marks inside a name that part its words, read as a space (\u2019 is the curly apostrophe).
_WORD_BREAKS = {"-": " ", "'": " ", "\u2019": " "}


def _fold_table() -> tuple[str, str]:
    """Each upper-case ASCII letter and each accented Latin letter, and its plain lower case.

    One character for one, as ``translate()`` needs; a character outside the table is
    left as it is on both sides.
    """
    pairs = dict(zip(string.ascii_uppercase, string.ascii_lowercase, strict=True))
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        base = unicodedata.normalize("NFKD", char)[:1]
        if base.isascii() and base.isalpha() and base != char:
            pairs[char] = base.lower()
    pairs.update(_SPECIAL)
    pairs.update(_WORD_BREAKS)
    return "".join(pairs), "".join(pairs.values())


FOLD_FROM, FOLD_TO = _fold_table()
_FOLD = str.maketrans(FOLD_FROM, FOLD_TO)


def fold(text: str) -> str:
    """``text`` in lower case without accents, as ``Folded`` makes a column in SQL."""
    return unicodedata.normalize("NFC", text).translate(_FOLD)


class Folded(Func):
    """A text column in lower case without accents: PostgreSQL ``translate()``."""

    function = "TRANSLATE"
    output_field = CharField()

    def __init__(self, expression, **extra):
        super().__init__(expression, Value(FOLD_FROM), Value(FOLD_TO), **extra)


def reference_id(text: str) -> int | None:
    """The request id in a typed reference (``DSR-000123``, ``dsr123``, ``123``), or None."""
    found = _REFERENCE.match(text.strip())
    return int(found.group(1)) if found else None


def claimant_q(text: str) -> Q | None:
    """The claimants a search names, by National Insurance number or by name; None for
    nothing to search by. Paths are from a support request."""
    nino = nino_rules.normalise(text)
    if len(nino) == 9 and nino_rules.is_valid(nino):
        return Q(claimant__nino=nino)
    if _NINO_START.match(nino):
        return Q(claimant__nino__startswith=nino)
    words = [fold(word) for word in text.split()]
    if not words:
        return None
    found = Q()
    for word in words:
        found &= _starts_a_word("claimant__surname", word) | _starts_a_word(
            "claimant__forenames", word
        )
    return found


def _starts_a_word(column: str, word: str) -> Q:
    """``word`` (folded) starts the column's text, or a word inside it: Thị Mai, Ó Briain."""
    folded = Folded(F(column))
    return Q(StartsWith(folded, word)) | Q(Contains(folded, f" {word}"))


def support_request_search_q(text: str, *, claimant_named: Q) -> Q:
    """The requests a search finds. ``claimant_named`` is the filter on requests whose
    claimant the viewer may see named; a search by claimant looks only among those."""
    request_id = reference_id(text)
    if request_id is not None:
        return Q(pk=request_id)
    by_claimant = claimant_q(text)
    if by_claimant is None:
        return Q()
    return by_claimant & claimant_named
