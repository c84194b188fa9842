"""Text exports of a Drawing for documentation: Graphviz DOT (positions pinned, so `neato -n` reproduces the
layout) and Mermaid flowcharts. Written by hand: no graphviz binary needed."""

from __future__ import annotations

import re

from govnet.draw.fonts import FAMILY
from govnet.draw.scene import Drawing, Node
from govnet.draw.style import HIGHLIGHT

DOT_SHAPES = {"circle": "circle", "square": "box", "diamond": "diamond", "hexagon": "hexagon", "star": "star",
              "triangle": "triangle"}


def _dot_string(text: str) -> str:
    r"""A DOT double-quoted string.

    >>> _dot_string('a "b"\nc')
    '"a \\"b\\"\\nc"'
    """
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(drawing: Drawing) -> str:
    lines = [
        f"graph {_dot_string(drawing.name)} {{",
        f"  graph [label={_dot_string(drawing.title + chr(10) + drawing.subtitle)}, labelloc=t, "
        f"fontname={_dot_string(FAMILY)}, layout=neato, splines=false, forcelabels=true, "
        f"outputorder=edgesfirst];",
        f"  node [fontname={_dot_string(FAMILY)}, style=filled, fixedsize=true];",
        "  edge [color=\"#5a6b80\"];",
    ]
    for node in drawing.nodes:
        style = node.style
        attrs = [
            'label=""',  # the name goes beside the marker (xlabel): markers are drawn at their real size
            f"xlabel={_dot_string(node.label.text)}",
            f"tooltip={_dot_string(node.tooltip or node.label.text)}",
            f"shape={DOT_SHAPES[style.marker]}",
            f'fillcolor="{style.fill}"',
            f'color="{HIGHLIGHT if node.highlighted else style.stroke}"',
            f'fontcolor="{style.font_color}"',
            f"fontsize={style.font_size:g}",
            f"width={style.size / 72:.3f}",
            f'pos="{node.x * 72:.1f},{node.y * 72:.1f}!"',
            f"class={_dot_string(node.kind)}",
        ]
        lines.append(f"  {_dot_string(node.id)} [{', '.join(attrs)}];")
    names = {n.id: n.label.text for n in drawing.nodes}
    for edge in drawing.edges:
        line = edge.style
        attrs = [f"penwidth={line.width:g}", f'color="{line.color}"']
        if line.dashed:
            attrs.append("style=dashed")
        if edge.label:
            attrs.append(f"label={_dot_string(edge.label)}")
        tip = f"{names.get(edge.a, edge.a)} — {names.get(edge.b, edge.b)}：{edge.links} 条链路"
        attrs.append(f"tooltip={_dot_string(tip)}")
        lines.append(f"  {_dot_string(edge.a)} -- {_dot_string(edge.b)} [{', '.join(attrs)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _mermaid_id(node_id: str) -> str:
    """Mermaid node ids: letters, digits, underscores.

    >>> _mermaid_id("3601"), _mermaid_id("townships:360102")
    ('n3601', 'n_townships_360102')
    """
    clean = re.sub(r"[^A-Za-z0-9_]", "_", node_id)
    return f"n{clean}" if clean[:1].isdigit() else f"n_{clean}"


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;").replace("\n", "<br/>")


def to_mermaid(drawing: Drawing) -> str:
    lines = [
        "---",
        f"title: {drawing.title} · {drawing.subtitle}",
        "---",
        "flowchart TB",
    ]
    kinds: dict[str, Node] = {}
    for node in drawing.nodes:
        kinds.setdefault(node.kind, node)
        lines.append(f'  {_mermaid_id(node.id)}["{_mermaid_text(node.label.text)}"]')
    lit_links = []
    for i, edge in enumerate(drawing.edges):
        arrow = "-.-" if edge.style.dashed else ("===" if edge.style.width >= 2.0 else "---")
        text = f'|"{_mermaid_text(edge.label)}"|' if edge.label else ""
        lines.append(f"  {_mermaid_id(edge.a)} {arrow}{text} {_mermaid_id(edge.b)}")
        if edge.highlighted:
            lit_links.append(str(i))
    for kind, sample in kinds.items():
        style = sample.style
        lines.append(f"  classDef {_class(kind)} fill:{style.fill},stroke:{style.stroke},color:{_text_on(style.fill)}")
    for kind in kinds:
        members = [_mermaid_id(n.id) for n in drawing.nodes if n.kind == kind and not n.highlighted]
        if members:
            lines.append(f"  class {','.join(members)} {_class(kind)}")
    lit = [_mermaid_id(n.id) for n in drawing.nodes if n.highlighted]
    if lit:
        lines.append(f"  classDef highlight fill:{HIGHLIGHT},stroke:{HIGHLIGHT},color:#ffffff")
        lines.append(f"  class {','.join(lit)} highlight")
    if lit_links:
        lines.append(f"  linkStyle {','.join(lit_links)} stroke:{HIGHLIGHT},stroke-width:4px")
    return "\n".join(lines) + "\n"


def _class(kind: str) -> str:
    return "k_" + re.sub(r"[^A-Za-z0-9_]", "_", kind)


def _text_on(fill: str) -> str:
    """Black or white text, whichever reads better on the fill colour."""
    r, g, b = (int(fill[i:i + 2], 16) for i in (1, 3, 5))
    return "#000000" if 0.299 * r + 0.587 * g + 0.114 * b > 150 else "#ffffff"


def export(drawing: Drawing, fmt: str) -> str:
    if fmt == "dot":
        return to_dot(drawing)
    if fmt == "mermaid":
        return to_mermaid(drawing)
    raise ValueError(f"unknown text format {fmt!r}; choose dot or mermaid")
