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
    assert text.startswith("电子政务外网地址分配使用情况\n\n统计日期：2026-11-30\n")
    numbers = [int(n) for n in re.findall(r"^ *(\d+) \S+（\w+）", text, flags=re.M)]
    zones = {z.number for z in mini.model.zones}
    assert numbers and numbers == sorted(numbers) and set(numbers) <= zones
    titles = [line.strip() for line in text.splitlines() if "（" in line and not line.startswith("    ")]
    last_zone = max(i for i, t in enumerate(titles) if re.match(r"\d", t))
    assert all(not re.match(r"\d", t) for t in titles[last_zone + 1:])  # infrastructure pools after the zones
    assert "顶层已 100% 下放：整个地址池按设计划给了省级节点块" in text
    assert "delegated" not in text and "addresses" not in text
    assert not re.search(r"\d{13,}", text.replace(",", ""))  # (IPv6 sizes as /64 counts: size_words' doctest)


def test_summary_markdown_is_chinese_and_dated(mini: Result) -> None:
    model: Model | None = mini.model
    assert model is not None
    text = summary_markdown(model, mini.diagnostics, date="2026-11-30")
    assert "生成日期：2026-11-30" in text and "设备" in text and "| 区划代码 | 设区市 |" in text
    assert "devices" not in text and "sites:" not in text
