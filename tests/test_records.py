"""Records: the ledger reopened with openpyxl and compared with the registry; CSV and JSON; the PDF form's text;
determinism; the CLI."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from govnet.model.types import Model
from govnet.pipeline import validate
from govnet.records import forms, ledger, write_records

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
ADDRESSES = {"MINI-0001": ["10.128.0.16/28", "172.16.0.32/28"]}


@pytest.fixture(scope="module")
def model() -> Model:
    result = validate(MINI)
    assert result.model is not None
    return result.model


@pytest.fixture(scope="module")
def out(model: Model, tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("out")
    write_records(model, directory, ADDRESSES, pdf=True)
    return directory / "records"


def test_xlsx_matches_the_registry(model: Model, out: Path) -> None:
    book = openpyxl.load_workbook(out / "ledger.xlsx")
    assert book.sheetnames == ["汇总", "省直", "3601 南昌市"]
    assert model.registry is not None
    seen = {}
    for name in book.sheetnames[1:]:
        sheet = book[name]
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:Z{sheet.max_row}"
        header = [c.value for c in sheet[1]]
        assert header == [title for _, title in ledger.COLUMNS]
        for row in sheet.iter_rows(min_row=2, values_only=True):
            seen[row[0]] = dict(zip(header, row, strict=True))
    assert list(seen) == [u.id for u in model.registry.units]
    for unit in model.registry.units:
        row = seen[unit.id]
        assert (row["单位名称"], row["统一社会信用代码"], row["接入类别"]) == (unit.name, unit.uscc, unit.access_class)
        assert row["技术联系人手机"] == unit.contacts.technical.mobile
    assert seen["MINI-0001"]["分配地址"] == "10.128.0.16/28 172.16.0.32/28"
    assert seen["MINI-0001"]["接入区域"] == "公用网络区、人社专网"
    assert seen["MINI-0002"]["状态"] == "已开通" and seen["MINI-0002"]["重新登记"] == "是"
    summary = {r[0]: r[1] for r in book["汇总"].iter_rows(values_only=True) if r[0]}
    assert summary["单位总数"] == 4 and summary["已开通"] == 2


def test_csv_has_a_bom_and_json_the_statistics(model: Model, out: Path) -> None:
    raw = (out / "ledger.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf" + "单位编号,".encode())
    assert raw.decode("utf-8-sig").count("\r\n") == 5
    data = json.loads((out / "ledger.json").read_text(encoding="utf-8"))
    assert [u["id"] for u in data["units"]] == ["MINI-0001", "MINI-0002", "MINI-0003", "MINI-0004"]
    stats = data["statistics"]
    assert stats["by_status"] == {"applied": 1, "approved": 1, "active": 2, "suspended": 0, "revoked": 0}
    assert stats["township_coverage"] == {"covered": 1, "townships": 7, "share": round(1 / 7, 4)}
    assert stats["by_class"] == {"A": 1, "B": 1, "D": 1, "F": 1}


def test_pdf_form_text(out: Path) -> None:
    reader = PdfReader(io.BytesIO((out / "forms" / "MINI-0001.pdf").read_bytes()))
    text = "".join(page.extract_text() for page in reader.pages)
    for expected in (forms.TITLE, "江西省人力资源和社会保障厅", "11360000MB0101AAXL", "人社专网", "10.128.0.16/28",
                     "赣政网〔2020〕12号", "审批", "申请单位意见", "（盖章）", "第3级"):
        assert expected in text, expected
    assert reader.metadata is not None and reader.metadata.title == f"{forms.TITLE} MINI-0001"


def test_html_form_is_escaped_and_complete(out: Path) -> None:
    html = (out / "forms" / "MINI-0003.html").read_text(encoding="utf-8")
    assert "<title>电子政务外网接入登记备案表 — 东湖区政务服务数据管理局</title>" in html
    assert "（尚未分配）" in html and "（待批准）" in html and "@page { size: A4" in html


def test_output_is_byte_identical_on_rebuild(model: Model, out: Path, tmp_path: Path) -> None:
    again = write_records(model, out.parent, ADDRESSES, pdf=True)
    assert again.changed == 0
    write_records(model, tmp_path, ADDRESSES, pdf=True, only={"MINI-0001"})
    for name in ("ledger.xlsx", "ledger.csv", "ledger.json", "forms/MINI-0001.pdf"):
        assert (tmp_path / "records" / name).read_bytes() == (out / name).read_bytes(), name


def test_font_covers_the_fixed_text_and_the_example_names(repo_model: Path) -> None:
    from fontTools.ttLib import TTFont

    from govnet.source.templates import packaged_templates

    with TTFont(forms.font_path(), lazy=True) as font:
        cmap = set(font.getBestCmap())
    template = (packaged_templates() / "records" / "form.html.j2").read_text(encoding="utf-8")
    names = "".join((repo_model / "registry.d").joinpath(p).read_text(encoding="utf-8")
                    for p in os.listdir(repo_model / "registry.d"))
    text = template + names + forms.NOTE + "".join(forms.CLASS_ZH.values())
    missing = {c for c in text if ord(c) > 0x2000 and ord(c) not in cmap}
    assert not missing, sorted(missing)


def test_cli_records(tmp_path: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    result = subprocess.run([sys.executable, "-m", "govnet", "records", str(MINI), "-o", str(tmp_path), "--pdf",
                             "--unit", "MINI-0002"], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "records" / "forms").iterdir()) == ["MINI-0002.html", "MINI-0002.pdf"]
    bad = subprocess.run([sys.executable, "-m", "govnet", "records", str(MINI), "-o", str(tmp_path), "--unit",
                          "NOPE"], capture_output=True, text=True, env=env, timeout=120)
    assert bad.returncode == 2 and "no unit with id NOPE" in bad.stderr and "Traceback" not in bad.stderr


@pytest.mark.parametrize("values", [
    {"id": "X-1", "name": 'a "quoted" name & <tag>\t\u3000', "mlps": 3, "empty": ""},
    {},
    {"id": "中文\n换行", "n": 0},
])
def test_json_is_laid_out_as_indent_one(model: Model, values: dict[str, str | int]) -> None:
    """The ledger's JSON is built row by row with the C encoder; it must read exactly like json.dumps(indent=1)."""
    table = ledger.rows(model, ADDRESSES)
    assert model.registry is not None
    extra = ledger.Row(model.registry.units[0], "", values)
    statistics = {"units": 1, "nested": {"a": [1, 2, {"b": []}], "c": {}}, "s": "引号\""}
    for rows in (table, [*table, extra], [extra], []):
        expected = {"columns": dict(ledger.COLUMNS), "units": [r.values for r in rows], "statistics": statistics}
        assert ledger.to_json(rows, statistics) == json.dumps(expected, ensure_ascii=False, indent=1) + "\n"


def test_xlsx_cells_escaped_and_spaces_kept() -> None:
    """Text with XML specials, edge spaces and control characters reads back as written (less what XML forbids)."""
    from govnet.records import xlsx

    cells: list[xlsx.Cell] = ['A&B <c> "d"', " lead", "trail\u3000", "bell\x07", "", None, 7, 2.5, "纯文本"]
    data = xlsx.workbook([xlsx.Sheet("t", [cells, [True]], header=True)])
    sheet = openpyxl.load_workbook(io.BytesIO(data))["t"]
    assert [c.value for c in sheet[1]] == ['A&B <c> "d"', " lead", "trail\u3000", "bell", None, None, 7, 2.5, "纯文本"]
    assert sheet["A2"].value == "True"
    assert data == xlsx.workbook([xlsx.Sheet("t", [cells, [True]], header=True)])
