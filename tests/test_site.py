"""The offline site (out/index.html): what it holds, incremental writes, and — in headless Chromium when it is
installed — that pages load without console errors, search finds a unit by IP address and by name and a village
by code and name, the drill-down reaches a village, the what-if page shows the N-1 report, and Chinese is drawn
with the embedded font (the machine running the tests has no CJK font of its own).

The model is the mini fixture with two villages of 滕王阁街道 and an active unit at one of them."""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import copy_model
from govnet.pipeline import Result, allocate, validate
from govnet.records import granted_addresses, write_records
from govnet.site import whatif, write_site

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
VILLAGE, OTHER_VILLAGE = "360102002001", "360102002002"  # 民巷社区居委会, 章江路社区居委会 of 滕王阁街道

_PROFILE = """
  village:
    description: 村（社区）接入点，经乡镇上联
    zones: [public]
    devices:
      - {name: "{prefix}-{code}-R{n:02d}", role: router, platform: huawei_vrp, count: 1, port_speed: 1G}
    uplinks: {count: 1, bandwidth: 30M, min_bandwidth: 20M, carriers: [电信]}
"""
_COUNTY = f"""county: 360102
townships:
  - code: 360102002
    villages:
      - {{code: {VILLAGE}, name: 民巷社区居委会}}
      - {{code: {OTHER_VILLAGE}, name: 章江路社区居委会}}
"""
_UNIT = f"""
  - id: MINI-0005
    name: 民巷社区居民委员会
    uscc: 12360102MB0106CC2H
    division: {VILLAGE}
    site: {VILLAGE}
    access_class: B
    zones: [public]
    internet: unified
    bandwidth: {{requested: 20M, granted: 20M}}
    line: {{type: MSTP, carrier: 电信}}
    mlps: {{level: 2, filing: 36010213002-17005, assessed: 2024-01-10}}
    contacts:
      head: {{name: 孙示例, mobile: "13807910009"}}
      technical: {{name: 周示例, mobile: "13807910010"}}
    status: active
    history:
      - {{date: 2023-05-01, action: apply, by: 民巷社区居民委员会}}
      - {{date: 2023-05-20, action: approve, by: 省电子政务外网协调小组办公室, document: 赣政网〔2023〕3号}}
      - {{date: 2023-06-01, action: activate, by: 东湖区政务服务数据管理局}}
"""


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> Result:
    """The mini model with villages below one township, allocated as `govnet allocate` would."""
    root = copy_model(MINI, tmp_path_factory.mktemp("villages") / "model")
    with (root / "topology" / "profiles.yaml").open("a", encoding="utf-8") as profiles:
        profiles.write(_PROFILE)
    (root / "topology" / "3601").mkdir()
    (root / "topology" / "3601" / "360102.yaml").write_text(_COUNTY, encoding="utf-8")
    with (root / "registry.yaml").open("a", encoding="utf-8") as registry:
        registry.write(_UNIT)
    allocated, allocation = allocate(root)
    assert allocation is not None, allocated.diagnostics
    (root / "allocations.lock").write_text(allocation.text, encoding="utf-8")
    result = validate(root)
    assert result.ok and result.model is not None and result.addresses is not None, result.diagnostics
    return result


@pytest.fixture(scope="module")
def out(mini: Result, tmp_path_factory: pytest.TempPathFactory) -> Path:
    assert mini.model is not None
    directory = tmp_path_factory.mktemp("out")
    write_records(mini.model, directory, granted_addresses(mini.addresses))
    (directory / "site").mkdir()
    (directory / whatif.SCRIPT).write_text(whatif.script(mini.model), encoding="utf-8")  # the build's artefact
    write_site(mini.model, mini.addresses, mini.diagnostics, directory, date="2026-11-30")
    return directory


def _data(out: Path) -> dict[str, object]:
    text = (out / "site" / "data.js").read_text(encoding="utf-8")
    found: dict[str, object] = json.loads(text.removeprefix("window.GOVNET_DATA = ").removesuffix(";\n"))
    return found


