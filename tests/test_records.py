"""Records: the ledger reopened with openpyxl and compared with the registry; CSV and JSON; the PDF form's text;
determinism; the CLI."""

from __future__ import annotations

import io
import itertools
import json
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from conftest import govnet_in_process
from govnet.model.types import Model
from govnet.pipeline import validate
from govnet.records import forms, ledger, write_records

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
ADDRESSES = {"MINI-0001": ["hrss 172.16.0.32/28", "public 10.128.0.16/28"]}  # as granted_addresses() gives them


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
        assert sheet.auto_filter.ref == f"A1:AA{sheet.max_row}"
        header = [c.value for c in sheet[1]]
        assert header == list(ledger.XLSX_HEADER)
        for row in sheet.iter_rows(min_row=2, values_only=True):
            seen[row[0]] = dict(zip(header, row, strict=True))
    assert list(seen) == [u.id for u in model.registry.units]
    for unit in model.registry.units:
        row = seen[unit.id]
        assert (row["单位名称"], row["统一社会信用代码"], row["接入类别"]) == (unit.name, unit.uscc, unit.access_class)
        assert row["技术联系人手机"] == unit.contacts.technical.mobile
        assert row["安装地址"] == unit.address  # where the line is installed, as the form names it
    assert seen["MINI-0001"]["分配地址"] == "人社专网 172.16.0.32/28；公用网络区 10.128.0.16/28"
    assert seen["MINI-0001"]["接入区域"] == "公用网络区、人社专网"
    assert seen["MINI-0002"]["状态"] == "已开通" and seen["MINI-0002"]["重新登记"] == "是"
    summary = {r[0]: r[1] for r in book["汇总"].iter_rows(values_only=True) if r[0]}
    assert summary["接入单位总数"] == 4 and summary["已开通"] == 2


