"""Issue 13's remaining router and edge gaps: the static routes between routers and firewalls follow BFD at both ends
(a hung firewall with its ports up loses its routes, and the floating backup toward the standby takes over), the
access edges filter their IPv6 family as they filter IPv4, and the exit firewalls' IPv6 defaults follow an ICMPv6
probe of their carrier like the IPv4 ones. Each test fails on the configs rendered before (no BFD, no IPv6 policy,
untracked IPv6 defaults)."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest

from conftest import copy_model
from govnet import verify
from govnet.ipam.prefix import Net
from govnet.model.exits import handoffs
from govnet.model.management import SIDE_ROLES
from govnet.model.types import Model
from govnet.pipeline import allocate, validate
from govnet.render import Config, render_configs
from govnet.verify.scan import Facts, scan
from test_verify import edited

GOLDEN = Path(__file__).resolve().parent / "golden"
HUAWEI = ("huawei_vrp8", "huawei_vrp", "huawei_usg")
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# Huawei 'bfd NAME bind peer-ip|peer-ipv6 P [vpn-instance V] interface I source-ip|source-ipv6 S [auto]'
_SESSION = re.compile(r"^bfd (\S+) bind peer-ipv?6? (\S+)(?: vpn-instance \S+)? interface (\S+) "
                      r"source-ipv?6? (\S+)( auto)?$")


@dataclass
class Session:
    peer: Address
    interface: str
    source: Address
    auto: bool
    local: int = 0
    remote: int = 0


@dataclass
class Device:
    name: str
    platform: str
    role: str
    text: str
    facts: Facts
    sessions: dict[str, Session] = field(default_factory=dict)  # Huawei sessions by name


def _sessions(text: str) -> dict[str, Session]:
    found: dict[str, Session] = {}
    current: Session | None = None
    for line in text.splitlines():
        match = _SESSION.match(line)
        if match:
            current = found[match[1]] = Session(ipaddress.ip_address(match[2]), match[3],
                                                ipaddress.ip_address(match[4]), bool(match[5]))
        elif current is not None and line.startswith(" discriminator "):
            setattr(current, line.split()[1], int(line.split()[2]))
        elif not line.startswith(" "):
            current = None
    return found


@cache
def _rendered(case: str) -> tuple[Model, dict[str, Config], dict[str, Device]]:
    result = validate(GOLDEN / case / "model")
    assert result.ok and result.model is not None and result.addresses is not None
    configs = render_configs(result.model, result.addresses.outcome.decisions)
    devices = {name: Device(name, c.platform, result.model.devices[name].role, c.text, scan(name, name, c.text),
                            _sessions(c.text)) for name, c in configs.items()}
    return result.model, configs, devices


def _owners(devices: dict[str, Device]) -> dict[Address, tuple[Device, str]]:
    """Every interface address of the firewalls, gateways and routers: its device and port."""
    found: dict[Address, tuple[Device, str]] = {}
    for device in devices.values():
        for port in device.facts.interfaces.values():
            for address in (port.ipv4, port.ipv6):
                if address is not None:
                    found[address.ip] = (device, port.name)
    return found


def _tied(device: Device, next_hop: Address, tie: str) -> Session | str | None:
    """What keeps a route toward ``next_hop`` honest: a Huawei session bound to it, Comware 'bfd control-packet',
    IOS XE an 'ip route static bfd' line for the route's port and next hop."""
    if device.platform in HUAWEI:
        session = device.sessions.get(tie)
        return session if session is not None and session.peer == next_hop else None
    if device.platform.startswith("h3c"):
        return "bfd" if tie == "bfd" else None
    return "bfd" if tie and tie in device.facts.static_bfd else None


def _far_end_runs_it(far: Device, near: Device, near_address: Address, near_port: str) -> bool:
    """Whether the far end of a leg runs the session toward ``near_address``: a Huawei session bound to it (its
    discriminators mirroring ours where both are Huawei and configured), or a route over the leg with BFD."""
    if far.platform in HUAWEI:
        found = [s for s in far.sessions.values() if s.peer == near_address]
        if len(found) != 1:
            return False
        theirs = found[0]
        if near.platform not in HUAWEI:
            return theirs.auto
        ours = [s for s in near.sessions.values() if s.source == near_address and s.interface == near_port]
        return len(ours) == 1 and (theirs.auto == ours[0].auto) and (
            theirs.auto or (theirs.local, theirs.remote) == (ours[0].remote, ours[0].local))
    routes = [*far.facts.routes, *far.facts.routes6]
    return any(ipaddress.ip_address(r.next_hop) == near_address and _tied(far, near_address, r.bfd) is not None
               for r in routes)


