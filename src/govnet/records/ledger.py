"""The ledger (台账): one row per unit, as XLSX (a sheet per city plus a summary), CSV and JSON.

Every writer returns bytes or text and is deterministic: the same registry gives byte-identical files.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter

from govnet.checks.registry import normal_division
from govnet.model.types import Model
from govnet.records import xlsx
from govnet.records.forms import zone_address
from govnet.reference.units import format_bandwidth
from govnet.registry import lifecycle as lc
from govnet.schema.registry import UnitSpec

PROVINCE_SHEET = "省直"

COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "单位编号"), ("name", "单位名称"), ("uscc", "统一社会信用代码"), ("division", "行政区划代码"),
    ("city", "设区市"), ("county", "县（市、区）"), ("site", "接入节点"), ("address", "安装地址"),
    ("class", "接入类别"), ("zones", "接入区域"), ("internet", "互联网出口"), ("requested", "申请带宽"),
    ("granted", "批准带宽"),
    ("line", "线路类型"), ("carrier", "运营商"), ("mlps", "等保级别"), ("mlps_filing", "等保备案号"),
    ("assessed", "最近测评日期"), ("head", "负责人"), ("head_mobile", "负责人手机"), ("tech", "技术联系人"),
    ("tech_mobile", "技术联系人手机"), ("status", "状态"), ("activated", "开通日期"), ("approval", "审批文号"),
    ("reregistered", "重新登记"), ("addresses", "分配地址"),
)

_CELLS = itemgetter(*(key for key, _ in COLUMNS))  # a row's values in column order


@dataclass(frozen=True)
class Row:
    unit: UnitSpec
    city_code: str  # "" for provincial units
    values: dict[str, str | int]


def rows(model: Model, addresses: Mapping[str, Sequence[str]]) -> list[Row]:
    assert model.registry is not None
    names = {site.key: site.name for site in model.sites}
    zone_titles = {zone.name: zone.title for zone in model.zones}
    settings = model.registry.settings
    # What many units share (their division's names, their site, their zones, a bandwidth) is written once.
    areas: dict[str, tuple[str, str, str]] = {}
    sites: dict[str, str] = {}
    zone_lists: dict[tuple[str, ...], str] = {}
    bandwidths: dict[int, str] = {}
    found = []
    for unit in model.registry.units:
        area = areas.get(unit.division)
        if area is None:
            key = normal_division(unit.division) or unit.division
            city = key[:4] if len(key) >= 4 else ""
            area = areas[unit.division] = (city, names.get(city, city),
                                           names.get(key[:6], "") if len(key) >= 6 else "")
        site = sites.get(unit.site)
        if site is None:
            site = sites[unit.site] = f"{unit.site} {names.get(unit.site, '')}".strip()
        zones = zone_lists.get(tuple(unit.zones))
        if zones is None:
            zones = zone_lists[tuple(unit.zones)] = "、".join(zone_titles.get(z, z) for z in unit.zones)
        requested, granted = unit.bandwidth.requested, unit.bandwidth.granted
        if requested not in bandwidths:
            bandwidths[requested] = format_bandwidth(requested)
        if granted and granted not in bandwidths:
            bandwidths[granted] = format_bandwidth(granted)
        approval = activated = None
        for entry in unit.history:  # the first of each, as lc.first finds them
            if entry.action == "approve" and approval is None:
                approval = entry
            elif entry.action == "activate" and activated is None:
                activated = entry
        line, mlps, contacts = unit.line, unit.mlps, unit.contacts
        values: dict[str, str | int] = {
            "id": unit.id, "name": unit.name, "uscc": unit.uscc, "division": unit.division,
            "city": area[1], "county": area[2], "site": site, "address": unit.address or "",
            "class": unit.access_class, "zones": zones,
            "internet": lc.INTERNET_ZH[unit.internet],
            "requested": bandwidths[requested], "granted": bandwidths[granted] if granted else "",
            "line": line.type if line else "", "carrier": line.carrier if line else "",
            "mlps": mlps.level if mlps else "", "mlps_filing": (mlps.filing or "") if mlps else "",
            "assessed": str(mlps.assessed) if mlps and mlps.assessed else "",
            "head": contacts.head.name, "head_mobile": contacts.head.mobile,
            "tech": contacts.technical.name, "tech_mobile": contacts.technical.mobile,
            "status": lc.STATUS_ZH[unit.status], "activated": str(activated.date) if activated else "",
            "approval": (approval.document or "") if approval else "",
            "reregistered": "是" if lc.reregistered(unit, settings) else "否",
            "addresses": "；".join(zone_address(a, zone_titles) for a in addresses.get(unit.id, ())),
        }
        found.append(Row(unit, area[0], values))
    return found


def to_csv(table: Sequence[Row]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens the Chinese text correctly."""
    rows = [[title for _, title in COLUMNS]]
    rows += [[v if type(v) is str else str(v) for v in map(csv_cell, _CELLS(row.values))] for row in table]
    # What the csv module writes, joined directly when no cell holds a separator, a quote or a line end (counting
    # them in the joined text proves it): the csv module took twice as long for the same text.
    text = "".join([",".join(row) + "\r\n" for row in rows])
    if (text.count(",") != (len(COLUMNS) - 1) * len(rows) or '"' in text or text.count("\r") != len(rows)
            or text.count("\n") != len(rows)):
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows(rows)
        text = out.getvalue()
    return b"\xef\xbb\xbf" + text.encode("utf-8")


