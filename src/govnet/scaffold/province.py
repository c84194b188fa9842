"""`govnet init`: a new model skeleton for any province, from the national division table."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from govnet.errors import UsageError
from govnet.reference import divisions
from govnet.reference.divisions import PLACEHOLDER_CITY_NAMES, Row
from govnet.scaffold import villages as vl
from govnet.scaffold.tooling import with_tooling
from govnet.scaffold.zones import TOWNSHIP_V4, zones_files
from govnet.writer import write_new

# ISO 3166-2:CN subdivision codes: a public standard, used as the default hostname prefix.
ISO_PREFIX = {
    "11": "BJ", "12": "TJ", "13": "HE", "14": "SX", "15": "NM", "21": "LN", "22": "JL", "23": "HL", "31": "SH",
    "32": "JS", "33": "ZJ", "34": "AH", "35": "FJ", "36": "JX", "37": "SD", "41": "HA", "42": "HB", "43": "HN",
    "44": "GD", "45": "GX", "46": "HI", "50": "CQ", "51": "SC", "52": "GZ", "53": "YN", "54": "XZ", "61": "SN",
    "62": "GS", "63": "QH", "64": "NX", "65": "XJ",
}
_PLAIN = re.compile(r"^[^\s:#{}\[\],&*!|>'\"%@`?-][^:#{}\[\],]*$")


class ScaffoldError(UsageError):
    """The province is unknown or the target directory is not empty."""


@dataclass
class _County:
    code: str
    name: str
    townships: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class _City:
    code: str
    name: str
    counties: dict[str, _County] = field(default_factory=dict)


def scaffold(directory: Path, province: str, *, with_special_zones: bool = False, villages: str | None = None) -> str:
    found = divisions.find_province(province)
    if not found:
        raise ScaffoldError(f"no province '{province}' in the national table; give a name (江西省) or code (36)")
    if len(found) > 1:  # a silent pick would write a whole model of a province the user did not mean
        names = ", ".join(f"{divisions.official_name(c)} ({c})" for c in found)
        raise ScaffoldError(f"'{province}' could be {names}; give the full name or the code")
    code = found[0]
    if directory.exists() and not directory.is_dir():
        raise ScaffoldError(f"'{directory}' is a file, not a directory; give init a new or empty directory")
    if directory.exists() and any(directory.iterdir()):
        raise ScaffoldError(f"'{directory}' is not empty; govnet init never overwrites existing files")
    rows = [r for r in divisions.rows() if r.province_code == code]
    cities = _hierarchy(rows, with_special_zones)
    try:
        named = {key: county.name for city in cities for key, county in city.counties.items()}
        chosen = vl.selected_counties(villages, named) if villages is not None else set()
    except vl.SelectionError as exc:
        raise ScaffoldError(str(exc)) from None
    try:
        files = with_tooling(render_model(code, rows[0].province, cities, chosen))
    except ValueError as exc:  # the placeholder plan cannot hold this province
        raise ScaffoldError(str(exc)) from None
    try:
        for rel, text in files.items():
            write_new(directory / rel, text)
        _first_allocation(directory)
    except OSError as exc:  # read-only, no space, a file where a folder goes
        where = exc.filename or directory
        raise ScaffoldError(f"cannot write the model into '{directory}': {exc.strerror or exc} ({where})") from None
    counties = sum(len(c.counties) for c in cities)
    townships = sum(len(k.townships) for c in cities for k in c.counties.values())
    villages_written = sum(text.count("\n      - {code: ") for rel, text in files.items() if rel.count("/") == 2)
    more = f", {villages_written} villages" if chosen else ""
    return f"{len(cities)} cities, {counties} counties, {townships} townships{more}"


def _first_allocation(directory: Path) -> None:
    """A new model is complete: its addresses are allocated and locked like any other's."""
    from govnet.pipeline import allocate
    from govnet.source.modeldir import LOCK_FILE

    result, allocation = allocate(directory)
    if allocation is None:  # the generated model is ours: an error here is a bug in govnet, not the user's
        raise RuntimeError("the new model does not validate: " + "; ".join(d.as_text() for d in result.diagnostics))
    write_new(directory / LOCK_FILE, allocation.text)


def _hierarchy(rows: Iterable[Row], with_special_zones: bool) -> list[_City]:
    cities: dict[str, _City] = {}
    for r in rows:
        if not with_special_zones and (divisions.is_statistics_zone(r.county_code)
                                       or divisions.is_special_township(r.township_code)):
            continue
        city = cities.setdefault(r.city_code, _City(r.city_code, r.city))
        county = city.counties.setdefault(r.county_code, _County(r.county_code, r.county))
        county.townships.append((r.township_code, r.township))
    return [cities[k] for k in sorted(cities)]


