"""The fast tidy (govnet.render.engine._tidy) gives the line-by-line reference's answer for any text a template
may emit: line ends other than '\\n', trailing blanks, empty lines, runs of '#' and '!' separator lines."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govnet.render.engine import _tidy, _tidy_lines

# What the fast path must notice (every line end splitlines() knows, the blanks rstrip() removes) and what it
# handles itself (empty lines, separators).
ALPHABET = ["a", "#", "!", " ", "\t", "\n", "\n", "\n", "\r", "\r\n", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x1f",
            "\x85", "\u2028", "\u2029", "\u00a0", "\u00e9"]

CASES = [
    "", "\n", "\n\n\n", "a", "a\n", "\na\n", "\n\n\na\n\n\nb\n\n", "a \nb\n", "a\t\n", "a\x1f\n", "a\r\nb\n",
    "a\rb\n", "a\vb\n", "a\x1cb\n", "#\n#\n", "#\n\n#\na\n", "a\n#\n\n\n#\n!\n!\n", "!\n\n!\n", "#\n#", "x#\n#\n",
    "#\n#x\n", "a\u2028b\n", "\u00e9\n\n", "sysname r1\n#\n\n\ninterface X\n ip address 10.0.0.1 255.255.255.254\n#\n",
]


@pytest.mark.parametrize("text", CASES)
def test_tidy_is_the_reference(text: str) -> None:
    assert _tidy(text) == _tidy_lines(text)


def test_tidy_drops_empty_lines_and_repeated_separators() -> None:
    assert _tidy("\nsysname r1\n#\n\n\n#\ninterface X\n\n#\n") == "sysname r1\n#\ninterface X\n#\n"


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(ALPHABET), max_size=40).map("".join))
def test_tidy_is_the_reference_for_any_text(text: str) -> None:
    assert _tidy(text) == _tidy_lines(text)
