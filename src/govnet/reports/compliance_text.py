"""The compliance report written out: Chinese Markdown for the office, JSON for tools, an HTML fragment for the
site, and ``write_compliance`` that puts them under ``<out>/reports/``."""

from __future__ import annotations

import html
import json
from dataclasses import asdict
from pathlib import Path

from govnet.model.types import Model
from govnet.reports.compliance import BAD, OK, SHORT, Report, compliance
from govnet.writer import write_if_changed

REPORTS_DIR = "reports"
MARK = {OK: "✓", SHORT: "✗", BAD: "✗✗"}


def markdown(report: Report) -> str:
    lines = [f"# {report.model} 政策符合性报告", "", f"生成日期：{report.date}　统计基准日：{report.as_of}", ""]
    if not report.sections:
        lines += ["模型没有 targets.yaml：没有可衡量的政策目标。", ""]
    for i, section in enumerate(report.sections, 1):
        lines += [f"## {i}. {section.title}", "", f"依据：{section.demand}", ""]
        for line in section.lines:
            mark = MARK.get(line.verdict, "")
            indent = "  " * (len(line.text) - len(line.text.lstrip("　")))  # a county under its city: two levels
            lines.append(f"{indent}- {'**' + line.verdict + '** ' if line.verdict != '说明' else ''}"
                         f"{line.text.lstrip('　')}{' ' + mark if mark else ''}")
        lines.append("")
    verdicts = [line.verdict for s in report.sections for line in s.lines if not line.text.startswith("　")]
    lines += ["---", "", f"汇总：达标 {verdicts.count(OK)} 项，未达标 {verdicts.count(SHORT)} 项，"
              f"违规 {verdicts.count(BAD)} 项。", ""]
    return "\n".join(lines)


def to_json(report: Report) -> str:
    return json.dumps(asdict(report), ensure_ascii=False, indent=1) + "\n"


def html_fragment(report: Report) -> str:
    """The report as an HTML fragment (sections and lists) for the site's compliance page."""
    parts = [f"<p class=\"meta\">生成日期：{report.date}　统计基准日：{report.as_of}</p>"]
    if not report.sections:
        parts.append("<p>模型没有 targets.yaml：没有可衡量的政策目标。</p>")
    for section in report.sections:
        parts.append(f'<section id="c-{section.key}"><h2>{html.escape(section.title)}</h2>'
                     f'<p class="demand">依据：{html.escape(section.demand)}</p><ul>')
        for line in section.lines:
            sub = " sub" if line.text.startswith("　") else ""
            css = {OK: "ok", SHORT: "short", BAD: "bad"}.get(line.verdict, "info")
            parts.append(f'<li class="{css}{sub}"><span class="verdict">{html.escape(line.verdict)}</span>'
                         f"{html.escape(line.text.lstrip('　'))}</li>")
        parts.append("</ul></section>")
    return "\n".join(parts)


def write_compliance(model: Model, out: Path, *, date: str) -> list[tuple[Path, bool]]:
    """Write reports/compliance.{md,json} under ``out``; returns each file written and whether it changed."""
    report = compliance(model, date=date)
    base = out / REPORTS_DIR
    files = [(base / "compliance.md", markdown(report)), (base / "compliance.json", to_json(report))]
    return [(path, write_if_changed(path, text)) for path, text in files]
