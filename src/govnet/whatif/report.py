"""The what-if results as a report for the network office (Chinese, like every report govnet writes): text,
JSON and a self-contained HTML page (容灾分析报告)."""

from __future__ import annotations

import html
import json
from dataclasses import replace
from typing import TYPE_CHECKING

from govnet.model.types import Model
from govnet.whatif import Report
from govnet.whatif.analysis import Impact

KINDS = {"link": "链路", "links": "链路组合", "device": "设备", "site": "站点", "carrier": "运营商",
         "srlg": "共享风险组", "elements": "组合故障"}
SHOWN = 20

if TYPE_CHECKING:
    from govnet.draw import Drawing


def rate(bits: int) -> str:
    """
    >>> rate(10_000_000_000), rate(100_000_000), rate(0)
    ('10G', '100M', '0')
    """
    for unit, size in (("G", 10**9), ("M", 10**6)):
        if bits >= size:
            return f"{bits / size:g}{unit}"
    return str(bits)


def _site(model: Model, key: str) -> str:
    site = model.site_by_key.get(key)
    return f"{site.name}({key})" if site is not None else key


def impact_json(model: Model, impact: Impact) -> dict[str, object]:
    return {
        "kind": impact.element.kind,
        "element": impact.element.name,
        "sites_lost": impact.sites,
        "units_lost": impact.unit_count,
        "units_lost_by_zone": {zone: n for zone, n in sorted(impact.units.items()) if zone},
        "devices_unmanageable": sorted(model_names(model, impact)),
        "devices_unmanageable_by_zone": management_by_zone(model, impact),
        "bgp_sessions_dropped": [list(pair) for pair in impact.sessions],
        "paths_moved": [{"site": s, "bandwidth_before_bps": a, "bandwidth_after_bps": b, "carriers_before": ca,
                         "carriers_after": cb} for s, a, b, ca, cb in impact.moved],
    }


def model_names(model: Model, impact: Impact) -> list[str]:
    """Devices that lose management reach: every device of ours failed or cut off from the core (the management
    servers sit behind the core; the national backbone's PEs are managed by its own operator, not from here).
    Device i of the model is node i + 1 of the what-if network."""
    return [name for i, (name, device) in enumerate(model.devices.items(), 1)
            if i in impact.lost and model.is_ours(device)]


def management_by_zone(model: Model, impact: Impact) -> dict[str, int]:
    """Per zone, the devices that lose management reach at sites offering the zone (a device of a site with
    several zones counts in each): what each zone's operators can no longer reach."""
    found: dict[str, int] = {}
    for name in model_names(model, impact):
        for zone in model.zones_of(model.devices[name].site):
            found[zone] = found.get(zone, 0) + 1
    order = {zone.name: i for i, zone in enumerate(model.zones)}
    return dict(sorted(found.items(), key=lambda item: (order.get(item[0], len(order)), item[0])))


def one_text(model: Model, impact: Impact) -> str:
    zones = "，".join(f"{z} {n}" for z, n in sorted(impact.units.items()) if z) or "无"
    managed = "，".join(f"{z} {n}" for z, n in management_by_zone(model, impact).items()) or "无"
    lines = [f"故障：{KINDS.get(impact.element.kind, impact.element.kind)} {impact.element.name}",
             f"失联站点 {len(impact.sites)} 个，失联接入单位 {impact.unit_count} 家（按区域：{zones}）",
             f"失去网管可达的设备 {len(model_names(model, impact))} 台（按区域：{managed}），"
             f"中断的 BGP 会话 {len(impact.sessions)} 条"]
    lines += [f"  失联：{_site(model, key)}" for key in impact.sites[:SHOWN]]
    if len(impact.sites) > SHOWN:
        lines.append(f"  ……另有 {len(impact.sites) - SHOWN} 个站点")
    lines += [f"  会话中断：{a} – {b}" for a, b in impact.sessions[:SHOWN]]
    for site, before, after, old, new in impact.moved[:SHOWN]:
        lines.append(f"  路径改变：{_site(model, site)} {_change('带宽', rate(before), rate(after))}，"
                     f"{_change('运营商', old or '-', new or '-')}")
    if len(impact.moved) > SHOWN:
        lines.append(f"  ……另有 {len(impact.moved) - SHOWN} 个站点路径改变")
    return "\n".join(lines) + "\n"


def _change(what: str, before: str, after: str) -> str:
    """A value before and after the failure, or once with 不变 when the failure leaves it as it was (a path that
    loses one of its carriers keeps its bandwidth).

    >>> _change("带宽", "10G", "1G"), _change("带宽", "1G", "1G")
    ('带宽 10G → 1G', '带宽 1G（不变）')
    """
    return f"{what} {before}（不变）" if before == after else f"{what} {before} → {after}"


