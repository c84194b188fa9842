"""How things look: node styles per level and special-site kind, link styles from bandwidth and redundancy, the
emphasis for highlighted items, and the legend entries that explain them. One palette for every view."""

from __future__ import annotations

import math
from dataclasses import replace

from govnet.draw.scene import EdgeStyle, LegendEntry, NodeStyle
from govnet.reference.units import format_bandwidth

HIGHLIGHT = "#d7191c"
UNREACHABLE = "#e66101"  # orange: not the highlight red, so an emphasised site never reads as cut off

NODE_STYLES: dict[str, NodeStyle] = {
    "province": NodeStyle("circle", 22, "#1f3b73", "#0d1f40", 1.2, 12.0, "#0d1f40", label_box=True),
    "city": NodeStyle("circle", 14, "#2e75b6", "#1f3b73", 1.0, 11.0, "#102a4c", label_box=True),
    "county": NodeStyle("circle", 8, "#70ad47", "#3d6b22", 0.8, 8.5, "#1e3a10"),
    "township": NodeStyle("circle", 4, "#bfbfbf", "#7f7f7f", 0.5, 7.0, "#303030"),
    "village": NodeStyle("circle", 3, "#e2efda", "#70ad47", 0.4, 6.0, "#303030"),
    "national-pop": NodeStyle("star", 18, "#404040", "#000000", 0.8, 9.0, "#000000", label_box=True),
    "gov-cloud": NodeStyle("hexagon", 15, "#8e5cc4", "#4b2a70", 1.0, 9.0, "#4b2a70", label_box=True),
    "dr-centre": NodeStyle("square", 12, "#ed7d31", "#8a4510", 1.0, 9.0, "#8a4510", label_box=True),
    "datacenter": NodeStyle("diamond", 12, "#ffc000", "#8a6a00", 1.0, 9.0, "#6b5200", label_box=True),
}

KIND_NAMES = {
    "province": "省级核心",
    "city": "设区市汇聚节点",
    "county": "县级接入平台",
    "township": "乡镇（街道）接入点",
    "village": "村（社区）接入点",
    "national-pop": "国家骨干网接入点",
    "gov-cloud": "政务云",
    "dr-centre": "容灾备份中心",
    "datacenter": "数据中心",
}

LINK_COLORS = {"backbone": "#000000", "datacenter": "#8e5cc4"}
LINK_COLOR = "#5a6b80"


def node_style(kind: str, *, highlighted: bool = False, reachable: bool = True, warn: bool = False) -> NodeStyle:
    """The look of a node; ``warn``: the node is fine but something it stands for (a township) is cut off."""
    style = NODE_STYLES.get(kind, NODE_STYLES["county"])
    if warn:
        style = replace(style, font_color=UNREACHABLE)
    if not reachable:
        style = replace(style, fill="#ffffff", stroke=UNREACHABLE, stroke_width=style.stroke_width + 0.6,
                        font_color=UNREACHABLE)
    if highlighted:
        style = replace(style, size=style.size * 1.5, stroke=HIGHLIGHT, fill=HIGHLIGHT,
                        stroke_width=style.stroke_width + 1.0, font_color=HIGHLIGHT)
    return style


def link_width(bandwidth: int | None) -> float:
    """Line width in points from the per-link bandwidth (bit/s), logarithmic: 100M 0.7, 1G 1.4, 10G 2.1, 100G 2.8.

    >>> link_width(10**8), link_width(10**10), link_width(None)
    (0.7, 2.1, 0.7)
    """
    if not bandwidth or bandwidth <= 10**8:
        return 0.7
    return round(0.7 + 0.7 * math.log10(bandwidth / 10**8), 2)


def edge_style(bandwidth: int | None, redundant: bool, kind: str, *, highlighted: bool = False) -> EdgeStyle:
    style = EdgeStyle(width=link_width(bandwidth), color=LINK_COLORS.get(kind, LINK_COLOR), dashed=not redundant,
                      alpha=0.9)
    if highlighted:
        style = replace(style, width=style.width + 2.0, color=HIGHLIGHT, alpha=1.0)
    return style


def legend(kinds: list[str], bandwidths: list[int], *, single: bool, dual: bool, unreachable: bool,
           highlighted: bool) -> tuple[LegendEntry, ...]:
    """Legend entries for what a drawing shows: node kinds in the order given, bandwidth classes, redundancy."""
    entries = [LegendEntry(KIND_NAMES.get(kind, kind), node=NODE_STYLES.get(kind)) for kind in kinds]
    for bandwidth in sorted(set(bandwidths)):
        entries.append(LegendEntry(f"链路 {format_bandwidth(bandwidth)}",
                                   edge=EdgeStyle(width=link_width(bandwidth), color=LINK_COLOR)))
    if dual:
        entries.append(LegendEntry("实线：有冗余（断一条不失联）", edge=EdgeStyle(width=1.2, color=LINK_COLOR)))
    if single:
        entries.append(LegendEntry("虚线：单点链路（断开即失联）",
                                   edge=EdgeStyle(width=1.2, color=LINK_COLOR, dashed=True)))
    if unreachable:
        entries.append(LegendEntry("未连通省核心", node=node_style("county", reachable=False)))
    if highlighted:
        entries.append(LegendEntry("重点标示", node=node_style("county", highlighted=True)))
        entries.append(LegendEntry("重点标示链路", edge=edge_style(10**9, True, "", highlighted=True)))
    return tuple(entries)
