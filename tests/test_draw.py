"""Diagrams of the default model: every view renders without a warning, names are in the SVG, labels never
overlap, output is byte-deterministic, layouts are stable when a township is added, exports carry the graph."""

from __future__ import annotations

import dataclasses
import itertools
import logging
import math
import re
import warnings
from pathlib import Path

import pytest

from conftest import copy_model
from govnet.draw import Drawing, Highlight, UnknownSubject, ViewOptions, build_drawings, content
from govnet.draw.fonts import FAMILY, font_path, missing
from govnet.model.types import Model
from govnet.pipeline import validate

DATE = "2024-05-01"
CITIES = [f"36{n:02d}" for n in range(1, 12)]
ZONES = ["public", "hrss", "health", "market", "land", "medins", "internet", "office", "cloud"]


def _all_drawings(model: Model, **options: object) -> list[Drawing]:
    opts = ViewOptions(date=DATE, **options)  # type: ignore[arg-type]
    return (build_drawings(model, "province", opts) + build_drawings(model, "city", opts)
            + build_drawings(model, "zone", opts))


@pytest.fixture(scope="session")
def drawings(jiangxi: Model) -> dict[str, Drawing]:
    return {d.name: d for d in _all_drawings(jiangxi)}


@pytest.fixture(scope="session")
def svgs(drawings: dict[str, Drawing]) -> dict[str, str]:
    """Every view as SVG (and PNG, discarded), rendered with every warning an error and matplotlib's log watched
    (the default engine does not use matplotlib: nothing may creep back in that warns)."""
    messages: list[str] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: messages.append(record.getMessage())  # type: ignore[method-assign]
    logging.getLogger("matplotlib").addHandler(handler)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            found = {}
            for name, drawing in drawings.items():
                assert content(drawing, "png").startswith(b"\x89PNG")
                found[name] = content(drawing, "svg").decode("utf-8")
    finally:
        logging.getLogger("matplotlib").removeHandler(handler)
    assert messages == []  # e.g. "findfont: Font family ... not found"
    return found


def test_views_cover_the_province(drawings: dict[str, Drawing]) -> None:
    assert sorted(drawings) == sorted(["province"] + [f"city-{c}" for c in CITIES] + [f"zone-{z}" for z in ZONES])
    province = drawings["province"]
    kinds = [n.kind for n in province.nodes]
    assert kinds.count("city") == 11 and kinds.count("county") == 100
    assert {"national-pop", "gov-cloud", "dr-centre"} <= set(kinds)
    assert sum(n.kind == "township" for d in drawings.values() for n in d.nodes) == 1767
    assert "乡镇（街道） 1767，连通 1767" in province.subtitle
    assert DATE in province.subtitle and province.title.startswith("江西省电子政务外网")
    biggest = max((d for d in drawings.values() if d.view == "city"), key=lambda d: len(d.nodes))
    assert biggest.name == "city-3607"  # 赣州市, 310 townships


def test_every_view_renders_without_warnings_and_names_are_searchable(svgs: dict[str, str],
                                                                      drawings: dict[str, Drawing]) -> None:
    for name, svg in svgs.items():
        assert FAMILY in svg
        texts = set(re.findall(r">([^<>]+)</text>", svg))
        for node in drawings[name].nodes:
            if node.kind in ("city", "county", "township", "province"):
                assert node.label.text in texts, (name, node.label.text)
        for entry in drawings[name].legend:
            assert entry.label in texts


def test_svg_holds_every_city_and_county_name(svgs: dict[str, str], jiangxi: Model) -> None:
    for site in jiangxi.sites:
        if site.level == "city":
            assert site.name in svgs["province"] and site.name in svgs[f"city-{site.key}"]
        elif site.level == "county":
            assert site.name in svgs["province"] and site.name in svgs[f"city-{site.key[:4]}"]