def _hop(text: str) -> Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:  # a discard route (NULL0)
        return None


def _near(router: Device, hop: Address) -> tuple[Address, str]:
    """The router's own address and port on the subnet of a next hop."""
    for port in router.facts.interfaces.values():
        for address in (port.ipv4, port.ipv6):
            if address is not None and address.version == hop.version and hop in address.network:
                return address.ip, port.name
    raise AssertionError(f"{router.name} has no port toward {hop}")


@pytest.mark.parametrize("case", ["huawei-h3c", "cisco-isis"])
def test_routes_toward_the_firewalls_follow_a_bfd_session_that_both_ends_run(case: str) -> None:
    """Every route of a router's VPN instance toward a firewall or access gateway is tied to a BFD session toward
    its next hop, and the firewall end runs the same session (Huawei: bound to our address, discriminators
    mirrored; Comware / IOS XE: a BFD route of its own over the leg)."""
    _, _, devices = _rendered(case)
    owners = _owners(devices)
    checked: dict[str, int] = {}
    for router in devices.values():
        if router.role in SIDE_ROLES:
            continue
        for route in [*router.facts.routes, *router.facts.routes6]:
            if not route.vrf:
                continue
            hop = _hop(route.next_hop)
            far = owners.get(hop) if hop is not None else None
            if hop is None or far is None or far[0].role not in SIDE_ROLES:
                continue
            assert _tied(router, hop, route.bfd) is not None, f"{router.name}:{route.line} has no BFD"
            near_address, near_port = _near(router, hop)
            assert _far_end_runs_it(far[0], router, near_address, near_port), \
                f"{far[0].name} runs no session toward {router.name} {near_address}"
            checked[router.platform] = checked.get(router.platform, 0) + 1
    expected = {"huawei-h3c": {"huawei_vrp8"}, "cisco-isis": {"huawei_vrp8", "cisco_iosxe", "h3c_comware"}}[case]
    assert expected <= set(checked), checked


@pytest.mark.parametrize("case", ["huawei-h3c", "cisco-isis"])
def test_the_floating_backup_toward_the_standby_takes_over_when_the_active_ends_session_drops(case: str) -> None:
    """Take down the session of each primary route: what the router still routes the prefix by is the floating
    backup toward the other firewall (not nothing, and not the dead one)."""
    _, _, devices = _rendered(case)
    owners = _owners(devices)
    failovers = 0
    for router in devices.values():
        if router.role in SIDE_ROLES:
            continue
        toward: dict[tuple[str, str], list[tuple[int, str, Address, str]]] = {}
        for route in router.facts.routes:  # IPv6 routes carry no preference in the read-back: IPv4 shows it
            hop = _hop(route.next_hop)
            if hop is None or not route.vrf or hop not in owners:
                continue
            far = owners[hop][0]
            if far.role in SIDE_ROLES:
                toward.setdefault((route.vrf, str(route.prefix)), []).append(
                    (route.preference, far.name, hop, route.bfd))
        for key, routes in toward.items():
            if len({r[0] for r in routes}) < 2:
                continue
            primary = min(routes)
            alive = [r for r in routes if r[2] != primary[2]]  # its next hop's session is down: its routes go
            assert primary[3] and alive and min(alive)[3], f"{router.name} {key}: no tracked route takes over"
            assert min(alive)[1] != primary[1]
            failovers += 1
    assert failovers > 0


@pytest.mark.parametrize(("case", "device", "edit"), [
    ("huawei-h3c", "JX-36-CR01", lambda t: re.sub(r" track bfd-session BFD\d+(?= description TO-JX-36-FW01)", "",
                                                  t, count=1)),
    ("cisco-isis", "JX-3601-CR01", lambda t: re.sub(r"(?m)^ip route static bfd \S+ 10\.1\.0\.79\n", "", t)),
    ("cisco-isis", "JX-3601-CR02", lambda t: t.replace(" bfd control-packet description TO-JX-3601-FW01",
                                                       " description TO-JX-3601-FW01", 1)),
])
def test_verify_finds_a_route_toward_a_firewall_that_no_bfd_session_tracks(case: str, device: str,
                                                                          edit: object) -> None:
    model, configs, _ = _rendered(case)
    assert not [d for d in verify.run(model, configs) if d.code == "GN927"]
    faulty = edited(configs, {device: edit})  # type: ignore[dict-item]
    found = [d for d in verify.run(model, faulty) if d.code == "GN927"]
    assert found and all(d.file.endswith(f"{device}.cfg") for d in found)
    lines = faulty[device].text.splitlines()
    assert all("TO-JX-36-FW01" in lines[d.line - 1] or "TO-JX-3601-FW01" in lines[d.line - 1] for d in found)


