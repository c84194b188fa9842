"""The SVG writer's shortcuts (draw/svg.py) held to what they stand in for: ids and labels with nothing to escape
passed through as xml.sax.saxutils would write them, and everything else still escaped by it."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

import pytest

from govnet.draw.svg import _escaped, _quoted

CASES = ["", "label-360102", "南昌县 10.0.0.1/30", "a&b", "<g>", "x>y", 'say "hi"', "it's", "both \"'", "tab\there",
         "line\nbreak", "cr\rhere", "&amp;", "2×10G（电信、联通）"]


@pytest.mark.parametrize("value", CASES)
def test_quoted_is_quoteattr(value: str) -> None:
    assert _quoted(value) == quoteattr(value)


@pytest.mark.parametrize("value", CASES)
def test_escaped_is_escape(value: str) -> None:
    assert _escaped(value) == escape(value)
