"""National Insurance numbers are checked against HMRC's allocation rules (DESIGN.md section 3).

Staff type numbers in whatever case and spacing the letter in front of them uses; the service
keeps one normalised form, shows the familiar grouped form, and refuses numbers HMRC never
issues with a sentence that says which rule was broken.
"""

from __future__ import annotations

import string

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from claimants import nino

LETTERS = string.ascii_uppercase
ALLOWED_FIRST = sorted(set(LETTERS) - set("DFIQUV"))
ALLOWED_SECOND = sorted(set(LETTERS) - set("DFIQUVO"))
UNUSED = ["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"]


# --- examples ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "AB123456C",
        "ab123456c",
        "ab 12 34 56 c",
        "AB 12 34 56 C",
        "  ab12 3456c ",
        "AB-12-34-56-C",
        "ab.12.34.56.c",
        "Ab/123456/C",
        "AB\t12\n34 56 C",
        "AB_12_34_56_C",
        "AB:12:34:56:C",
        "(AB) 123456-C",
    ],
)
def test_case_spacing_and_punctuation_are_normalised(typed):
    assert nino.is_valid(typed)
    assert nino.normalise(typed) == "AB123456C"
    assert nino.display(typed) == "AB 12 34 56 C"


def test_the_example_from_the_design_is_stored_plain_and_shown_grouped():
    assert nino.normalise("ab 12 34 56 c") == "AB123456C"
    assert nino.display("AB123456C") == "AB 12 34 56 C"


@pytest.mark.parametrize("suffix", list("ABCD"))
def test_each_suffix_a_to_d_is_accepted(suffix):
    assert nino.problem(f"JK123456{suffix}") is None


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("QQ123456C", "cannot start with Q"),
        ("BG123456A", "BG is not used"),
        ("AB123456E", "must be A, B, C or D"),
        ("AO123456A", "second letter of a National Insurance number cannot be O"),
    ],
)
def test_well_known_bad_numbers_are_refused_with_the_rule_they_break(typed, words):
    message = nino.problem(typed)
    assert message is not None
    assert words in message
    with pytest.raises(ValidationError) as caught:
        nino.validate_nino(typed)
    assert words in caught.value.messages[0]


@pytest.mark.parametrize("letter", list("DFIQUV"))
def test_d_f_i_q_u_v_are_never_the_first_letter(letter):
    message = nino.problem(f"{letter}A123456A")
    assert message == f"A National Insurance number cannot start with {letter}"


@pytest.mark.parametrize("letter", list("DFIQUVO"))
def test_d_f_i_q_u_v_and_o_are_never_the_second_letter(letter):
    message = nino.problem(f"A{letter}123456A")
    assert message == f"The second letter of a National Insurance number cannot be {letter}"


def test_o_may_be_the_first_letter():
    assert nino.is_valid("OA123456A")


@pytest.mark.parametrize("prefix", UNUSED)
def test_prefixes_never_allocated_are_refused(prefix):
    assert nino.problem(f"{prefix}123456A") == (
        f"{prefix} is not used at the start of a National Insurance number"
    )


@pytest.mark.parametrize(
    "typed",
    [
        "A123456C",  # one prefix letter
        "ABC23456C",  # three letters
        "AB12345C",  # five digits
        "AB1234567C",  # seven digits
        "AB123456",  # no suffix
        "AB123456CD",  # two suffix letters
        "12AB3456C",  # letters in the wrong place
        "AB12E456C",
        "AB123456 1",
        "AB\u0661\u0662\u0663\u0664\u0665\u0666C",  # digits from another script
        "AB\uff11\uff12\uff13\uff14\uff15\uff16C",  # full-width digits
        "ÄB123456C",
        "\u017fB123456C",  # a long s, which Python upper-cases to a plain S
        "AK123456\u212a",  # the Kelvin sign, which looks like K
    ],
)
def test_anything_not_two_letters_six_digits_and_a_letter_is_refused(typed):
    message = nino.problem(typed)
    assert message is not None
    assert "2 letters, 6 numbers" in message


@pytest.mark.parametrize("typed", ["", "   ", None, "- -"])
def test_an_empty_number_asks_for_one(typed):
    assert nino.problem(typed) == "Enter a National Insurance number"