def test_site_is_offline_and_holds_the_model(out: Path, mini: Result) -> None:
    page = (out / "index.html").read_text(encoding="utf-8")
    # nothing fetched from a network: every reference is relative
    assert not re.search(r"(src|href)=\"(https?:)?//", page) and 'url("site/font.woff")' in page
    for name in ("data.js", "app.js", "style.css", "font.woff"):
        assert (out / "site" / name).is_file()
    assert "http" not in (out / "site" / "app.js").read_text(encoding="utf-8")
    data = _data(out)
    assert mini.model is not None and mini.model.registry is not None
    assert [u["id"] for u in data["units"]] == [u.id for u in mini.model.registry.units]  # type: ignore[index]
    sites = data["sites"]
    assert isinstance(sites, dict) and set(sites) == {s.key for s in mini.model.sites}
    unit = next(u for u in data["units"] if u["id"] == "MINI-0001")  # type: ignore[attr-defined]
    assert unit["addresses"] and all(a.split(" ")[0] in ("公用网络区", "人社专网") for a in unit["addresses"])
    assert any(p[2] == "unit" and p[3] == "MINI-0001" for p in data["prefixes"])  # type: ignore[attr-defined]


def test_what_the_site_shows_in_its_tables_is_chinese(out: Path) -> None:
    """Link kinds, device roles and the address plan's levels are shown as words of the office, not as the model's
    keys: the links table said "uplink"/"ring"/"datacenter", the address page "province 69.1%，city 28.4%" and the
    secure access gateways' role "access-gateway"."""
    from govnet.reference.platforms import ROLES
    from govnet.site.data import ROLE_ZH

    data = _data(out)
    sites = data["sites"]
    assert isinstance(sites, dict)
    kinds = {link["kind"] for s in sites.values() for link in s["links"]}
    roles = {d["role"] for s in sites.values() for d in s["devices"]}
    ipam = data["ipam"]
    assert isinstance(ipam, dict)
    levels = {row["level"] for pool in ipam["pools"] for row in pool["levels"]}
    assert {"上联", "骨干", "数据中心互联"} <= kinds and levels >= {"省级", "设区市"}
    for word in kinds | roles | levels:
        assert not re.search("[A-Za-z]{3}", word), word
    assert set(ROLES) <= set(ROLE_ZH)  # every role a device may have has its Chinese name


def test_a_village_units_form_names_its_village_in_its_area(mini: Result) -> None:
    """所在地区 of a unit at a village ran province → township and left the village out."""
    from govnet.records import forms

    assert mini.model is not None and mini.model.registry is not None
    unit = mini.model.registry.unit_by_id["MINI-0005"]
    assert forms.context(mini.model, unit, [])["area"] == "江西省南昌市东湖区滕王阁街道民巷社区居委会"


def test_a_units_city_on_the_site_is_the_ledgers_city(mini: Result) -> None:
    """The registry page's city filter takes a unit's city from its division, as the ledger's sheets and the
    statistics do: a city's unit attached at the province was filed under 省直 on the site, under 南昌市 there."""
    import dataclasses

    from govnet.records import ledger
    from govnet.site.data import gather

    model = mini.model
    assert model is not None and model.registry is not None
    unit = next(u for u in model.registry.units if u.id == "MINI-0004")  # 南昌市机关事务管理局, division 360100
    moved = unit.model_copy(update={"site": model.province.key})  # attached at the provincial core
    units = tuple(moved if u is unit else u for u in model.registry.units)
    changed = dataclasses.replace(model, registry=dataclasses.replace(model.registry, units=units))
    data = gather(changed, None, (), date="2026-11-30", revision="", compliance_html="", diagrams=(), ipam_usage=None)
    site_city = {u["id"]: u["city"] for u in data["units"]}
    ledger_city = {row.unit.id: row.values["city"] or "省直" for row in ledger.rows(changed, {})}
    assert site_city == ledger_city and site_city["MINI-0004"] == "南昌市"


