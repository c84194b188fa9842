"""The code table in docs/ is the one the tool uses: documentation cannot drift."""

from __future__ import annotations

from pathlib import Path

from govnet.codes import CODES, markdown_table


def test_diagnostics_doc_matches_code_table() -> None:
    doc = Path(__file__).resolve().parents[1] / "docs" / "diagnostics.md"
    assert doc.read_text(encoding="utf-8") == markdown_table(), "run: python -m govnet.codes > docs/diagnostics.md"


def test_codes_are_stable_and_well_formed() -> None:
    assert all(code.startswith("GN") and len(code) == 5 and code[2:].isdigit() for code in CODES)
    assert all(info.code == code for code, info in CODES.items())
