"""Reports the office reads: the address plan's utilisation in Chinese, the build summary, the compliance report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from govnet.ipam.report import utilisation
from govnet.model.types import Model
from govnet.pipeline import Result, validate
from govnet.records.summary import summary_markdown
from govnet.reports.ipam import report_text

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


@pytest.fixture(scope="module")
def mini() -> Result:
    result = validate(MINI)
    assert result.model is not None and result.addresses is not None
    return result


def test_ipam_report_is_chinese_sorted_by_zone_number_and_explains_a_full_top(mini: Result) -> None:
    assert mini.model is not None and mini.addresses is not None
    text = report_text(utilisation(mini.addresses), mini.model.zones, date="2026-11-30")
    assert text.startswith("电子政务外网地址分配使用情况\n\n生成日期：2026-11-30\n")
    numbers = [int(n) for n in re.findall(r"^ *(\d+) \S+（\w+）", text, flags=re.M)]
    zones = {z.number for z in mini.model.zones}
    assert numbers and numbers == sorted(numbers) and set(numbers) <= zones
    titles = [line.strip() for line in text.splitlines() if "（" in line and not line.startswith("    ")]
    last_zone = max(i for i, t in enumerate(titles) if re.match(r"\d", t))
    assert all(not re.match(r"\d", t) for t in titles[last_zone + 1:])  # infrastructure pools after the zones
    assert "顶层已 100% 下放：整个地址池按设计划给了省级节点块" in text
    assert "delegated" not in text and "addresses" not in text
    assert not re.search(r"\d{13,}", text)  # (IPv6 sizes as /64 counts: size_words' doctest)


def test_ipam_report_names_every_kind_of_allocation_in_chinese(mini: Result) -> None:
    """'分配：' lists what each pool's addresses went to: the lock's English kinds (device, zone-peer-link …) in a
    Chinese report read as typos."""
    assert mini.model is not None and mini.addresses is not None
    text = report_text(utilisation(mini.addresses), mini.model.zones, date="2026-11-30")
    lines = re.findall(r"分配：(.*)", text)
    assert any("设备地址" in line for line in lines) and any("同站路由器互联" in line for line in lines)
    assert [line for line in lines if re.search(r"[a-z]", line)] == []


def test_summary_markdown_is_chinese_and_dated(mini: Result) -> None:
    model: Model | None = mini.model
    assert model is not None
    text = summary_markdown(model, mini.diagnostics, date="2026-11-30")
    assert "生成日期：2026-11-30" in text and "设备" in text and "| 行政区划代码 | 设区市 |" in text
    assert "devices" not in text and "sites:" not in text


TARGETS = """\
documents:
  jx: {title: 江西省电子政务外网建设管理指导意见}
targets:
  township_coverage: {source: jx, clause: §3, share: 1.0, by: 2018-06-30}
  horizontal:
    source: jx
    departments:
      province:
        - {name: 人社, match: [人力资源和社会保障]}
        - {name: 教育, match: [教育]}
  own_exit: {source: jx, clause: 七}
  legacy_networks: {source: jx, clause: §7, no_new_after: 2018-11-02}
  mlps: {source: jx, clause: §10, due_within_days: 90}
  bandwidth: {source: jx, levels: {township: 1G}}
  domestic: {source: jx, vendors: [Huawei, H3C], share: 0.9}
  cloud_dr:
    source: jx
    centres: [{site: "36", role: 生产中心, city: 南昌市}]
legacy_networks:
  - {department: 人社, name: 社保专网, scope: 省市两级, created: 2010-01-01, plan: 2025 年迁入, status: migrating}
  - {department: 自然资源, name: 国土网, scope: 省级, created: 2012-01-01}