def test_xlsx_is_what_a_clerk_prints_and_sorts(out: Path) -> None:
    import datetime as dt

    path = out / "ledger.xlsx"
    # openpyxl's read-only mode sizes a sheet from its <dimension> alone: without one it sees no rows
    streamed = openpyxl.load_workbook(path, read_only=True)
    assert [(ws.title, ws.max_row) for ws in streamed] == [("汇总", streamed["汇总"].max_row), ("省直", 2),
                                                           ("3601 南昌市", 4)]
    assert len(list(streamed["3601 南昌市"].iter_rows(values_only=True))) == 4
    book = openpyxl.load_workbook(path)
    sheet = book["3601 南昌市"]
    assert (sheet.page_setup.orientation, sheet.page_setup.paperSize) == ("landscape", 9)
    assert sheet.page_setup.pageOrder == "overThenDown"  # a run of rows' pages together, not all rows' first
    assert sheet.print_title_rows == "$1:$1" and sheet.print_title_cols == "$A:$B"
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, (c.value for c in sheet[2]), strict=True))
    assert row["开通日期"] == dt.datetime(2016, 4, 10) and sheet.cell(2, header.index("开通日期") + 1).is_date
    assert row["申请带宽（Mbps）"] == 20 and row["等保级别"] == 2
    uscc = sheet.column_dimensions["C"].width
    assert uscc is not None and uscc >= 18  # the 18 characters of a USCC are not cut
    assert sheet["A1"].font.b and sheet["A1"].fill.fgColor.rgb == "FFD9E1F2" and sheet["B2"].border.left.style == "thin"
    summary = [r for r in book["汇总"].iter_rows(values_only=True)]
    labels = {r[0] for r in summary}
    assert {"公用网络区", "人社专网", "互联网出口（统一出口）"} <= labels and "public" not in labels
    by_city = {r[0]: r[1:] for r in summary if r[0] in ("省直", "3601 南昌市", "3602 景德镇市")}
    assert by_city["3601 南昌市"][:6] == (3, 1, 0, 5, 1, 0.2) and by_city["省直"][0] == 1
    assert book["汇总"].cell(summary.index(("3601 南昌市", *by_city["3601 南昌市"])) + 1, 7).number_format == "0.0%"
    # a date column with empty cells (units not yet active) is still as wide as a date: no ### in print
    activated = header.index("开通日期") + 1
    assert sheet.cell(4, activated).value is None
    assert (sheet.column_dimensions[openpyxl.utils.get_column_letter(activated)].width or 0) >= 10
    # section titles of the summary are drawn like a header; the header row is tall enough for its wrapped titles
    assert book["汇总"]["A1"].font.b and (sheet.row_dimensions[1].height or 0) >= 2 * 15


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (apt-get install -y libreoffice-calc-nogui)")
def test_ledger_as_libreoffice_prints_it(model: Model, out: Path, tmp_path: Path) -> None:
    """What a clerk gets from File > Print: A4 landscape pages, the header on every page, whole USCCs and
    addresses, dates as dates (not ###), the summary's shares and Chinese zone names."""
    from govnet.draw.fonts import font_path

    assert SOFFICE is not None and model.registry is not None
    # govnet's own Chinese font beside the system's, so that the print has glyphs on a machine without CJK fonts
    fonts = tmp_path / "fonts.conf"
    fonts.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                     '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
                     f"<dir>{font_path().parent}</dir><cachedir>{tmp_path / 'fc'}</cachedir>"
                     "</fontconfig>", encoding="utf-8")
    done = subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                           "--convert-to", "pdf", "--outdir", str(tmp_path), str(out / "ledger.xlsx")],
                          capture_output=True, text=True, timeout=300, check=False,
                          env={**os.environ, "FONTCONFIG_FILE": str(fonts)})
    assert done.returncode == 0 and (tmp_path / "ledger.pdf").is_file(), done.stderr
    pages = PdfReader(tmp_path / "ledger.pdf").pages
    assert all((round(float(p.mediabox.width)), round(float(p.mediabox.height))) == (842, 595) for p in pages)
    texts = [p.extract_text() for p in pages]
    printed = "\n".join(texts)
    assert "###" not in printed and "2016-04-10" in printed
    assert all("单位编号" in text for text in texts if "MINI-" in text)  # the header row repeats
    for unit in model.registry.units:
        assert unit.uscc in printed
    assert "10.128.0.16/28" in printed and "172.16.0.32/28" in printed and "南昌市红谷滩区示例路1号" in printed
    assert "公用网络区" in texts[0] and "20.0%" in texts[0] and "public" not in texts[0]


def test_xlsx_wraps_what_is_wider_than_its_capped_column() -> None:
    """A cell longer than its column's cap wraps in a row made tall enough: LibreOffice prints it whole instead
    of running it past the border or off the page; short cells stay on one line."""
    from govnet.records import xlsx

    long = "；".join(f"公用网络区 10.128.{i}.0/28" for i in range(6))
    rows: list[list[xlsx.Cell]] = [["编号", "分配地址"], ["A", long], ["B", "公用网络区 10.128.9.0/28"]]
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.workbook([xlsx.Sheet("t", rows, header=True, widths=[8, 48],
                                                                        wrap=[1])])))["t"]
    assert sheet["B2"].alignment.wrap_text and not sheet["B3"].alignment.wrap_text
    # a fraction of a Mbit/s is shown as written, not rounded to a whole number by the cell's format
    numbers = openpyxl.load_workbook(io.BytesIO(xlsx.workbook([xlsx.Sheet("n", [["x"], [0.064]], header=True)])))
    assert numbers["n"]["A2"].value == 0.064 and numbers["n"]["A2"].number_format == "General"
    assert (sheet.row_dimensions[2].height or 0) >= xlsx.lines(long, 48) * 15 and xlsx.lines(long, 48) >= 3
    assert sheet.row_dimensions[3].height is None


