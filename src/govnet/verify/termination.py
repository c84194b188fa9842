"""VRP's VLAN tag termination sub-interfaces ('dot1q termination vid N') resolve no address by ARP unless told:
'By default, the ARP broadcast function is disabled on VLAN tag termination sub-interfaces' and 'the
sub-interface directly discards the IP packets' toward an address it has no ARP entry for (NetEngine 8000 Command
Reference, arp broadcast enable). A leg toward a firewall or a unit's gateway without 'arp broadcast enable'
forwards nothing to the far end until that end happens to ARP first."""

from __future__ import annotations

from govnet.diagnostics import Diagnostic
from govnet.verify.context import VerifyContext


def check(ctx: VerifyContext) -> list[Diagnostic]:
    found = []
    for facts in ctx.facts.values():
        for port in facts.interfaces.values():
            if port.termination and not port.arp_broadcast and not port.shutdown and port.ipv4 is not None:
                found.append(ctx.at("GN934", facts, port.line, f"{facts.device} {port.name} terminates VLAN "
                                    f"{port.vlan} without 'arp broadcast enable': it sends no ARP request and drops "
                                    "the packets toward any address it has not learnt",
                                    "add 'arp broadcast enable' to the sub-interface"))
    return found
