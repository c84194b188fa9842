"""Edge hardening of the router configs (issue 13, "Production essentials"): access edges import only the
zone's own prefixes and what it is entitled to; the cores' control-plane protection trusts the management
networks and the routing peers and drops management and routing protocols from anyone else."""

from __future__ import annotations

import ipaddress
import re
from functools import cache
from pathlib import Path

import pytest

from govnet.pipeline import validate
from govnet.render import render_configs

GOLDEN = Path(__file__).resolve().parent / "golden"
Net = ipaddress.IPv4Network

# per platform: the VPN instance's import policy line, and a prefix-list entry (network, length, ge/le tail)
IMPORT = {
    "huawei": (r"^  import route-policy (\S+)-IMPORT$",
               r"^ip ip-prefix {name} index \d+ permit (\S+) (\d+)(.*)$"),
    "comware": (r"^  import route-policy (\S+)-IMPORT$",
                r"^ip prefix-list {name} index \d+ permit (\S+) (\d+)(.*)$"),
    "cisco": (r"^  import map (\S+)-IMPORT$", r"^ip prefix-list {name} seq \d+ permit (\S+)/(\d+)(.*)$"),
}


def _family(platform: str) -> str:
    return "huawei" if platform.startswith("huawei_vrp") else "comware" if platform == "h3c_comware" else "cisco"


@cache
def _build(case: str) -> tuple[object, dict[str, tuple[str, str]]]:
    result = validate(GOLDEN / case / "model")
    assert result.ok and result.model is not None and result.addresses is not None
    configs = render_configs(result.model, result.addresses.outcome.decisions)
    return result.model, {n: (c.platform, c.text) for n, c in configs.items()}


@pytest.fixture(params=["huawei-h3c", "cisco-isis"])
def built(request: pytest.FixtureRequest) -> tuple[object, dict[str, tuple[str, str]]]:
    return _build(request.param)


def _accepts(entries: list[tuple[str, str, str]], prefix: str) -> bool:
    """Whether a prefix list (permit entries: network, length, 'ge/le' tail) lets ``prefix`` through."""
    p = Net(prefix)
    for network, length, tail in entries:
        outer = Net(f"{network}/{length}")
        if tail.strip():  # a range: anything inside, up to /32
            if p.subnet_of(outer) and p.prefixlen >= outer.prefixlen:
                return True
        elif p == outer:
            return True
    return False


def test_access_edges_import_only_the_zones_prefixes_and_what_they_are_entitled_to(
        built: tuple[object, dict[str, tuple[str, str]]]) -> None:
    model, configs = built
    edges = 0
    for name, (platform, text) in configs.items():
        if platform not in ("huawei_vrp8", "huawei_vrp", "h3c_comware", "cisco_iosxe"):
            continue
        attach, entry = IMPORT[_family(platform)]
        exports = set(re.findall(r"^  (?:export route-policy|export map) (\S+)-EXPORT$", text, re.M))
        imports = set(re.findall(attach, text, re.M))
        assert imports == exports, name  # every access edge, and only those, filters what it imports
        for tag in imports:
            edges += 1
            zone = next(z for z in model.zones if z.vrf.upper() == tag)  # type: ignore[attr-defined]
            entries = re.findall(entry.format(name=re.escape(tag + "-IMPORT")), text, re.M)
            pools = [p for p in zone.spec.addresses.ipv4.pool]
            for pool in pools:  # the zone's own pools and anything inside: unit subnets, site blocks
                net = Net(pool)
                assert _accepts(entries, pool) and _accepts(entries, str(next(net.subnets(new_prefix=28)))), name
            others = [p for z in model.zones if z is not zone and z.name not in zone.spec.import_from
                      and z.spec.addresses and z.spec.addresses.ipv4 for p in z.spec.addresses.ipv4.pool]
            for pool in others:  # another zone's prefix is refused unless it is routed to this zone's firewall
                exact = any(Net(f"{n}/{length}") == Net(pool) and not tail.strip() for n, length, tail in entries)
                assert exact or not _accepts(entries, str(next(Net(pool).subnets(new_prefix=28)))), (name, pool)
            assert not _accepts(entries, "198.18.0.0/24") and not _accepts(entries, "0.0.0.0/1"), name
            policy = text[text.index(f"{tag}-IMPORT permit"):]
            national = re.findall(r"as-path(?:-filter)? (\S+)$", policy.split("\n#")[0].split("\n!")[0], re.M)
            if zone.name == "public":  # handed off to the national backbone: its routes come by the AS path
                assert national, name
                assert re.search(r"^ip as-path.* permit _64512_$", text, re.M), name
            else:
                assert not national, name
    assert edges >= 2