def render_model(code: str, name: str, cities: list[_City], with_villages: set[str] | None = None) -> dict[str, str]:
    """Every file of the new model, by relative path; villages for the counties in ``with_villages``."""
    files = {
        "govnet.yaml": _project(code, name),
        "topology/profiles.yaml": PROFILES,
        "topology/province.yaml": _province(code, name),
        "registry.yaml": REGISTRY,
    }
    max_counties = max((len(c.counties) for c in cities), default=0)
    max_townships = max((len(k.townships) for c in cities for k in c.counties.values()), default=0)
    county_bits = 0
    for city in cities:
        files[f"topology/{city.code}.yaml"] = _city(city)
        for county in city.counties.values():
            if county.code not in (with_villages or ()):
                continue
            towns = dict(county.townships)
            found = vl.village_rows(towns)
            if found:
                files[f"topology/{city.code}/{county.code}.yaml"] = vl.county_file(county.code, county.name, towns,
                                                                                    found)
                count = sum(len(v) for v in found.values())
                county_bits = max(county_bits, vl.county_bits(len(towns), count, TOWNSHIP_V4))
    files.update(zones_files(code, max_counties, max_townships, len(cities), county_bits))
    return files


def _q(text: str) -> str:
    """A YAML scalar for a name: plain when safe, double-quoted (JSON is valid YAML) otherwise."""
    return text if _PLAIN.fullmatch(text) and text.strip() == text else json.dumps(text, ensure_ascii=False)


def _project(code: str, name: str) -> str:
    return (
        "# govnet model: the intent of one provincial e-government extranet, kept in git.\n"
        f"name: {_q(name + '电子政务外网')}\n"
        f"province: {code}\n"
        f"hostname_prefix: {ISO_PREFIX.get(code, 'GN' + code)}\n"
        + MANAGEMENT
    )


MANAGEMENT = """
# Services every device uses (placeholders: a NOC server block outside every pool). Secrets (SNMP
# community, RADIUS key, local password) are never written here: set GOVNET_SECRET_SNMP_COMMUNITY etc.
# or pass --secrets FILE.
management:
  # In-band, global table: loopbacks in the IGP, the NOC network on the province core routers, each firewall
  # on a management sub-interface toward its routers. VTY and SNMP ACLs permit only these networks.
  plane: {mode: in-band, networks: [10.4.0.0/24]}
  ntp: [10.4.0.1, 10.4.0.2]
  syslog: [10.4.0.3]
  snmp: {contact: noc@example.gov.cn, trap_hosts: [10.4.0.4]}
  aaa: {radius: [10.4.0.5, 10.4.0.6], local_user: netadmin}
"""


def _province(code: str, name: str) -> str:
    prefix = ISO_PREFIX.get(code, "GN" + code)
    return f"""# The province: its core site, the sites that are not divisions, and links the hierarchy does not imply.
province:
  code: {code}
  name: {_q(name)}

special_sites:
  - id: NATIONAL
    kind: national-pop
    name: 国家电子政务外网骨干网接入点
  - id: CLOUD
    kind: gov-cloud
    name: {_q(name + '政务云')}
  - id: DR
    kind: dr-centre
    name: {_q(name + '电子政务外网容灾备份中心')}

links:
  # Dual uplinks to the national extranet backbone, on different carriers.
  - {{a: {prefix}-{code}-CR01, b: {prefix}-NATIONAL-PE01, bandwidth: 10G, carrier: 电信, kind: backbone}}
  - {{a: {prefix}-{code}-CR02, b: {prefix}-NATIONAL-PE02, bandwidth: 10G, carrier: 联通, kind: backbone}}
"""


def _city(city: _City) -> str:
    lines = [f"# {city.name}: maintained by the city's network team.", "city:",
             f"  code: {city.code}", f"  name: {_q(city.name)}"]
    if city.name in PLACEHOLDER_CITY_NAMES:
        lines.append("  virtual: true  # statistical placeholder: its counties home to the province core")
    lines.append("  counties:")
    for county in city.counties.values():
        lines += [f"    - code: {county.code}", f"      name: {_q(county.name)}", "      townships:"]
        lines += [f"        - {{code: {t}, name: {_q(n)}}}" for t, n in county.townships]
    lines += ["", "links: []", ""]
    return "\n".join(lines)