def test_font_covers_the_site_and_is_cut_again_only_when_the_text_changes(out: Path, mini: Result) -> None:
    import io

    from fontTools.ttLib import TTFont

    cmap = set(TTFont(io.BytesIO((out / "site" / "font.woff").read_bytes())).getBestCmap())
    text = (out / "site" / "data.js").read_text(encoding="utf-8") + (out / "index.html").read_text(encoding="utf-8")
    assert not {c for c in text if ord(c) > 0x2000 and ord(c) not in cmap}
    assert mini.model is not None
    again = write_site(mini.model, mini.addresses, mini.diagnostics, out, date="2026-11-30")
    assert not any(changed for _, changed in again)
    later = write_site(mini.model, mini.addresses, mini.diagnostics, out, date="2026-12-01")
    assert [p.name for p, changed in later if changed] == ["data.js"]


def test_a_font_cut_beforehand_is_used_when_it_covers_the_page_and_cut_again_when_not(
        out: Path, mini: Result, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build cuts the site's font in a worker beforehand (govnet.site.prepare): the site written with it is byte
    for byte the one written without it, the font is not cut again when the diagrams, verify's counts and the
    what-if report bring no character of their own, and it is cut again when they do."""
    from govnet.draw import webfont
    from govnet.site import Prepared, prepare, site_data

    assert mini.model is not None
    data = site_data(mini.model, mini.addresses, mini.diagnostics, date="2026-11-30")
    prepared = prepare(mini.model, data)
    plain, again = tmp_path / "plain", tmp_path / "again"
    for directory in (plain, again):
        shutil.copytree(out, directory)
        (directory / "site" / "font.woff").unlink()  # the font must be written again
    write_site(mini.model, mini.addresses, mini.diagnostics, plain, date="2026-11-30")
    cuts: list[int] = []
    real = webfont._subset.__wrapped__

    def counting(chars: frozenset[str]) -> bytes:
        cuts.append(len(chars))
        return real(chars)

    monkeypatch.setattr(webfont, "_subset", counting)
    monkeypatch.setattr(webfont, "_CUT_ELSEWHERE", {})
    write_site(mini.model, mini.addresses, mini.diagnostics, again, date="2026-11-30", data=prepared)
    assert not cuts
    for name in ("data.js", "font.woff", ".font-chars"):
        assert (again / "site" / name).read_bytes() == (plain / "site" / name).read_bytes(), name
    # a character the prepared cut lacks (one only the what-if report holds): the font is cut again, with it
    assert "龘" not in prepared.chars
    for directory in (plain, again):
        report = directory / whatif.SCRIPT
        report.write_text(report.read_text(encoding="utf-8") + "// 龘\n", encoding="utf-8")
    monkeypatch.setattr(webfont, "_subset", real)
    write_site(mini.model, mini.addresses, mini.diagnostics, plain, date="2026-11-30")
    monkeypatch.setattr(webfont, "_subset", counting)
    write_site(mini.model, mini.addresses, mini.diagnostics, again, date="2026-11-30",
               data=Prepared(prepared.head, prepared.chars, b"not a font"))
    assert len(cuts) == 1 and (again / "site" / "font.woff").read_bytes() == (plain / "site" / "font.woff").read_bytes()
    for name in ("data.js", ".font-chars"):
        assert (again / "site" / name).read_bytes() == (plain / "site" / name).read_bytes(), name


def test_drill_down_reaches_a_village_with_its_devices_links_units_and_zones(out: Path, mini: Result) -> None:
    data = _data(out)
    sites = data["sites"]
    assert isinstance(sites, dict)
    village = sites[VILLAGE]
    assert (village["name"], village["level_zh"]) == ("民巷社区居委会", "村（社区）")
    # province → city → county → township → village, each listed among its parent's children
    chain = [VILLAGE]
    while sites[chain[-1]]["parent"]:
        chain.append(sites[chain[-1]]["parent"])
    assert chain == [VILLAGE, "360102002", "360102", "3601", "36"]
    assert all(child in sites[parent]["children"] for child, parent in itertools.pairwise(chain))
    assert sorted(sites["360102002"]["children"]) == [VILLAGE, OTHER_VILLAGE]
    assert [d["name"] for d in village["devices"]] == [f"JX-{VILLAGE}-R01"]
    assert village["devices"][0]["config"] == f"configs/{VILLAGE}/JX-{VILLAGE}-R01.cfg"
    uplink = [(link["a"], link["b"], link["bw"]) for link in village["links"]]
    assert uplink == [(f"JX-{VILLAGE}-R01", "JX-360102002-R01", "30M")]
    assert village["units"] == ["MINI-0005"] and village["zones"] == ["公用网络区"]
    unit = next(u for u in data["units"] if u["id"] == "MINI-0005")  # type: ignore[attr-defined]
    assert unit["addresses"] and unit["addresses"][0].startswith("公用网络区 ")
    # the overview counts the villages connected over all the villages of the table under the model's townships
    counts = data["counts"]
    assert isinstance(counts, dict) and counts["village_coverage"][0] == 2 and counts["village_coverage"][1] > 2
    # what the search looks in: the village's code and name are in the site index, its font glyphs in the face
    assert "章江路社区居委会" in {s["name"] for s in sites.values()} and OTHER_VILLAGE in sites


def test_whatif_page_data_ranks_failures_and_lists_each_areas_single_points(out: Path, mini: Result) -> None:
    from govnet.whatif import exhaustive

    assert mini.model is not None
    text = (out / whatif.SCRIPT).read_text(encoding="utf-8")
    report = json.loads(text.removeprefix("window.GOVNET_WHATIF = ").removesuffix(";\n"))
    expected = exhaustive(mini.model)
    assert report["elements"] == expected.elements and len(report["ranked"]) == len(expected.impacts)
    units = [row[3] for row in report["ranked"]]
    assert units == sorted(units, reverse=True) and units[0] > 0
    # the village hangs from one township router over one circuit: both are single points of 东湖区 and 南昌市
    for area in ("360102", "3601"):
        found = {(kind, name) for kind, name, _ in report["spofs"][area]}
        assert ("link", f"JX-{VILLAGE}-R01/JX-360102002-R01") in found and ("device", "JX-360102002-R01") in found
    worst = next(row for row in report["ranked"] if row[:2] == ["device", "JX-360102002-R01"])
    assert worst[2] == 3 and worst[3] == 2 and worst[5] == {"public": 2}  # the township, two villages; 2 units
    assert set(report["zones"]) == {"public", "hrss"}
    page = (out / "index.html").read_text(encoding="utf-8")
    assert page.index("site/whatif.js") < page.index("site/app.js")


def test_whatif_fingerprint_follows_what_the_analysis_reads(mini: Result) -> None:
    import dataclasses

    assert mini.model is not None and mini.model.registry is not None
    model = mini.model
    before = whatif.inputs(model)
    # a unit's contact is not read by the analysis; its status is
    units = list(model.registry.units)
    first = units[0]
    contacts = first.contacts.model_copy(update={"head": first.contacts.head.model_copy(update={"name": "新"})})
    renamed = (first.model_copy(update={"contacts": contacts}), *units[1:])
    revoked = (first.model_copy(update={"status": "revoked"}), *units[1:])
    registry = model.registry
    assert whatif.inputs(dataclasses.replace(model, registry=dataclasses.replace(registry, units=renamed))) == before
    assert whatif.inputs(dataclasses.replace(model, registry=dataclasses.replace(registry, units=revoked))) != before
    slower = model.links[0]._replace(bandwidth=1)
    assert whatif.inputs(dataclasses.replace(model, links=(slower, *model.links[1:]))) != before


# The DOM and console log of each page loaded, by URL: several cases look for different things on one view of the
# module's site (static files, written once), and each Chromium start costs about a second.
_LOADED: dict[str, tuple[str, str]] = {}


def _chromium(url: str, tmp_path: Path) -> tuple[str, str]:
    if url not in _LOADED:
        _LOADED[url] = _load_in_chromium(url, tmp_path)
    return _LOADED[url]


def _load_in_chromium(url: str, tmp_path: Path) -> tuple[str, str]:
    assert CHROMIUM is not None
    done = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr",
                           "--v=0", f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=5000",
                           "--dump-dom", url], capture_output=True, text=True, timeout=120, check=False)
    return done.stdout, done.stderr


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium)")
@pytest.mark.parametrize(("view", "expected"), [
    ("", "校验结果"), ("site/3601", "南昌市"), ("zones", "公用网络区"), ("ipam", "顶层下放"),
    ("registry", "个单位"), ("compliance", "政策符合性"), ("diagrams", "拓扑图"), ("unit/MINI-0001", "人社专网"),
    # search: who owns an address inside MINI-0001's public subnet, and a unit by (part of) its name
    ("search/10.128.8.5", "MINI-0001"), ("search/滕王阁", "MINI-0002"),
    # by USCC, by division code, by (the start of) a unit id
    ("search/11360102MB0102BB7G", "MINI-0002"), ("search/360102", "MINI-0003"), ("search/mini-000", "MINI-0004"),
    # drill-down to a village: its router's config, its uplink, its unit, its zones; search by code and by name
    (f"site/{VILLAGE}", f"configs/{VILLAGE}/JX-{VILLAGE}-R01.cfg"), (f"site/{VILLAGE}", "JX-360102002-R01"),
    (f"site/{VILLAGE}", "MINI-0005"), (f"site/{VILLAGE}", "村（社区）"), ("site/360102002", "民巷社区居委会"),
    (f"search/{OTHER_VILLAGE}", "章江路社区居委会"), ("search/章江路", f"#/site/{OTHER_VILLAGE}"),
    # the what-if report, and each city's and county's single points of failure
    ("whatif", "按失联接入单位排名"), ("whatif?kind=device", "JX-360102002-R01"),
    ("whatif/360102", "的单点故障"),
    ("site/360102", "#/whatif/360102"), ("site/3601", "单点故障（N-1"), ("", "#/whatif"), ("", "村（社区）覆盖"),
    ("site/360103", "本节点没有接入单位"),  # a site without units says so, rather than an empty table
    # the office reads Chinese: a link's kind, a pool's level, an address's pool and kind (not uplink, city, unit)
    ("site/3601", "<td class=\"nw\">上联</td>"), ("ipam", "设区市 "), ("search/10.128.8.5", "单位子网"),
    ("ipam", "公用网络区（public）"), ("ipam", "环回地址（loopback）"),
    ("search/10.128.8.5", "<td class=\"nw\">公用网络区</td>"),
    # a unit's page gives its dates, as the form and the ledger do (it had the status and none of its dates)
    ("unit/MINI-0001", "<td>2020-05-01</td><td class=\"nw\">开通</td>"), ("unit/MINI-0001", "赣政网〔2020〕12号"),
    ("unit/MINI-0001", "王示例 13907910001"),
    ("search/示例路1号", "#/unit/MINI-0001"),  # a unit by its address (南昌市红谷滩区示例路1号)
    # the overview's units by status, every status (0 included), each linked to the registry filtered by it
    ("", '<a href="#/registry?status=已暂停">已暂停</a> 0'), ("", '<a href="#/registry?status=已开通">已开通</a> 3'),
])
def test_pages_load_in_a_browser(out: Path, tmp_path: Path, view: str, expected: str) -> None:
    dom, log = _chromium((out / "index.html").as_uri() + "#/" + view, tmp_path)
    main = re.search(r'<main id="main">(.*)</main>', dom, flags=re.S)
    assert main and expected in main.group(1), dom[-2000:]
    assert not re.search(r"CONSOLE.*(Uncaught|Error)|Uncaught|Failed to load resource", log), log[-2000:]
    # document.fonts.check() answered for the embedded face: no system CJK font is needed to draw the page
    assert 'data-font="embedded"' in dom


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium)")
def test_a_search_that_finds_more_than_it_lists_says_so(out: Path, tmp_path: Path) -> None:
    """A search lists at most 500 units (a province has 100,000): the heading counts them all, and a note under a
    cut list says it is cut; it listed 500 of 700 in silence."""
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    data = copy / "site" / "data.js"  # 700 more units named alike, added before the page reads them
    data.write_text(data.read_text(encoding="utf-8") + "\nfor (var i = 0; i < 700; i++) { var u = Object.assign({}, "
                    "window.GOVNET_DATA.units[0]); u.id = 'MANY-' + i; u.name = '同名测试单位' + i; "
                    "window.GOVNET_DATA.units.push(u); }\n", encoding="utf-8")
    dom, _ = _load_in_chromium((copy / "index.html").as_uri() + "#/search/同名测试单位", tmp_path)
    main = re.search(r'<main id="main">(.*)</main>', dom, flags=re.S)
    assert main and "接入单位（700）" in main.group(1), dom[-2000:]
    assert main.group(1).count('href="#/unit/MANY-') == 500 and "仅显示前 500 个" in main.group(1)
    dom, _ = _load_in_chromium((copy / "index.html").as_uri() + "#/search/滕王阁", tmp_path / "few")
    assert "仅显示前" not in dom  # a short list has no note


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium)")
def test_short_cells_stay_on_one_line_beside_a_long_name(out: Path, tmp_path: Path) -> None:
    """Beside a 70-character unit name the browser broke the status 已开通 into 已开/通: short words keep to one
    line (measured: the lines the cell's text takes in the laid-out page), long names still wrap."""
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    data = copy / "site" / "data.js"
    data.write_text(data.read_text(encoding="utf-8") + "\nwindow.GOVNET_DATA.units[0].name = '" + "东湖区网格化社会治理"
                    "与5G政务服务IoT站点ABC（滕王阁街道百花洲社区居民委员会联合办公点）" * 2 + "';\n", encoding="utf-8")
    probe = ("<script>setTimeout(function () { var most = {}; document.querySelectorAll('main td, main th')"
             ".forEach(function (td) { var r = document.createRange(); r.selectNodeContents(td); "
             "var n = new Set(Array.from(r.getClientRects()).map(function (b) { return Math.round(b.top); })).size; "
             "var k = td.textContent.length > 20 ? 'long' : td.textContent; most[k] = Math.max(most[k] || 0, n); }); "
             "document.body.setAttribute('data-lines', JSON.stringify(most)); }, 500);</script>")
    index = copy / "index.html"
    index.write_text(index.read_text(encoding="utf-8").replace("</body>", probe + "</body>"), encoding="utf-8")
    done = subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--window-size=1000,800",
                           f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=5000", "--dump-dom",
                           index.as_uri() + "#/registry"], capture_output=True, text=True, timeout=120, check=False)
    found = re.search(r"data-lines=\"([^\"]*)\"", done.stdout)
    assert found, done.stdout[-2000:]
    lines = json.loads(found.group(1).replace("&quot;", '"'))
    assert lines["long"] > 1  # the long name wraps (the page is not simply wide)
    assert lines["已开通"] == 1 and lines["已申请"] == 1 and lines["类别"] == 1, lines


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium)")
def test_whatif_ranking_filters_by_kind_and_city_in_a_browser(out: Path, tmp_path: Path) -> None:
    dom, _ = _chromium((out / "index.html").as_uri() + "#/whatif?kind=link&city=3602", tmp_path)
    main = re.search(r'<main id="main">(.*?)<h2>按安全区域', dom, flags=re.S)  # the ranking, not the lists below
    assert main, dom[-2000:]
    assert "JX-360202002-R01/JX-360202-R01" in main.group(1)  # a link of 景德镇市's
    assert "JX-360102002-R01/JX-360102-R01" not in main.group(1) and "设备" not in main.group(1).split("</th>")[-1]


def test_the_site_lists_diagnostics_in_chinese_whatever_the_language_of_the_run(mini: Result) -> None:
    """The site is Chinese: a build run under an English locale (the README's first command on most machines) still
    shows each diagnostic's message and hint in Chinese, and the run's own language is left as it was."""
    from govnet import diagnostics as dg
    from govnet.i18n import current, use
    from govnet.site import site_data

    assert mini.model is not None
    found = [dg.make("GN201", "topology/3601.yaml", 6, 3, "unknown field 'profle'", hint="did you mean 'profile'?")]
    use("en")
    data = site_data(mini.model, mini.addresses, found, date="2026-11-30")
    assert data["diagnostics"][0]["message"] == "未知字段 'profle'"
    assert data["diagnostics"][0]["hint"] == "是否应为 'profile'？"
    assert current() == "en"
