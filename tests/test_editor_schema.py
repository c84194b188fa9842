"""The editor schemas (`govnet schema`): they accept the model govnet accepts and reject what it rejects."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from govnet.schema.descriptions import FIELDS
from govnet.schema.editor import SCHEMA_FILES, json_schema, modeline, schema_for_path
from govnet.source.loader import load_file
from govnet.source.parse import parse

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
MINI = TESTS / "fixtures" / "mini"
ERRORS = TESTS / "errors"
VALIDATORS = {s.name: jsonschema.Draft202012Validator(json_schema(s)) for s in SCHEMA_FILES}


def _model_files(root: Path) -> list[str]:
    found = [root / "govnet.yaml", root / "registry.yaml", root / "targets.yaml"]
    for folder in ("topology", "zones", "registry.d"):
        found += (root / folder).glob("*.yaml")
    return sorted(rel for p in found if p.is_file() and schema_for_path(rel := p.relative_to(root).as_posix()))


def _as_editor_sees_it(data: object) -> Any:
    # yaml-language-server reads YAML as JSON: mapping keys are strings, dates are text.
    return json.loads(json.dumps(data, default=str, ensure_ascii=False))


def _verdicts(root: Path, rel: str) -> tuple[bool, bool, str] | None:
    """(pydantic accepts, the JSON Schema accepts, why not) for one file; None when it is not YAML at all."""
    spec = schema_for_path(rel)
    assert spec is not None
    loaded, problems = load_file(root / rel, rel)
    if loaded is None or problems:
        return None
    parsed, diagnostics = parse(loaded, spec.model)
    errors = [e.message for e in VALIDATORS[spec.name].iter_errors(_as_editor_sees_it(loaded.data))]
    # The schema stage keeps a file whose only fault is an unknown field (dropping just the field), so what
    # pydantic rejects is what it reports errors for, not only what leaves no parsed file at all.
    accepted = parsed is not None and not any(str(d.severity) == "error" for d in diagnostics)
    return accepted, not errors, "; ".join(errors[:3]) or "; ".join(d.message for d in diagnostics)


def test_every_file_of_the_default_model_matches_its_schema() -> None:
    files = _model_files(REPO)
    assert {"govnet.yaml", "topology/3601.yaml", "zones/zones.yaml", "registry.yaml", "targets.yaml"} <= set(files)
    assert any(f.startswith("registry.d/") for f in files)
    for rel in files:
        verdict = _verdicts(REPO, rel)
        assert verdict is not None and verdict[0] and verdict[1], (rel, verdict)


# What a JSON Schema cannot say: that a prefix has host bits set (GN204 on an address the pattern lets through).
SCHEMA_CANNOT_TELL = {"gn204_prefix_host_bits"}
CASES = sorted(p.name for p in ERRORS.iterdir() if p.is_dir())


@pytest.mark.parametrize("name", CASES)
def test_schema_rejects_what_pydantic_rejects_in_the_error_corpus(name: str, tmp_path: Path) -> None:
    case = ERRORS / name
    model = tmp_path / "model"
    shutil.copytree(MINI, model)
    changed = []
    for source in case.rglob("*.yaml"):
        rel = source.relative_to(case).as_posix()
        (model / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, model / rel)
        if schema_for_path(rel):
            changed.append(rel)
    for rel in changed:
        verdict = _verdicts(model, rel)
        if verdict is None:  # not YAML, or refused by the loader: no schema is asked
            continue
        pydantic_ok, schema_ok, why = verdict
        if name in SCHEMA_CANNOT_TELL:
            assert not pydantic_ok and schema_ok, (rel, why)
        else:
            assert pydantic_ok == schema_ok, (rel, why)


def test_every_field_has_an_english_and_a_chinese_description() -> None:
    for spec in SCHEMA_FILES:
        schema = json_schema(spec)
        objects = [schema, *schema.get("$defs", {}).values()]
        for node in objects:
            for prop, sub in node.get("properties", {}).items():
                text = sub.get("description", "")
                assert "\n\n" in text, f"{spec.name}: {node.get('title')}.{prop} has no description in FIELDS"
                zh, en = text.split("\n\n", 1)
                assert any("\u4e00" <= c <= "\u9fff" for c in zh) and en.strip(), (prop, text)
    assert all(en and zh for en, zh in FIELDS.values())


def test_enums_come_from_the_schema_and_carry_chinese_names() -> None:
    city = json_schema(next(s for s in SCHEMA_FILES if s.name == "city"))
    level = next(a for a in city["$defs"]["CitySpec"]["properties"]["level"]["anyOf"] if "enum" in a)
    from typing import get_args

    from govnet.schema.topology import Level
    assert level["enum"] == list(get_args(Level))
    assert len(level["enumDescriptions"]) == len(level["enum"]) and all(level["enumDescriptions"])


def test_modelines_point_at_the_schema_from_the_file() -> None:
    assert modeline("zones/policy.yaml") == "# yaml-language-server: $schema=../schemas/policy.schema.json"
    assert modeline("registry.d/3601.yaml") == "# yaml-language-server: $schema=../schemas/registry-part.schema.json"
    assert modeline("allocations.lock") is None


def test_init_ties_every_file_to_its_schema_and_writes_the_tooling(tmp_path: Path) -> None:
    from govnet.scaffold.province import scaffold

    root = tmp_path / "bj"
    scaffold(root, "11")
    files = _model_files(root)
    assert len(files) > 5
    for rel in files:
        first = (root / rel).read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), rel
        target = (root / rel).parent / first.split("=", 1)[1]
        schema = json.loads(target.read_text(encoding="utf-8"))
        loaded, problems = load_file(root / rel, rel)
        assert loaded is not None and not problems
        jsonschema.Draft202012Validator(schema).validate(_as_editor_sees_it(loaded.data))
    settings = json.loads((root / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert {Path(k).name for k in settings["yaml.schemas"]} == {s.file for s in SCHEMA_FILES}
    assert all((root / k).is_file() for k in settings["yaml.schemas"])
    assert "out/" in (root / ".gitignore").read_text(encoding="utf-8").splitlines()
    hooks = (root / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert "id: govnet-validate" in hooks and "id: govnet-allocate-check" in hooks


def test_schema_command_writes_what_the_library_generates(tmp_path: Path) -> None:
    from conftest import govnet_in_process
    from govnet.schema.editor import schema_texts

    done = govnet_in_process("schema", "--out", str(tmp_path / "s"), "--lang", "en")
    assert done.returncode == 0, done.stderr
    written = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "s").iterdir()}
    assert written == schema_texts("en")
    assert not any("\u4e00" <= c <= "\u9fff" for c in written["policy.schema.json"])
