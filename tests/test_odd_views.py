"""The artefacts of an odd but valid model, looked at as their user would: a zone with a 40-character title and
no site, names that run long. Each test measures what a reader would see (text inside the sheet), not pixels."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import copy_model, govnet_in_process
from govnet.draw import Drawing, ViewOptions, build_drawings, content
from govnet.model.types import Model
from govnet.pipeline import validate

MINI = Path(__file__).parent / "fixtures" / "mini"
LONG_TITLE = ("教育专网（含中小学校园网与职业教育院校互联及国家智慧教育平台江西节点接入，"
              "以及省市县三级教育主管部门与直属事业单位的业务专网迁移承载）")
LONG_COUNTY = "东湖区与南昌高新技术产业开发区及红谷滩新区联合电子政务外网统一接入平台"
LONG_TOWN = "百花洲街道5G智慧社区IoT服务站第2分站与周边片区综合政务服务中心及便民服务大厅"
EMPTY_ZONE = f"""  - name: edu
    kind: dedicated
    title: {LONG_TITLE}
    number: 202
    levels: [province, city, county]
    min_mlps: 2
  - name: internet
"""


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def odd_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_model(MINI, tmp_path_factory.mktemp("odd"))
    zones = root / "zones" / "zones.yaml"
    zones.write_text(zones.read_text(encoding="utf-8").replace("  - name: internet\n", EMPTY_ZONE, 1),
                     encoding="utf-8")
    city = root / "topology" / "3601.yaml"  # names as long as real development zones' and community stations'
    city.write_text(city.read_text(encoding="utf-8").replace("name: 东湖区", f"name: {LONG_COUNTY}", 1)
                    .replace("name: 百花洲街道", f"name: {LONG_TOWN}", 1), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def odd(odd_root: Path) -> Model:
    result = validate(odd_root)
    assert result.ok, [d.message for d in result.diagnostics]
    assert result.model is not None
    return result.model


def _zone(model: Model, name: str) -> Drawing:
    return build_drawings(model, "zone", ViewOptions(date="2024-05-01", subject=name))[0]


def test_a_long_zone_title_stays_on_the_sheet_and_says_it_was_cut(odd: Model) -> None:
    from govnet.draw.paint import Text, paint
    from govnet.draw.sheet import MARGIN

    drawing = _zone(odd, "edu")
    sheet, primitives = paint(drawing)
    title, subtitle = [p for p in primitives if isinstance(p, Text) and p.text.startswith(("江西", "2024"))][:2]
    for text in (title, subtitle):
        right = max(x for x, _ in text.corners())
        assert right <= (sheet.width - MARGIN) * 72 + 0.5, (text.text, right, sheet.width * 72)
    assert title.text.endswith("…") and LONG_TITLE[:10] in title.text
    assert LONG_TITLE in drawing.title  # the whole title is kept (the SVG's <title>, the site)


def test_a_zone_no_site_offers_says_so_and_keeps_no_link_legend(odd: Model) -> None:
    drawing = _zone(odd, "edu")
    assert drawing.nodes == () and drawing.edges == ()
    assert any("没有站点开放本区域" in note for note in drawing.notes)
    assert all(entry.edge is None for entry in drawing.legend)
    public = _zone(odd, "public")  # a zone with sites keeps its link legend and says nothing of the kind
    assert any(entry.edge is not None for entry in public.legend)
    assert not any("没有站点开放本区域" in note for note in public.notes)


def test_the_what_if_diagram_names_the_failure(odd_root: Path) -> None:
    """The PNG and the HTML page's diagram are one drawing: alone (mailed on), it must say what failed."""
    done = govnet_in_process("whatif", str(odd_root), "--fail", "JX-360102-R01", "--format", "html")
    assert done.returncode == 0, done.stderr
    text, svg = done.stdout.split("<svg", 1)
    lost = re.search(r"失联站点 (\d+) 个", text)
    assert lost and int(lost[1]) > 0
    assert "JX-360102-R01" in svg and lost[0] in svg
    assert "<?xml" not in done.stdout  # an XML declaration has no place inside an HTML body


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium)")
def test_the_what_if_page_fits_the_window(odd_root: Path, tmp_path: Path) -> None:
    """The diagram is drawn on a sheet wider than a screen: on the page it scales down, no sideways scrolling."""
    done = govnet_in_process("whatif", str(odd_root), "--fail", "JX-360102-R01", "--format", "html")
    page = tmp_path / "whatif.html"
    probe = "<script>document.title='W'+document.documentElement.scrollWidth+'/'+window.innerWidth</script>"
    page.write_text(done.stdout.replace("</body>", probe + "</body>"), encoding="utf-8")
    assert CHROMIUM is not None
    dom = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--window-size=1000,800",
                          f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, timeout=120, check=False).stdout
    found = re.search(r"<title>W(\d+)/(\d+)</title>", dom)
    assert found, dom[:300]
    assert int(found[1]) <= int(found[2]), found[0]


