"""USCC check characters: generated valid codes pass, any single-character change fails."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from govnet.registry import uscc

ALPHABET = st.sampled_from(uscc.ALPHABET)
DIGITS = st.sampled_from("0123456789")
# Organisation-code bodies use digits and the USCC letters; positions 1-2 may be letters too.
codes = st.builds(
    uscc.make,
    st.text(ALPHABET, min_size=2, max_size=2),
    st.text(DIGITS, min_size=6, max_size=6),
    st.text(ALPHABET, min_size=8, max_size=8),
).filter(lambda code: all(c in uscc.VALUE for c in code))  # GB 11714's check may be 'X' or a digit: both allowed


@given(codes)
def test_generated_codes_pass(code: str) -> None:
    assert uscc.problems(code) == []


@settings(max_examples=300)
@given(codes, st.integers(0, 17), ALPHABET)
def test_any_single_character_change_fails(code: str, position: int, replacement: str) -> None:
    if code[position] == replacement:
        return
    changed = code[:position] + replacement + code[position + 1:]
    assert uscc.problems(changed) != []


def test_letters_in_positions_one_and_two_are_accepted() -> None:
    for prefix in ("N1", "Y1", "A1", "91", "11", "12"):
        assert uscc.problems(uscc.make(prefix, "360102", "MB0000AB")) == [], prefix


def test_formats() -> None:
    assert uscc.problems("123")[0][0] == "format"
    assert uscc.problems("11360000mb12345626")[0][0] == "format"  # lower case
    assert uscc.problems("11ABCDEFMB12345626")[0][0] == "format"  # division not digits
    assert uscc.problems("91350100M000100Y43") == []  # a published example


@settings(max_examples=500)
@given(st.one_of(codes, codes.map(lambda c: c[:-2] + c[-1] + c[-2]), st.text(ALPHABET, min_size=17, max_size=19),
                 st.text(min_size=18, max_size=18)))
def test_the_fast_path_agrees_with_the_full_rules(code: str) -> None:
    assert uscc.problems(code) == uscc.judged_in_full(code)