PROFILES = """# Site profiles: what a site of each level has, and how it connects upwards.
# A site picks the profile named after its level unless it says 'profile:'; any site may override
# 'devices:', 'zones:' or individual 'uplinks:' fields. Device names: {prefix}, {code}, {n} (e.g. {n:02d}).
profiles:
  province:
    description: 省级核心节点
    zones: [public, hrss, internet, office]
    devices:
      - {name: "{prefix}-{code}-CR{n:02d}", role: core-router, platform: huawei_vrp8, count: 2, port_speed: 100G}
      - {name: "{prefix}-{code}-FW{n:02d}", role: firewall, platform: huawei_usg, count: 2, port_speed: 10G}

  city:
    description: 设区市汇聚节点
    zones: [public, hrss, office]
    devices:
      - {name: "{prefix}-{code}-CR{n:02d}", role: core-router, platform: huawei_vrp8, count: 2, port_speed: 100G}
      # Out of the traffic path until a rule 'at: [city]' (e.g. a city internet exit) uses it (GN513/GN514).
      - {name: "{prefix}-{code}-FW{n:02d}", role: firewall, platform: huawei_usg, count: 2, port_speed: 10G,
         in_path: false, purpose: 地市边界防护预留：本级未下发区间策略，不承载业务流量}
    uplinks: {count: 2, bandwidth: 10G, min_bandwidth: 1G, carriers: [电信, 联通], diverse_carriers: true}

  county:
    description: 县级一体化接入平台
    zones: [public, hrss, office]
    devices:
      - {name: "{prefix}-{code}-R{n:02d}", role: router, platform: h3c_comware, count: 2, port_speed: 10G}
      - {name: "{prefix}-{code}-FW{n:02d}", role: firewall, platform: h3c_secpath, count: 1, port_speed: 10G,
         in_path: false, purpose: 县级边界防护预留：本级未下发区间策略，不承载业务流量}
    uplinks: {count: 2, bandwidth: 1G, min_bandwidth: 100M, carriers: [电信, 联通], diverse_carriers: true,
              oversubscription: 10}

  township:
    description: 乡镇接入点
    zones: [public, hrss]
    devices:
      - {name: "{prefix}-{code}-R{n:02d}", role: router, platform: huawei_vrp, count: 1, port_speed: 1G}
    uplinks: {count: 1, bandwidth: 100M, min_bandwidth: 20M, carriers: [电信], oversubscription: 20}

  village:
    description: 村（社区）接入点，经乡镇上联
    zones: [public]
    devices:
      - {name: "{prefix}-{code}-R{n:02d}", role: router, platform: huawei_vrp, count: 1, port_speed: 1G}
    uplinks: {count: 1, bandwidth: 30M, min_bandwidth: 20M, carriers: [电信]}

  village-direct:
    description: 村（社区）接入点，直连县级一体化接入平台
    zones: [public]
    devices:
      - {name: "{prefix}-{code}-R{n:02d}", role: router, platform: huawei_vrp, count: 1, port_speed: 1G}
    uplinks: {count: 1, bandwidth: 30M, min_bandwidth: 20M, carriers: [电信], to: county}

  gov-cloud:
    description: 政务云出口
    zones: [public, hrss]
    devices:
      - {name: "{prefix}-{code}-CR{n:02d}", role: core-router, platform: huawei_vrp8, count: 2, port_speed: 100G}
      # Out of the path until the cloud's server segments are a zone with rules 'at: [special]' (GN513/GN514).
      - {name: "{prefix}-{code}-FW{n:02d}", role: firewall, platform: huawei_usg, count: 2, port_speed: 40G,
         in_path: false, purpose: 政务云边界防护预留：云内服务区尚未建模，不承载业务流量}
    uplinks: {count: 2, bandwidth: 40G, min_bandwidth: 10G, carriers: [自建光缆A, 自建光缆B], diverse_carriers: true}

  dr-centre:
    description: 容灾备份中心
    zones: [public]
    devices:
      - {name: "{prefix}-{code}-CR{n:02d}", role: core-router, platform: huawei_vrp8, count: 2, port_speed: 100G}
    uplinks: {count: 2, bandwidth: 10G, min_bandwidth: 10G, carriers: [电信, 联通], diverse_carriers: true}

  national-pop:
    description: 国家骨干网接入点（对端设备）
    zones: []
    devices:
      - {name: "{prefix}-{code}-PE{n:02d}", role: core-router, platform: huawei_vrp8, count: 2, port_speed: 100G}

  datacenter:
    description: 其他数据中心
    zones: [public]
    devices:
      - {name: "{prefix}-{code}-CR{n:02d}", role: core-router, platform: huawei_vrp8, count: 2, port_speed: 100G}
    uplinks: {count: 2, bandwidth: 10G, min_bandwidth: 1G, carriers: [电信, 联通], diverse_carriers: true}
"""

# What govnet leaves beside a model while it writes: never committed.
REGISTRY = """# Access units (接入单位) and their registration. Empty in a new model.
units: []
"""
