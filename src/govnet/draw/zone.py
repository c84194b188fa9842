"""The zone view: one sheet per security zone, on the province overview's layout (so the sheets line up with
it): the sites that offer the zone with their unit counts, the firewalls that enforce the zone's rules, the
internet exits, and the zone's routing identity and rules as notes. Sites without the zone are left out."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from govnet.draw.compose import UnknownSubject, ViewOptions
from govnet.draw.network import Facts
from govnet.draw.province import province_view
from govnet.draw.scene import Drawing, Label, LegendEntry, Node, NodeStyle
from govnet.draw.style import KIND_NAMES
from govnet.model.hierarchy import site_level
from govnet.model.purpose import duties
from govnet.model.types import SPECIAL, Model, Zone
from govnet.reference import names_zh

KIND_TITLES = {"public": "公用网络区", "dedicated": "专用网络区", "internet": "互联网区", "office": "办公业务区"}
LEVEL_NAMES = names_zh.LEVEL_ZH  # as summary.md and the site say (it said 省、市、县级; 专用… read as 专用网络区)
FIREWALL = NodeStyle("square", 7, "#d7191c", "#7a0d0e", 0.8, 7.0, "#7a0d0e")
EXIT = NodeStyle("triangle", 9, "#ffffff", "#0b6e4f", 1.4, 7.0, "#0b6e4f")


def zone_view(model: Model, known: Facts, options: ViewOptions) -> list[Drawing]:
    zones = [z for z in model.zones if options.subject in (None, z.name)]
    if not zones:
        raise UnknownSubject("zone", options.subject or "", [(z.name, z.title) for z in model.zones])
    base = province_view(model, known, replace(options, subject=None))[0]
    offered = {key: model.zones_of(key) for key in model.site_by_key}  # once for every zone's sheet
    return [_one(model, base, zone, options, offered) for zone in zones]


def _one(model: Model, base: Drawing, zone: Zone, options: ViewOptions, offered: dict[str, tuple[str, ...]]) -> Drawing:
    offering = {key for key, names in offered.items() if zone.name in names}
    units: Counter[str] = Counter()
    if model.registry is not None:
        for unit in model.registry.units:
            if zone.name in unit.zones and unit.status != "revoked":
                units[unit.site] += 1
    towns_in = Counter(model.site_by_key[k].parent for k in offering if model.site_by_key[k].level == "township")
    below_units: Counter[str | None] = Counter()  # units of a county's townships, by county
    for key, n in units.items():
        site = model.site_by_key.get(key)
        if site is not None and site.level == "township":
            below_units[site.parent] += n
    enforcing = _enforcing(model, zone, offering)
    exits = {e.site for e in zone.spec.exits}
    nodes: list[Node] = []
    kept: set[str] = set()
    for node in base.nodes:
        key = node.id
        if key not in model.site_by_key:
            continue
        below = below_units[key]
        if key not in offering and not towns_in.get(key):
            continue
        kept.add(key)
        site = model.site_by_key[key]
        parts = [site.name if site.level != SPECIAL else node.label.text]
        if units[key] or below:
            parts.append(f"单位{units[key] + below}")
        if towns_in.get(key):
            parts.append(f"乡镇{towns_in[key]}")
        nodes.append(replace(node, label=replace(node.label, text=" ".join(parts)),
                             tooltip=f"{key} {site.name}：本级单位 {units[key]}，下辖乡镇单位 {below}"))
        for badge, style, kind, dx in ((key in enforcing, FIREWALL, "firewall", -1), (key in exits, EXIT,
                                                                                       "internet-exit", 1)):
            if badge:
                offset = (node.style.size / 2 + style.size / 2 + 1) / 72 * dx
                nodes.append(Node(f"{kind}:{key}", node.x + offset, node.y + node.style.size / 144, Label(""), style,
                                  kind, tooltip=f"{key} {site.name}"))
    edges = tuple(e for e in base.edges if e.a in kept and e.b in kept)
    shown = {KIND_NAMES.get(n.kind, n.kind) for n in nodes}
    legend = tuple(entry for entry in base.legend if not entry.label.startswith("未连通")
                   and (entry.node is None or entry.label in shown or entry.label.startswith("重点")))
    if not edges:  # no link drawn: a legend of link widths would explain nothing
        legend = tuple(entry for entry in legend if entry.edge is None)
    if enforcing:
        legend += (LegendEntry("执行本区策略的防火墙", node=FIREWALL),)
    if exits:
        legend += (LegendEntry("互联网统一出口", node=EXIT),)
    total_units = sum(units.values())
    subtitle = (f"{options.date} · {KIND_TITLES.get(zone.kind, zone.kind)} · 开放站点 {len(offering)} · "
                f"接入单位 {total_units}")
    notes = _notes(model, zone)
    if not nodes:  # an empty drawing area would look like a failed drawing
        notes.insert(0, "没有站点开放本区域，也没有接入单位：图中无节点")
    return Drawing(f"zone-{zone.name}", f"{model.project.name} — {zone.title}（{zone.name}）", subtitle, base.width,
                   base.height, tuple(nodes), edges, legend, tuple(notes), view="zone",
                   meta={"zone": zone.name})


def _enforcing(model: Model, zone: Zone, offering: set[str]) -> set[str]:
    """Sites whose firewalls enforce a rule of this zone: the rule's levels, where both of its zones meet."""
    found: set[str] = set()
    for rule in model.policy.rules:
        if zone.name not in (rule.from_, rule.to):
            continue
        other = rule.to if rule.from_ == zone.name else rule.from_
        for key in offering:
            if (other in model.zones_of(key) and site_level(model, key) in rule.at
                    and any(d.role == "firewall" for d in model.devices_of(key))):
                found.add(key)
    return found