def all_text(model: Model, report: Report) -> str:
    lines = [f"容灾分析：逐一失效 {report.elements} 个要素，其中 {len(report.impacts)} 个会造成失联", "",
             "排名（按失联接入单位数）："]
    for rank, impact in enumerate(report.impacts[:50], 1):
        lines.append(f"{rank:>3}. {KINDS.get(impact.element.kind, impact.element.kind)} {impact.element.name}："
                     f"失联站点 {len(impact.sites)}，接入单位 {impact.unit_count}，BGP 会话 {len(impact.sessions)}")
    for zone, ranked in by_zone(report).items():
        shown = "；".join(f"{KINDS.get(i.element.kind, i.element.kind)} {i.element.name}（{i.units[zone]}）"
                         for i in ranked[:5])
        lines.append(f"  区域 {zone} 影响最大：{shown}")
    lines += ["", "单点故障（按设区市、县区）："]
    for area, items in report.spofs.items():
        shown = "；".join(f"{_label(label)}（{n} 个站点）" for label, n in items[:5])
        more = f"；……共 {len(items)} 处" if len(items) > 5 else ""
        lines.append(f"  {_site(model, area)}：{shown}{more}")
    return "\n".join(lines) + "\n"


def by_zone(report: Report) -> dict[str, list[Impact]]:
    """Per zone, the failures that cut off units of it, most first."""
    found: dict[str, list[Impact]] = {}  # one pass over the impacts (not one per zone), in their order
    for impact in report.impacts:
        for zone, count in impact.units.items():
            if zone:
                ranked = found.setdefault(zone, [])
                if count:
                    ranked.append(impact)
    return {zone: sorted(found[zone], key=lambda i: (-i.units[zone], i.element.kind, i.element.name))
            for zone in sorted(found)}


def all_json(model: Model, report: Report) -> str:
    data = {"elements": report.elements, "impacts": [impact_json(model, i) for i in report.impacts],
            "by_zone": {zone: [{"kind": i.element.kind, "element": i.element.name, "units_lost": i.units[zone]}
                               for i in ranked[:SHOWN]] for zone, ranked in by_zone(report).items()},
            "single_points_of_failure": {area: [{"element": label, "sites_lost": n} for label, n in items]
                                         for area, items in report.spofs.items()}}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def captioned(drawing: Drawing, impact: Impact) -> Drawing:
    """The what-if diagram with the failure and its count of lost sites first in its notes."""
    what = f"故障：{KINDS.get(impact.element.kind, impact.element.kind)} {impact.element.name}"
    lost = f"红色：失联站点 {len(impact.sites)} 个，失联接入单位 {impact.unit_count} 家"
    return replace(drawing, notes=(what, lost, *drawing.notes))


def one_html(model: Model, impact: Impact, diagram_svg: str | None = None) -> str:
    body = f"<pre>{html.escape(one_text(model, impact))}</pre>"
    if diagram_svg:  # inline SVG in HTML: no XML declaration; scaled to the page's width (it is drawn at A2 or so)
        svg = diagram_svg.split("?>", 1)[1].lstrip() if diagram_svg.startswith("<?xml") else diagram_svg
        body += f"<div class='diagram'>{svg}</div>"
    return _page(f"故障影响：{impact.element.name}", body)


def all_html(model: Model, report: Report) -> str:
    rows = "".join(
        f"<tr><td>{rank}</td><td>{html.escape(KINDS.get(i.element.kind, i.element.kind))}</td>"
        f"<td>{html.escape(_site(model, i.element.name) if i.element.kind == 'site' else i.element.name)}</td>"
        f"<td>{len(i.sites)}</td><td>{i.unit_count}</td>"
        f"<td>{len(i.sessions)}</td></tr>" for rank, i in enumerate(report.impacts, 1))
    spofs = "".join(f"<tr><td>{html.escape(_site(model, area))}</td><td>"
                    f"{html.escape('；'.join(f'{_label(label)}（{n}）' for label, n in items))}</td></tr>"
                    for area, items in report.spofs.items())
    body = (f"<p>逐一失效 {report.elements} 个要素，其中 {len(report.impacts)} 个会造成失联。</p>"
            "<h2>排名</h2><table><tr><th>#</th><th>类型</th><th>要素</th><th>失联站点</th><th>失联单位</th>"
            f"<th>BGP 会话</th></tr>{rows}</table><h2>单点故障</h2><table><tr><th>地区</th><th>单点故障（失联站点数）"
            f"</th></tr>{spofs}</table>")
    return _page("容灾分析报告", body)


def _label(label: str) -> str:
    """``link A/B`` -> ``链路 A/B``."""
    kind, _, name = label.partition(" ")
    return f"{KINDS.get(kind, kind)} {name}"


def _page(title: str, body: str) -> str:
    return (f"<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
            ".diagram svg{max-width:100%;height:auto}pre{white-space:pre-wrap}"
            "td,th{border:1px solid #999;padding:2px 6px}</style></head>"
            f"<body><h1>{html.escape(title)}</h1>{body}</body></html>\n")
