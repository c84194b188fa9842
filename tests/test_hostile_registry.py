"""A hostile afternoon with the registry commands: texts YAML 1.1 reads as something else, anchors and aliases,
a duplicate key, a linked or read-only registry file. Each is either written as meant or refused with the file,
the line and what to do; never an internal error, never a file replaced behind the user's back."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest

from conftest import govnet_in_process, validate_shared
from govnet.pipeline import validate
from govnet.registry import edit as regedit
from govnet.registry import uscc

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
DAY = dt.date(2024, 6, 10)


def _spec(root: Path, unit: str) -> object:
    result = validate(root)
    assert result.model is not None and result.model.registry is not None, result.diagnostics
    return result.model.registry.unit_by_id[unit]


@pytest.mark.parametrize("text", ["on", "yes", "No", "OFF", "y", "12:30", "0123", "null", "2024-06-01"])
def test_texts_yaml_11_reads_otherwise_are_written_quoted(model: Path, text: str) -> None:
    """'set name=on' and '--by yes' were written plain: the loader (YAML 1.1) read a boolean and the edit was
    refused ('must be text, not True'), or read 12:30 as a number and warned about govnet's own write."""
    regedit.set_fields(model, "MINI-0003", {"name": text, "contacts.technical.name": text}, by=text, date=DAY)
    result = validate(model)
    assert not [d for d in result.diagnostics if d.code in ("GN202", "GN112")], result.diagnostics
    assert result.model is not None and result.model.registry is not None
    unit = result.model.registry.unit_by_id["MINI-0003"]
    assert (unit.name, unit.contacts.technical.name, unit.history[-1].by) == (text, text, text)


def test_an_added_unit_named_like_a_boolean_is_registered(model: Path) -> None:
    code = uscc.make("11", "360102", "MB0105FF")
    added = govnet_in_process("registry", "add", str(model), "--id", "T-001", "--name", "yes", "--uscc", code,
                              "--division", "360102", "--site", "360102", "--class", "A", "--bandwidth", "100M",
                              "--head", "on", "--head-mobile", "13900000001", "--tech", "off", "--tech-mobile",
                              "13900000002", "--by", "no", "--date", "2024-06-25", "--mlps-level", "2")
    assert added.returncode == 0, added.stdout + added.stderr
    unit = _spec(model, "T-001")
    assert (unit.name, unit.contacts.head.name, unit.history[0].by) == ("yes", "on", "no")  # type: ignore[attr-defined]


def _with_anchor(root: Path) -> None:
    """MINI-0003 anchors its contacts, and a unit after it (on one line, in flow style) uses them."""
    registry = root / "registry.yaml"
    text = registry.read_text(encoding="utf-8")
    old = '    contacts:\n      head: {name: 孙示例, mobile: "15907910005"}\n'
    assert old in text
    text = text.replace(old, old.replace("contacts:", "contacts: &shared"), 1)
    text += ("\n  - {id: MINI-0005, name: 东湖区测试局, uscc: " + uscc.make("11", "360102", "MB0105FF")
             + ", division: 360102, site: 360102, access_class: A, zones: [public], bandwidth: {requested: 10M}, "
             "mlps: {level: 2}, contacts: *shared, status: applied, history: [{date: 2024-06-01, action: apply, "
             "by: x}]}   # 流式\n")
    registry.write_text(text, encoding="utf-8")
    govnet_in_process("allocate", str(root))


def test_editing_a_unit_keeps_the_anchor_a_later_unit_uses(model: Path) -> None:
    """The edited unit was read and written alone, and ruamel drops an anchor its own text does not use: the
    later alias was left undefined and a plain 'set' was refused with a YAML syntax error."""
    _with_anchor(model)
    regedit.set_fields(model, "MINI-0003", {"address": "南昌市某路1号"}, by="x", date=DAY)
    text = (model / "registry.yaml").read_text(encoding="utf-8")
    assert "contacts: &shared" in text and "contacts: *shared" in text
    assert _spec(model, "MINI-0003").address == "南昌市某路1号"  # type: ignore[attr-defined]