def test_statistics_markdown_is_chinese_and_dated(model: Model, tmp_path: Path) -> None:
    write_records(model, tmp_path, ADDRESSES, date="2026-11-30")
    text = (tmp_path / "records" / "statistics.md").read_text(encoding="utf-8")
    assert text.startswith("# 接入单位统计\n\n生成日期：2026-11-30\n")
    assert "| 公用网络区 | 3 |" in text and "| 3601 南昌市 | 3 | 1 | 0 | 5 | 1 | 20.0% |" in text
    assert "township" not in text and "units" not in text


def test_csv_has_a_bom_and_json_the_statistics(model: Model, out: Path) -> None:
    raw = (out / "ledger.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf" + "单位编号,".encode())
    assert raw.decode("utf-8-sig").count("\r\n") == 5
    data = json.loads((out / "ledger.json").read_text(encoding="utf-8"))
    assert [u["id"] for u in data["units"]] == ["MINI-0001", "MINI-0002", "MINI-0003", "MINI-0004"]
    stats = data["statistics"]
    assert stats["by_status"] == {"applied": 1, "approved": 1, "active": 2, "suspended": 0, "revoked": 0}
    assert stats["township_coverage"] == {"covered": 1, "townships": 7, "share": round(1 / 7, 4)}
    assert stats["by_class"] == {"A": 1, "B": 1, "C": 0, "D": 1, "E": 0, "F": 1}


def test_summary_sheet_adds_up_and_lists_every_class_and_zone(model: Model, out: Path) -> None:
    """Each count of the summary sheet leaves out revoked units and says so (the MLPS and zone tables said only
    "数量", so they did not add up to 单位总数 for a clerk), and every class and zone a unit may join has its row, in
    zone-number order, 0 where no unit is (class C and E, and a zone with no unit, were left out)."""
    assert model.registry is not None
    sheet = openpyxl.load_workbook(out / "ledger.xlsx")["汇总"]
    rows = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    tables: dict[str, tuple[str, list[list[object]]]] = {}
    for i, row in enumerate(rows):
        if len(row) == 2 and str(row[0]).startswith("按"):
            body = list(itertools.takewhile(bool, rows[i + 1:]))
            tables[str(row[0])] = (str(row[1]), body)
    kept = sum(1 for u in model.registry.units if u.status != "revoked")
    for title in ("按接入类别", "按等保级别"):
        header, body = tables[title]
        assert header == "单位数（不含已撤销）" and sum(int(str(n)) for _, n in body) == kept, title
    header, body = tables["按接入区域"]
    assert header == "单位数（不含已撤销）"
    assert [name for name, _ in tables["按接入类别"][1]] == ["A 类", "B 类", "C 类", "D 类", "E 类", "F 类"]
    titles = [z.title for z in sorted(model.zones, key=lambda z: z.number) if z.kind != "internet"]
    assert [name for name, _ in body][:len(titles)] == titles  # 公用网络区, 人社专网, 办公业务区: every zone, in order
    assert all(str(name).startswith("互联网出口") for name, _ in body[len(titles):])


def test_pdf_form_text(out: Path) -> None:
    reader = PdfReader(io.BytesIO((out / "forms" / "MINI-0001.pdf").read_bytes()))
    text = "".join(page.extract_text() for page in reader.pages)
    for expected in (forms.TITLE, "江西省人力资源和社会保障厅", "11360000MB0101AAXL", "人社专网", "10.128.0.16/28",
                     "赣政网〔2020〕12号", "审批", "申请单位意见", "（盖章）", "第3级"):
        assert expected in text, expected
    assert reader.metadata is not None and reader.metadata.title == f"{forms.TITLE} MINI-0001"


def _placed_text(pdf: bytes) -> list[tuple[float, str]]:
    """(x, text) of every run pypdf reports on the first page."""
    found: list[tuple[float, str]] = []
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    page.extract_text(visitor_text=lambda text, cm, tm, *_: found.append((tm[4] * cm[0] + cm[4], text))
                      if text.strip() else None)
    return found


