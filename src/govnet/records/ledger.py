"""The ledger (台账): one row per unit, as XLSX (a sheet per city plus a summary), CSV and JSON.

Every writer returns bytes or text and is deterministic: the same registry gives byte-identical files.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from govnet import lifecycle as lc
from govnet.checks.registry import normal_division
from govnet.model import Model
from govnet.records import xlsx
from govnet.schema.registry import UnitSpec
from govnet.units import format_bandwidth

PROVINCE_SHEET = "省直"

COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "单位编号"), ("name", "单位名称"), ("uscc", "统一社会信用代码"), ("division", "区划代码"),
    ("city", "设区市"), ("county", "县（市、区）"), ("site", "接入节点"), ("class", "接入类别"),
    ("zones", "接入区域"), ("internet", "互联网出口"), ("requested", "申请带宽"), ("granted", "批准带宽"),
    ("line", "线路类型"), ("carrier", "运营商"), ("mlps", "等保级别"), ("mlps_filing", "等保备案号"),
    ("assessed", "最近测评"), ("head", "负责人"), ("head_mobile", "负责人手机"), ("tech", "技术联系人"),
    ("tech_mobile", "技术联系人手机"), ("status", "状态"), ("activated", "开通日期"), ("approval", "审批文号"),
    ("reregistered", "重新登记"), ("addresses", "分配地址"),
)


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
    found = []
    for unit in model.registry.units:
        key = normal_division(unit.division) or unit.division
        city = key[:4] if len(key) >= 4 else ""
        approval = lc.first(unit, "approve")
        activated = lc.first(unit, "activate")
        values: dict[str, str | int] = {
            "id": unit.id, "name": unit.name, "uscc": unit.uscc, "division": unit.division,
            "city": names.get(city, city), "county": names.get(key[:6], "") if len(key) >= 6 else "",
            "site": f"{unit.site} {names.get(unit.site, '')}".strip(), "class": unit.access_class,
            "zones": "、".join(zone_titles.get(z, z) for z in unit.zones),
            "internet": lc.INTERNET_ZH[unit.internet],
            "requested": format_bandwidth(unit.bandwidth.requested),
            "granted": format_bandwidth(unit.bandwidth.granted) if unit.bandwidth.granted else "",
            "line": unit.line.type if unit.line else "", "carrier": unit.line.carrier if unit.line else "",
            "mlps": unit.mlps.level if unit.mlps else "", "mlps_filing": (unit.mlps.filing or "") if unit.mlps else "",
            "assessed": str(unit.mlps.assessed) if unit.mlps and unit.mlps.assessed else "",
            "head": unit.contacts.head.name, "head_mobile": unit.contacts.head.mobile,
            "tech": unit.contacts.technical.name, "tech_mobile": unit.contacts.technical.mobile,
            "status": lc.STATUS_ZH[unit.status], "activated": str(activated.date) if activated else "",
            "approval": (approval.document or "") if approval else "",
            "reregistered": "是" if lc.reregistered(unit, settings) else "否",
            "addresses": " ".join(addresses.get(unit.id, ())),
        }
        found.append(Row(unit, city, values))
    return found


def to_csv(table: Sequence[Row]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens the Chinese text correctly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([title for _, title in COLUMNS])
    for row in table:
        writer.writerow([row.values[key] for key, _ in COLUMNS])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


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


def to_xlsx(table: Sequence[Row], city_names: Mapping[str, str], summary: Sequence[Sequence[object]]) -> bytes:
    """A summary sheet, then one sheet per city (provincial units on their own sheet); frozen header, filters."""
    by_city: dict[str, list[Row]] = {}
    for row in table:
        by_city.setdefault(row.city_code, []).append(row)
    widths = [30 if key in ("name", "addresses") else 14 for key, _ in COLUMNS]
    sheets = [xlsx.Sheet("汇总", [[c if isinstance(c, int | str) else str(c) for c in line] for line in summary],
                         widths=[28, 16, 16])]
    header = [title for _, title in COLUMNS]
    for city in sorted(by_city):
        title = f"{city} {city_names.get(city, '')}".strip() if city else PROVINCE_SHEET
        body = [[row.values[key] for key, _ in COLUMNS] for row in by_city[city]]
        sheets.append(xlsx.Sheet(title[:31], [header, *body], header=True, widths=widths))
    return xlsx.workbook(sheets, title="电子政务外网接入单位台账")