"""


def _with_targets(tmp_path: Path, text: str) -> Path:
    from conftest import copy_model

    root = copy_model(MINI, tmp_path / "model")
    (root / "targets.yaml").write_text(text, encoding="utf-8")
    return root


def test_compliance_measures_the_model_against_its_targets(tmp_path: Path) -> None:
    from govnet.reports.compliance import BAD, OK, SHORT, compliance
    from govnet.reports.compliance_text import markdown, write_compliance

    result = validate(_with_targets(tmp_path, TARGETS))
    assert result.model is not None and result.ok, result.diagnostics
    assert [d.code for d in result.diagnostics if d.file == "targets.yaml"] == ["GN743"]  # 国土网 has no plan
    report = compliance(result.model, date="2026-11-30")
    sections = {s.key: s for s in report.sections}
    assert list(sections) == ["township_coverage", "horizontal", "own_exit", "legacy_networks", "mlps", "bandwidth",
                              "domestic", "cloud_dr"]
    assert all(s.demand.startswith("《江西省电子政务外网建设管理指导意见》") for s in report.sections)
    coverage = sections["township_coverage"].lines[0]
    assert coverage.verdict == SHORT and coverage.figures["covered"] == 1 and coverage.figures["sites"] == 7
    horizontal = sections["horizontal"].lines
    assert horizontal[0].figures["connected"] == 1 and horizontal[0].figures["missing"] == {"教育": 1}
    assert sections["own_exit"].lines[0].verdict == OK  # no unit of mini has its own exit
    legacy = [line.verdict for line in sections["legacy_networks"].lines[1:]]
    assert legacy == ["说明", SHORT]
    # as_of comes from the registry's settings: 2024-06-30 in mini; MINI-0002 (level 2) is not on a schedule
    assert sections["mlps"].lines[0].figures["overdue"] == []
    assert sections["bandwidth"].lines[0].verdict == SHORT  # township uplinks are below 1G
    assert sections["cloud_dr"].lines[-1].verdict == SHORT and "违规 0 项" in markdown(report)
    assert BAD not in {line.verdict for s in report.sections for line in s.lines}
    text = markdown(report)
    assert text.startswith(f"# {result.model.project.name} 政策符合性报告\n\n生成日期：2026-11-30")
    assert "依据：《江西省电子政务外网建设管理指导意见》 §3" in text and "尚无迁移计划" in text
    written = write_compliance(result.model, tmp_path / "out", date="2026-11-30")
    assert [p.name for p, changed in written if changed] == ["compliance.md", "compliance.json"]
    assert not any(changed for _, changed in write_compliance(result.model, tmp_path / "out", date="2026-11-30"))


def test_a_new_private_network_is_an_error_and_targets_errors_point_into_the_file(tmp_path: Path) -> None:
    text = TARGETS.replace("created: 2012-01-01", "created: 2019-03-01, plan: 无").replace(
        "own_exit: {source: jx, clause: 七}", "own_exit: {source: chiping, clause: 七}")
    text = text.replace("    centres: [{site: \"36\"", "    centres: [{site: \"CLOUDX\"")
    result = validate(_with_targets(tmp_path, text))
    found = {(d.code, d.file, d.line) for d in result.diagnostics if d.file == "targets.yaml"}
    assert found == {("GN741", "targets.yaml", 11), ("GN742", "targets.yaml", 21), ("GN744", "targets.yaml", 18)}
    bad_schema = validate(_with_targets(tmp_path / "b", TARGETS.replace("due_within_days", "due_in_days")))
    # The unknown field is dropped and the file still checked: the typo is its only error.
    assert [(d.code, d.line) for d in bad_schema.diagnostics
            if d.file == "targets.yaml" and str(d.severity) == "error"] == [("GN201", 13)]
    assert "due_within_days" in (bad_schema.diagnostics[0].hint or "")


def test_cli_report_compliance(tmp_path: Path) -> None:
    import json

    from conftest import govnet_in_process

    root = _with_targets(tmp_path, TARGETS)
    done = govnet_in_process("report", "compliance", str(root), "--format", "json", "--date", "2026-11-30")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["date"] == "2026-11-30" and data["sections"][0]["key"] == "township_coverage"
    bad = govnet_in_process("report", "compliance", str(root), "--date", "soon")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