def test_zone_views_show_the_sites_firewalls_and_exits_of_their_zone(svgs: dict[str, str], jiangxi: Model,
                                                                     drawings: dict[str, Drawing]) -> None:
    internet = drawings["zone-internet"]
    sites = {n.id for n in internet.nodes if n.id in jiangxi.site_by_key}
    assert sites == {"36", *CITIES}  # the internet zone is offered at the province and the cities only
    assert {n.id for n in internet.nodes if n.kind == "internet-exit"} == {f"internet-exit:{k}" for k in sites}
    assert {n.id for n in internet.nodes if n.kind == "firewall"} == {f"firewall:{k}" for k in sites}
    assert "出口 赣州市：电信、联通 NAT 203.0.113.96/28" in internet.notes
    office = drawings["zone-office"]
    assert "firewall" not in {n.kind for n in office.nodes}  # no rule reaches the isolated office zone
    assert "策略：与其他区域及互联网隔离" in office.notes
    for site in jiangxi.sites:  # every city and county of a zone's sites is named on its sheet
        if site.level in ("city", "county") and "health" in jiangxi.zones_of(site.key):
            assert site.name in svgs["zone-health"]
    public = drawings["zone-public"]
    units = sum(1 for u in (jiangxi.registry.units if jiangxi.registry else ()) if "public" in u.zones
                and u.status != "revoked")
    assert f"接入单位 {units}" in public.subtitle


def test_unknown_zone_lists_the_zones(jiangxi: Model) -> None:
    with pytest.raises(UnknownSubject, match="choose one of: public 公用网络区"):
        build_drawings(jiangxi, "zone", ViewOptions(date=DATE, subject="pubic"))


def test_the_font_covers_every_division_name_and_is_the_one_matplotlib_uses(jiangxi: Model) -> None:
    from matplotlib import font_manager

    from govnet.draw.fonts import register

    names = "".join(s.name for s in jiangxi.sites) + jiangxi.project.name
    assert missing(names) == set()
    assert register()[0] == FAMILY
    found = font_manager.findfont(font_manager.FontProperties(family=FAMILY), fallback_to_default=False)
    assert Path(found) == font_path()
    assert font_path().stat().st_size < 6_000_000


def _label_boxes(drawing: Drawing) -> list[tuple[str, list[tuple[float, float]]]]:
    """Every node label's rotated ink rectangle in points on the sheet: placed where the painted sheet puts its
    baseline, measured by FreeType through Pillow (not by govnet's own metrics), at 100 points for precision."""
    from PIL import ImageFont

    from govnet.draw.paint import Text, paint

    font = ImageFont.truetype(str(font_path()), 100)
    boxes = []
    for text in paint(drawing)[1]:
        if not isinstance(text, Text) or not text.id:
            continue
        dx, base = text.origin()
        k = text.size / 100
        left, top, right, bottom = (v * k for v in font.getbbox(text.text, anchor="ls"))
        corners = [(dx + x, base + y) for x, y in ((left, top), (right, top), (right, bottom), (left, bottom))]
        boxes.append((text.id, [text.place(x, y) for x, y in corners]))
    return boxes


