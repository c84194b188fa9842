"""The documentation says what the tool does: the code table in docs/ is the one the tool uses, every code the
source reports is in it (and none is dead), and the README's examples run as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import copy_model
from govnet.codes import CODES, markdown_table

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "govnet"
CODE = re.compile(r"\bGN\d{3}\b")


def test_diagnostics_doc_is_what_the_table_generates() -> None:
    doc = ROOT / "docs" / "diagnostics.md"
    assert doc.read_text(encoding="utf-8") == markdown_table(), "run: python -m govnet.codes > docs/diagnostics.md"
    assert set(CODE.findall(doc.read_text(encoding="utf-8"))) == set(CODES)


def test_every_code_the_source_reports_is_in_the_table_and_every_entry_is_reported() -> None:
    used = {code for path in SOURCE.rglob("*.py") if path.name != "codes.py"
            for code in CODE.findall(path.read_text(encoding="utf-8"))}
    assert used - set(CODES) == set(), "codes reported but missing from govnet/codes.py"
    assert set(CODES) - used == set(), "codes in the table that nothing reports"


def test_codes_are_well_formed_with_a_title() -> None:
    assert all(CODE.fullmatch(code) and info.code == code and info.title for code, info in CODES.items())


def _readme_example(command: str) -> str:
    """The text block of the README that starts with ``$ <command>``, without that line."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"```text\n\$ " + re.escape(command) + r"\n(.*?)```", readme, re.DOTALL)
    assert match, f"README has no example of '{command}'"
    return match.group(1)


def test_readme_three_mistakes_show_in_one_run(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from govnet.cli.app import run

    model = copy_model(ROOT, tmp_path / "model")
    city = model / "topology" / "3601.yaml"
    text = city.read_text(encoding="utf-8")
    first = "        - {code: 360102002, name: 滕王阁街道, profile: township-dual}\n"
    assert first in text and "  name: 南昌市\n" in text
    text = text.replace("  name: 南昌市\n", "  name: 南昌市\n  profle: city\n", 1)
    city.write_text(text.replace(first, "        - {code: 360202099, name: 新设街道}\n" + first, 1), encoding="utf-8")
    province = model / "topology" / "province.yaml"
    text = province.read_text(encoding="utf-8")
    assert text.count("b: JX-NATIONAL-PE02") == 1
    province.write_text(text.replace("b: JX-NATIONAL-PE02", "b: JX-NATONAL-PE02"), encoding="utf-8")
    monkeypatch.chdir(model)
    monkeypatch.setenv("NO_COLOR", "1")

    assert run(["validate", "--errors-only"]) == 1
    assert capsys.readouterr().out == _readme_example("govnet validate --errors-only")
