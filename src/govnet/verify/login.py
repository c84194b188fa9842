"""Login: every device takes SSH logins from the management networks (govnet.yaml management.plane.networks) and
only from them. The VTY lines name an ACL (VRP/USG 'acl N inbound', IOS XE 'access-class X in', Comware 'ssh
server acl N'), the config defines it, and its first rule that matches a management network permits all of it:
a rule dropped or narrowed there locks the NOC out of the device, an ACL left out opens it to every address."""

from __future__ import annotations

import ipaddress

from govnet.diagnostics import Diagnostic
from govnet.verify.context import VerifyContext
from govnet.verify.facts import Facts


def check(ctx: VerifyContext) -> list[Diagnostic]:
    networks = [ipaddress.IPv4Network(str(n)) for n in ctx.model.project.management.plane.networks
                if ipaddress.ip_network(str(n)).version == 4]
    if not networks:
        return []
    found = []
    for facts in ctx.facts.values():
        if facts.security_zones:
            found += _local(ctx, facts, networks)
        if not facts.vty_line:
            continue  # no login block rendered: nothing to judge
        if not facts.vty_acl:
            found.append(ctx.at("GN933", facts, facts.vty_line, f"{facts.device}'s VTY lines take logins from any "
                                "address: no ACL restricts them to the management networks",
                                "apply the management ACL to the VTY lines (acl … inbound, access-class … in)"))
            continue
        rules = facts.acls.get(facts.vty_acl)
        if rules is None:
            found.append(ctx.at("GN933", facts, facts.vty_line, f"{facts.device}'s VTY lines name ACL "
                                f"{facts.vty_acl}, which the config does not define: logins are not filtered",
                                "define the management ACL the VTY lines name"))
            continue
        refused = [str(n) for n in networks if not _permits(rules, n)]
        if refused:
            found.append(ctx.at("GN933", facts, facts.vty_line, f"{facts.device}'s VTY ACL {facts.vty_acl} refuses "
                                f"logins from the management network(s) {', '.join(refused)}: the NOC is locked out",
                                "permit every management network in the ACL, before any deny"))
        found += _lines(ctx, facts)
    return found


def vty_count(facts: Facts) -> int:
    """How many VTY lines the device has, all of which take logins: VRP and USG 5 unless 'user-interface
    maximum-vty' says otherwise (AR1200/AR2200 and NetEngine 8000 configuration guides, "Configuring the Maximum
    Number of VTY User Interfaces": by default 5; USG administrator guide alike), Comware 7 64 (public MSR running
    configurations show 'line vty 0 63' by default), IOS XE 16 (lines 0-15: templates/cisco_iosxe/router.j2)."""
    if facts.ios:
        return 16
    if any(block.huawei for block in facts.vtys):
        return facts.max_vty or 5
    return 64


def _lines(ctx: VerifyContext, facts: Facts) -> list[Diagnostic]:
    """Every VTY line is restricted, not only the first block's: a line left out, or a block without the ACL, takes
    logins the others refuse (IOS XE 'line vty 5 15' beside a hardened 'line vty 0 4'). How each block
    authenticates and over what: govnet.verify.vtyauth (GN938)."""
    covered = {n for block in facts.vtys for n in range(block.first, block.last + 1)}
    missing = [n for n in range(vty_count(facts)) if n not in covered]
    found = []
    if missing:
        found.append(ctx.at("GN933", facts, facts.vty_line, f"{facts.device}'s VTY lines {spans(missing)} are not "
                            "configured: they take logins with the device's defaults (any address, telnet)",
                            "configure every VTY line like the others: management ACL, SSH only, AAA"))
    comware = not facts.ios and not any(block.huawei for block in facts.vtys)  # its ACL is 'ssh server acl'
    for block in facts.vtys:
        lines = spans(block.numbers)
        if not block.acl and not comware:
            found.append(ctx.at("GN933", facts, block.line, f"{facts.device}'s VTY lines {lines} take logins from "
                                "any address: only other VTY lines name the management ACL",
                                "apply the management ACL to every VTY block"))
    return found


def spans(numbers: list[int]) -> str:
    """Line numbers as ranges.

    >>> spans([5, 6, 7, 9]), spans([0])
    ('5-7, 9', '0')
    """
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def _permits(rules: list[tuple[str, ipaddress.IPv4Network | None, int]], network: ipaddress.IPv4Network) -> bool:
    """The first rule that matches any address of the network permits every address of it (no match: denied)."""
    for action, source, _ in rules:
        if source is None or source.overlaps(network):
            return action == "permit" and (source is None or network.subnet_of(source))
    return False


def _local(ctx: VerifyContext, facts: Facts, networks: list[ipaddress.IPv4Network]) -> list[Diagnostic]:
    """A firewall (or access gateway) lets the management networks reach itself: its first rule toward the 'local'
    zone that matches them permits all of each, from the security zone of its management legs (the ports
    described '...-MGMT'). Without it the NOC reaches no firewall, whatever the VTY ACL says."""
    legs = {zone.lower() for zone, ports in facts.security_zones.items()
            if any(facts.interfaces[p].description.endswith("-MGMT") for p in ports if p in facts.interfaces)}
    refused = []
    for network in networks:
        rule = next((r for r in facts.rules if r.family == 4 and r.destination_zone.lower() == "local"
                     and (not legs or r.source_zone.lower() in legs)
                     and (not r.sources or any(s.overlaps(network) for s in r.sources))), None)
        if rule is None or rule.action != "permit" or \
                (rule.sources and not any(network.subnet_of(s) for s in rule.sources)):
            refused.append(str(network))
    if not refused:
        return []
    line = next((r.line for r in facts.rules), facts.vty_line or 1)
    return [ctx.at("GN933", facts, line, f"{facts.device}'s security policy lets no traffic from the management "
                   f"network(s) {', '.join(refused)} reach the firewall itself (zone local): the NOC is locked out",
                   "permit the management networks from the management legs' zone to local, before any deny")]