def test_a_zone_with_an_internet_rule_imports_the_default_route_exactly(
        built: tuple[object, dict[str, tuple[str, str]]]) -> None:
    _, configs = built
    found = 0
    for name, (platform, text) in configs.items():
        if platform in ("huawei_usg", "h3c_secpath") or not re.search(r"PUBLIC-IMPORT", text):
            continue
        _, entry = IMPORT[_family(platform)]
        entries = re.findall(entry.format(name="PUBLIC-IMPORT"), text, re.M)
        assert ("0.0.0.0", "0", "") in entries, name  # policy public -> internet: the exit's default, only it
        found += 1
    assert found


TRUSTED_PROTOCOLS = ("tcp destination-port eq 179", "tcp destination-port eq 646", "udp destination-port eq 646",
                     "ospf", "udp destination-port eq 3784", "tcp destination-port eq 22",
                     "udp destination-port eq 161")


def test_huawei_cores_whitelist_trusted_sources_and_blacklist_the_rest(
        built: tuple[object, dict[str, tuple[str, str]]]) -> None:
    model, configs = built
    infra = model.infrastructure  # type: ignore[attr-defined]
    trusted = [*model.project.management.plane.networks, *infra.loopback.ipv4.pool,  # type: ignore[attr-defined]
               *infra.links.ipv4.pool]
    seen = 0
    for name, (platform, text) in configs.items():
        policy = re.search(r"^cpu-defend policy \S+\n((?: .*\n)*)", text, re.M)
        if not platform.startswith("huawei_vrp") or policy is None:
            continue
        seen += 1
        white = re.search(r"^ whitelist (?:\d+ )?acl (\d+)$", policy.group(1), re.M)
        black = re.search(r"^ blacklist (?:\d+ )?acl (\d+)$", policy.group(1), re.M)
        assert white and black, name
        acls = {n: b for n, b in re.findall(r"^acl number (\d+)\n((?: .*\n)*)", text, re.M)}
        sources = {str(ipaddress.ip_network(f"{a}/{w}", strict=False).with_prefixlen.replace("/", " "))
                   for a, w in re.findall(r"permit ip source (\S+) (\S+)$", acls[white.group(1)], re.M)}
        wild = {f"{Net(n).network_address} {Net(n).hostmask}" for n in trusted}
        assert {f"{a} {w}" for a, w in re.findall(r"permit ip source (\S+) (\S+)$", acls[white.group(1)], re.M)} \
            == wild, (name, sources)
        dropped = re.findall(r"^ rule \d+ permit (.*)$", acls[black.group(1)], re.M)
        assert set(TRUSTED_PROTOCOLS) <= set(dropped) and not any("source" in d for d in dropped), name
    assert seen


def test_comware_and_ios_xe_copp_drop_routing_protocols_from_untrusted_sources() -> None:
    seen = set()
    for model, configs in (_build("huawei-h3c"), _build("cisco-isis")):
        infra = model.infrastructure  # type: ignore[attr-defined]
        peers = [Net(n) for n in (*infra.loopback.ipv4.pool, *infra.links.ipv4.pool)]
        seen |= _copp_checked(configs, peers)
    assert seen == {"h3c_comware", "cisco_iosxe"}