def test_pdf_form_is_laid_out_for_a_clerk(out: Path) -> None:
    placed = _placed_text((out / "forms" / "MINI-0001.pdf").read_bytes())
    text = "".join(t for _, t in placed)
    # Zone titles, not zone ids, before each granted prefix.
    assert "人社专网 172.16.0.32/28" in text and "公用网络区 10.128.0.16/28" in text and "hrss " not in text
    # 单位编号 and 状态 are two runs, the status at the right margin.
    status = [x for x, t in placed if t.startswith("状态")]
    number = [x for x, t in placed if t.startswith("单位编号")]
    assert status and number and status[0] - number[0] > 300
    # The seal and the date sit at the signature position (right of each opinion box), with room to write the date.
    seals = sorted(x for x, t in placed if "盖章" in t)
    assert len(seals) == 2 and seals[0] > 180 and seals[1] > 430
    # 年 月 日 keep the room to write a date in: the runs are far apart, not one space.
    year = [x for x, t in placed if t.startswith("年")]
    assert "年 月 日" not in text and len(year) == 2 and seals[0] - year[0] > 15


def test_server_lines_never_start_with_a_separator(model: Model) -> None:
    assert model.registry is not None
    unit = next(u for u in model.registry.units if u.servers)
    lines = forms.server_lines(unit)
    assert len(lines) >= 3 and lines[1].startswith("对互联网提供服务")
    assert not any(line.startswith(("，", "；", "、")) for line in lines)


def test_html_form_columns_and_font(out: Path) -> None:
    html = (out / "forms" / "MINI-0001.html").read_text(encoding="utf-8")
    # table-layout: fixed takes the widths from the first row; the colgroup is what gives the labels 22%.
    assert '<col class="label"><col class="value"><col class="label"><col class="value">' in html
    assert "col.label { width: 22%; }" in html
    assert f'src: url("{forms.FONT_COPY}")' in html
    assert (out / "forms" / forms.FONT_COPY).read_bytes() == forms.font_path().read_bytes()
    assert "人社专网 172.16.0.32/28（网关 172.16.0.33）<br>公用网络区 10.128.0.16/28（网关 10.128.0.17）" in html


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
    result = govnet_in_process("records", str(MINI), "-o", str(tmp_path), "--pdf", "--unit", "MINI-0002")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "records" / "forms").iterdir()) == [
        forms.FONT_COPY, "MINI-0002.html", "MINI-0002.pdf"]
    bad = govnet_in_process("records", str(MINI), "-o", str(tmp_path), "--unit", "NOPE")
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


def _page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize("unit", ["MINI-0001", "MINI-0002", "MINI-0003", "MINI-0004"])
def test_pdf_canvas_path_writes_what_the_platypus_path_lays_out(model: Model, unit: str) -> None:
    """The fast path (drawn on the canvas) and the reference (platypus) print the same text in the same order;
    only where lines wrap may differ."""
    from govnet.records import formpdf

    assert model.registry is not None
    spec = model.registry.unit_by_id[unit]
    ctx = forms.context(model, spec, ADDRESSES.get(unit, []))
    fast, slow = ("".join("".join(_page_texts(make(ctx))).split()) for make in (formpdf.pdf, forms.pdf))
    assert fast == slow
    assert forms.pdfs([ctx], 1, lambda done: None) == [formpdf.pdf(ctx)]
    assert forms.pdfs([ctx], 1, lambda done: None, fast=False) == [forms.pdf(ctx)]