def _matplotlib_label_boxes(drawing: Drawing) -> dict[str, list[tuple[float, float]]]:
    """Every node label's rotated rectangle in points from the sheet's top-left, as matplotlib lays it out."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from govnet.draw.render import build_figure

    figure = build_figure(drawing)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    height = figure.bbox.height
    points = 72 / figure.dpi
    boxes = {}
    for text in figure.axes[0].texts:
        gid = text.get_gid() or ""
        if not gid.startswith("label-"):
            continue
        angle = text.get_rotation()
        text.set_rotation(0)
        box = text.get_window_extent(renderer)
        text.set_rotation(angle)
        ax, ay = text.get_transform().transform(text.get_position())
        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        corners = [(box.x0, box.y1), (box.x1, box.y1), (box.x1, box.y0), (box.x0, box.y0)]
        turned = [(ax + (x - ax) * cos - (y - ay) * sin, ay + (x - ax) * sin + (y - ay) * cos) for x, y in corners]
        boxes[gid] = [(x * points, (height - y) * points) for x, y in turned]
    return boxes


def _overlap(p: list[tuple[float, float]], q: list[tuple[float, float]]) -> bool:
    """Separating-axis test for two convex quadrilaterals."""
    for poly in (p, q):
        for i in range(4):
            (x1, y1), (x2, y2) = poly[i], poly[(i + 1) % 4]
            nx, ny = y2 - y1, x1 - x2
            a = [nx * x + ny * y for x, y in p]
            b = [nx * x + ny * y for x, y in q]
            if max(a) <= min(b) or max(b) <= min(a):
                return False
    return True


@pytest.mark.parametrize("name", ["province", *[f"city-{c}" for c in CITIES]])
def test_node_labels_do_not_overlap(drawings: dict[str, Drawing], name: str) -> None:
    boxes = _label_boxes(drawings[name])
    assert len(boxes) == sum(1 for n in drawings[name].nodes if n.label.text)
    spans = [(min(x for x, _ in b), max(x for x, _ in b), min(y for _, y in b), max(y for _, y in b))
             for _, b in boxes]
    order = sorted(range(len(boxes)), key=lambda i: spans[i][0])
    clashes = []
    for n, i in enumerate(order):
        for j in order[n + 1:]:
            if spans[j][0] > spans[i][1]:
                break
            if spans[j][2] < spans[i][3] and spans[i][2] < spans[j][3] and _overlap(boxes[i][1], boxes[j][1]):
                clashes.append((boxes[i][0], boxes[j][0]))
    assert clashes == []


def test_output_is_byte_deterministic(drawings: dict[str, Drawing], jiangxi: Model) -> None:
    again = {d.name: d for d in _all_drawings(jiangxi)}
    assert again == drawings
    for name, fmt in [("province", "png"), ("province", "pdf"), ("city-3605", "svg"), ("city-3605", "pdf")]:
        assert content(drawings[name], fmt) == content(again[name], fmt)
    pdf = content(drawings["city-3605"], "pdf")
    assert b"FontFile2" in pdf  # TrueType embedded, not Type 3


def test_adding_a_township_moves_nothing_else(tmp_path: Path, repo_model: Path,
                                              drawings: dict[str, Drawing]) -> None:
    model_dir = copy_model(repo_model, tmp_path / "model")
    city = model_dir / "topology" / "3601.yaml"
    text = city.read_text(encoding="utf-8")
    anchor = "        - {code: 360102401, name: 扬农管理处}\n"
    city.write_text(text.replace(anchor, anchor + "        - {code: 360102499, name: 新设街道}\n"), encoding="utf-8")
    result = validate(model_dir, addresses=False)  # the picture does not depend on the new addresses
    assert result.ok and result.model is not None
    grown = {d.name: d for d in _all_drawings(result.model)}

    def places(d: Drawing) -> dict[str, tuple[float, float]]:
        return {n.id: (n.x, n.y) for n in d.nodes}

    assert places(grown["province"]) == places(drawings["province"])
    assert grown["province"].node("360102").label.text == "东湖区 11/11"
    for name in drawings:
        if name.startswith("zone-"):  # the province layout: nothing moves (its county's counts may change)
            assert places(grown[name]) == places(drawings[name])
        elif name not in ("province", "city-3601"):
            assert grown[name].nodes == drawings[name].nodes
    before, after = places(drawings["city-3601"]), places(grown["city-3601"])
    assert set(after) - set(before) == {"360102499"}
    moved = {k for k in before if before[k] != after[k]}
    assert moved <= {k for k in before if k.startswith("360102") and len(k) == 9}  # only its own county's


def test_connected_counts_come_from_the_graph(jiangxi: Model) -> None:
    cut_off = "360102006"  # 大院街道, single-homed
    links = tuple(link for link in jiangxi.links if link.owner != cut_off)
    broken = dataclasses.replace(jiangxi, links=links)
    province = build_drawings(broken, "province", ViewOptions(date=DATE))[0]
    county = province.node("360102")
    assert county.label.text == "东湖区 9/10"
    assert county.style.font_color != province.node("360103").style.font_color
    assert any("未连通" in note for note in province.notes)
    city = build_drawings(broken, "city", ViewOptions(date=DATE, subject="3601"))[0]
    assert city.node(cut_off).style.fill == "#ffffff"
    assert any(entry.label == "未连通省核心" for entry in city.legend)


def test_links_are_styled_by_bandwidth_and_redundancy(drawings: dict[str, Drawing]) -> None:
    province = drawings["province"]
    edges = {frozenset((e.a, e.b)): e for e in province.edges}
    city_uplink = edges[frozenset(("36", "3601"))]
    county_uplink = edges[frozenset(("3601", "360102"))]
    assert not city_uplink.style.dashed and city_uplink.links == 2
    assert city_uplink.style.width > county_uplink.style.width
    assert edges[frozenset(("CLOUD", "DR"))].links == 2
    city = drawings["city-3601"]
    town = {frozenset((e.a, e.b)): e for e in city.edges}
    assert town[frozenset(("360102", "360102006"))].style.dashed  # single-homed township
    assert not town[frozenset(("360102", "360102002"))].style.dashed  # dual-homed street office
    assert not town[frozenset(("360102", "360103"))].style.dashed  # metro ring: no single point of failure


def test_highlight_marks_sites_and_links(jiangxi: Model) -> None:
    mark = Highlight(frozenset({"360102006", "3605"}), frozenset({frozenset({"3601", "36"})}))
    province = build_drawings(jiangxi, "province", ViewOptions(date=DATE, highlight=mark))[0]
    lit = {n.id for n in province.nodes if n.highlighted}
    assert lit == {"360102", "3605"}  # the township's county stands for it
    assert [frozenset((e.a, e.b)) for e in province.edges if e.highlighted] == [frozenset(("36", "3601"))]
    assert any(entry.label == "重点标示" for entry in province.legend)
    assert not any(entry.label == "未连通省核心" for entry in province.legend)  # emphasis is not a cut
    city = build_drawings(jiangxi, "city", ViewOptions(date=DATE, subject="3601", highlight=mark))[0]
    assert [n.id for n in city.nodes if n.highlighted] == ["360102006"]


def test_dot_and_mermaid_carry_the_nodes_and_edges(drawings: dict[str, Drawing]) -> None:
    province = drawings["province"]
    dot = content(province, "dot").decode("utf-8")
    mermaid = content(province, "mermaid").decode("utf-8")
    assert dot.startswith('graph "province" {') and dot.rstrip().endswith("}")
    assert '"3601" [label="", xlabel="南昌市"' in dot and '"36" -- "3601" [' in dot
    assert dot.count(" -- ") == len(province.edges)
    assert mermaid.splitlines()[3] == "flowchart TB"
    assert 'n3601["南昌市"]' in mermaid and "n36 === n3601" in mermaid
    assert sum(1 for line in mermaid.splitlines() if re.match(r"  \S+ (---|===|-\.-)", line)) == len(province.edges)
    city = content(drawings["city-3601"], "mermaid").decode("utf-8")
    assert 'n360102006["大院街道"]' in city and "n360102 -.- n360102006" in city


def test_the_overlap_check_finds_a_clash(drawings: dict[str, Drawing]) -> None:
    """The check above is only worth something if it fails on overlapping labels: move one township onto
    its neighbour and it must find the clash."""
    city = drawings["city-3605"]
    towns = [n for n in city.nodes if n.kind == "township"]
    moved = dataclasses.replace(towns[1], x=towns[0].x + 0.02, y=towns[0].y)
    crowded = dataclasses.replace(city, nodes=tuple(moved if n.id == moved.id else n for n in city.nodes))
    boxes = dict(_label_boxes(crowded))
    assert _overlap(boxes[f"label-{towns[0].id}"], boxes[f"label-{moved.id}"])
    far = boxes[f"label-{towns[5].id}"]
    assert not _overlap(boxes[f"label-{towns[0].id}"], far)


def test_every_svg_carries_the_font_its_chinese_needs(svgs: dict[str, str]) -> None:
    """A machine without CJK fonts shows boxes unless the SVG brings its own: each one holds a subset web font
    whose character map covers every character of its text."""
    import base64
    import io

    from fontTools.ttLib import TTFont

    for name, svg in svgs.items():
        found = re.search(r'@font-face\{font-family:"([^"]+)";src:url\(data:font/woff;base64,([^)]+)\)', svg)
        assert found and found.group(1) == FAMILY, name
        cmap = set(TTFont(io.BytesIO(base64.b64decode(found.group(2)))).getBestCmap())
        text = "".join(re.findall(r">([^<>]+)</text>", svg))
        lacking = {c for c in text if not c.isspace() and ord(c) not in cmap} - missing(text)
        assert not lacking, (name, sorted(lacking)[:10])


@pytest.mark.parametrize("zone", ["public", "internet"])
def test_zone_notes_break_only_between_tokens(drawings: dict[str, Drawing], zone: str) -> None:
    from govnet.draw.sheet import PANEL, wrap

    for note in drawings[f"zone-{zone}"].notes:
        tokens = set(re.findall(r"[\x21-\x7e]+", note))
        for line in wrap(note, PANEL):
            assert not line.strip().startswith(("，", "、", "；", "：", "）", "·")), line
            # every ASCII run of a line (an RD, an RT, a prefix) is a whole token of the note, not half of one
            for run in re.findall(r"[\x21-\x7e]+", line):
                assert run in tokens or len(run) > 30, (line, run)


def test_the_fast_engine_places_labels_where_matplotlib_does(drawings: dict[str, Drawing]) -> None:
    """The hand-written PNG/SVG path is held to the matplotlib engine it replaced: the same pixel size and
    resolution, and every node label's box within a pixel and a half of matplotlib's (a city view and a zone
    view: radial, rotated, boxed and centred labels)."""
    import io

    from PIL import Image

    from govnet.draw.paint import label_corners, paint
    from govnet.draw.render import render

    for name in ("city-3605", "zone-internet"):
        drawing = drawings[name]
        ours = Image.open(io.BytesIO(render(drawing, "png")))
        theirs = Image.open(io.BytesIO(render(drawing, "png", engine="matplotlib")))
        assert ours.size == theirs.size and ours.info["Software"] == "govnet"
        assert round(ours.info["dpi"][0]) == round(theirs.info["dpi"][0]) == 150
        reference = _matplotlib_label_boxes(drawing)
        boxes = label_corners(paint(drawing)[1])  # the line boxes, as matplotlib's are
        assert boxes.keys() == reference.keys()
        pixel = 72 / 150
        for gid, corners in boxes.items():
            centre = [sum(c) / 4 for c in zip(*corners, strict=True)]
            expected = [sum(c) / 4 for c in zip(*reference[gid], strict=True)]
            assert math.dist(centre, expected) < 1.5 * pixel, (name, gid, centre, expected)


def test_the_label_boxes_are_where_the_png_has_ink() -> None:
    """The overlap check measures what the PNG really shows: a lone rotated label's pixels all lie in its
    measured box, and reach both of its ends."""
    import io

    import numpy as np
    from PIL import Image

    from govnet.draw import Label, Node, NodeStyle
    from govnet.draw.paint import paint
    from govnet.draw.sheet import MARGIN

    for rotation, ha in ((0.0, "left"), (33.0, "left"), (-60.0, "right"), (90.0, "center")):
        node = Node("n", 0.0, 0.0, Label("南昌县莲塘镇 10.0.0.1", 4.0, 2.0, rotation, ha, "center"),
                    NodeStyle(size=0.0, stroke_width=0.0, font_size=12.0), "township")
        drawing = Drawing("t", "", "", 4.0, 4.0, (node,), (), ())
        image = Image.open(io.BytesIO(content(drawing, "png"))).convert("L")
        sheet = paint(drawing)[0]
        k = image.size[0] / (sheet.width * 72)  # pixels a point
        (_, corners), = _label_boxes(drawing)
        box = [(x * k, y * k) for x, y in corners]
        # only the label's ink: left of the legend panel, the title is empty and the marker has no size
        area = np.asarray(image)[:, :int((MARGIN + drawing.width) * 72 * k)]
        ink = [(x + 0.5, y + 0.5) for y, x in np.argwhere(area < 230)]
        assert ink, rotation
        along = (box[1][0] - box[0][0], box[1][1] - box[0][1])
        across = (box[3][0] - box[0][0], box[3][1] - box[0][1])
        length, height = math.hypot(*along), math.hypot(*across)
        spans = [((x - box[0][0]) * along[0] + (y - box[0][1]) * along[1]) / length for x, y in ink]
        rises = [((x - box[0][0]) * across[0] + (y - box[0][1]) * across[1]) / height for x, y in ink]
        assert -1.5 < min(spans) < 2.5 and length - 2.5 < max(spans) < length + 1.5, (rotation, min(spans),
                                                                                        max(spans), length)
        assert min(rises) > -1.5 and max(rises) < height + 1.5, (rotation, min(rises), max(rises), height)


def test_the_svg_is_well_formed_and_carries_every_label(drawings: dict[str, Drawing], svgs: dict[str, str]) -> None:
    import xml.etree.ElementTree as ET

    from govnet.draw.paint import Text, paint

    for name in ("province", "city-3607", "zone-public"):
        root = ET.fromstring(svgs[name].encode("utf-8"))
        texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
        assert texts == [p.text for p in paint(drawings[name])[1] if isinstance(p, Text)]
        assert root.get("width", "").endswith("pt")


def test_the_hand_written_woff_holds_what_fonttools_subsets() -> None:
    """woff.py replaces fontTools' subsetter for the diagrams: its subset must open in fontTools and give every
    character the same advance and outline as fontTools' own subset of the same characters, and nothing more."""
    import io

    from fontTools.ttLib import TTFont

    from govnet.draw.webfont import subset
    from govnet.draw.woff import woff

    chars = set("江西省电子政务外网南昌县莲塘镇墨山村委会（）·，0123456789AZaz-/:")
    ours, theirs = TTFont(io.BytesIO(woff(chars))), TTFont(io.BytesIO(subset(chars)))
    assert ours.flavor == "woff"
    mine, reference = ours.getBestCmap(), theirs.getBestCmap()
    assert set(mine) == {ord(c) for c in chars}  # webfont.subset adds printable ASCII; the SVG writer does too
    for char in chars:
        a, b = mine[ord(char)], reference[ord(char)]
        assert ours["hmtx"][a] == theirs["hmtx"][b], char
        glyph_a, glyph_b = ours["glyf"][a], theirs["glyf"][b]
        assert (glyph_a.getCoordinates(ours["glyf"])[0] == glyph_b.getCoordinates(theirs["glyf"])[0]), char
    assert woff(chars) == woff(sorted(chars))  # deterministic, whatever the order