def _copp_checked(configs: dict[str, tuple[str, str]], peers: list[Net]) -> set[str]:
    seen = set()
    for name, (platform, text) in configs.items():
        if platform == "h3c_comware" and "qos policy GOVNET-COPP" in text:
            seen.add(platform)
            policy = re.search(r"^qos policy GOVNET-COPP\n((?: .*\n)*)", text, re.M)
            assert policy is not None
            order = re.findall(r"classifier (\S+) behavior", policy.group(1))
            assert order.index("GOVNET-COPP-PEERS") < order.index("GOVNET-COPP-UNTRUSTED"), name
            acl = re.search(r"^acl advanced 3995\n((?: .*\n)*)", text, re.M)
            assert acl is not None and {f"{n.network_address} {n.hostmask}" for n in peers} == set(
                re.findall(r"permit ip source (\S+ \S+)$", acl.group(1), re.M)), name
            untrusted = re.search(r"^acl advanced 3997\n((?: .*\n)*)", text, re.M)
            assert untrusted is not None and "permit tcp destination-port eq 179" in untrusted.group(1), name
        if platform == "cisco_iosxe" and "policy-map GOVNET-COPP" in text:
            seen.add(platform)
            acl = re.search(r"^ip access-list extended GOVNET-COPP-UNTRUSTED\n((?: .*\n)*)", text, re.M)
            assert acl is not None
            lines = acl.group(1).splitlines()
            denies = [i for i, line in enumerate(lines) if line.startswith(" deny ip ")]
            permits = [i for i, line in enumerate(lines) if line.startswith(" permit ")]
            assert denies and permits and max(denies) < min(permits), name
            for n in peers:
                assert f" deny ip {n.network_address} {n.hostmask} any" in lines, name
            assert " permit tcp any any eq 179" in lines and " permit ospf any any" in lines, name
    return seen


def test_exit_firewalls_move_the_default_route_off_a_carrier_whose_gateway_stops_answering() -> None:
    """Each exit firewall probes every carrier's gateway (NQA) from an address of that carrier's NAT pool that NAT
    does not use, on a loopback, via that carrier's router; its default route toward that router is withdrawn
    while the probe fails, so traffic (and with it the egress-based NAT rule) moves to the other carrier."""
    from govnet.model.exits import handoffs

    seen = set()
    for case in ("huawei-h3c", "cisco-isis"):
        model, configs = _build(case)
        for name, (platform, text) in configs.items():
            device = model.devices[name]  # type: ignore[attr-defined]
            carriers = [h for h in handoffs(model, device.site) if h.router is not None]  # type: ignore[arg-type]
            if device.role != "firewall" or not carriers:  # access gateways (same platforms) do no NAT
                continue
            seen.add(platform)
            usg = platform == "huawei_usg"
            loopback = re.search(r"^interface (LoopBack\d+)\n description NQA-PROBE-SOURCES\n((?: .*\n)*)", text, re.M)
            assert loopback is not None, name
            sources = set(re.findall(r"^ ip address (\S+) 255.255.255.255", loopback.group(2), re.M))
            nat = [(ipaddress.ip_address(a), ipaddress.ip_address(b)) for a, b in re.findall(
                r"^ (?:section 0|address) (\S+) (\S+)$", text, re.M)]
            for h in carriers:
                gateway = h.spec.gateway
                if usg:
                    probe = re.search(rf"^nqa test-instance admin (\S+)\n test-type icmp\n destination-address ipv4 "
                                      rf"{re.escape(gateway)}\n source-address ipv4 (\S+)\n", text, re.M)
                else:
                    probe = re.search(rf"^nqa entry admin (\S+)\n type icmp-echo\n  destination ip {re.escape(gateway)}"
                                      rf"\n  source ip (\S+)\n", text, re.M)
                assert probe is not None, (name, h.carrier)
                test, source = probe.groups()
                assert source in sources, name
                pool = ipaddress.ip_network(_pool(case, h))
                src = ipaddress.ip_address(source)
                assert src in pool and not any(a <= src <= b for a, b in nat), (name, source)  # routed back, no NAT
                if usg:
                    track = f"track nqa admin {test}"
                else:
                    number = re.search(rf"^track (\d+) nqa entry admin {re.escape(test)} reaction 1$", text, re.M)
                    assert number is not None, name
                    track = f"track {number.group(1)}"
                defaults = re.findall(rf"^ip route-static 0\.0\.0\.0 0(?:\.0\.0\.0)? (\S+) {track} description "
                                      rf"TO-(\S+)$", text, re.M)
                assert defaults and {router for _, router in defaults} == {h.router.name}, (name, h.carrier)
                hop = defaults[0][0]
                # (the host route names the leg's port on Comware, which static-route BFD needs)
                assert re.search(rf"^ip route-static {re.escape(gateway)} (?:255\.255\.255\.255|32) (?:\S+ )?"
                                 rf"{re.escape(hop)} ", text, re.M), name
            untracked = re.findall(r"^ip route-static 0\.0\.0\.0 0(?:\.0\.0\.0)? \S+ description", text, re.M)
            assert not untracked, name  # every IPv4 default of an exit firewall follows its carrier
    assert seen == {"huawei_usg", "h3c_secpath"}


