"""GN926: a route-policy of a VPN instance matches on something verify cannot evaluate (an ACL, an interface, a
prefix list or filter the config never defines, a regular expression it cannot read). Verify judges such a node as
matching nothing rather than letting every route through, and says so here: what the instance learns may differ on
the device."""

from __future__ import annotations

from govnet.diagnostics import Diagnostic
from govnet.verify import learned, policies
from govnet.verify.context import VerifyContext


def check(ctx: VerifyContext) -> list[Diagnostic]:
    found = []
    for facts in ctx.facts.values():
        named: dict[str, str] = {}  # policy -> the first VPN instance (and direction) that applies it
        for name, vrf in facts.vrfs.items():
            for family in learned.FAMILIES:
                view = learned.view(vrf, family)
                if view is None:
                    continue
                for direction, policy in (("export", view.export_policy), ("import", view.import_policy)):
                    if policy:
                        named.setdefault(policy, f"{direction} policy of {name}")
        for policy, use in sorted(named.items()):
            if policy not in facts.route_policies:
                line = next((v.line for v in facts.vrfs.values() if v.name in use.split()), 1)
                found.append(ctx.at("GN926", facts, line, f"route-policy {policy} on {facts.device} ({use}) is not "
                                    "defined in the config: verify lets every route through it", "define the "
                                    "route-policy, or remove its use"))
                continue
            for line, why, what in policies.unevaluable(facts, policy):
                if why == "match":
                    message = (f"route-policy {policy} on {facts.device} ({use}) matches '{what}', which verify "
                               "cannot evaluate: it judges the node as matching no route")
                elif why == "undefined":
                    message = (f"route-policy {policy} on {facts.device} ({use}) matches {what}, which the config "
                               "does not define: verify judges the node as matching no route")
                else:
                    message = (f"route-policy {policy} on {facts.device} ({use}) matches {what}, whose regular "
                               "expression verify cannot read: it judges the node as matching no route")
                found.append(ctx.at("GN926", facts, line, message, "match on prefix lists, AS-path or community "
                                    "filters, or tags that the config defines"))
    return found
