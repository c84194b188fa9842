"""The repository's own model is edited like any model `govnet init` writes: each file names its JSON Schema
in a yaml-language-server modeline, the schemas it names are there and current, VS Code maps them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import jsonschema

from govnet.schema.editor import SCHEMA_DIR, modeline, schema_texts, vscode_settings
from govnet.source.loader import load_file

REPO = Path(__file__).resolve().parents[1]


def _model_files() -> list[str]:
    listed = subprocess.run(["git", "ls-files", "govnet.yaml", "targets.yaml", "registry.yaml", "registry.d",
                             "topology", "zones"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    return [rel for rel in listed.split() if rel.endswith(".yaml")]


def test_every_model_file_with_a_schema_starts_with_its_modeline_once() -> None:
    files = _model_files()
    with_schema = [rel for rel in files if modeline(rel)]
    assert len(with_schema) >= 20  # govnet.yaml, targets, registry (+ per city), topology, zones
    for rel in files:
        lines = (REPO / rel).read_text(encoding="utf-8").splitlines()
        expected = modeline(rel)
        if expected is None:  # county files have no schema of their own: init writes no modeline either
            assert not any(line.startswith("# yaml-language-server:") for line in lines), rel
            continue
        assert lines[0] == expected, rel
        assert sum(line.startswith("# yaml-language-server:") for line in lines) == 1, rel


def test_each_modeline_names_a_committed_current_schema_that_the_file_satisfies() -> None:
    current = schema_texts()
    for name, text in current.items():
        committed = REPO / SCHEMA_DIR / name
        assert committed.is_file() and committed.read_text(encoding="utf-8") == text, \
            f"{committed} is stale: run govnet schema -o {SCHEMA_DIR}"
    for rel in _model_files():
        line = modeline(rel)
        if line is None:
            continue
        target = ((REPO / rel).parent / line.split("$schema=", 1)[1]).resolve()  # as the editor resolves it
        assert target.parent == REPO / SCHEMA_DIR and target.name in current, rel
        schema = json.loads(target.read_text(encoding="utf-8"))
        loaded, problems = load_file(REPO / rel, rel)
        assert loaded is not None and not problems, rel
        as_json = json.loads(json.dumps(loaded.data, default=str, ensure_ascii=False))  # as the editor reads YAML
        jsonschema.Draft202012Validator(schema).validate(as_json)


def test_vscode_settings_are_the_ones_init_writes() -> None:
    from govnet.scaffold.tooling import with_tooling

    written = with_tooling({})
    assert (REPO / ".vscode" / "settings.json").read_text(encoding="utf-8") == vscode_settings(SCHEMA_DIR)
    for name in (".vscode/settings.json", ".vscode/extensions.json"):
        assert (REPO / name).read_text(encoding="utf-8") == written[name], name