def test_editing_a_unit_that_uses_an_outside_anchor_is_refused_at_its_line(model: Path) -> None:
    """It was an internal error (exit 3: 'found undefined alias')."""
    _with_anchor(model)
    before = (model / "registry.yaml").read_text(encoding="utf-8")
    line = before.splitlines().index(next(x for x in before.splitlines() if "MINI-0005" in x)) + 1
    result = govnet_in_process("--lang", "en", "registry", "set", "MINI-0005", "address=某地", str(model), "--by", "x")
    assert result.returncode == 2, result.stderr
    assert f"registry.yaml:{line}: unit MINI-0005 refers to an anchor defined outside it" in result.stderr
    assert "internal error" not in result.stderr
    assert (model / "registry.yaml").read_text(encoding="utf-8") == before


def test_a_duplicate_key_in_the_edited_unit_is_refused_at_its_line(model: Path) -> None:
    """It was an internal error (exit 3: ruamel's DuplicateKeyError)."""
    registry = model / "registry.yaml"
    text = registry.read_text(encoding="utf-8")
    name = "    name: 东湖区政务服务数据管理局\n"
    text = text.replace(name, name + "    access_class: A\n", 1)
    registry.write_text(text, encoding="utf-8")
    line = [n for n, x in enumerate(text.splitlines(), 1) if x == "    access_class: A"][1]  # the second one
    result = govnet_in_process("--lang", "en", "registry", "set", "MINI-0003", "tech=甲", str(model), "--by", "x")
    assert result.returncode == 2, result.stderr
    assert f"registry.yaml:{line}: unit MINI-0003 has the key 'access_class' twice" in result.stderr
    assert registry.read_text(encoding="utf-8") == text