# per vendor: an IPv6 prefix-list entry (network, length, range tail)
_PREFIX6 = {
    "huawei": r"^ip ipv6-prefix {name} index \d+ permit (\S+) (\d+)(.*)$",
    "comware": r"^ipv6 prefix-list {name} index \d+ permit (\S+) (\d+)(.*)$",
    "cisco": r"^ipv6 prefix-list {name} seq \d+ permit (\S+)/(\d+)(.*)$",
}


def _vendor(platform: str) -> str:
    return "huawei" if platform.startswith("huawei") else "comware" if platform.startswith("h3c") else "cisco"


def _accepts6(text: str, vendor: str, name: str, prefix: str) -> bool:
    wanted = ipaddress.IPv6Network(prefix)
    for network, length, tail in re.findall(_PREFIX6[vendor].format(name=re.escape(name)), text, re.M):
        outer = ipaddress.IPv6Network(f"{network}/{length}")
        if (tail.strip() and wanted.subnet_of(outer)) or wanted == outer:
            return True
    return False


def test_access_edges_filter_their_ipv6_family_as_their_ipv4_one() -> None:
    """A dual-stack edge (units attach in the VPN, which carries IPv6) names an export and an import policy in
    its IPv6 family too; they let the zone's own IPv6 pools through (and subnets inside them) and refuse what lies
    inside another zone's IPv6 pool (a pool the policy routes through a firewall passes exactly, as in IPv4)."""
    model, _, devices = _rendered("cisco-isis")
    pools = {z.vrf: [p for p in z.spec.addresses.ipv6.pool] for z in model.zones
             if z.spec.addresses is not None and z.spec.addresses.ipv6 is not None}
    edges = 0
    for device in devices.values():
        vendor = _vendor(device.platform)
        family6 = r"(?:ipv6-family|address-family ipv6)\n(?:  .*\n)*?  (?:import route-policy|import map) (\S+)-IMPORT6"
        for block in re.findall(r"(?m)^(?:ip vpn-instance|vrf definition) (\S+)\n((?: .*\n)+)", device.text):
            vrf, body = block
            edge = re.search(r"(?m)^  (?:import route-policy|import map) \S+-IMPORT$", body)
            if not edge or not re.search(r"(?m)^ (?:ipv6-family|address-family ipv6)$", body):
                continue
            assert re.search(family6, body), f"{device.name} {vrf}: no IPv6 import policy"
            assert re.search(r"(?m)^  (?:export route-policy|export map) \S+-EXPORT6$", body)
            others = [p for v, ps in pools.items() if v != vrf for p in ps]
            for name in (f"{vrf.upper()}-IMPORT6", f"{vrf.upper()}-EXPORT6"):
                for pool in pools.get(vrf, []):
                    inner = str(next(ipaddress.IPv6Network(pool).subnets(new_prefix=64)))
                    assert _accepts6(device.text, vendor, name, pool) and _accepts6(device.text, vendor, name, inner)
                for other in others:  # a pool routed through a firewall passes exactly; nothing inside it does
                    inside = str(next(ipaddress.IPv6Network(other).subnets(new_prefix=64)))
                    assert not _accepts6(device.text, vendor, name, inside), f"{device.name} {name} lets {inside} in"
            edges += 1
    assert edges >= 2


def test_exit_firewalls_move_the_ipv6_default_off_a_carrier_whose_gateway_stops_answering() -> None:
    """An exit firewall's IPv6 default toward a carrier's router follows an ICMPv6 probe of that carrier's IPv6
    gateway, sourced on the probes' loopback from the province prefix that router lets out to its carrier (so the
    reply comes back through that carrier) and outside every allocated site block or unit subnet, and the probe is
    routed toward that router only."""
    model, _, devices = _rendered("cisco-isis")
    decisions = validate(GOLDEN / "cisco-isis" / "model").addresses
    assert decisions is not None
    allocated = [ipaddress.ip_network(str(n)) for n in _v6_units(decisions.outcome.decisions)]
    gateways = {str(h.spec.ipv6.gateway): h.router.name for h in handoffs(model, "3601")
                if h.spec.ipv6 is not None and h.router is not None}
    text = devices["JX-3601-FW01"].text
    defaults = re.findall(r"(?m)^ipv6 route-static :: 0 (\S+) track (\d+) description TO-(\S+)$", text)
    assert defaults, "no IPv6 default route follows a probe"
    loopback = re.search(r"(?ms)^interface LoopBack100\n(.*?)^#", text)
    assert loopback is not None
    for next_hop, track, router in defaults:
        entry = re.search(rf"(?m)^track {track} nqa entry admin (\S+) reaction 1$", text)
        assert entry is not None
        probe = re.search(rf"(?m)^nqa entry admin {re.escape(entry[1])}\n type icmp-echo\n  destination ipv6 (\S+)\n"
                          r"  source ipv6 (\S+)\n", text)
        assert probe is not None
        gateway, source = probe[1], ipaddress.ip_address(probe[2])
        assert gateways.get(gateway) == router, f"{gateway} is not the IPv6 gateway of {router}'s carrier"
        assert f" ipv6 address {source}/128" in loopback[1]
        assert re.search(rf"(?m)^ipv6 route-static {re.escape(gateway)} 128 \S+ {re.escape(next_hop)} ", text)
        lets_out = [ipaddress.ip_network(n) for n in re.findall(r"(?m)^ permit ipv6 (\S+) any$", devices[router].text)]
        prefix = next((n for n in lets_out if source in n), None)
        assert prefix is not None, f"{source} is not let out by {router}"
        assert not any(source in n for n in allocated if n.prefixlen > prefix.prefixlen), f"{source} is allocated"


