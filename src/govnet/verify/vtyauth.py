"""GN938: the VTY lines authenticate logins through AAA (RADIUS, then the local users) and take them over SSH alone:
VRP/USG 'authentication-mode aaa' and 'protocol inbound ssh', Comware 'authentication-mode scheme' and 'protocol
inbound ssh', IOS XE 'login authentication L' (L an 'aaa authentication login' list, under 'aaa new-model') and
'transport input ssh'.

A missing line is judged by the platform's default only where a reference states one that would do, and none was
found that does: "Password authentication is the default authentication mode for newly added user interfaces"
(Huawei AR1200 Series configuration guide, VTY user interfaces: not AAA); "by default, Cisco routers will allow VTY
access via other protocols besides Telnet" (Cisco IOS Cookbook, Restricting VTY Access by Protocol: not SSH alone);
the VRP 8, USG and Comware defaults were not confirmed (searched: their login command references, whose excerpts
state none). govnet renders every one of these lines, so a missing one is a finding everywhere.
"""

from __future__ import annotations

from govnet.diagnostics import Diagnostic
from govnet.verify.context import VerifyContext
from govnet.verify.facts import Facts, Vty
from govnet.verify.login import spans

_AUTH_HINT = ("authenticate the VTY lines through AAA: 'authentication-mode aaa' (Comware 'authentication-mode "
              "scheme', IOS XE 'login authentication default' under 'aaa new-model')")
_SSH_HINT = "take logins over SSH alone: 'protocol inbound ssh' (IOS XE 'transport input ssh')"


def check(ctx: VerifyContext) -> list[Diagnostic]:
    found = []
    for facts in ctx.facts.values():
        for block in facts.vtys:  # every block: a sound 'line vty 0 4' does not vouch for 'line vty 5 15'
            found += _authentication(ctx, facts, block) + _protocols(ctx, facts, block)
    return found


def _authentication(ctx: VerifyContext, facts: Facts, block: Vty) -> list[Diagnostic]:
    mode, lines = block.auth, spans(block.numbers)
    if not mode:
        return [ctx.at("GN938", facts, block.line, f"{facts.device}'s VTY lines {lines} name no authentication "
                       "mode: no default of the platform is known to be AAA, so logins may skip RADIUS", _AUTH_HINT)]
    if mode.startswith("list "):  # IOS XE
        name = mode[5:]
        if not facts.aaa or name not in facts.login_lists:
            return [ctx.at("GN938", facts, block.line, f"{facts.device}'s VTY lines {lines} log in through AAA list "
                           f"{name}, which the config does not define (with 'aaa new-model'): logins skip RADIUS",
                           _AUTH_HINT)]
        return []
    if mode not in ("aaa", "scheme"):
        return [ctx.at("GN938", facts, block.line, f"{facts.device}'s VTY lines {lines} authenticate by '{mode}', "
                       "not AAA: logins skip RADIUS and the local users", _AUTH_HINT)]
    return []


def _protocols(ctx: VerifyContext, facts: Facts, block: Vty) -> list[Diagnostic]:
    protocols, lines = block.protocols, spans(block.numbers)
    if not protocols:
        return [ctx.at("GN938", facts, block.line, f"{facts.device}'s VTY lines {lines} name no inbound protocol: no "
                       "default of the platform is known to be SSH alone, so telnet may reach them", _SSH_HINT)]
    if protocols == "none":
        return [ctx.at("GN938", facts, block.line, f"{facts.device}'s VTY lines {lines} take logins over no "
                       "protocol: the NOC is locked out", _SSH_HINT)]
    if protocols != "ssh" and facts.ios:  # IOS XE has no telnet server switch: the lines decide
        return [ctx.at("GN938", facts, block.line, f"{facts.device}'s VTY lines {lines} take logins over "
                       f"'{protocols}', not SSH alone: telnet reaches them in clear text", _SSH_HINT)]
    if protocols != "ssh":
        return [ctx.at("GN938", facts, block.line, f"{facts.device}'s VTY lines {lines} take logins over "
                       f"'{protocols}', not SSH alone: clear-text telnet logins are kept out only while the telnet "
                       "server stays off", _SSH_HINT)]
    return []