def test_a_linked_registry_is_edited_through_its_link(model: Path) -> None:
    """The rename that replaces the file replaced the link: registry.yaml became a copy and the linked file,
    the one the user keeps, stayed as it was."""
    (model / "shared").mkdir()
    (model / "registry.yaml").rename(model / "shared" / "registry.yaml")
    (model / "registry.yaml").symlink_to(Path("shared") / "registry.yaml")
    regedit.set_fields(model, "MINI-0003", {"contacts.technical.name": "甲"}, by="x", date=DAY)
    assert (model / "registry.yaml").is_symlink()
    assert "technical: {name: 甲" in (model / "shared" / "registry.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["registry.yaml", "allocations.lock"])
def test_a_read_only_registry_or_lock_is_not_replaced(model: Path, name: str) -> None:
    """A file its owner made read-only was replaced all the same (a rename ignores the file's mode)."""
    target = model / name
    before = target.read_bytes()
    target.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    try:
        result = govnet_in_process("--lang", "en", "registry", "set", "MINI-0003", "tech=甲", str(model), "--by", "x")
        assert result.returncode == 2, result.stderr
        assert f"{name} is read-only; make it writable (chmod u+w {name})" in result.stderr
        code = uscc.make("11", "360102", "MB0105FF")
        added = govnet_in_process(
            "--lang", "en", "registry", "add", str(model), "--id", "T-001", "--name", "东湖区财政局", "--uscc", code,
            "--division", "360102", "--site", "360102", "--class", "A", "--bandwidth", "100M", "--head", "甲",
            "--head-mobile", "13900000001", "--tech", "乙", "--tech-mobile", "13900000002", "--mlps-level", "2")
        assert added.returncode == 2 and f"{name} is read-only" in added.stderr, added.stderr
        assert target.read_bytes() == before
        assert not list((model / ".govnet-queue").glob("*.req"))
    finally:
        os.chmod(target, 0o644)


@pytest.mark.parametrize(("province", "said"), [
    ("", "no province '' in the national table"),
    ("江", "'江' could be 江苏省 (32), 江西省 (36); give the full name or the code"),
    ("广", "'广' could be 广东省 (44), 广西壮族自治区 (45)"),
])
def test_init_refuses_a_blank_or_ambiguous_province(tmp_path: Path, province: str, said: str) -> None:
    """'--province ""' wrote a model of Beijing and '--province 江' one of Jiangsu: the first province whose name
    began so, silently."""
    result = govnet_in_process("--lang", "en", "init", str(tmp_path / "new"), "--province", province)
    assert result.returncode == 2 and said in result.stderr, result.stderr
    assert not (tmp_path / "new").exists()


def test_init_takes_a_name_written_with_spaces_around_it(tmp_path: Path) -> None:
    result = govnet_in_process("init", str(tmp_path / "new"), "--province", " 江西 ")
    assert result.returncode == 0, result.stderr
    assert "province: 36" in (tmp_path / "new" / "govnet.yaml").read_text(encoding="utf-8")


def test_a_city_name_no_sheet_may_carry_still_gives_a_workbook_that_opens(model: Path, tmp_path: Path) -> None:
    """A city renamed against the national table is only a warning (GN306), but '/' or '[' in its name went into
    the ledger's sheet name as it stood: openpyxl refused the workbook and Excel repairs it. An apostrophe broke
    the sheet references of the print titles and filters."""
    import openpyxl

    city = model / "topology" / "3601.yaml"
    text = city.read_text(encoding="utf-8")
    city.write_text(text.replace("  name: 南昌市\n", "  name: \"南昌市/新区[1]:*?'s\"\n", 1), encoding="utf-8")
    result = govnet_in_process("records", str(model), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stdout + result.stderr
    book = openpyxl.load_workbook(tmp_path / "out" / "records" / "ledger.xlsx")
    assert book.sheetnames == ["汇总", "省直", "3601 南昌市／新区［1］：＊？'s"]
    sheet = book["3601 南昌市／新区［1］：＊？'s"]
    assert sheet.print_title_rows == "$1:$1" and sheet["A2"].value == "MINI-0002"


def test_schema_never_replaces_a_file_govnet_did_not_write(tmp_path: Path) -> None:
    """'govnet schema -o DIR' replaced the user's own govnet.schema.json (and wrote through nothing else)."""
    out = tmp_path / "schemas"
    assert govnet_in_process("schema", "-o", str(out)).returncode == 0
    again = govnet_in_process("schema", "-o", str(out), "--lang", "en")  # its own files: replaced
    assert again.returncode == 0, again.stderr
    mine = out / "zones.schema.json"
    mine.write_text('{"title": "our own zones schema"}\n', encoding="utf-8")
    refused = govnet_in_process("--lang", "en", "schema", "-o", str(out))
    assert refused.returncode == 2, refused.stderr
    assert "holds zones.schema.json, which govnet did not write" in refused.stderr
    assert mine.read_text(encoding="utf-8") == '{"title": "our own zones schema"}\n'


@pytest.mark.parametrize(("char", "field"), [("\u200b", "name"), ("\u202e", "name"), ("\u2066", "address"),
                                             ("\ufeff", "contacts.technical.name")])
def test_an_invisible_character_in_a_unit_is_an_error_at_its_line(model: Path, char: str, field: str) -> None:
    """'南昌市机关事务管理局' + U+200B printed as the same name and was not the same text: a second registration of
    a unit under it passed the duplicate check (GN711); U+202E printed a name backwards. Both validated clean."""
    registry = model / "registry.yaml"
    name = "    name: 东湖区政务服务数据管理局\n"
    text = registry.read_text(encoding="utf-8").replace(name, name + "    address: 南昌市某路1号\n")
    old = {"name": "name: 东湖区政务服务数据管理局", "address": "address: 南昌市某路1号",
           "contacts.technical.name": "technical: {name: 周示例"}[field]
    text = text.replace(old, old[:-2] + char + old[-2:], 1)
    registry.write_text(text, encoding="utf-8")
    found = [d for d in validate(model).diagnostics if d.code == "GN722"]
    assert len(found) == 1, found
    assert found[0].file == "registry.yaml" and f"U+{ord(char):04X}" in found[0].message
    assert text.splitlines()[found[0].line - 1].count(char) == 1


def test_a_date_after_today_is_refused(model: Path) -> None:
    """'suspend --date 2099-01-01' (or 9999-12-31) recorded a suspension in the future and set the status now;
    'set mlps_assessed=2099-01-01' an assessment to come. A typo of the year went into the record."""
    before = (model / "registry.yaml").read_bytes()
    later = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    for args in (("suspend", "MINI-0001", "--by", "x", "--date", later),
                 ("suspend", "MINI-0001", "--by", "x", "--date", "9999-12-31"),
                 ("set", "MINI-0001", f"mlps_assessed={later}", "--by", "x")):
        result = govnet_in_process("--lang", "en", "registry", *args, str(model))
        assert result.returncode == 2 and "after today" in result.stderr, (args, result.stderr)
    assert (model / "registry.yaml").read_bytes() == before
    today = govnet_in_process("registry", "suspend", "MINI-0001", "--by", "x", "--date", dt.date.today().isoformat(),
                              str(model))
    assert today.returncode == 0, today.stderr


@pytest.mark.parametrize("command", ["set", "approve", "add"])
def test_a_registry_that_does_not_parse_is_refused_at_its_line(model: Path, command: str) -> None:
    """Every edit of a registry file with a YAML syntax error was an internal error (exit 3: PyYAML's ParserError
    from the edit's own parse), not the file and line to fix."""
    registry = model / "registry.yaml"
    text = registry.read_text(encoding="utf-8") + "  - id: [broken\n"
    registry.write_text(text, encoding="utf-8")
    args = {"set": ("set", "MINI-0003", "tech=甲", "--by", "x"),
            "approve": ("approve", "MINI-0004", "--by", "x", "--document", "d"),
            "add": ("add", "--id", "T-001", "--name", "东湖区财政局", "--uscc", uscc.make("11", "360102", "MB0105FF"),
                    "--division", "360102", "--site", "360102", "--class", "A", "--bandwidth", "100M", "--head", "甲",
                    "--head-mobile", "13900000001", "--tech", "乙", "--tech-mobile", "13900000002")}[command]
    result = govnet_in_process("--lang", "en", "registry", *args, str(model))
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"registry.yaml:{len(text.splitlines()) + 1}:1: YAML syntax:" in result.stderr
    assert registry.read_text(encoding="utf-8") == text


def test_units_written_at_the_margin_take_an_add_and_a_set(model: Path) -> None:
    """'units:' followed by '- id: ...' at column 0 (PyYAML's own layout) is valid, but an add appended the new
    unit indented by two and a set re-wrote the unit so: both were refused with a YAML syntax error."""
    registry = model / "registry.yaml"
    text = registry.read_text(encoding="utf-8").replace("\n  - id:", "\n- id:").replace("\n    ", "\n  ")
    registry.write_text(text, encoding="utf-8")
    assert not [d for d in validate(model).diagnostics if str(d.severity) == "error"]
    added = govnet_in_process(
        "registry", "add", str(model), "--id", "T-001", "--name", "东湖区财政局", "--uscc",
        uscc.make("11", "360102", "MB0105FF"), "--division", "360102", "--site", "360102", "--class", "A",
        "--bandwidth", "100M", "--head", "甲", "--head-mobile", "13900000001", "--tech", "乙", "--tech-mobile",
        "13900000002", "--mlps-level", "2", "--date", "2024-06-25")
    assert added.returncode == 0, added.stdout + added.stderr
    regedit.set_fields(model, "MINI-0003", {"contacts.technical.name": "甲"}, by="x", date=DAY)
    after = registry.read_text(encoding="utf-8")
    assert "\n- id: T-001\n  name: 东湖区财政局\n" in after and "\n- id: MINI-0003\n" in after
    assert _spec(model, "MINI-0003").contacts.technical.name == "甲"  # type: ignore[attr-defined]
    assert after.split("\n- id: MINI-0003")[0] == text.split("\n- id: MINI-0003")[0]  # the units before: unchanged


@pytest.mark.parametrize("assignment", ["tech=李示例", "granted=1000M", "mlps_assessed=2024-03-15", "mlps_level=3"])
def test_setting_a_value_the_unit_already_has_records_no_change(model: Path, assignment: str) -> None:
    """'set MINI-0001 tech=李示例' appended a 'change' entry '李示例 → 李示例' to the unit's history: a record of a
    change that never happened (granted=1000M over 1G too). Nothing is written; the unit is as asked, so the
    command succeeds (a script may set a value again) and says so, in Chinese too."""
    before = (model / "registry.yaml").read_bytes()
    result = govnet_in_process("--lang", "en", "registry", "set", "MINI-0001", assignment, str(model), "--by", "x")
    assert result.returncode == 0 and "nothing changes: unit MINI-0001 already has" in result.stderr, result.stderr
    assert (model / "registry.yaml").read_bytes() == before
    chinese = govnet_in_process("--lang", "zh", "registry", "set", "MINI-0001", assignment, str(model), "--by", "x")
    assert chinese.returncode == 0 and "MINI-0001" in chinese.stderr and "nothing" not in chinese.stderr


def _form_text_positions(pdf: Path) -> tuple[str, float]:
    """The form's text as drawn, and the lowest baseline any of it is drawn at (points above the page's bottom
    edge); each page's foot (the unit's id and 'page n', set in the margin on purpose) is left out of both."""
    import re

    from pypdf import PdfReader

    foot = re.compile(r"单位编号：\S+|第 \d+ 页（(续下页|完)）")
    lowest, parts = 1e9, []
    for page in PdfReader(pdf).pages:
        def visit(text: str, cm: object, tm: list[float], *_: object) -> None:
            nonlocal lowest
            if text.strip() and not foot.fullmatch(text.strip()):
                lowest = min(lowest, tm[5])
                parts.append(text)
        page.extract_text(visitor_text=visit)
    return "".join(parts).replace("\n", ""), lowest


def test_a_form_cell_taller_than_a_page_goes_on_over_the_next_pages(model: Path, tmp_path: Path) -> None:
    """A 4,200-character address was drawn as one row running off the bottom of the A4 page: the printout lost
    the rest of it."""
    registry = model / "registry.yaml"
    address = "南昌市" + "东湖区示例路" * 700 + "终"
    name = "    name: 东湖区政务服务数据管理局\n"
    registry.write_text(registry.read_text(encoding="utf-8").replace(name, f"{name}    address: {address}\n"),
                        encoding="utf-8")
    result = govnet_in_process("records", str(model), "-o", str(tmp_path / "out"), "--pdf", "--unit", "MINI-0003")
    assert result.returncode == 0, result.stdout + result.stderr
    text, lowest = _form_text_positions(tmp_path / "out" / "records" / "forms" / "MINI-0003.pdf")
    assert address in text
    assert lowest > 10 * 72 / 25.4  # every line inside the bottom margin (15 mm) of its page


def test_a_long_run_without_spaces_is_cut_where_it_fits() -> None:
    """The running-width cut gives the lines the old one did (the longest head that fits, at least one character),
    which tried shorter and shorter heads: cubic in the run's length, minutes for a 30,000-character LAN line."""
    from govnet.records.formpdf import width, wrap

    room = 120.0
    for run in ("x" * 700, "AB1-" * 150 + "W", "i" * 3 + "W" * 40, "W"):
        lines = wrap(run, room)
        assert "".join(lines) == run
        for line in lines[:-1]:
            assert width(line, 9.5) <= room or len(line) == 1
        reference, rest = [], run  # the old search, on this short run
        while width(rest, 9.5) > room and len(rest) > 1:
            cut = len(rest) - 1
            while cut > 1 and width(rest[:cut], 9.5) > room:
                cut -= 1
            reference.append(rest[:cut])
            rest = rest[cut:]
        assert lines == [*reference, rest]


def test_a_ledger_cell_stays_within_what_excel_holds(model: Path, tmp_path: Path) -> None:
    """A 40,000-character address went into one ledger cell (Excel holds 32,767 and repairs the workbook) in a row
    2,000 points high (Excel's rows stop at 409)."""
    import openpyxl

    registry = model / "registry.yaml"
    address = "南昌市" + "东湖区示例路" * 6_700
    name = "    name: 东湖区政务服务数据管理局\n"
    registry.write_text(registry.read_text(encoding="utf-8").replace(name, f"{name}    address: {address}\n"),
                        encoding="utf-8")
    result = govnet_in_process("records", str(model), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stdout + result.stderr
    sheet = openpyxl.load_workbook(tmp_path / "out" / "records" / "ledger.xlsx")["3601 南昌市"]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "MINI-0003")
    cell = next(c.value for c in sheet[row] if isinstance(c.value, str) and c.value.startswith("南昌市东湖区示例路"))
    assert len(cell) == 32_767 and cell.endswith("（超长，全文见 ledger.csv）") and address.startswith(cell[:30_000])
    assert sheet.row_dimensions[row].height <= 409
    assert address in (tmp_path / "out" / "records" / "ledger.csv").read_text(encoding="utf-8-sig")


def test_a_bandwidth_without_its_unit_is_refused(model: Path) -> None:
    """'set granted=100' and 'add --bandwidth 100' recorded 100 bit/s (a bare number is bit/s) for a clerk who
    meant 100M; nothing warned. A bare figure of 1 Mbit/s or more (100000000) still reads as bit/s."""
    before = (model / "registry.yaml").read_bytes()
    for args in (("set", "MINI-0003", "granted=100", "--by", "x"),
                 ("approve", "MINI-0004", "--by", "x", "--document", "d", "--granted", "100"),
                 ("add", "--id", "T-001", "--name", "东湖区财政局", "--uscc", uscc.make("11", "360102", "MB0105FF"),
                  "--division", "360102", "--site", "360102", "--class", "A", "--bandwidth", "100", "--head", "甲",
                  "--head-mobile", "13900000001", "--tech", "乙", "--tech-mobile", "13900000002")):
        result = govnet_in_process("--lang", "en", "registry", *args, str(model))
        assert result.returncode == 2, (args, result.stderr)
    assert (model / "registry.yaml").read_bytes() == before
    regedit.set_fields(model, "MINI-0003", dict([regedit.parse_assignment("granted=100000000")]), by="x", date=DAY)
    assert _spec(model, "MINI-0003").bandwidth.granted == 100_000_000  # type: ignore[attr-defined]


def _add(model: Path, unit: str, code: str) -> object:
    return govnet_in_process(
        "--lang", "en", "registry", "add", str(model), "--id", unit, "--name", f"东湖区{unit}", "--uscc", code,
        "--division", "360102", "--site", "360102", "--class", "A", "--bandwidth", "100M", "--head", "甲",
        "--head-mobile", "13900000001", "--tech", "乙", "--tech-mobile", "13900000002", "--mlps-level", "2")


def test_a_refused_add_leaves_no_request_for_a_later_add_to_write(model: Path) -> None:
    """An add refused on its own left its request in .govnet-queue/: every later add tried it again, and once the
    cause was gone (here the unit whose USCC it repeated), someone else's add registered it unasked."""
    refused = _add(model, "T-001", "11360102MB0103CC45")  # MINI-0003's USCC: GN711
    assert refused.returncode == 1, refused.stderr  # type: ignore[attr-defined]
    assert not list((model / ".govnet-queue").glob("*.req"))
    registry = model / "registry.yaml"
    text = registry.read_text(encoding="utf-8")
    start = text.index("  - id: MINI-0003")
    registry.write_text(text[:start] + text[text.index("  - id: MINI-0004"):], encoding="utf-8")  # the user's own
    later = _add(model, "T-002", uscc.make("11", "360102", "MB0106GG"))
    assert later.returncode == 0, later.stderr  # type: ignore[attr-defined]
    after = registry.read_text(encoding="utf-8")
    assert "id: T-002" in after and "id: T-001" not in after


def test_an_add_interrupted_while_it_waits_is_not_written_later(model: Path, tmp_path: Path) -> None:
    """Ctrl-C on an add waiting for the lock left its request queued: the next writer registered the unit the
    user had given up on."""
    import signal
    import subprocess
    import sys
    import time

    from test_hostile_writes import HOLD

    release = tmp_path / "release"
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(model), str(release)], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        code = uscc.make("11", "360102", "MB0105FF")
        waiting = subprocess.Popen([sys.executable, "-m", "govnet", "registry", "add", str(model), "--id", "T-001",
                                    "--name", "东湖区财政局", "--uscc", code, "--division", "360102", "--site",
                                    "360102", "--class", "A", "--bandwidth", "100M", "--head", "甲", "--head-mobile",
                                    "13900000001", "--tech", "乙", "--tech-mobile", "13900000002", "--mlps-level", "2"],
                                   stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(600):  # until its request is queued (it then waits for the lock)
            if list((model / ".govnet-queue").glob("*.req")) or waiting.poll() is not None:
                break
            time.sleep(0.1)
        waiting.send_signal(signal.SIGINT)
        assert waiting.wait(timeout=120) == 130
    finally:
        release.touch()
        holder.wait(timeout=120)
    later = _add(model, "T-002", uscc.make("11", "360102", "MB0106GG"))
    assert later.returncode == 0, later.stderr  # type: ignore[attr-defined]
    after = (model / "registry.yaml").read_text(encoding="utf-8")
    assert "id: T-002" in after and "id: T-001" not in after


def test_a_bar_in_a_city_name_stays_in_its_statistics_cell(model: Path, tmp_path: Path) -> None:
    """'南昌|市' (a GN306 warning only) split its row of statistics.md's city table into one column too many."""
    city = model / "topology" / "3601.yaml"
    city.write_text(city.read_text(encoding="utf-8").replace("  name: 南昌市\n", '  name: "南昌|市"\n', 1),
                    encoding="utf-8")
    assert govnet_in_process("records", str(model), "-o", str(tmp_path / "out")).returncode == 0
    table = [line for line in (tmp_path / "out" / "records" / "statistics.md").read_text(encoding="utf-8")
             .splitlines() if line.startswith("| 3601 ")]
    assert table and all(line.replace("\\|", "").count("|") == 8 for line in table), table


@pytest.mark.parametrize(("typed", "meant"), [("mini-0003", "MINI-0003"), ("MINI-0003 ", "MINI-0003"),
                                              ("MINI-003", "MINI-0003")])
def test_an_edit_of_a_mistyped_unit_id_names_the_unit_meant(model: Path, typed: str, meant: str) -> None:
    """'registry show' offered 'did you mean', but every edit said only 'no unit with id' (a lower-case id, a
    space pasted along)."""
    result = govnet_in_process("--lang", "en", "registry", "suspend", typed, str(model), "--by", "x")
    assert result.returncode == 2
    assert f"no unit with id '{typed}' in the registry; did you mean '{meant}'?" in result.stderr, result.stderr


@pytest.mark.parametrize(("text", "field"), [("朱鎔基", "contacts.technical.name"), ("刘龑纪念馆", "name"),
                                             ("南昌市𠀀路1号", "address")])
def test_a_character_the_forms_font_lacks_is_warned(model: Path, text: str, field: str) -> None:
    """A character outside the shipped font (GB 2312, 《通用规范汉字表》 and the division tables), such as the
    traditional 鎔, 龑 (the table writes 䶮) or 𠀀 of Extension B, prints as an empty box on the PDF form: it is
    said."""
    regedit.set_fields(model, "MINI-0003", {field: text}, by="x", date=DAY)
    found = [d for d in validate(model).diagnostics if d.code == "GN723"]
    assert len(found) == 1 and str(found[0].severity) == "warning", found
    missing = {"朱鎔基": "鎔", "刘龑纪念馆": "龑", "南昌市𠀀路1号": "𠀀"}[text]
    assert f"cannot draw {missing} " in found[0].message and found[0].file == "registry.yaml"


@pytest.mark.parametrize("text", ["王堃", "朱镕基", "李赟", "张喆", "刘䶮", "陈媞", "赵珺", "孙昇"])
def test_names_of_the_general_standard_table_are_drawn(model: Path, text: str) -> None:
    """堃, 镕, 赟, 䶮 and 媞, common in names and in 《通用规范汉字表》 but not in GB 2312, were missing from the font
    (GN723, and an empty box on the form): the font now keeps the whole table."""
    regedit.set_fields(model, "MINI-0003", {"contacts.technical.name": text}, by="x", date=DAY)
    assert not [d for d in validate(model).diagnostics if d.code == "GN723"]


def test_the_example_registry_draws_every_character(repo_model: Path) -> None:
    assert not [d for d in validate_shared(repo_model).diagnostics if d.code == "GN723"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [("registry", "list", "--format", "json"), ("registry", "show", "MINI-0001")])
def test_output_to_a_full_disk_is_an_io_error(model: Path, args: tuple[str, ...]) -> None:
    """'registry list > /dev/full' (a full disk) was exit 3, 'internal error ... this is a bug in govnet'."""
    import subprocess
    import sys

    with open("/dev/full", "w", encoding="utf-8") as full:
        result = subprocess.run([sys.executable, "-m", "govnet", "--lang", "en", *args, str(model)], stdout=full,
                                stderr=subprocess.PIPE, text=True, timeout=300, check=False)
    assert result.returncode == 2, result.stderr
    assert "cannot write the output: No space left on device" in result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr


def test_init_refuses_an_empty_village_selection(tmp_path: Path) -> None:
    """'--villages ""' (a variable left empty in a script) wrote a model without villages and said nothing."""
    result = govnet_in_process("--lang", "en", "init", str(tmp_path / "new"), "--province", "36", "--villages", "")
    assert result.returncode == 2 and "--villages takes 'all' or county codes" in result.stderr, result.stderr
    assert not (tmp_path / "new").exists()
