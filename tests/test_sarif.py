"""`govnet validate --format sarif`: what a code-scanning service checks before it accepts an upload."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import copy_model, govnet_in_process
from govnet.codes import CODES
from govnet.diagnostics_sarif import FINGERPRINT, sarif_log
from govnet.pipeline import validate

TESTS = Path(__file__).resolve().parent
SARIF_SCHEMA = json.loads((TESTS / "vendor" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
MINI = TESTS / "fixtures" / "mini"


def _broken(tmp_path: Path) -> Path:
    """mini with an error with a hint (misspelt field), a wrong type and a warning (a stray topology file)."""
    root = copy_model(MINI, tmp_path / "model")
    city = root / "topology" / "3602.yaml"
    city.write_text(city.read_text(encoding="utf-8").replace("name: 昌江区", "nmae: 昌江区"), encoding="utf-8")
    (root / "topology" / "notes.yaml").write_text("# notes\nwhatever: 1\n", encoding="utf-8")
    return root


def _sarif(root: Path, cwd: Path) -> dict[str, Any]:
    done = govnet_in_process("validate", str(root), "--format", "sarif", cwd=cwd)
    assert done.returncode == 1, done.stderr
    log: dict[str, Any] = json.loads(done.stdout)
    return log


def test_sarif_output_is_valid_sarif_2_1_0_with_one_rule_per_code(tmp_path: Path) -> None:
    root = _broken(tmp_path)
    log = _sarif(root, cwd=tmp_path)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(CODES)  # every code once, no duplicate ids
    assert all(r["shortDescription"]["text"] and r["helpUri"].endswith("#" + r["id"].lower()) for r in rules)
    doc = (TESTS.parent / "docs" / "diagnostics.md").read_text(encoding="utf-8")
    assert all(f'<a id="{r["helpUri"].rsplit("#", 1)[1]}"></a>' in doc for r in rules)  # each link lands on its row
    results = run["results"]
    expected = {(d.code, d.file, d.line, d.column, str(d.severity)) for d in validate(root).diagnostics}
    found = set()
    for r in results:
        assert r["message"]["text"].strip()
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        where = r["locations"][0]["physicalLocation"]
        # Paths relative to the working directory, as CI checks the repository out.
        assert where["artifactLocation"]["uri"].startswith("model/")
        found.add((r["ruleId"], where["artifactLocation"]["uri"].removeprefix("model/"),
                   where["region"]["startLine"], where["region"]["startColumn"], r["level"]))
    assert found == expected
    assert {"GN201", "GN206"} <= {r["ruleId"] for r in results}
    assert {r["level"] for r in results} == {"error", "warning"}
    misspelt = next(r for r in results if r["ruleId"] == "GN201")
    assert "did you mean 'name'?" in misspelt["message"]["text"]


def test_model_outside_the_working_directory_gets_a_base_uri(tmp_path: Path) -> None:
    root = _broken(tmp_path)
    (tmp_path / "elsewhere").mkdir()
    log = _sarif(root, cwd=tmp_path / "elsewhere")
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    run = log["runs"][0]
    assert run["originalUriBaseIds"]["MODELROOT"]["uri"] == root.resolve().as_uri() + "/"
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] for r in run["results"]} == {
        "MODELROOT"}


def _fingerprints(root: Path) -> dict[tuple[str, str], tuple[str, int]]:
    log = sarif_log(validate(root).diagnostics, root, cwd=root)
    return {(r["ruleId"], r["message"]["text"]): (r["partialFingerprints"][FINGERPRINT],
                                                  r["locations"][0]["physicalLocation"]["region"]["startLine"])
            for r in log["runs"][0]["results"]}


def test_fingerprints_survive_lines_moving_and_tell_findings_apart(tmp_path: Path) -> None:
    root = _broken(tmp_path)
    before = _fingerprints(root)
    assert len({f for f, _ in before.values()}) == len(before)
    city = root / "topology" / "3602.yaml"
    city.write_text("# a comment added above every finding\n\n" + city.read_text(encoding="utf-8"), encoding="utf-8")
    after = _fingerprints(root)
    assert after.keys() == before.keys()
    for key, (fingerprint, line) in before.items():
        moved = key[0] == "GN201"
        assert after[key] == (fingerprint, line + 2 if moved else line)


@pytest.mark.parametrize("severity_code", ["GN206"])
def test_a_warning_only_model_is_exit_0_with_warning_results(tmp_path: Path, severity_code: str) -> None:
    root = copy_model(MINI, tmp_path / "model")
    (root / "topology" / "notes.yaml").write_text("whatever: 1\n", encoding="utf-8")
    done = govnet_in_process("validate", str(root), "--format", "sarif", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)["runs"][0]["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [(severity_code, "warning")]


def test_paths_of_a_model_in_a_hidden_folder_keep_their_dot(tmp_path: Path) -> None:
    from govnet.diagnostics_sarif import uri_prefix

    (tmp_path / ".model").mkdir()
    assert uri_prefix(tmp_path / ".model", cwd=tmp_path) == (".model", None)
    assert uri_prefix(tmp_path, cwd=tmp_path) == ("", None)


def test_chinese_sarif_is_valid_with_the_same_fingerprints(tmp_path: Path) -> None:
    root = _broken(tmp_path)
    english = _sarif(root, cwd=tmp_path)
    done = govnet_in_process("--lang", "zh", "validate", str(root), "--format", "sarif", cwd=tmp_path)
    chinese = json.loads(done.stdout)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(chinese)
    results = chinese["runs"][0]["results"]
    assert [r["partialFingerprints"] for r in results] == [r["partialFingerprints"]
                                                           for r in english["runs"][0]["results"]]
    misspelt = next(r for r in results if r["ruleId"] == "GN201")
    assert misspelt["message"]["text"] == "未知字段 'nmae'\n提示：是否应为 'name'？"
    rules = {r["id"]: r for r in chinese["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["GN201"]["shortDescription"]["text"] == "未知字段" and rules["GN201"]["name"] == "UnknownField"


def test_help_uris_point_at_this_release_s_table_in_the_language_of_the_run(tmp_path: Path) -> None:
    from govnet.diagnostics_sarif import DOCS_URI, is_absolute_uri
    from govnet.i18n import use

    root = _broken(tmp_path)
    diagnostics = validate(root).diagnostics
    en = sarif_log(diagnostics, root, cwd=root)["runs"][0]["tool"]["driver"]["rules"]
    assert DOCS_URI.startswith("https://") and "/v" in DOCS_URI  # a release's page, not a moving branch
    assert all(is_absolute_uri(r["helpUri"].split("#")[0]) for r in en)
    assert {r["helpUri"].split("#")[0] for r in en} == {DOCS_URI + "diagnostics.md"}
    use("zh")
    try:
        zh = sarif_log(diagnostics, root, cwd=root)["runs"][0]["tool"]["driver"]["rules"]
    finally:
        use("en")
    doc_zh = (TESTS.parent / "docs" / "diagnostics.zh.md").read_text(encoding="utf-8")
    assert {r["helpUri"].split("#")[0] for r in zh} == {DOCS_URI + "diagnostics.zh.md"}
    assert all(f'<a id="{r["helpUri"].rsplit("#", 1)[1]}"></a>' in doc_zh for r in zh)


def test_help_base_is_configurable_and_refused_when_not_an_absolute_url(tmp_path: Path) -> None:
    root = _broken(tmp_path)
    mirror = "https://git.example.gov.cn/noc/govnet/-/blob/main/docs/diagnostics.md"
    run = ["validate", str(root), "--format", "sarif"]
    given = govnet_in_process(*run, "--sarif-help-base", mirror, cwd=tmp_path)
    log = json.loads(given.stdout)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [r["helpUri"] for r in rules] == [f"{mirror}#{code.lower()}" for code in CODES]
    assert all(mirror in r["help"]["markdown"] for r in rules)
    from_env = govnet_in_process(*run, cwd=tmp_path, env={"GOVNET_SARIF_HELP_BASE": mirror})
    assert json.loads(from_env.stdout) == log
    bad = govnet_in_process(*run, "--sarif-help-base", "docs/diagnostics.md", cwd=tmp_path)
    assert bad.returncode == 2 and "--sarif-help-base" in bad.stderr and not bad.stdout
