"""The province overview: the provincial core in the centre, the cities on an inner ring, the counties on an
outer ring in their city's sector, townships summarised on each county's label, the special sites near the core.
"""

from __future__ import annotations

from govnet.draw.compose import ViewOptions, children, legend_for, styled_edges
from govnet.draw.county import village_note
from govnet.draw.layout import (
    PT,
    centred,
    outward_label,
    polar,
    radial_label,
    ring_radius,
    sectors,
    slot_angle,
    text_width,
)
from govnet.draw.network import Facts, bundles
from govnet.draw.scene import Drawing, Label, Node
from govnet.draw.sheet import COUNTY_EMS, fit
from govnet.draw.style import KIND_NAMES, node_style
from govnet.model.types import SPECIAL, Model

KINDS = ["province", "city", "county", "national-pop", "gov-cloud", "dr-centre", "datacenter"]
SPECIAL_ORDER = {"national-pop": 0, "gov-cloud": 1, "dr-centre": 2, "datacenter": 3}
SPECIAL_ANGLE = {"national-pop": 90.0, "gov-cloud": 210.0, "dr-centre": 330.0, "datacenter": 270.0}
COUNTY_FONT = 9.0
PITCH = COUNTY_FONT * 1.9 * PT  # county slots along the outer ring


def province_view(model: Model, known: Facts, options: ViewOptions) -> list[Drawing]:
    province = model.province
    under = children(model)
    sites = model.site_by_key
    cities = [k for k in under.get(province.key, []) if sites[k].level == "city"]
    counties = {c: [k for k in under.get(c, []) if sites[k].level == "county"] for c in cities}
    lit = options.highlight.sites

    # Townships per county, and how many of them reach the core.
    towns: dict[str, list[str]] = {}
    for county_list in counties.values():
        for county in county_list:
            towns[county] = [k for k in under.get(county, []) if sites[k].level == "township"]

    groups, total = sectors([len(counties[c]) for c in cities], step=2, gap=1)
    outer = ring_radius(total, PITCH, 3.0)
    inner = outer * 0.58
    nodes: list[Node] = []
    node_of: dict[str, str] = {province.key: province.key}
    widest = 0.0
    city_angles: list[float] = []
    for city, group in zip(cities, groups, strict=True):
        mid = slot_angle(group.start + (group.slots - 1) / 2, total)
        city_angles.append(mid)
        x, y = polar(inner, mid)
        style = node_style("city", highlighted=city in lit, reachable=city in known.reachable)
        label = Label(sites[city].name, 0.0, -(style.size / 2 + 3), 0.0, "center", "top")
        nodes.append(Node(city, x, y, label, style, "city", city in lit, f"{city} {sites[city].name}"))
        node_of[city] = city
        for i, county in enumerate(counties[city]):
            angle = slot_angle(centred(group, len(counties[city]), i), total)
            x, y = polar(outer, angle)
            township_keys = towns[county]
            reached = sum(1 for k in township_keys if k in known.reachable)
            hit = county in lit or any(k in lit for k in township_keys)
            style = node_style("county", highlighted=hit, reachable=county in known.reachable,
                               warn=reached < len(township_keys))
            name = fit(sites[county].name, COUNTY_EMS * style.font_size * PT, style.font_size)
            text = f"{name} {reached}/{len(township_keys)}" if township_keys else name
            label = radial_label(text, angle, style.size / 2 + 3)
            widest = max(widest, text_width(text, style.font_size))
            tip = f"{county} {sites[county].name}：乡镇 {len(township_keys)}，连通 {reached}"
            nodes.append(Node(county, x, y, label, style, "county", hit, tip))
            node_of[county] = county
            for k in township_keys:
                node_of[k] = county

    style = node_style("province", highlighted=province.key in lit)
    nodes.insert(0, Node(province.key, 0.0, 0.0, Label(province.name, 0.0, -(style.size / 2 + 3), 0.0, "center",
                                                       "top"),
                         style, "province", province.key in lit, f"{province.key} {province.name}"))
    nodes += _special_nodes(model, known, options, city_angles, inner, node_of)

    edges = styled_edges(model, bundles(model, known, node_of), options.highlight)
    reachable_towns = sum(1 for ks in towns.values() for k in ks if k in known.reachable)
    all_towns = sum(len(ks) for ks in towns.values())
    cut = any(k not in known.reachable for k in node_of)
    notes = ["县名后的数字：连通省核心的乡镇数 / 乡镇总数"]
    notes += [f"{KIND_NAMES.get(sites[n.id].kind or '', '')}：{sites[n.id].name}"
              for n in nodes if n.id in sites and sites[n.id].level == SPECIAL]
    if reachable_towns < all_towns:
        notes.append(f"未连通的乡镇：{all_towns - reachable_towns} 个（橙色县名）")
    notes += village_note(model, known.reachable, model.province.key)
    size = 2 * (outer + widest + 0.3)
    subtitle = (f"{options.date} · 设区市 {len(cities)} · 县（市、区） {sum(len(v) for v in counties.values())} · "
                f"乡镇（街道） {all_towns}，连通 {reachable_towns}")
    return [Drawing("province", f"{model.project.name} — 全省骨干网概览", subtitle, size, size, tuple(nodes),
                    tuple(edges), legend_for(KINDS, nodes, edges, unreachable=cut), tuple(notes),
                    view="province")]


def _special_nodes(model: Model, known: Facts, options: ViewOptions, city_angles: list[float], inner: float,
                   node_of: dict[str, str]) -> list[Node]:
    """Special sites near the core, each in the gap between city spokes nearest its preferred direction."""
    specials = sorted((s for s in model.site_by_key.values() if s.level == SPECIAL),
                      key=lambda s: (SPECIAL_ORDER.get(s.kind or "", 9), s.key))
    spokes = sorted(city_angles)
    gaps = [(a + ((b - a) % 360 or 360) / 2) % 360 for a, b in zip(spokes, spokes[1:] + spokes[:1], strict=True)]
    if not gaps:
        gaps = [90.0, 210.0, 330.0, 270.0]
    taken: dict[float, int] = {}
    found = []
    for site in specials:
        want = SPECIAL_ANGLE.get(site.kind or "", 270.0)
        angle = min(gaps, key=lambda g: (taken.get(g, 0), _distance(g, want), g))
        depth = taken.get(angle, 0)
        taken[angle] = depth + 1
        x, y = polar(inner * (0.5 + 0.22 * depth), angle)
        kind = site.kind or "datacenter"
        style = node_style(kind, highlighted=site.key in options.highlight.sites,
                           reachable=site.key in known.reachable)
        label = outward_label(KIND_NAMES.get(kind, site.name), angle, style.size / 2 + 3)
        found.append(Node(site.key, x, y, label, style, kind, site.key in options.highlight.sites,
                          f"{site.key} {site.name}"))
        node_of[site.key] = site.key
    return found


def _distance(a: float, b: float) -> float:
    return abs((a - b + 180) % 360 - 180)
