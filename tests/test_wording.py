"""One word per thing across what a build hands the office: summary.md, the statistics (Markdown and the ledger's
summary sheet), the ledger, the forms, the compliance and address reports and the site name the build's date, the
levels, the division code, the MLPS level and the counts alike."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from govnet.pipeline import build

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
DATE = "2024-06-30"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("wording")
    shutil.copytree(MINI, base / "model")
    assert build(base / "model", base / "out", date=DATE, workers=1).ok
    return base / "out"


def _summary_sheet(out: Path) -> list[list[object]]:
    import openpyxl

    sheet = openpyxl.load_workbook(out / "records" / "ledger.xlsx", read_only=True).worksheets[0]
    return [[cell for cell in row if cell is not None] for row in sheet.iter_rows(values_only=True)]


def _texts(out: Path) -> dict[str, str]:
    """What a clerk reads of each artefact (the forms and the site's pages without their markup)."""
    found = {rel: (out / rel).read_text(encoding="utf-8") for rel in (
        "summary.md", "records/statistics.md", "records/ledger.csv", "reports/compliance.md", "ipam/report.txt",
        "site/data.js", "site/app.js", "index.html")}
    form = sorted((out / "records" / "forms").glob("*.html"))[0]
    found["form"] = html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<style.*?</style>", "", form.read_text(
        encoding="utf-8"), flags=re.S)))
    found["ledger.xlsx"] = "\n".join(" ".join(str(cell) for cell in row) for row in _summary_sheet(out))
    return found


def test_the_builds_date_has_one_name(out: Path) -> None:
    """summary.md, compliance.md and the site said 生成日期, statistics.md and the address report 统计日期 for the same
    date (the build's), beside compliance.md's 统计基准日 (the registry's as_of, another date)."""
    texts = _texts(out)
    dated = ("summary.md", "records/statistics.md", "reports/compliance.md", "ipam/report.txt")
    assert all(f"生成日期：{DATE}" in texts[name] for name in dated), {name: texts[name][:80] for name in dated}
    assert not [name for name, text in texts.items() if "统计日期" in text]


# Words for what the artefacts name otherwise (left) and what each must not say any more.
RETIRED = {
    "levels": re.compile(r"市级|(?<!县级一体化接入平台)县级(?!一体化|接入平台|平台|边界防护)|乡镇级|村级"),
    "thousands separators": re.compile(r"\d,\d{3}(?!\d)"),
    "division code": re.compile(r"(?<!行政)区划代码"),
    "the assessment's date": re.compile(r"最近测评(?!日期)"),
    "total units": re.compile(r"(?<!接入)单位总数"),
    "MLPS level": re.compile(r"(?<![第\d])\d级"),
    "where the line is installed": re.compile(r"单位地址"),
}


@pytest.mark.parametrize("what", RETIRED)
def test_each_thing_has_one_name_in_every_artefact(out: Path, what: str) -> None:
    """The address report said 市级、县级、乡镇级、村级 (the others 设区市、县（市、区）、乡镇（街道）、
    村（社区）) and 1,048,576 (the others write counts unseparated); the ledger and summary.md 区划代码, the
    forms 行政区划代码 (GB/T 2260's word); the ledger 最近测评, the forms 最近测评日期; the ledger's summary
    sheet 单位总数 and 3级, statistics.md 接入单位总数 and 第3级 (the forms and the site say 第3级 too); the ledger
    and the site's search 单位地址 for the unit's address, the forms 安装地址 (the model's field: where the line is
    installed). The mini
    model's own text names the county platform 县级一体化接入平台 and a firewall's purpose 县级边界防护预留:
    those stay."""
    found = {name: sorted(set(RETIRED[what].findall(text))) for name, text in _texts(out).items()}
    assert not {name: words for name, words in found.items() if words}


def test_the_ledgers_summary_sheet_and_statistics_md_use_the_same_headings(out: Path) -> None:
    from govnet.records.stats import CITY_COLUMNS, UNITS, UNITS_COUNTED

    rows = _summary_sheet(out)
    markdown = (out / "records" / "statistics.md").read_text(encoding="utf-8")
    assert ["按状态", UNITS] in rows and f"| 状态 | {UNITS} |" in markdown
    assert ["按接入类别", UNITS_COUNTED] in rows and f"| 接入类别 | {UNITS_COUNTED} |" in markdown
    assert ["按设区市", *CITY_COLUMNS] in rows and "| " + " | ".join(("设区市", *CITY_COLUMNS)) + " |" in markdown
    classes = [str(row[0]) for row in rows[rows.index(["按接入类别", UNITS_COUNTED]) + 1:] if row][:1]
    assert classes and classes[0].endswith(" 类") and f"| {classes[0]} |" in markdown