@pytest.mark.parametrize("name", ["zone-public", "zone-internet", "county-360121"])
def test_legend_and_notes_stay_apart_and_on_the_sheet(jiangxi: Model, name: str) -> None:
    """The panel's rows (legend entries, wrapped notes) never overlap one another or the drawing area, and the
    sheet is tall enough for all of them."""
    from govnet.draw.paint import Text, paint
    from govnet.draw.sheet import MARGIN

    view, subject = name.split("-")
    drawing = build_drawings(jiangxi, view, ViewOptions(date=DATE, subject=subject))[0]
    sheet, primitives = paint(drawing)
    left = (drawing.width + MARGIN) * 72
    rows = [p.corners() for p in primitives if isinstance(p, Text) and p.x >= left]
    assert len(rows) >= len(drawing.legend) + len(drawing.notes) + 1
    for box in rows:
        assert all(left <= x <= sheet.width * 72 and 0 <= y <= sheet.height * 72 for x, y in box), box
    spans = sorted((min(y for _, y in box), max(y for _, y in box)) for box in rows)
    assert all(top >= bottom for (_, bottom), (top, _) in itertools.pairwise(spans)), spans


def test_zone_notes_call_the_special_sites_as_every_other_artefact_does(drawings: dict[str, Drawing]) -> None:
    """The zone views' notes (and the site's zone page, which shows them) named the special sites' level 专用节点,
    which reads as 'dedicated node' beside 专用网络区; summary.md, the site and the schema say 特殊站点."""
    from govnet.site.data import LEVEL_ZH

    cloud = " ".join(drawings["zone-cloud"].notes)
    assert "特殊站点" in cloud and "专用节点" not in cloud
    assert all("专用节点" not in note for name in ZONES for note in drawings[f"zone-{name}"].notes)
    assert LEVEL_ZH["special"] == "特殊站点"  # the word the site (and summary.md) use