def test_a_long_form_keeps_its_signatures_seals_and_dates_on_one_page(model: Model) -> None:
    """A history that fills the first page pushes the whole signature block over, with its note: the opinion
    boxes are never parted from their seal and date lines."""
    assert model.registry is not None
    ctx = forms.context(model, model.registry.unit_by_id["MINI-0001"], ADDRESSES["MINI-0001"])
    step = {"date": "2020-01-01", "action": "变更", "by": "江西省人力资源和社会保障厅信息中心",
            "document": "赣人社字〔2020〕1号", "remark": "带宽调整"}
    for rows in (12, 18, 24, 30):
        pages = _page_texts(forms.pdfs([{**ctx, "history": [step] * rows}], 1, lambda done: None)[0])
        signed = [text for text in pages if "申请单位意见" in text]
        assert len(signed) == 1, rows
        assert signed[0].count("（盖章）") == 2 and signed[0].count("年") >= 2 and forms.NOTE[:10] in signed[0], rows
        assert all(text.strip() for text in pages), rows  # no blank page


def test_a_form_over_several_pages_names_its_unit_on_each_and_wastes_no_half_page(model: Model) -> None:
    """40 servers run a form over pages: each page says which unit it is and whether it goes on (a loose page
    named no unit), and the servers start on page 1 where there is room (page 1 was left half blank). A one-page
    form gets no footer."""
    assert model.registry is not None
    ctx = forms.context(model, model.registry.unit_by_id["MINI-0002"], [])
    servers = [f"滕王阁街道综合政务服务平台第{i}号业务子系统服务器（对外服务）\n对互联网提供服务：tcp/443\n"
               f"公安联网备案号：360102020000{i:02d}" for i in range(40)]
    pages = _page_texts(forms.pdfs([{**ctx, "servers": servers}], 1, lambda done: None)[0])
    assert len(pages) >= 3
    for number, text in enumerate(pages, 1):
        assert "单位编号：MINI-0002" in text, number
        assert f"第 {number} 页（{'完' if number == len(pages) else '续下页'}）" in text, number
    assert "第0号业务子系统" in pages[0]  # the list starts on page 1, below the LAN row
    assert "页（" not in _page_texts(forms.pdfs([ctx], 1, lambda done: None)[0])[0]


def test_html_fast_path_writes_what_jinja_writes(model: Model, tmp_path: Path) -> None:
    """The forms' fast path (govnet.records.formhtml) fills in the shipped template as Jinja2 does: every unit of
    the fixture, and the corners (servers and history present or empty, a document without a remark, text that
    must be escaped); a template of another shape, a model's own override, is rendered by Jinja2."""
    from govnet.records import formhtml
    from govnet.source.templates import packaged_templates

    assert model.registry is not None
    shipped = (packaged_templates() / "records" / "form.html.j2").read_text(encoding="utf-8")
    assert formhtml.compile_form(shipped) is not None, "the shipped form changed its tags: update formhtml.TAGS"
    contexts = [forms.context(model, unit, ADDRESSES.get(unit.id, [])) for unit in model.registry.units]
    assert any(c["servers"] for c in contexts) and any(c["history"] for c in contexts)
    base = contexts[0]
    odd = base["u"].model_copy(update={"name": "<b>A&B \"局\" 'x'</b>", "address": None, "lan": "LAN & <DMZ>"})
    step = {"date": "2020-01-01", "action": "变更", "by": "x<y", "document": "赣字〔2020〕1号", "remark": ""}
    contexts += [{**base, "u": odd, "servers": [], "history": [], "addresses": []},
                 {**base, "servers": ["a", "b&c"], "addresses": ["公用网络区 10.0.0.0/28"],
                  "history": [step, {**step, "remark": "调整"}, {**step, "document": ""}]}]
    for ctx in contexts:
        assert forms.html(ctx, MINI) == forms.html(ctx, MINI, fast=False), ctx["u"].id
    # a model's own form of another shape: Jinja2 renders it
    own = tmp_path / "templates" / "records"
    own.mkdir(parents=True)
    (own / "form.html.j2").write_text(shipped.replace("{{ u.id }}", "{{ u.id }}/{{ u.uscc }}"), encoding="utf-8")
    assert formhtml.compile_form((own / "form.html.j2").read_text(encoding="utf-8")) is None
    assert f"{base['u'].id}/{base['u'].uscc}" in forms.html(base, tmp_path)
    # text edits only (a label, the style sheet): still the fast path, with the edited text
    edited = shipped.replace("单位名称", "单位全称").replace("font-size: 10.5pt", "font-size: 11pt")
    assert formhtml.compile_form(edited) is not None
    (own / "form.html.j2").write_text(edited, encoding="utf-8")
    other = tmp_path / "other"
    shutil.copytree(tmp_path / "templates", other / "templates")
    fast = forms.html(contexts[-1], other)
    assert "单位全称" in fast and "font-size: 11pt" in fast and fast == forms.html(contexts[-1], other, fast=False)


