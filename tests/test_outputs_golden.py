"""Golden outputs besides the configs: tests/golden/<case>/model (and tests/fixtures/mini, the small model with
access units, whose outputs go to tests/golden/mini/expected) → tests/golden/<case>/expected/<file> for the
build summary (summary.json), the address plan (ipam/report.txt, ipam/report.json, ipam/allocations.csv), the
text diagrams (diagrams/*.dot, diagrams/*.mmd) and the ledger (records/ledger.csv).

Regenerate with GOVNET_REGEN_GOLDEN=1, as the config goldens (tests/test_configs_golden.py), and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from govnet.draw import ViewOptions, diagram_files
from govnet.ipam.report import plan_csv, report_json, report_text, utilisation
from govnet.pipeline import validate
from govnet.records import granted_addresses, ledger
from govnet.records.summary import report_json as summary_json
from govnet.render.ports import lock_port_names

GOLDEN = Path(__file__).resolve().parent / "golden"
MODELS = {p.name: p / "model" for p in sorted(GOLDEN.iterdir()) if (p / "model").is_dir()}
MODELS["mini"] = GOLDEN.parent / "fixtures" / "mini"  # the config cases have no units: mini's fill the ledger
REGEN = os.environ.get("GOVNET_REGEN_GOLDEN") == "1"
DATE = "2024-05-01"  # the diagrams' subtitle date: fixed, where a build takes the model's commit date
FAMILIES = ("summary.json", "ipam/", "diagrams/", "records/ledger.csv")


def _outputs(root: Path) -> dict[str, bytes]:
    """Each file's bytes as the build writes them (the ledger has a byte-order mark and CRLF line ends)."""
    result = validate(root)
    assert result.ok and result.model is not None and result.addresses is not None, result.diagnostics
    model, plan = result.model, result.addresses
    usage = utilisation(plan)
    found = {
        "summary.json": summary_json(".", model, result.diagnostics).encode("utf-8"),
        "ipam/report.txt": report_text(usage).encode("utf-8"),
        "ipam/report.json": report_json(usage).encode("utf-8"),
        "ipam/allocations.csv": plan_csv(plan, lock_port_names(model)).encode("utf-8"),
        "records/ledger.csv": ledger.to_csv(ledger.rows(model, granted_addresses(plan))),
    }
    for view in ("province", "city", "zone"):
        files = diagram_files(model, view, ["dot", "mermaid"], ViewOptions(date=DATE))
        found |= {f"diagrams/{name}": data for name, data in files.items()}
    return found


def _expected(expected_dir: Path) -> dict[str, bytes]:
    return {p.relative_to(expected_dir).as_posix(): p.read_bytes()
            for p in sorted(expected_dir.rglob("*")) if p.is_file() and p.suffix != ".cfg"}


@pytest.mark.parametrize("case", sorted(MODELS))
def test_golden_outputs(case: str) -> None:
    rendered = _outputs(MODELS[case])
    expected_dir = GOLDEN / case / "expected"
    if REGEN:
        for old in _expected(expected_dir):
            (expected_dir / old).unlink()
        for rel, data in rendered.items():
            (expected_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / rel).write_bytes(data)
    expected = _expected(expected_dir)
    assert sorted(rendered) == sorted(expected)
    for rel, data in rendered.items():
        assert data == expected[rel], f"{case}/{rel} differs from the golden file (GOVNET_REGEN_GOLDEN=1 regenerates)"
    for family in FAMILIES:  # every family is covered, none by an empty file
        assert any(rel.startswith(family) and data.strip() for rel, data in rendered.items()), family
