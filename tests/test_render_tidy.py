"""The fast tidy (govnet.render.engine._tidy) gives the line-by-line reference's answer for any text a template
may emit: line ends other than '\\n', trailing blanks, empty lines, runs of '#' and '!' separator lines."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govnet.pipeline import validate
from govnet.render.devices import build_contexts
from govnet.render.engine import Renderer, _is_tidy, _tidy, _tidy_lines
from govnet.render.secrets import Secrets

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


@pytest.mark.parametrize("case", ["huawei-h3c", "cisco-isis"])
def test_router_templates_emit_text_the_fast_path_takes(case: str) -> None:
    """The router templates (Huawei, Comware, IOS XE) emit no empty line (whitespace control where a macro's text ends
    its line already), so their configs skip the line loop: nine devices in ten of a province."""
    root = Path(__file__).resolve().parent / "golden" / case / "model"
    result = validate(root)
    assert result.model is not None and result.addresses is not None
    renderer = Renderer(root, False)
    renderer.tidy = str  # the text as the templates give it
    seen = set()
    for context in build_contexts(result.model, result.addresses.book, Secrets()).values():
        if context.platform in ("huawei_vrp", "huawei_vrp8", "h3c_comware", "cisco_iosxe"):
            text = renderer.render(context)
            assert _is_tidy(text), f"{context.name}: empty line or trailing blank in the template's text"
            assert _tidy_lines(text) == text
            seen.add(context.platform)
    assert seen