def _notes(model: Model, zone: Zone) -> list[str]:
    notes = [f"VRF {zone.vrf} · RD {zone.rd} · RT 导入 {', '.join(zone.rt_import)} / 导出 {', '.join(zone.rt_export)}",
             "开放层级：" + "、".join(LEVEL_NAMES.get(level, level) for level in zone.levels)]
    if zone.spec.min_mlps:
        notes.append(f"接入单位等保级别不低于第{zone.spec.min_mlps}级")  # as the forms and statistics write it
    plan = zone.spec.addresses
    if plan is not None:
        pools = [f"{family} {', '.join(p.pool)}" for family, p in (("IPv4", plan.ipv4), ("IPv6", plan.ipv6)) if p]
        notes.append("地址池：" + "；".join(pools))
    rules = [r for r in model.policy.rules if zone.name in (r.from_, r.to)]
    for rule in rules:
        action = "允许" if rule.action == "permit" else "禁止"
        where = "、".join(LEVEL_NAMES.get(level, level) for level in rule.at)
        nat = "（NAT）" if rule.nat else ""
        notes.append(f"策略 {rule.name}：{rule.from_} → {rule.to} {action}{nat}，"
                     f"{where}防火墙执行")
    if not rules:
        isolated = zone.kind == "office"
        notes.append("策略：与其他区域及互联网隔离" if isolated else "策略：与其他区域之间无放行规则（默认拒绝）")
    for duty in duties(model):  # firewalls the model keeps out of the path, where this zone is offered
        here = [n for n in duty.devices if zone.name in model.zones_of(model.devices[n].site)]
        if here and not duty.in_path:
            notes.append(f"不在流量路径的防火墙：{LEVEL_NAMES.get(duty.level, duty.level)} {len(here)} 台"
                         f"（{duty.purpose or '未说明用途'}）")
    for exit_ in zone.spec.exits:
        name = model.site_by_key[exit_.site].name if exit_.site in model.site_by_key else exit_.site
        notes.append(f"出口 {name}：{'、'.join(exit_.carriers)} NAT {', '.join(exit_.nat_pool) or '—'}")
    return notes