# A cell starting with one of these is a formula to Excel and LibreOffice (OWASP, "CSV Injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_cell(value: str | int) -> str | int:
    """A cell as CSV must carry it: text a spreadsheet would run as a formula gets a leading apostrophe, as
    OWASP advises (the csv module quotes the cell where needed). The XLSX writer needs no such guard: it writes
    every text cell as an inline string, which spreadsheets never evaluate.

    >>> csv_cell("=1+2"), csv_cell("@SUM(A1)"), csv_cell("0791-86000000"), csv_cell(-1)
    ("'=1+2", "'@SUM(A1)", '0791-86000000', -1)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_json(table: Sequence[Row], statistics: Mapping[str, object]) -> str:
    """What ``json.dumps(data, ensure_ascii=False, indent=1)`` writes, built faster: with ``indent`` set, json
    takes its pure-Python encoder (11 s for 100,000 units), so each row goes through the C encoder with separators
    that lay it out as indent=1 does at its depth. A test holds the two to the same text."""
    units = ",\n".join(f"  {{\n   {_ROW.encode(row.values)[1:-1]}\n  }}" if row.values else "  {}" for row in table)
    return (f'{{\n "columns": {_nested(dict(COLUMNS))},\n "units": ' + (f"[\n{units}\n ]" if table else "[]")
            + f',\n "statistics": {_nested(statistics)}\n}}\n')


# A row is a flat mapping of scalars at depth 2 of the ledger: this separator lays out its items as indent=1 does.
_ROW = json.JSONEncoder(ensure_ascii=False, separators=(",\n   ", ": "))


def _nested(value: object) -> str:
    """``value`` as indent=1 lays it out one level down: every line after the first one space further in."""
    return json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n ")


# Columns the XLSX writes typed, not as text: dates (a date cell a clerk can sort and filter) and bandwidths in
# Mbit/s (numbers that add up); CSV and JSON keep the text the registry wrote.
_DATES = frozenset({"assessed", "activated"})
_MBPS = {"requested": "申请带宽（Mbps）", "granted": "批准带宽（Mbps）"}
XLSX_HEADER = tuple(_MBPS.get(key, title) for key, title in COLUMNS)
_MAX_WIDTH = 48  # characters; longer cells (long names) wrap in a taller row rather than widen the sheet
# The granted addresses (a zone and prefix per subnet, IPv4 and IPv6) are wider: capped at 48 nearly every row
# wrapped, which doubled the printed pages (LibreOffice: 178 -> 418 for the default model); at 100 a unit in
# three zones (up to 99 characters) still prints on one line.
_CAPS = {"addresses": 100.0}


_display_width = xlsx.display_width


def _xlsx_row(row: Row) -> list[xlsx.Cell]:
    cells: list[xlsx.Cell] = list(_CELLS(row.values))
    unit = row.unit
    cells[_REQUESTED] = unit.bandwidth.requested / 1e6 if unit.bandwidth.requested % 10**6 else \
        unit.bandwidth.requested // 10**6
    granted = unit.bandwidth.granted
    cells[_GRANTED] = (granted / 1e6 if granted % 10**6 else granted // 10**6) if granted else None
    for i in _DATE_INDEXES:
        if cells[i]:
            cells[i] = dt.date.fromisoformat(str(cells[i]))
    return cells


_KEYS = [key for key, _ in COLUMNS]
_REQUESTED, _GRANTED = _KEYS.index("requested"), _KEYS.index("granted")
_DATE_INDEXES = [_KEYS.index(key) for key in sorted(_DATES)]


def _widths(header: Sequence[str], body: Sequence[Sequence[xlsx.Cell]]) -> list[float]:
    """Each column as wide as its widest cell (dates ten characters, numbers their digits), capped; the header
    may wrap to two lines. Empty cells do not count: a date column with some empty cells still fits its dates."""
    widths = [max(4.0, _display_width(h) / 2 + 1) for h in header]
    for i in range(len(header)):
        values = {v for line in body if isinstance(v := line[i], str) and v}  # distinct: a column repeats a lot
        if values:
            widths[i] = max(widths[i], max(map(_display_width, values)) + 1.5)
        if i in _DATE_INDEXES:
            widths[i] = max(widths[i], 11.5)
        elif i in (_REQUESTED, _GRANTED):
            widths[i] = max([widths[i]] + [len(f"{v:g}") + 2.5 for line in body
                                           if isinstance(v := line[i], int | float)])
    return [min(w, _CAPS.get(key, _MAX_WIDTH)) for w, key in zip(widths, _KEYS, strict=True)]


def _wrapping(widths: Sequence[float], keys: Sequence[str] = ()) -> list[int]:
    """The columns cut at their cap: their longer cells wrap (in a taller row) instead of running off the page."""
    return [i for i, w in enumerate(widths)
            if w >= (_CAPS.get(keys[i], _MAX_WIDTH) if i < len(keys) else _MAX_WIDTH)]


def to_xlsx(table: Sequence[Row], city_names: Mapping[str, str], summary: Sequence[Sequence[object]]) -> bytes:
    """A summary sheet, then one sheet per city (provincial units on their own sheet): frozen styled header,
    filters, borders, fitted widths, typed dates and bandwidths; printed A4 landscape with the header row and the
    unit's id and name repeated on every page."""
    by_city: dict[str, list[Row]] = {}
    for row in table:
        by_city.setdefault(row.city_code, []).append(row)
    summary_rows: list[Sequence[xlsx.Cell]] = [[c if isinstance(c, int | float | str) else str(c) for c in line]
                                               for line in summary]  # typed: a Percent is a float
    # a line after an empty one (or the first) is a section title: drawn like a header
    heads = [r for r, line in enumerate(summary_rows, 1) if line and (r == 1 or not summary_rows[r - 2])]
    widths = _summary_widths(summary_rows)
    sheets = [xlsx.Sheet("汇总", summary_rows, widths=widths, heads=heads, wrap=_wrapping(widths))]
    header = list(XLSX_HEADER)
    for city in sorted(by_city):
        title = f"{city} {city_names.get(city, '')}".strip() if city else PROVINCE_SHEET
        body = [_xlsx_row(row) for row in by_city[city]]
        widths = _widths(header, body)
        sheets.append(xlsx.Sheet(title, [header, *body], header=True, widths=widths, print_columns=2,
                                 pages_wide=3, wrap=_wrapping(widths, _KEYS)))
    return xlsx.workbook(sheets, title="电子政务外网接入单位台账")


def _summary_widths(rows: Sequence[Sequence[object]]) -> list[float]:
    width = max((len(r) for r in rows), default=1)
    return [min(_MAX_WIDTH, max([8.0] + [_display_width(str(r[i])) + 2 for r in rows if len(r) > i and r[i] != ""]))
            for i in range(width)]