def _v6_units(decisions: Mapping[str, Net]) -> list[str]:
    """Every IPv6 decision of the lock (site blocks, unit subnets, links, loopbacks)."""
    return [f"{ipaddress.IPv6Address(n.start)}/{n.length}" for n in decisions.values() if n.family == 6]


def test_usg_exit_firewalls_probe_each_ipv6_carrier_from_one_routed_back_source(tmp_path: Path) -> None:
    """The province exit on USG firewalls with both carriers handing IPv6 off: each IPv6 default follows the
    ICMPv6 test of its carrier's gateway ('test-type icmp', 'destination-address ipv6'), sourced from one address on
    LoopBack100 (both carriers route the same province prefix back), which the firewall may send (a rule from local
    naming the ICMPv6 service object), and the probe's host route toward that carrier's router follows the leg's
    BFD session."""
    root = copy_model(GOLDEN / "cisco-isis" / "model", tmp_path / "model")
    zones = root / "zones" / "zones.yaml"
    text = zones.read_text(encoding="utf-8")
    for gateway, n in (("198.51.100.129", 0), ("198.51.100.133", 1)):  # 电信, 联通
        old = f"gateway: {gateway}}}"
        assert old in text
        text = text.replace(old, f'gateway: {gateway}, ipv6: {{address: "2001:db8:f20{n}::2/126", '
                                 f'gateway: "2001:db8:f20{n}::1"}}}}', 1)
    zones.write_text(text, encoding="utf-8")
    result, allocation = allocate(root)
    assert result.ok and result.model is not None and allocation is not None, [d.as_text() for d in result.diagnostics]
    configs = render_configs(result.model, allocation.plan, names=["JX-36-FW01", "JX-36-FW02"])
    sources = set()
    for name, config in configs.items():
        text = config.text
        loopback = re.search(r"(?ms)^interface LoopBack100\n(.*?)^#", text)
        assert loopback is not None
        addresses = re.findall(r"(?m)^ ipv6 address (\S+)/128$", loopback[1])
        assert len(addresses) == 1, name  # one source, not one per carrier
        sources.add(addresses[0])
        sessions = _sessions(text)
        for carrier, n in (("CT", 0), ("CU", 1)):
            test = f"ISP-{carrier}-V6"
            assert re.search(rf"(?m)^nqa test-instance admin {test}\n test-type icmp\n destination-address ipv6 "
                             rf"2001:db8:f20{n}::1\n source-address ipv6 {re.escape(addresses[0])}\n", text), name
            default = re.search(rf"(?m)^ipv6 route-static :: 0 (\S+) track nqa admin {test} description TO-\S+$", text)
            assert default is not None, name
            host = re.search(rf"(?m)^ipv6 route-static 2001:db8:f20{n}::1 128 {re.escape(default[1])} "
                             rf"track bfd-session (\S+) description PROBE-{test}$", text)
            assert host is not None and sessions[host[1]].peer == ipaddress.ip_address(default[1]), name
            assert re.search(rf"(?m)^ rule name govnet-nqa-{test}\n(?:  .*\n)*?  source-zone local\n(?:  .*\n)*?"
                             rf"  destination-address 2001:db8:f20{n}::1 128\n  service govnet-icmpv6\n", text), name
        # the rule names a service object; the object is ICMPv6 (the USG CLI reference's service-set form)
        assert re.search(r"(?m)^ip service-set govnet-icmpv6 type object\n service 0 protocol icmpv6\n#$", text), name
    assert len(sources) == 2  # the two firewalls: the top two addresses, one each