def _overlap(p: list[tuple[float, float]], q: list[tuple[float, float]]) -> bool:
    """Two convex boxes overlap unless some edge of one separates them (separating axis)."""
    for poly in (p, q):
        for (x1, y1), (x2, y2) in zip(poly, poly[1:] + poly[:1], strict=True):
            nx, ny = y1 - y2, x2 - x1
            a, b = [nx * x + ny * y for x, y in p], [nx * x + ny * y for x, y in q]
            if max(a) <= min(b) or max(b) <= min(a):
                return False
    return True


def test_long_county_and_township_names_neither_cross_the_city_nor_blow_it_up(odd: Model) -> None:
    """A county's label points inwards across the city: 37 characters ran over the other county and the city
    core's label. A 40-character township name doubled the sheet, so every other label shrank with it."""
    import itertools

    from govnet.draw.paint import label_corners, paint

    drawing = build_drawings(odd, "city", ViewOptions(date="2024-05-01", subject="3601"))[0]
    boxes = label_corners(paint(drawing)[1])
    clashes = [(a, b) for a, b in itertools.combinations(sorted(boxes), 2) if _overlap(boxes[a], boxes[b])]
    assert clashes == []
    labels = {n.id: n.label.text for n in drawing.nodes}
    tips = {n.id: n.tooltip for n in drawing.nodes}
    assert labels["360102"].endswith("…") and LONG_COUNTY.startswith(labels["360102"][:-1])
    assert labels["360102004"].endswith("…") and LONG_TOWN in tips["360102004"] and LONG_COUNTY in tips["360102"]
    assert labels["360103"] == "西湖区"  # a short name stays whole
    svg = content(drawing, "svg").decode("utf-8")
    assert LONG_COUNTY in svg and LONG_TOWN in svg  # the SVG keeps the whole names, searchable (<title>)
    assert drawing.width < 2 * 2.6 + 2 * (20 * 7 / 72) + 1.0  # the ring, plus at most a 20-em label each side


def test_a_long_county_name_does_not_blow_up_the_province_overview(odd: Model) -> None:
    """The overview's ring is sized for its longest label: a 37-character county name made the sheet half again as
    wide and every other label smaller. Its label keeps the township count after the cut name."""
    drawing = build_drawings(odd, "province", ViewOptions(date="2024-05-01"))[0]
    label = {n.id: n.label.text for n in drawing.nodes}["360102"]
    assert "…" in label and label.endswith("/3") and len(label) < len(LONG_COUNTY)
    assert LONG_COUNTY in content(drawing, "svg").decode("utf-8")
    assert drawing.width < 2 * (4.0 + 12 * 9 / 72 + 0.5)  # the ring plus a 12-em name and its count each side


def test_a_long_township_name_in_the_county_view_is_cut_and_kept_whole_in_the_svg(odd: Model) -> None:
    """In a county's view the townships are the inner ring, labelled inwards across the county, as counties are in
    a city's: the same cut, at 12 ems."""
    drawing = build_drawings(odd, "county", ViewOptions(date="2024-05-01", subject="360102"))[0]
    label = {n.id: n.label.text for n in drawing.nodes}["360102004"]
    assert label.endswith("…") and LONG_TOWN.startswith(label[:-1])
    assert LONG_TOWN in content(drawing, "svg").decode("utf-8")


def test_the_resilience_report_names_the_sites_it_ranks(odd_root: Path) -> None:
    """'36', '3601', '360102' in the ranking of `whatif --all --format html` meant nothing to its reader without
    the names the site's own ranking shows."""
    done = govnet_in_process("whatif", str(odd_root), "--all", "--format", "html")
    assert done.returncode == 0, done.stderr
    assert "<td>南昌市(3601)</td>" in done.stdout and "<td>3601</td>" not in done.stdout