@cache
def _decisions(case: str) -> dict[str, str]:
    result = validate(GOLDEN / case / "model")
    assert result.addresses is not None
    return {k: str(v) for k, v in result.addresses.outcome.decisions.items()}


def _pool(case: str, handoff: object) -> str:
    h = handoff
    key = f"{h.zone.name} ipv4 nat {h.site}:{'_'.join(h.carrier.split())}"  # type: ignore[attr-defined]
    return _decisions(case)[key]


def test_ipv6_leaves_by_a_carrier_only_from_the_provinces_prefixes_the_policy_lets_out() -> None:
    """No NAT66: a carrier router lets out toward an IPv6 carrier only the IPv6 pools of the zones the policy lets
    reach the internet there (and its handoff subnet), applied outbound on the carrier port."""
    from govnet.model.exits import handoffs

    model, configs = _build("cisco-isis")
    checked = 0
    for h in (h for z in model.zones for e in z.spec.exits  # type: ignore[attr-defined]
              for h in handoffs(model, e.site)):  # type: ignore[arg-type]
        if h.spec.ipv6 is None or h.router is None:
            continue
        text = configs[h.router.name][1]
        acl = re.search(r"^ipv6 access-list (\S+)\n((?: .*\n)*)", text, re.M)
        assert acl is not None, h.router.name
        allowed = re.findall(r"^ permit ipv6 (\S+) any$", acl.group(2), re.M)
        level = model.site_by_key[h.site].level  # type: ignore[attr-defined]
        sources = {r.from_ for r in model.policy.rules  # type: ignore[attr-defined]
                   if r.to == h.zone.name and r.action == "permit" and level in r.at}
        pools = [p for z in model.zones if z.name in sources and z.spec.addresses  # type: ignore[attr-defined]
                 and z.spec.addresses.ipv6 for p in z.spec.addresses.ipv6.pool]
        handoff = str(ipaddress.ip_interface(h.spec.ipv6.address).network)
        assert pools and allowed == [*pools, handoff], h.router.name
        assert acl.group(2).splitlines()[-1] == " deny ipv6 any any"
        port = text.split(f"ipv6 address {h.spec.ipv6.address}\n", 1)[1].split("!", 1)[0]
        assert f" ipv6 traffic-filter {acl.group(1)} out\n" in port
        checked += 1
    assert checked
    others = [n for n, (platform, text) in configs.items() if "traffic-filter" in text
              and n not in {h.router.name for z in model.zones for e in z.spec.exits  # type: ignore[attr-defined]
                            for h in handoffs(model, e.site) if h.router is not None}]  # type: ignore[arg-type]
    assert not others


BGP_BFD = {"huawei_vrp8": " peer {peer} bfd enable", "huawei_vrp": " peer {peer} bfd enable",
           "h3c_comware": " peer {peer} bfd", "cisco_iosxe": " neighbor {peer} fall-over bfd multi-hop"}


def test_every_ibgp_session_runs_bfd_on_every_vendor() -> None:
    """'BFD for IGP and BGP': each iBGP session between loopbacks has BFD (IOS XE multi-hop, with a map from the
    peer's loopback to ours); Comware and IOS XE had none."""
    seen = set()
    for case in ("huawei-h3c", "cisco-isis"):
        _, configs = _build(case)
        for name, (platform, text) in configs.items():
            if platform not in BGP_BFD:
                continue
            peers = re.findall(r"^ (?:peer (\S+) as-number|neighbor (\S+) remote-as) ", text, re.M)
            ibgp = [a or b for a, b in peers if a or b]
            local = re.search(r"^ (?:bgp )?router-id (\S+)$", text, re.M)
            for peer in ibgp:
                if platform == "cisco_iosxe" and local is not None:
                    assert f"bfd map ipv4 {peer}/32 {local.group(1)}/32 GOVNET-IBGP" in text, (name, peer)
                assert BGP_BFD[platform].format(peer=peer) + "\n" in text, (name, peer)
            if ibgp:
                seen.add(platform)
    assert seen >= {"huawei_vrp8", "h3c_comware", "cisco_iosxe"}