@pytest.mark.parametrize("name", ["东湖区政务服务数据管理局", 'a "quoted", name', "两行\r\n名称", "=1+2", "尾\n"])
def test_csv_is_what_the_csv_module_writes(model: Model, name: str) -> None:
    """The ledger's CSV is joined directly when no cell needs quoting, else written by the csv module: the same
    text either way (quotes, commas and line ends quoted, a formula defused)."""
    import csv

    assert model.registry is not None
    table = ledger.rows(model, ADDRESSES)
    table[1] = ledger.Row(table[1].unit, table[1].city_code, {**table[1].values, "name": name})
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(
        [[title for _, title in ledger.COLUMNS], *([ledger.csv_cell(row.values[key]) for key, _ in ledger.COLUMNS]
                                                  for row in table)])
    assert ledger.to_csv(table) == b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def test_a_revoked_units_form_says_it_holds_no_addresses_not_that_they_are_still_to_come(
        model: Model, tmp_path: Path) -> None:
    """A revoked unit's addresses are released: its form said （尚未分配）, "not allocated yet", as a new unit's."""
    import dataclasses

    assert model.registry is not None
    unit = next(u for u in model.registry.units if u.id == "MINI-0002")
    revoked = unit.model_copy(update={"status": "revoked"})
    units = tuple(revoked if u is unit else u for u in model.registry.units)
    changed = dataclasses.replace(model, registry=dataclasses.replace(model.registry, units=units))
    write_records(changed, tmp_path, {}, pdf=True, only={"MINI-0002", "MINI-0003"})
    forms_dir = tmp_path / "records" / "forms"
    html = (forms_dir / "MINI-0002.html").read_text(encoding="utf-8")
    pdf = "".join(p.extract_text() for p in PdfReader(io.BytesIO((forms_dir / "MINI-0002.pdf").read_bytes())).pages)
    for text in (html, pdf):
        assert "无（单位已撤销）" in text and "尚未分配" not in text
    assert "（尚未分配）" in (forms_dir / "MINI-0003.html").read_text(encoding="utf-8")  # applied: still to come


def test_the_form_hands_over_the_gateway_the_attach_routers_config_gives_the_unit(tmp_path: Path) -> None:
    """The form lists each granted subnet with its gateway, the address of the unit's sub-interface on its attach
    router: the unit needs it to configure its own router, and the form gave only the subnet."""
    import re

    from govnet.ipam.plan import AddressBook
    from govnet.records import granted_addresses
    from govnet.render.devices import build_contexts
    from govnet.render.secrets import Secrets

    result = validate(MINI)
    assert result.model is not None and result.addresses is not None
    decisions = result.addresses.outcome.decisions
    contexts = build_contexts(result.model, AddressBook(decisions), Secrets(), list(result.model.devices))
    configured = {(i.description.split()[0].removeprefix("UNIT-"), str(i.ipv4).split("/")[0])
                  for c in contexts.values() for i in c.interfaces if i.kind == "unit"}
    assert configured
    write_records(result.model, tmp_path, granted_addresses(result.addresses), only={u for u, _ in configured})
    for unit in {u for u, _ in configured}:
        html = (tmp_path / "records" / "forms" / f"{unit}.html").read_text(encoding="utf-8")
        given = set(re.findall(r"（网关 ([0-9.]+)）", html))
        assert given == {gw for u, gw in configured if u == unit}, unit