def test_validator_reports_an_invalid_nino_code():
    with pytest.raises(ValidationError) as caught:
        nino.validate_nino("QQ123456C")
    assert caught.value.code == "invalid_nino"
    nino.validate_nino("AB123456C")  # a valid number raises nothing


# --- properties -------------------------------------------------------------------------

valid_prefixes = st.sampled_from(ALLOWED_FIRST).flatmap(
    lambda a: st.sampled_from(ALLOWED_SECOND).map(lambda b: a + b)
)
valid_ninos = st.builds(
    lambda prefix, digits, suffix: f"{prefix}{digits:06d}{suffix}",
    valid_prefixes.filter(lambda p: p not in UNUSED),
    st.integers(0, 999_999),
    st.sampled_from("ABCD"),
)
separators = st.text(alphabet=" -./\t", max_size=3)


@st.composite
def as_typed(draw, number: str) -> str:
    """``number`` as someone might type it: random case and separators between characters."""
    out = [draw(separators)]
    for char in number:
        out.append(char.lower() if draw(st.booleans()) else char)
        out.append(draw(separators))
    return "".join(out)


@given(st.data(), valid_ninos)
def test_any_valid_number_survives_normalising_and_display(data, number):
    typed = data.draw(as_typed(number))
    assert nino.is_valid(typed)
    assert nino.normalise(typed) == number
    shown = nino.display(typed)
    assert shown.replace(" ", "") == number
    assert shown == f"{number[:2]} {number[2:4]} {number[4:6]} {number[6:8]} {number[8]}"
    # What is shown can be typed back in and means the same number.
    assert nino.normalise(shown) == number
    assert nino.is_valid(shown)


@given(
    st.sampled_from("DFIQUV"),
    st.sampled_from(LETTERS),
    st.integers(0, 999_999),
    st.sampled_from("ABCD"),
    st.booleans(),
)
def test_a_forbidden_letter_in_either_prefix_place_is_always_refused(
    bad, other, digits, suffix, bad_first
):
    prefix = bad + other if bad_first else other + bad
    assert not nino.is_valid(f"{prefix}{digits:06d}{suffix}")


@given(st.sampled_from(ALLOWED_FIRST), st.integers(0, 999_999), st.sampled_from("ABCD"))
def test_o_in_second_place_is_always_refused(first, digits, suffix):
    assert not nino.is_valid(f"{first}O{digits:06d}{suffix}")


@given(st.data(), st.sampled_from(UNUSED), st.integers(0, 999_999), st.sampled_from("ABCD"))
def test_an_unused_prefix_is_refused_however_it_is_typed(data, prefix, digits, suffix):
    typed = data.draw(as_typed(f"{prefix}{digits:06d}{suffix}"))
    assert not nino.is_valid(typed)


@given(valid_prefixes, st.integers(0, 999_999), st.sampled_from(sorted(set(LETTERS) - set("ABCD"))))
def test_a_suffix_outside_a_to_d_is_always_refused(prefix, digits, suffix):
    assert not nino.is_valid(f"{prefix}{digits:06d}{suffix}")


@given(st.text(max_size=20))
def test_whatever_is_accepted_normalises_to_nine_plain_ascii_characters(text):
    if nino.is_valid(text):
        stored = nino.normalise(text)
        assert len(stored) == 9
        assert stored.isascii()
        assert stored[:2].isalpha() and stored[2:8].isdigit() and stored[8] in "ABCD"


FROM_NUMBER_RANGE = st.integers(0, len(nino.VALID_PREFIXES) * 4_000_000 - 1)


@given(FROM_NUMBER_RANGE)
def test_from_number_always_gives_a_valid_number(n):
    assert nino.is_valid(nino.from_number(n))
    assert nino.normalise(nino.from_number(n)) == nino.from_number(n)


@given(st.lists(FROM_NUMBER_RANGE, unique=True))
def test_from_number_gives_distinct_numbers_for_distinct_inputs(ns):
    assert len({nino.from_number(n) for n in ns}) == len(ns)


def test_from_number_covers_every_allowed_prefix_once():
    prefixes = {nino.from_number(i * 4_000_000)[:2] for i in range(len(nino.VALID_PREFIXES))}
    assert prefixes == {a + b for a in ALLOWED_FIRST for b in ALLOWED_SECOND if a + b not in UNUSED}
