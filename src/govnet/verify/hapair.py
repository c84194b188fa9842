"""GN929: a USG of an HRP pair whose ports toward the site's routers do not share one link group.

The routers reach the pair by BFD-tracked static routes, the active firewall preferred. When the active firewall
loses its leg to one router, 'hrp track interface' makes the peer active and that router's route falls back to the
peer, but the other router's leg and BFD session are still up: it keeps sending to the old firewall, now the
standby, and the two directions of a flow (and the NAT pools) are split between the pair. A link group over the
ports toward the routers takes the other leg down with the failed one, so every router falls back to the peer
together (USG admin guide, "Configuring Link-group Using the CLI"; templates/huawei_usg/firewall.j2).

The ports toward the routers are read from the config: the physical ports (parents of the sub-interfaces) whose
/31 addresses face a router. SecPath RBM pairs are not judged: no group of theirs is rendered yet (the
collaboration group's member syntax and what an RBM standby forwards are unconfirmed, templates/h3c_secpath).
"""

from __future__ import annotations

import ipaddress

from govnet.diagnostics import Diagnostic, some
from govnet.reference.platforms import ROUTING_ROLES
from govnet.verify.context import VerifyContext
from govnet.verify.facts import Facts


def _facing(ctx: VerifyContext, facts: Facts) -> dict[str, set[str]]:
    """The physical ports of a firewall toward routers: port -> the routers its sub-interfaces face."""
    found: dict[str, set[str]] = {}
    for name, port in facts.interfaces.items():
        parent, dot, _ = name.partition(".")
        if not dot or port.ipv4 is None or port.ipv4.network.prefixlen != 31:
            continue
        address = port.ipv4.ip
        far = address + 1 if int(address) % 2 == 0 else address - 1
        owner = ctx.owner_of(str(ipaddress.IPv4Address(far)))
        if owner is not None and ctx.role(owner[0].device) in ROUTING_ROLES:
            found.setdefault(parent, set()).add(owner[0].device)
    return found


def check(ctx: VerifyContext) -> list[Diagnostic]:
    found = []
    for facts in ctx.facts.values():
        if not (facts.hrp and facts.ha_peer):
            continue
        facing = _facing(ctx, facts)
        if len(facing) < 2 or len(set().union(*facing.values())) < 2:
            continue  # one router (or one port) only: a leg failure leaves no router on the old firewall
        groups = {facts.interfaces[p].link_group for p in facing if p in facts.interfaces}
        if len(groups) == 1 and None not in groups:
            continue
        ports = sorted(p for p in facing if p in facts.interfaces)
        line = min(facts.interfaces[p].line for p in ports)
        found.append(ctx.at("GN929", facts, line,
                            f"{facts.device} runs HRP but its ports toward the routers ({some(ports)}) are not in one "
                            "link group: when one of its legs fails, HRP makes the peer active while the other "
                            "router still sends to this firewall, so a flow's two directions part",
                            "put the ports toward the routers in one link group ('link-group 1' on each), as "
                            "govnet render does"))
    return found
