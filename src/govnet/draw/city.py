"""City detail: the city core in the centre, its counties on an inner ring, every township on the outer ring in
its county's sector, with a radial label that cannot touch its neighbours' (the ring's pitch exceeds the text
height, and labels read outwards)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from govnet.draw.compose import UnknownSubject, ViewOptions, children, legend_for, styled_edges, uplink_summary
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
from govnet.draw.sheet import COUNTY_EMS, TOWN_EMS, fit
from govnet.draw.style import node_style
from govnet.model.types import Model

KINDS = ["city", "county", "township", "province"]
TOWN_FONT = 7.0
PITCH = TOWN_FONT * 1.45 * PT  # township slots along the outer ring: more than a label's height
UP = "up"  # node id of the stub that stands for the upstream (the province core)


def city_view(model: Model, known: Facts, options: ViewOptions) -> list[Drawing]:
    sites = model.site_by_key
    cities = [s for s in sorted(sites) if sites[s].level == "city"]
    if options.subject is not None:
        if options.subject not in cities:
            raise UnknownSubject("city", options.subject, [(c, sites[c].name) for c in cities])
        cities = [options.subject]
    under = children(model)
    return [_one_city(model, known, options, city, under) for city in cities]


def _one_city(model: Model, known: Facts, options: ViewOptions, city: str, under: Mapping[str, list[str]]) -> Drawing:
    sites = model.site_by_key
    lit = options.highlight.sites
    counties = [k for k in under.get(city, []) if sites[k].level == "county"]
    towns = {c: [k for k in under.get(c, []) if sites[k].level == "township"] for c in counties}
    groups, total = sectors([len(towns[c]) for c in counties], step=4, gap=2)
    outer = ring_radius(total, PITCH, 2.6)
    inner = outer * 0.5

    style = node_style("city", highlighted=city in lit, reachable=city in known.reachable)
    nodes = [Node(city, 0.0, 0.0, Label(sites[city].name, 0.0, -(style.size / 2 + 3), 0.0, "center", "top"),
                  style, "city", city in lit, f"{city} {sites[city].name}")]
    node_of: dict[str, str] = {city: city}
    bends: dict[str, tuple[tuple[float, float], ...]] = {}  # township → the route from its county
    guides: list[tuple[tuple[float, float], ...]] = []
    bus = outer - min(0.45, outer * 0.12)  # radius of the arcs that carry a county's township links
    widest = 0.0
    for county, group in zip(counties, groups, strict=True):
        mid = slot_angle(group.start + (group.slots - 1) / 2, total)
        x, y = polar(inner, mid)
        hit = county in lit
        style = replace(node_style("county", highlighted=hit, reachable=county in known.reachable),
                        font_size=10.0, label_box=True)
        # Inwards, towards the city core: outwards is where the county's townships fan out.
        name = fit(sites[county].name, COUNTY_EMS * style.font_size * PT, style.font_size)
        label = outward_label(name, (mid + 180.0) % 360.0, style.size / 2 + 3)
        nodes.append(Node(county, x, y, label, style, "county", hit, f"{county} {sites[county].name}"))
        node_of[county] = county
        if towns[county]:
            n = len(towns[county])
            first, last = (slot_angle(centred(group, n, i), total) for i in (0, n - 1))
            guides.append(((x, y), *_bus_route(bus, mid, first)))
            guides.append(((x, y), *_bus_route(bus, mid, last)))
        for i, town in enumerate(towns[county]):
            angle = slot_angle(centred(group, len(towns[county]), i), total)
            x, y = polar(outer, angle)
            hit = town in lit
            style = node_style("township", highlighted=hit, reachable=town in known.reachable)
            name = fit(sites[town].name, TOWN_EMS * style.font_size * PT, style.font_size)
            widest = max(widest, text_width(name, style.font_size))
            nodes.append(Node(town, x, y, radial_label(name, angle, style.size / 2 + 2.5), style, "township", hit,
                              f"{town} {sites[town].name}"))
            node_of[town] = town
            bends[town] = _bus_route(bus, mid, angle)

    # The upstream: every site outside this city is one stub node, so the city's uplinks show.
    found = bundles(model, known, node_of, UP)
    up = [b for b in found if UP in (b.a, b.b)]
    notes = [f"上联{model.province.name}核心：{uplink_summary(b)}" for b in up if city in (b.a, b.b)]
    found = [b for b in found if UP not in (b.a, b.b)]  # the stub is described in the notes, not drawn
    edges = styled_edges(model, found, options.highlight, lambda a, b: bends.get(b, ()) if a in towns else ())
    all_towns = [t for c in counties for t in towns[c]]
    reached = sum(1 for t in all_towns if t in known.reachable)
    if reached < len(all_towns):
        notes.append(f"未连通省核心的乡镇：{len(all_towns) - reached} 个（橙色）")
    notes += village_note(model, known.reachable, city)
    size = 2 * (outer + widest + 0.35)
    subtitle = (f"{options.date} · 县（市、区） {len(counties)} · 乡镇（街道） {len(all_towns)}，"
                f"连通 {reached}")
    return Drawing(f"city-{city}", f"{model.project.name} — {sites[city].name}（{city}）", subtitle, size, size,
                   tuple(nodes), tuple(edges),
                   legend_for(KINDS, nodes, edges, unreachable=any(t not in known.reachable for t in all_towns)),
                   tuple(notes), tuple(guides), view="city", meta={"city": city})


def _bus_route(radius: float, start: float, end: float) -> tuple[tuple[float, float], ...]:
    """County to township: out along the county's direction to the bus radius, round the arc to the township's
    direction (one point per 2 degrees), then out to it. Links sharing a county share the trunk and the arc,
    so a fan of 30 links reads as one tree instead of 30 converging lines."""
    sweep = (end - start + 180.0) % 360.0 - 180.0
    steps = max(1, int(abs(sweep) / 2.0))
    return tuple(polar(radius, start + sweep * i / steps) for i in range(steps + 1))
