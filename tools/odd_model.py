"""Make an odd but valid model for looking at every artefact as its user would (the probe behind
tests/test_odd_views.py): a copy of tests/fixtures/mini with very long unit, site and zone names, a city with one
county, a county with no townships, a zone no site offers, a unit in every zone it may join, 210 units at one
county, Latin letters and digits in names, and site names that are prefixes of others.

    python tools/odd_model.py /tmp/odd && govnet allocate /tmp/odd && govnet build /tmp/odd -o /tmp/odd-out
    python tools/odd_model.py --links /tmp/odd-out     # every href/src of every page of the site resolves

The second form opens every view of out/index.html in headless Chromium (one process per page; a few minutes)."""

from __future__ import annotations

import argparse
import collections
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

from govnet.registry import uscc

MINI = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "mini"
UNITS = 210  # at one county: its /20 of the public zone holds 256 /28s
LONG_UNIT = "江西省南昌市东湖区人民政府办公室电子政务外网统一接入平台与数据共享交换中心第二分中心"
LONG_TOWN = "滕王阁街道百花洲5G智慧社区IoT服务站第2分站与周边片区综合政务服务中心"
LONG_ZONE = "教育专网（含中小学校园网与职业教育院校互联及国家智慧教育平台江西节点接入）"

CITIES = {
    "3601.yaml": f"""city:
  code: 3601
  name: 南昌市
  counties:
    - code: 360102
      name: 东湖区
      townships:
        - {{code: 360102002, name: 滕王阁街道}}
        - {{code: 360102004, name: {LONG_TOWN}}}
        - {{code: 360102005, name: 墩子塘街道}}
        - {{code: 360102006, name: 墩子}}
    - code: 360103
      name: 西湖区
      townships: []
links: []
""",
    "3602.yaml": """city:
  code: 3602
  name: 景德镇市
  counties:
    - code: 360202
      name: 昌江区
      townships:
        - {code: 360202001, name: 西郊街道}
        - {code: 360202002, name: 西郊街道新枫片区}
links: []
""",
}

EDU = f"""  - name: edu
    kind: dedicated
    title: {LONG_ZONE}
    number: 202
    levels: [province, city, county]
    min_mlps: 2
    addresses:
      ipv4:
        pool: [172.32.0.0/12]
        delegate: {{province: 12}}
        size: 28
"""


def _unit(i: int) -> str:
    body = "MC" + "".join(uscc.ALPHABET[(i // 31**k) % 31] for k in range(5, -1, -1))
    return f"""  - id: ODD-{i:04d}
    name: 东湖区第{i + 1}号网格化社会治理与5G政务服务IoT站点ABC{i:03d}（滕王阁街道百花洲社区居民委员会联合办公点）
    uscc: {uscc.make("11", "360102", body)}
    division: 360102
    site: 360102
    access_class: A
    zones: [public]
    bandwidth: {{requested: 10M, granted: 10M}}
    mlps: {{level: 2, filing: 36010213{i:03d}-17001, assessed: 2024-01-10}}
    address: 南昌市东湖区滕王阁街道百花洲路{i + 1}号院内东侧第3栋综合楼2层201室（原东湖区行政服务中心旧址）
    contacts:
      head: {{name: 测试{i:03d}, mobile: "139079{i:05d}"}}
      technical: {{name: 技术{i:03d}, mobile: "138079{i:05d}"}}
    status: active
    history:
      - {{date: 2020-01-02, action: apply, by: 东湖区政务服务数据管理局}}
      - {{date: 2020-01-20, action: approve, by: 省电子政务外网协调小组办公室, document: 赣政网〔2020〕{i + 1}号}}
      - {{date: 2020-02-01, action: activate, by: 东湖区信息中心}}
"""


def make(dest: Path) -> None:
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(MINI, dest)
    (dest / "allocations.lock").unlink()
    for name, text in CITIES.items():
        (dest / "topology" / name).write_text(text, encoding="utf-8")
    registry = (MINI / "registry.yaml").read_text(encoding="utf-8")
    registry = registry.replace("name: 江西省人力资源和社会保障厅", f"name: {LONG_UNIT}", 1)
    # every zone a unit may list (the internet zone is an exit, not a zone to join)
    registry = registry.replace("access_class: D\n    zones: [public, hrss]",
                                "access_class: F\n    zones: [public, hrss, office]", 1)
    registry = registry.rstrip("\n") + "\n\n" + "\n".join(_unit(i) for i in range(UNITS))
    (dest / "registry.yaml").write_text(registry, encoding="utf-8")
    zones = (dest / "zones" / "zones.yaml").read_text(encoding="utf-8")
    zones = zones.replace("  - name: internet\n", EDU + "  - name: internet\n", 1)
    zones = zones.replace("pool: [10.128.0.0/17]\n        delegate: {province: 17, city: 20, county: 22,",
                          "pool: [10.128.0.0/16]\n        delegate: {province: 16, city: 18, county: 20,", 1)
    (dest / "zones" / "zones.yaml").write_text(zones, encoding="utf-8")


def links(out: Path, chromium: str) -> list[tuple[str, str]]:
    """Every (view, href or src) of the site that names no file of ``out``, from every view reachable from #/."""
    seen, queue, broken = {"#/"}, collections.deque(["#/"]), []
    while queue:
        route = queue.popleft()
        dom = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=3000",
                              "--dump-dom", (out / "index.html").as_uri() + route],
                             capture_output=True, text=True, timeout=120, check=False).stdout
        for value in re.findall(r'\b(?:href|src)="([^"]*)"', dom):
            value = value.replace("&amp;", "&")
            if value.startswith("#/"):
                if value not in seen:
                    seen.add(value)
                    queue.append(value)
            elif not value.startswith(("#", "data:")):
                target = out / unquote(value.split("#")[0].split("?")[0])
                if not target.exists():
                    broken.append((route, value))
    print(f"{len(seen)} views opened, {len(broken)} broken links", file=sys.stderr)
    return broken


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", type=Path, help="model directory to write (or, with --links, a build's output)")
    parser.add_argument("--links", action="store_true", help="check the site's links in a build's output instead")
    args = parser.parse_args(argv)
    if args.links:
        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        if chromium is None:
            print("chromium is not installed (apt-get install -y chromium)", file=sys.stderr)
            return 2
        broken = links(args.path, chromium)
        for route, value in broken:
            print(f"{route}: {value}")
        return 1 if broken else 0
    make(args.path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