def test_diagrams_write_counts_and_levels_as_the_other_artefacts_do(drawings: dict[str, Drawing]) -> None:
    """The province view said 乡镇（街道） 1,767 and 村（社区）：连通 2,263 / 共 22,080 where summary.md, the
    statistics and the site say 1767 and 2263; the zone views said 开放层级：省、市、县 and 省、市级防火墙执行,
    县级 100 台, 不低于 3 级, where the others say 省级、设区市、县（市、区） and 第3级."""
    from govnet.reference.names_zh import LEVEL_ZH

    texts = {name: [d.subtitle, *d.notes, *(entry.label for entry in d.legend)] for name, d in drawings.items()}
    assert "乡镇（街道） 1767" in drawings["province"].subtitle
    separated = {name: line for name, lines in texts.items() for line in lines if re.search(r"\d,\d{3}", line)}
    assert not separated
    public = " ".join(drawings["zone-public"].notes)
    assert f"开放层级：{LEVEL_ZH['province']}、{LEVEL_ZH['city']}" in public
    # 县级（一体化）接入平台 is the platform's name; 县级边界防护预留 the model's own words (a firewall's purpose)
    old = re.compile(r"[市县村]级(?!接入平台|平台|边界防护)|乡镇级|开放层级：省、|不低于 \d 级")
    assert not {name: line for name, lines in texts.items() for line in lines if old.search(line)}
