"""County detail: the county platform in the centre, its townships on an inner ring, every village on the outer
ring in its township's sector, with radial labels that cannot touch (the city view's layout one level down).
Villages homed on the county platform (uplinks 'to: county') draw their link from the centre."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace

from govnet.draw.compose import UnknownSubject, ViewOptions, children, legend_for, styled_edges, uplink_summary
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
from govnet.draw.sheet import COUNTY_EMS, TOWN_EMS, fit
from govnet.draw.style import node_style
from govnet.model.types import Model
from govnet.records.coverage import table_villages

KINDS = ["county", "township", "village", "city"]
VILLAGE_FONT = 6.0
PITCH = VILLAGE_FONT * 1.45 * PT  # village slots along the outer ring: more than a label's height
UP = "up"


def county_view(model: Model, known: Facts, options: ViewOptions) -> list[Drawing]:
    """One drawing per county that has villages (or the one asked for, with or without villages)."""
    sites = model.site_by_key
    under = children(model)
    counties = [s for s in sorted(sites) if sites[s].level == "county"]
    if options.subject is not None:
        if options.subject not in counties:
            raise UnknownSubject("county", options.subject, [(c, sites[c].name) for c in counties])
        return [_one_county(model, known, options, options.subject, under)]
    with_villages = [c for c in counties if any(under.get(t) for t in under.get(c, []))]
    return [_one_county(model, known, options, county, under) for county in with_villages]


def _one_county(model: Model, known: Facts, options: ViewOptions, county: str,
                under: Mapping[str, list[str]]) -> Drawing:
    sites = model.site_by_key
    lit = options.highlight.sites
    towns = [k for k in under.get(county, []) if sites[k].level == "township"]
    villages = {t: [k for k in under.get(t, []) if sites[k].level == "village"] for t in towns}
    # At least 12 slots a township: its label on the inner ring points inwards, where labels converge, and needs
    # the room even where a township has no villages.
    groups, total = sectors([max(12, len(villages[t])) for t in towns], step=2, gap=2)
    outer = ring_radius(total, PITCH, 2.6)
    inner = outer * 0.55
    style = node_style("county", highlighted=county in lit, reachable=county in known.reachable)
    style = replace(style, size=14, font_size=11.0, label_box=True)
    nodes = [Node(county, 0.0, 0.0, Label(sites[county].name, 0.0, -(style.size / 2 + 3), 0.0, "center", "top"),
                  style, "county", county in lit, f"{county} {sites[county].name}")]
    node_of: dict[str, str] = {county: county}
    bends: dict[str, tuple[tuple[float, float], ...]] = {}
    bus = outer - min(0.4, outer * 0.1)
    widest = 0.0
    for town, group in zip(towns, groups, strict=True):
        mid = slot_angle(group.start + (group.slots - 1) / 2, total)
        x, y = polar(inner, mid)
        hit = town in lit
        tstyle = replace(node_style("township", highlighted=hit, reachable=town in known.reachable), size=7,
                         font_size=8.0, label_box=True)
        short = fit(sites[town].name, COUNTY_EMS * tstyle.font_size * PT, tstyle.font_size)  # points inwards
        label = outward_label(short, (mid + 180.0) % 360.0, tstyle.size / 2 + 3)
        nodes.append(Node(town, x, y, label, tstyle, "township", hit, f"{town} {sites[town].name}"))
        node_of[town] = town
        for i, village in enumerate(villages[town]):
            angle = slot_angle(centred(group, len(villages[town]), i), total)
            vx, vy = polar(outer, angle)
            hit = village in lit
            vstyle = replace(node_style("village", highlighted=hit, reachable=village in known.reachable),
                             font_size=VILLAGE_FONT)
            name = fit(sites[village].name, TOWN_EMS * vstyle.font_size * PT, vstyle.font_size)
            widest = max(widest, text_width(name, vstyle.font_size))
            nodes.append(Node(village, vx, vy, radial_label(name, angle, vstyle.size / 2 + 2), vstyle, "village",
                              hit, f"{village} {sites[village].name}"))
            node_of[village] = village
            bends[village] = _route(bus, mid, angle)
    found = bundles(model, known, node_of, UP)
    parent = sites.get(sites[county].parent or "")
    notes = [f"上联{parent.name if parent else ''}：{uplink_summary(b)}"
             for b in found if UP in (b.a, b.b) and county in (b.a, b.b)]
    found = [b for b in found if UP not in (b.a, b.b)]
    edges = styled_edges(model, found, options.highlight, lambda a, b: bends.get(b, ()) if b in bends else ())
    every = [v for t in towns for v in villages[t]]
    reached = sum(1 for v in every if v in known.reachable)
    direct = sum(1 for b in found if county in (b.a, b.b) and (b.a in bends or b.b in bends))
    if direct:
        notes.append(f"直连县级平台的村（社区）：{direct} 个")
    if reached < len(every):
        notes.append(f"未连通省核心的村（社区）：{len(every) - reached} 个（橙色）")
    size = 2 * (outer + widest + 0.35)
    subtitle = (f"{options.date} · 乡镇（街道） {len(towns)} · 村（社区） {len(every)}，连通 {reached}")
    return Drawing(f"county-{county}", f"{model.project.name} — {sites[county].name}（{county}）", subtitle, size,
                   size, tuple(nodes), tuple(edges),
                   legend_for(KINDS, nodes, edges, unreachable=any(v not in known.reachable for v in every)),
                   tuple(notes), (), view="county", meta={"county": county})


def _route(radius: float, start: float, end: float) -> tuple[tuple[float, float], ...]:
    """Out along the township's direction to the bus radius, round the arc to the village's direction."""
    sweep = (end - start + 180.0) % 360.0 - 180.0
    steps = max(1, int(abs(sweep) / 2.0))
    return tuple(polar(radius, start + sweep * i / steps) for i in range(steps + 1))


def village_note(model: Model, reachable: Collection[str], prefix: str) -> list[str]:
    """The province and city views summarise villages as a count: connected (reaching the province core) of
    all the national table lists there; nothing for an area without village sites."""
    villages = [s.key for s in model.site_by_key.values() if s.level == "village" and s.key.startswith(prefix)]
    if not villages:
        return []
    towns = [s.key for s in model.site_by_key.values() if s.level == "township" and s.key.startswith(prefix)]
    total = len(set(table_villages(towns)) | set(villages))
    reached = sum(1 for v in villages if v in reachable)
    return [f"村（社区）：连通 {reached} / 共 {total}"]
