"""Read rendered configs back with an independent parser (ttp, govnet/parsers/<parser>.ttp from the platform
table) into vendor-neutral facts, so tests can hold every config against the model."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PARSERS = Path(__file__).resolve().parent.parent / "parsers"


@dataclass
class Facts:
    hostname: str | None = None
    # name -> description/vlan/vrf/ipv4/ipv6, and igp6: the OSPFv3 area or 'isis' where the IPv6 underlay runs
    interfaces: dict[str, dict[str, str]] = field(default_factory=dict)
    vrfs: dict[str, tuple[str, frozenset[str], frozenset[str]]] = field(default_factory=dict)  # rd, export, import
    vrfs6: dict[str, tuple[str, frozenset[str], frozenset[str]]] = field(default_factory=dict)  # IPv6 family
    ospfv3: tuple[str, ...] | None = None  # OSPFv3 process: its areas (None: no process)
    isis_topology6: str | None = None  # IS-IS IPv6 topology mode ('ipv6': multi-topology)
    asn: str | None = None
    peers: dict[str, str] = field(default_factory=dict)  # address -> remote AS
    vpnv4: set[str] = field(default_factory=set)  # peers enabled for VPNv4
    clients: set[str] = field(default_factory=set)  # route-reflector clients
    vpnv6: set[str] = field(default_factory=set)  # peers enabled for VPNv6
    clients6: set[str] = field(default_factory=set)  # VPNv6 route-reflector clients
    bgp_vrfs6: set[str] = field(default_factory=set)  # VPN instances with the BGP IPv6 unicast family
    zones: dict[str, set[str]] = field(default_factory=dict)  # security zone -> interfaces
    rules: list[tuple[str, str, str, tuple[str, ...], tuple[str, ...], tuple[str, ...], str]] = field(
        default_factory=list)  # name, from, to, sources, destinations, services, action
    nat_pools: dict[str, tuple[str, str]] = field(default_factory=dict)
    nat_rules: list[tuple[str, str, str, str]] = field(default_factory=list)  # name, from, to, pool
    nat_interfaces: dict[str, str] = field(default_factory=dict)  # interface -> address group number
    nat_egress: dict[str, list[str]] = field(default_factory=dict)  # USG NAT rule -> its egress interfaces
    routes: set[tuple[str, str, str]] = field(default_factory=set)  # VPN instance ('' = global), prefix, next hop
    backup_routes: set[tuple[str, str, str]] = field(default_factory=set)  # ... those with a worse preference


def parse_configs(parser: str, texts: Iterable[str]) -> list[Facts]:
    """Facts of each config, in order, with one ttp parser (the template is compiled once)."""
    from ttp import ttp

    items = list(texts)
    if not items:
        return []
    engine = ttp(template=(PARSERS / f"{parser}.ttp").read_text(encoding="utf-8"))
    for text in items:
        engine.add_input(text)
    engine.parse(one=True)
    results = engine.result()[0]
    return [_facts(r) for r in results]


def _list(value: Any) -> list[dict[str, Any]]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _one(value: Any) -> dict[str, Any]:
    found = _list(value)
    return found[0] if found else {}


def _prefix(address: str, mask: str) -> str:
    """``10.1.0.1 255.255.255.254`` or ``10.3.0.0 16`` → ``10.1.0.1/31``."""
    length = int(mask) if mask.isdigit() else ipaddress.IPv4Network(f"0.0.0.0/{mask}").prefixlen
    return f"{address}/{length}"


def _service(text: str) -> str:
    """Huawei ``protocol tcp destination-port 443 [to 445]``, Comware ``tcp destination eq 443`` or
    ``udp destination range 1 2`` → ``tcp/443``, ``udp/1-2``."""
    words = text.replace("protocol ", "").split()
    if len(words) == 1:
        return words[0]
    numbers = [w for w in words[1:] if w.isdigit()]
    return f"{words[0]}/{'-'.join(numbers) if len(numbers) > 1 else numbers[0]}"


def _pairs(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    words = text.split()
    return tuple(_prefix(words[i], words[i + 1]) for i in range(0, len(words) - 1, 2))


def _targets(raw: dict[str, Any], rd: str) -> tuple[str, frozenset[str], frozenset[str]]:
    return (rd, frozenset(str(raw.get("rt_export", "")).split()), frozenset(str(raw.get("rt_import", "")).split()))


def _family(afi: str) -> int:
    """``ipv4``, ``ipv6-family`` → 4, 6."""
    return 6 if afi.startswith("ipv6") else 4


def _vrf(facts: Facts, item: dict[str, Any]) -> None:
    """One VPN instance: RD and targets per address family (the RD sits in the family on VRP, above on others)."""
    facts.vrfs[item["name"]] = _targets({}, str(item.get("rd", "")))
    for family in _list(item.get("families")):
        table = facts.vrfs6 if _family(str(family.get("afi", ""))) == 6 else facts.vrfs
        table[item["name"]] = _targets(family, str(family.get("rd", item.get("rd", ""))))


def _igp6(item: dict[str, Any]) -> str | None:
    if "ospfv3_area" in item:
        return str(item["ospfv3_area"])
    return "isis" if "isis6" in item else None


def _facts(raw: Any) -> Facts:
    data = _one(raw) if not isinstance(raw, dict) else raw
    facts = Facts(hostname=_one(data.get("system")).get("hostname"))
    for item in _list(data.get("interfaces")):
        entry: dict[str, str] = {k: str(item[k]) for k in ("description", "vlan", "vrf") if k in item}
        if "ipv4" in item:
            entry["ipv4"] = _prefix(item["ipv4"], item["mask"])
        if "ipv6" in item:
            entry["ipv6"] = item["ipv6"]
        igp6 = _igp6(item)
        if igp6 is not None:
            entry["igp6"] = igp6
        if "nat_group" in item:
            facts.nat_interfaces[item["name"]] = str(item["nat_group"])
        facts.interfaces[item["name"]] = entry
    for item in _list(data.get("vrfs")):
        _vrf(facts, item)
    ospfv3 = _one(data.get("ospfv3"))
    if ospfv3:
        facts.ospfv3 = tuple(str(ospfv3.get("areas", "")).split())
    topology = _one(data.get("isis")).get("topology6")
    facts.isis_topology6 = str(topology) if topology else None
    bgp = _one(data.get("bgp"))
    if bgp:
        facts.asn = str(bgp.get("asn"))
        facts.peers = {p["address"]: str(p.get("remote_as")) for p in _list(bgp.get("peers"))}
        families = {str(f.get("family")): f for f in _list(bgp.get("vpn"))}
        facts.vpnv4 = {p["address"] for p in _list(families.get("vpnv4", {}).get("peers"))}
        facts.clients = {p["address"] for p in _list(families.get("vpnv4", {}).get("clients"))}
        facts.vpnv6 = {p["address"] for p in _list(families.get("vpnv6", {}).get("peers"))}
        facts.clients6 = {p["address"] for p in _list(families.get("vpnv6", {}).get("clients"))}
        for vrf in _list(bgp.get("vrfs")):  # one entry per family (VRP, IOS XE) or families nested (Comware)
            afis = [str(vrf.get("afi", ""))] + [str(f.get("afi", "")) for f in _list(vrf.get("families"))]
            if any(_family(a) == 6 for a in afis if a):
                facts.bgp_vrfs6.add(vrf["name"])
    for item in _list(data.get("zones")):
        facts.zones[item["name"]] = set(str(item.get("interfaces", "")).split())
    for item in _list(_one(data.get("security_policy")).get("rules")):
        action = {"pass": "permit", "drop": "deny"}.get(item.get("action", ""), item.get("action", ""))
        services = tuple(_service(s) for s in str(item.get("services", "")).split(",") if s)
        facts.rules.append((item["name"], item.get("source_zone", ""), item.get("destination_zone", ""),
                            _pairs(item.get("sources")), _pairs(item.get("destinations")), services, action))
    for item in _list(data.get("nat_pools")):
        facts.nat_pools[item["name"]] = (item["first"], item["last"])
    for item in _list(data.get("routes")):
        network = str(item["network"])
        prefix = network if "/" in network else _prefix(network, str(item["mask"]))
        facts.routes.add((item.get("vrf", ""), prefix, item["next_hop"]))
        if "preference" in item:  # a floating static (active/standby firewalls)
            facts.backup_routes.add((item.get("vrf", ""), prefix, item["next_hop"]))
    for item in _list(_one(data.get("nat_policy")).get("rules")):
        facts.nat_rules.append((item["name"], item["source_zone"], item["destination_zone"], item["pool"]))
        if "egress" in item:
            facts.nat_egress[item["name"]] = str(item["egress"]).split()
    return facts
