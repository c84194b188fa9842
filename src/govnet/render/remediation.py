"""The order of a remediation: an object the new config no longer has is deleted after everything that refers to
it, on the device and in the remediation, is gone.

hier_config negates the running config's top-level blocks in the order they appear there, and definitions come
first in a config (a VPN instance above the interfaces bound to it and the BGP family that announces it, a prefix
list above the route policy that matches it). Pasted top to bottom, its remediation deletes the definition while
references remain, which each device refuses or answers by deleting more than was asked:
- VRP 8 deletes with the VPN instance "the VPN instance-related configurations in the BGP view" (NE40E V800R012C10
  Command Reference, undo ip vpn-instance, Precautions), so the remediation's own 'undo ipv4-family vpn-instance X'
  and 'undo ip route-static vpn-instance X ...' then name an instance that no longer exists and are refused; "The IP
  prefix lists in use cannot be deleted" (ip ip-prefix); "Before deleting an ACL, ensure that the ACL is not
  referenced by services" (acl number); an interface taken out of its VPN instance loses its IP address and
  routing configuration (ip binding vpn-instance, Configuration Impact). (Public copy: WheaterW/INTA-project,
  nassim-main/corpus/hw/hw_NE40E_V800R012C10/cmd_corpus/dc_VPN_Commands/dc_BGP_MPLS_IP_VPN_Configuration_Commands/
  deletevrf(L3VPNOM).json, ipBindVpn(IFMOM).json; dc_IP_Routing_Commands/dc_IP_Routing_Policy_Configuration_Commands/
  prefix-filter(RTPOM).json; dc_IP_Services_Commands/dc_ACL_Configuration_Commands/acl4-number(ACLOM).json.)
- IOS XE removes the addresses of every interface still in a VRF that is deleted ("% IPv4 addresses from all
  interfaces in VRF X have been removed", the message 'no ip vrf X' prints: public Cisco DevNet lab transcripts,
  code corpus); its interfaces are then deleted or re-addressed by the lines that follow, in a VRF already gone.
- VRP 5 and Comware 7: no public command reference here says what their 'undo ip vpn-instance' does with references
  left; the order that needs no answer (references first) is the one written for them too.

So each deletion of a whole object (VPN instance, route policy or route map, prefix list, ACL, NQA test, IP SLA,
track, BFD session or template, NAT address group, key chain, QoS class and policy, firewall security zone,
sub-interface or logical interface) moves after the last block that names it: the lines of every other block of
the remediation, and the old config's lines below each line a block negates (a VPN instance's 'import route-policy
P' names P although its deletion is one line; a NAT rule deleted from 'nat-policy' names its address group). An
object the new config has in another form (a BFD session bound to another peer) is deleted after the blocks above
its creation that name it, and before it is created again; and before any block that gives another object a value
only one may hold (the priority of a USG security zone, a route distinguisher, a local BFD discriminator, an
address). A physical port's reset comes after the deletion of its sub-interfaces and before their creation. Nothing
else moves.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple

from govnet.i18n import N_, _

# The deletable objects: the pattern of a top-level line that defines one, its name in group 1 (after 'undo '/'no ').
_OBJECT = re.compile(
    r"^(?:ip vpn-instance|vrf definition|route-policy|route-map|ip ip-prefix|ip ipv6-prefix|ip prefix-list|"
    r"ipv6 prefix-list|ip as-path-filter|ip community-filter|ip as-path access-list|ip community-list(?: standard| "
    r"expanded)?|acl(?: number| basic| advanced| ipv6(?: number| basic| advanced)?)?|ip access-list (?:standard|"
    r"extended)|ipv6 access-list|nqa test-instance \S+|nqa entry \S+|ip sla|track|bfd(?= \S+ bind )|interface|"
    r"nat address-group|ip nat pool|key chain|class-map(?: match-any| match-all)?|policy-map|qos policy|"
    r"traffic (?:classifier|behavior|policy)|bfd-template (?:single-hop|multi-hop)|cpu-defend policy|"
    r"firewall zone(?: name)?|security-zone name)\s+(\S+)")


def definitions_last(groups: Sequence[list[str]], negation: str, old_text: str) -> list[list[str]]:
    """The remediation's top-level groups (a top-level command, its notes and its lines below), each deletion of
    a whole object after the groups that name it (before the object is created again, if the new config has it
    in another form); the others in their order.

    >>> old = "ip vpn-instance A\\n ipv4-family\\n  import route-policy P\\nroute-policy P permit node 10\\n"
    >>> groups = [["undo route-policy P permit node 10"], ["undo ip vpn-instance A"],
    ...           ["interface X.1", "  undo ip binding vpn-instance A"], ["bgp 1", "  undo ipv4-family vpn-instance A"]]
    >>> [g[0] for g in definitions_last(groups, "undo ", old)]
    ['interface X.1', 'bgp 1', 'undo ip vpn-instance A', 'undo route-policy P permit node 10']
    >>> groups = [["undo bfd B bind peer-ip 10.0.0.1"], ["undo ip route-static 0.0.0.0 0 X track bfd-session B"],
    ...           ["bfd B bind peer-ip 10.0.0.2", "  commit"], ["ip route-static 0.0.0.0 0 Y track bfd-session B"]]
    >>> old = "bfd B bind peer-ip 10.0.0.1\\nip route-static 0.0.0.0 0 X track bfd-session B\\n"
    >>> [g[0][:14] for g in definitions_last(groups, "undo ", old)]  # B is created again: deleted in between
    ['undo ip route-', 'undo bfd B bin', 'bfd B bind pee', 'ip route-stati']
    >>> old = "firewall zone name H\\n set priority 83\\n"  # zone I takes the priority H leaves
    >>> groups = [["undo firewall zone name H"], ["firewall zone name I", "  set priority 83"],
    ...           ["security-policy", "  undo rule name R"]]
    >>> [g[0] for g in definitions_last(groups, "undo ", old + "security-policy\\n rule name R\\n  source-zone H\\n")]
    ['security-policy', 'undo firewall zone name H', 'firewall zone name I']
    >>> groups = [["interface X1", "  default", "  shutdown"], ["undo interface X1.2"], ["interface X1.3"]]
    >>> [g[0] for g in definitions_last(groups, "undo ", "interface X1.2\\n")]  # the port reset between
    ['undo interface X1.2', 'interface X1', 'interface X1.3']
    """
    below = _below(old_text)
    deleted = [_deletion(group, negation) for group in groups]
    # The words each group names: those of its lines and of the old blocks its negations delete (a VPN instance's
    # 'import route-policy P', a NAT rule's address group), a deletion's own name left out (a prefix list may share
    # its route policy's name). A name is a word of a config line: 'X.201' is not named by 'X.2010', nor 'P' by 'P-IN'.
    entered = [_creation(group, negation) for group in groups]
    words = [_named(group, negation, below, (key or made or ("", ""))[1])
             for group, key, made in zip(groups, deleted, entered, strict=True)]
    created = {key: j for j, key in reversed(list(enumerate(entered))) if key}
    bodies = _bodies(old_text)
    after: list[set[int]] = [set() for _ in groups]  # the groups each group must follow
    existing = {key for line in bodies if (key := _key(line))}
    for c, key in enumerate(entered):  # an object the remediation creates comes before what names it (as before)
        if key and key not in existing:
            for j in range(len(groups)):
                if j != c and not _command(groups[j]).startswith(negation) and key[1] in words[j]:
                    after[j].add(c)
    for i, key in enumerate(deleted):
        if key is None:
            continue
        again = created.get(key, len(groups))
        after[i] = {j for j in range(again) if j != i and key[1] in words[j]}
        if again < len(groups):
            after[again].add(i)
    for i, key in enumerate(deleted):  # a value only one object may hold is given to another after the deletion
        held = {line for line in bodies.get(_command(groups[i])[len(negation):], "").splitlines() if _UNIQUE(line)}
        for j, group in enumerate(groups):
            if key and held and j != i and j not in after[i] and not deleted[j] and \
                    any(line.strip() in held for line in group[1:] if line.startswith("  ")):
                after[j].add(i)
    # A physical port's reset (its deletion, which no device takes: govnet.render.diff) follows the deletion of its
    # sub-interfaces and precedes their creation. What a reset does to sub-interfaces still on the port no reference
    # here says (one that removes them makes the sub-interface's own deletion a refused line); in this order there
    # are none.
    resets = {port: i for i, group in enumerate(groups) if (port := _reset(group))}
    for j, key in enumerate(gone or made for gone, made in zip(deleted, entered, strict=True)):
        r = resets.get(key[1].partition(".")[0]) if key and key[0] == "interface" and "." in key[1] else None
        if r is None or r == j:
            continue
        if deleted[j]:
            after[r].add(j)  # the sub-interface goes first
        else:
            after[j].add(r)  # the sub-interface is made on the port once it is reset
    return [groups[i] for i in _stable_order(after)]


def _reset(group: list[str]) -> str | None:
    """The port a group resets to its defaults (VRP/USG 'clear configuration interface P', IOS XE 'default interface
    P', Comware 'default' in the port's view), or None.

    >>> _reset(["!! DANGER (x):", "clear configuration interface GE0/0/1", "Y", "interface GE0/0/1", "  shutdown"])
    'GE0/0/1'
    >>> _reset(["interface GE0/0/1", "  default", "  shutdown"]), _reset(["interface GE0/0/1", "  description D"])
    ('GE0/0/1', None)
    """
    lines = [line for line in group if not line.startswith("!! ")]
    if not lines:
        return None
    for prefix in ("clear configuration interface ", "default interface "):
        if lines[0].startswith(prefix):
            return lines[0][len(prefix):].strip()
    if lines[0].startswith("interface ") and "  default" in lines[1:]:
        return lines[0][len("interface "):].strip()
    return None


# The lines whose value one object of a device holds at a time: a USG security zone's priority, a VPN instance's
# route distinguisher, a BFD session's local discriminator, an address.
_UNIQUE = re.compile(r"^(?:set priority|route-distinguisher|rd|discriminator local|ip address|ipv6 address) ").match


def _stable_order(after: list[set[int]]) -> list[int]:
    """Indices in their own order, except that each comes after those it must follow. A cycle (a port moved from
    VPN instance A to a new B that takes A's route distinguisher: the port names A, so A goes after it; B takes A's
    value, so B goes after A; the port names B, so it goes after B) is broken at its first member: A deleted first,
    as hier_config had it, and the port's 'undo ip binding vpn-instance A' refused.

    >>> _stable_order([{2}, set(), set(), {0}])
    [1, 2, 0, 3]
    """
    done: list[int] = []
    emitted: set[int] = set()
    left = list(range(len(after)))
    while left:
        at = next((n for n, i in enumerate(left) if after[i] <= emitted), 0)
        done.append(left.pop(at))
        emitted.add(done[-1])
    return done


def _command(group: list[str]) -> str:
    return next((line for line in group if not line.startswith("!! ")), "")


def _deletion(group: list[str], negation: str) -> tuple[str, str] | None:
    """(kind, name) of the object a group deletes whole: one top-level negation of an object's line."""
    lines = [line for line in group if not line.startswith("!! ")]
    if len(lines) != 1 or not lines[0].startswith(negation):
        return None
    return _key(lines[0][len(negation):])


def _creation(group: list[str], negation: str) -> tuple[str, str] | None:
    """(kind, name) of the object a group's top-level line creates (or enters), if it is not a negation."""
    command = _command(group)
    return None if command.startswith(negation) else _key(command)


def _key(line: str) -> tuple[str, str] | None:
    """(kind, name) of a top-level line that defines a deletable object.

    >>> _key("ip ip-prefix P index 10 permit 10.0.0.0 8"), _key("nqa test-instance admin T")
    (('ip ip-prefix', 'P'), ('nqa test-instance admin', 'T'))
    >>> _key("bfd B bind peer-ip X"), _key("bfd"), _key("interface X.1"), _key("sysname A")
    (('bfd', 'B'), None, ('interface', 'X.1'), None)
    """
    found = _OBJECT.match(line)
    if found is None:
        return None
    return line[:found.start(1)].strip(), found[1]


def _named(group: list[str], negation: str, below: dict[tuple[str, ...], set[str]], own: str = "") -> set[str]:
    """The words of a group's lines but ``own`` (the name of what it deletes), and of the old config's lines below
    each line it negates (hier_config indents a level by two spaces): a route policy deleted names the prefix list
    it matched, even one of its own name.

    >>> old = {("nat-policy", "rule name R"): {"source-nat", "G"}}
    >>> sorted(_named(["nat-policy", "  undo rule name R"], "undo ", old))
    ['G', 'R', 'name', 'nat-policy', 'rule', 'source-nat', 'undo']
    """
    found: set[str] = set()
    path: list[str] = []
    for line in group:
        if line.startswith("!! "):
            continue
        level = (len(line) - len(line.lstrip(" "))) // 2
        text = line.strip()
        del path[level:]
        found.update(word for word in text.split() if word != own)
        if text.startswith(negation):
            found |= below.get((*path, text[len(negation):]), set())
        path.append(text)
    return found


def _below(text: str) -> dict[tuple[str, ...], set[str]]:
    """The words of the lines below each line of a config (one space a level), by the line's path from the top.

    >>> found = _below("a\\n b 1\\n  c 2\\nd")
    >>> sorted(found[("a",)]), sorted(found[("a", "b 1")]), found[("d",)]
    (['1', '2', 'b', 'c'], ['2', 'c'], set())
    """
    found: dict[tuple[str, ...], set[str]] = {}
    path: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped[0] in "#!":
            continue
        depth = len(line) - len(line.lstrip(" "))
        del path[depth:]
        for n in range(1, len(path) + 1):
            found[tuple(path[:n])].update(stripped.split())
        path.append(stripped)
        found.setdefault(tuple(path), set())
    return found


def _bodies(text: str) -> dict[str, str]:
    """Each top-level line of a config with the lines indented below it."""
    found: dict[str, str] = {}
    top = ""
    for line in text.splitlines():
        if line[:1] not in ("", " ", "#", "!"):
            top = line.rstrip()
            found[top] = ""
        elif top and line.startswith(" "):
            found[top] += line.strip() + "\n"
    return found


# VRP 8's deletion of a route policy node, a prefix list entry and a BFD session takes the object's key alone:
# 'undo route-policy <route-policy-name> [ node <node> ]', 'undo ip ip-prefix <ip-prefix-name> [ index
# <index-number> ]' (and ip ipv6-prefix), 'undo bfd <sessname-value>' (NE40E V800R012C10 Command Reference; public
# copy: WheaterW/INTA-project, .../dc_IP_Routing_Policy_Configuration_Commands/route-policy(RTPOM).json,
# prefix-filter(RTPOM).json, prefix-filter6(RTPOM).json, .../dc_BFD_Configuration_Commands/undobfdsess(BFDOM).json).
# hier_config negates the whole line ('undo route-policy P permit node 10', 'undo ip ip-prefix P index 10 permit
# 10.0.0.0 8', 'undo bfd B bind peer-ip X ...'), forms the reference does not have.
_VRP8_FORMS = (
    (re.compile(r"^undo (route-policy \S+) (?:permit|deny) (node \d+)$"), r"undo \1 \2"),
    (re.compile(r"^undo (ip ip(?:v6)?-prefix \S+ index \d+) .+$"), r"undo \1"),
    (re.compile(r"^undo (bfd \S+) bind .+$"), r"undo \1"),
)


# The IGP views' settings that both references delete by their keyword alone, the value or the cipher text left
# out: VRP 8 'undo cost-style', 'undo is-level', 'undo area-authentication-mode', 'undo domain-authentication-mode',
# 'undo bandwidth-reference' (IS-IS view), 'undo bandwidth-reference' (OSPF view), 'undo isis circuit-type', 'undo
# ospf network-type' (interface view) (NE40E V800R012C10 Command Reference; public copy: WheaterW/INTA-project,
# .../dc_IP_Routing_Commands/dc_IS-IS_Configuration_Commands/cost-style(ISISCOMMOM).json, is-level(ISISCOMMOM),
# area-authentication-mode(ISISCOMMOM), domain-authentication-mode(ISISCOMMOM), bandwidth-reference(ISISCOMMOM),
# isis-circuit-type(ISISCOMMOM); .../dc_OSPF_Configuration_Commands/bandwidth-ospf(OSPFCOMMOM),
# ospf-networktype(OSPFCOMMOM)). Comware 7 the same ('undo cost-style', 'undo is-level', 'undo
# area-authentication-mode', 'undo domain-authentication-mode', 'undo bandwidth-reference' in the IS-IS view, 'undo
# isis circuit-type': IS-IS/IS-IS配置命令.md; 'undo bandwidth-reference' in the OSPF view, 'undo ospf network-type':
# OSPF/OSPF配置命令.md). hier_config negated the whole line ('undo cost-style wide', 'undo area-authentication-mode
# md5 cipher X'), which leaves the IGP half-changed when the device refuses it.
_IGP_VIEW_FORMS = (
    (r"^(\s+)undo (cost-style|is-level|bandwidth-reference) \S+$", r"\1undo \2"),
    (r"^(\s+)undo ((?:area|domain)-authentication-mode) .+$", r"\1undo \2"),
    (r"^(\s+)undo (isis circuit-type|ospf network-type) .+$", r"\1undo \2"),
)


# More of VRP 8's deletions take a key and no options (NE40E V800R012C10 Command Reference; public copy:
# WheaterW/INTA-project, nassim-main/corpus/hw/hw_NE40E_V800R012C10/cmd_corpus, the page named with each):
# 'undo ntp-service unicast-server { <ipv4Addr> | ipv6 <ipv6Addr> } [ vpn-instance <vpn-instance-name> ]'
# (unicast-peer-server(NTPOM)), 'undo ntp-service authentication-keyid <keyId>' (authentication-keyid(NTPOM)),
# 'undo snmp-agent target-host { trap | inform } address udp-domain <ip-address> [ source ... | udp-port ... |
# vpn-instance ... ] params securityname <security-name>' (SNMPTargetHost(SNMPOM)), 'undo snmp-agent group v3
# <group-name> { authentication | privacy | noauthentication }' (SNMPGroup(SNMPOM)), 'undo snmp-agent sys-info
# { contact | location }' (sysInfo(SYSOM)), 'undo snmp-agent acl' (configGlobalAcl(SNMPOM)), 'undo snmp-agent trap
# source' (SNMPASRInterface(SNMPOM)), 'undo info-center loghost source' (syslogsource(SYSLOGOM)), 'undo ssh user
# <user-name> { authentication-type | service-type }' (ssh-user-cmd-undo(SSHS)), 'undo sysname' (sysname(CLIOM)),
# 'undo mpls lsr-id' (ConfigMplsLsrId(MPLSOM)); in views: 'undo rule <rule-id> [ to <end-rule-id> ]' (basic and
# advanced ACL views, rule-ipv4-adv(ACLOM)), 'undo local-user <user-name> level' (AAA view, local-user-set_4(AAAOM)).
_VRP8_KEYED = tuple((re.compile(p), f) for p, f in (
    (r"^undo (ntp-service unicast-server (?:ipv6 )?\S+(?: vpn-instance \S+)?) .+$", r"undo \1"),
    (r"^undo (ntp-service authentication-keyid \d+) .+$", r"undo \1"),
    (r"^undo (snmp-agent target-host (?:trap|inform) address udp-domain .* params securityname \S+)"
     r"(?: v1| v2c| v3(?: authentication| privacy)?)+$", r"undo \1"),
    (r"^undo (snmp-agent group v3 \S+ (?:authentication|privacy|noauthentication)) .+$", r"undo \1"),
    (r"^undo (snmp-agent sys-info (?:contact|location)) .+$", r"undo \1"),
    (r"^undo (snmp-agent acl) .+$", r"undo \1"),
    (r"^undo (snmp-agent trap source) .+$", r"undo \1"),
    (r"^undo (info-center loghost source) .+$", r"undo \1"),
    (r"^undo (ssh user \S+ (?:authentication-type|service-type)) .+$", r"undo \1"),
    (r"^undo sysname .+$", "undo sysname"),
    (r"^undo mpls lsr-id .+$", "undo mpls lsr-id"),
    (r"^(\s+)undo (rule \d+) (?:permit|deny)\b.*$", r"\1undo \2"),
    (r"^(\s+)undo (local-user \S+ level) \d+$", r"\1undo \2"),
    # 'undo discriminator { local | remote }' (BFD session view, discriminator(BFDOM)); 'undo snmp-agent usm-user v3
    # <user-name> [ group | acl | authentication-mode | privacy-mode ]' (SNMPUSMUser(SNMPOM)); 'undo radius-server
    # { shared-key | shared-key-cipher }' (RADIUS server group view, .../dc_AAA_and_User_Management_Configuration_
    # Commands_(Administrative_User)/radius-server_shared-key.json): without the number, the group or the key.
    (r"^(\s+)undo (discriminator (?:local|remote)) \d+$", r"\1undo \2"),
    (r"^undo (snmp-agent usm-user v3 \S+ (?:group|acl|authentication-mode|privacy-mode)) .+$", r"undo \1"),
    (r"^(\s+)undo (radius-server shared-key(?:-cipher)?) .+$", r"\1undo \2"),
    # 'undo peer <ipv4-address> password' (BGP view and BGP-VPN instance view, .../dc_BGP_Configuration_Commands/
    # peer-password(BGPOM).json, vrf-peer-password(BGPOM).json): without 'cipher' and the key, which hier_config
    # repeated (a key rotation negated every peer's old key).
    (r"^(\s+)undo (peer \S+ password) (?:cipher|simple) \S+$", r"\1undo \2"),
    # 'undo authentication-mode' (OSPF area view, .../dc_OSPF_Configuration_Commands/ospf-area-auth(OSPFCOMMOM)):
    # no mode, key ID or cipher text.
    (r"^(\s+)undo authentication-mode (?:simple|md5|hmac-md5|hmac-sha256|keychain)\b.*$",
     r"\1undo authentication-mode"),
    # 'undo isis authentication-mode' (interface view, .../dc_IS-IS_Configuration_Commands/
    # isis-authentication-mode_P2P(ISISCOMMOM).json: "cancels the authentication and deletes the password"): the
    # keyless form of the ones it lists. hier_config repeated the old key ('undo isis authentication-mode md5 cipher
    # <old>'), which is the plain text govnet rendered, not the cipher text the device shows, and prints the secret
    # a rotation replaces.
    (r"^(\s+)undo isis authentication-mode (?:simple|md5|keychain|hmac-sha256)\b.*$",
     r"\1undo isis authentication-mode"),
    *_IGP_VIEW_FORMS,
))


Forms = tuple[tuple[re.Pattern[str], str], ...]  # (pattern of a deletion, the reference's form) in order
FollowUp = Callable[[list[str], str], list[str]]  # a step after the deletion forms: (remediation, new config) -> lines


def _rewritten(lines: list[str], forms: Forms, before: Callable[[str], str] = str,
               after: Callable[[str], str] = str) -> list[str]:
    """Each line through ``before``, each of ``forms`` in order, then ``after``: the one loop of every platform's
    rewrite of hier_config's deletions."""
    out = []
    for line in lines:
        line = before(line)
        for pattern, form in forms:
            line = pattern.sub(form, line)
        out.append(after(line))
    return out


def _by_address(pattern: re.Pattern[str]) -> Callable[[str], str]:
    """A deletion keyed by a server's address ('undo COMMAND ADDRESS OPTIONS', the pattern's three groups), rewritten
    to 'undo COMMAND ADDRESS', with the old line's VPN instance, wherever it stood among the options: the instance
    is part of the key."""
    def rewrite(line: str) -> str:
        found = pattern.match(line)
        if not found:
            return line
        vpn = re.search(r"(?:^| )(vpn-instance \S+)", found[3] or "")
        return f"undo {found[1]} {found[2]}" + (f" {vpn[1]}" if vpn else "")
    return rewrite


def vrp8_forms(lines: list[str]) -> list[str]:
    """VRP 8's deletions in their documented forms: route policy nodes, prefix list entries, BFD sessions, static
    routes (route_deletion) and _VRP8_KEYED.

    >>> vrp8_forms(["undo route-policy P permit node 10", "undo ip ip-prefix P index 10 permit 10.0.0.0 8"])
    ['undo route-policy P node 10', 'undo ip ip-prefix P index 10']
    >>> vrp8_forms(["undo bfd B bind peer-ip 10.0.0.1", "  undo peer 10.0.0.9", "route-policy Q deny node 5"])
    ['undo bfd B', '  undo peer 10.0.0.9', 'route-policy Q deny node 5']
    """
    return _rewritten(lines, (*_VRP8_FORMS, *_VRP8_KEYED), after=lambda line: route_deletion(line, False))


# An interface's VPN binding: VRP/Comware 'ip binding vpn-instance X', IOS XE 'vrf forwarding X' (negated or not).
_BINDING = re.compile(r"^(?:undo |no )?(?:ip binding vpn-instance|vrf forwarding) ")


def rebound(groups: Sequence[list[str]], new_text: str) -> list[list[str]]:
    """An interface whose VPN binding changes loses its addresses and routing configuration: VRP 8 "After an interface
    is associated with a VPN instance or an interface is disassociated from a VPN instance, the Layer 3 features on
    this interface, such as the IP address and routing protocol, are deleted" (NE40E V800R012C10 Command Reference,
    ip binding vpn-instance, Configuration Impact); IOS XE removes the interface's addresses when 'vrf forwarding'
    changes ("% Interface X IPv4 disabled and address(es) removed due to enabling VRF Y", public Cisco lab
    transcripts, code corpus). hier_config sends the binding alone when nothing else of the interface changed, so the
    port came back with no address. The new config's lines below the binding (its addresses, IGP, MPLS: the
    templates write the binding first) are stated again after it; an interface left in the global table gets its
    'ip address' / 'ipv6 address' lines again. Deletions of the old addresses below the change are dropped.

    >>> new = ["interface X.5", " vlan-type dot1q 5", " ip binding vpn-instance B", " ip address 10.0.0.1 30"]
    >>> rebound([["interface X.5", "  undo ip binding vpn-instance A", "  ip binding vpn-instance B"]], "\\n".join(new))
    [['interface X.5', '  undo ip binding vpn-instance A', '  ip binding vpn-instance B', '  ip address 10.0.0.1 30']]
    """
    blocks = _bodies(new_text)
    out = []
    for group in groups:
        command = _command(group)
        at = [i for i, line in enumerate(group) if line.startswith("  ") and _BINDING.match(line.strip())]
        if not command.startswith("interface ") or not at:
            out.append(list(group))
            continue
        body = blocks.get(command, "").splitlines()
        bound = next((i for i, line in enumerate(body) if _BINDING.match(line)), None)
        again = body[bound + 1:] if bound is not None else \
            [line for line in body if line.startswith(("ip address ", "ipv6 address ", "ipv6 enable"))]
        kept = [line for line in group if line.strip() not in again]
        first = next(i for i, line in enumerate(kept) if line.startswith("  ") and _BINDING.match(line.strip()))
        kept = _cleared(kept, first)
        last = max(i for i, line in enumerate(kept) if line.startswith("  ") and _BINDING.match(line.strip()))
        out.append(kept[:last + 1] + [f"  {line}" for line in again] + kept[last + 1:])
    return out


def _cleared(group: list[str], binding: int) -> list[str]:
    """The group without the deletions of addresses below its binding change, which took them away already (each
    would be refused: no such address), nor their notes.

    >>> _cleared(["interface X", "  undo ip binding vpn-instance A", "!! DANGER (x):", "  undo ip address 1.1.1.1 30",
    ...           "  ip binding vpn-instance B"], 1)
    ['interface X', '  undo ip binding vpn-instance A', '  ip binding vpn-instance B']
    """
    out: list[str] = []
    for i, line in enumerate(group):
        if i > binding and re.match(r"^ +(?:undo|no) ipv?6? ?address ", line):
            if out and out[-1].startswith("!! "):
                out.pop()
            continue
        out.append(line)
    return out


# A static route is deleted by its destination and next hop alone. VRP 8: 'undo ip route-static [ vpn-instance
# <vpn-source-name> ] <ip-address> { <mask> | <mask-length> } [ { <interface-name> | <interface-type>
# <interface-number> } [ <nexthop-address> ] | <nexthop-address> [ public ] | vpn-instance <vpn-destination-name>
# <nexthop-address> ]' (and undo ipv6 route-static): no preference, tag, bfd, track or description (NE40E
# V800R012C10 Command Reference; public copy: WheaterW/INTA-project, .../dc_IP_Routing_Commands/
# dc_Static_Route_Configuration_Commands/Ipv4AddRouteNhIsPub(STATICRTOM).json, Ipv4AddRouteNhIsPub_1,
# addroutenhinsamevpn, addroutenhindiffvpn, addipv6publicroute, addipv6vpnroute). Comware 7: the same, with
# '[ preference <preference-value> ]' as its only option ("undo ip route-static [ vpn-instance s-vpn-instance-name ]
# dest-address { mask-length | mask } [ interface-type interface-number [ next-hop-address ] | next-hop-address
# [ public ] | vpn-instance d-vpn-instance-name next-hop-address ] [ preference preference-value ]", H3C Comware 7
# command reference, 静态路由配置命令, ip route-static; public copy: grayfalcon666/netmiko-h3c-skill,
# references/CMD-help/静态路由/静态路由配置命令.md). hier_config negates the whole line ('undo ip route-static ...
# track bfd-session B description D', '... bfd control-packet description D'), a form neither reference has.
_ROUTE = re.compile(r"^undo (ip(?:v6)? route-static) (.+)$")
_ADDRESS = re.compile(r"^(?:\d+\.\d+\.\d+\.\d+|[0-9A-Fa-f]*:[0-9A-Fa-f:.]*)$")


def route_deletion(line: str, keep_preference: bool) -> str:
    """A top-level static route deletion cut to its destination and next hop (and its preference, on Comware 7).

    >>> route_deletion("undo ip route-static vpn-instance V 0.0.0.0 0 GE0/1/0.1 10.0.0.1 preference 70 track "
    ...                "bfd-session B description D", False)
    'undo ip route-static vpn-instance V 0.0.0.0 0 GE0/1/0.1 10.0.0.1'
    >>> route_deletion("undo ip route-static 10.2.0.2 32 NULL 0 preference 255 description D", True)
    'undo ip route-static 10.2.0.2 32 NULL 0 preference 255'
    >>> route_deletion("undo ipv6 route-static vpn-instance V :: 0 vpn-instance W 2001:db8::1 description D", True)
    'undo ipv6 route-static vpn-instance V :: 0 vpn-instance W 2001:db8::1'
    >>> route_deletion("undo ip route-static 10.0.0.0 8 10.1.0.1 bfd control-packet preference 70 description D", True)
    'undo ip route-static 10.0.0.0 8 10.1.0.1 preference 70'
    """
    found = _ROUTE.match(line)
    if found is None:
        return line
    words = found[2].split()
    kept = words[:2] if words[0] != "vpn-instance" else words[:4]  # [vpn-instance S] destination mask
    rest = words[len(kept):]
    if rest[:1] == ["vpn-instance"]:  # vpn-instance D next-hop
        kept += rest[:3]
        rest = rest[3:]
    elif rest and _ADDRESS.match(rest[0]):  # next-hop [public]
        width = 2 if rest[1:2] == ["public"] else 1
        kept += rest[:width]
        rest = rest[width:]
    elif rest and rest[0] not in _ROUTE_OPTIONS:  # interface (one word, or type and number) [next-hop]
        width = 2 if len(rest) > 1 and rest[1][:1].isdigit() and not _ADDRESS.match(rest[1]) else 1
        width += 1 if len(rest) > width and _ADDRESS.match(rest[width]) else 0
        kept += rest[:width]
        rest = rest[width:]
    options = rest[:rest.index("description")] if "description" in rest else rest  # a description is free text
    if keep_preference and "preference" in options:
        at = options.index("preference")
        kept += options[at:at + 2]
    return f"undo {found[1]} {' '.join(kept)}"


# The options that follow a static route's next hop in its creation ('preference', 'tag', 'bfd', 'track', ...).
_ROUTE_OPTIONS = {"preference", "tag", "cost", "bfd", "track", "permanent", "description", "recursive-lookup",
                  "inherit-cost", "no-advertise", "no-install", "inter-protocol-ecmp", "public"}


# Comware 7 deletes these by their key alone, the rest of the line being options its 'undo' form does not take
# (H3C Comware 7 command reference, MSR routers; public copy: grayfalcon666/netmiko-h3c-skill, references/CMD-help,
# the module's file named after each): hier_config negates the whole line. (pattern, form): the form keeps the
# documented words; the view is the one the reference gives.
_COMWARE_FORMS = tuple((re.compile(p), f) for p, f in (
    # NTP/NTP配置命令.md: 'undo ntp-service unicast-server { server-name | ip-address } [ vpn-instance
    # vpn-instance-name ]', 'undo ntp-service authentication-keyid keyid' (system view).
    (r"^undo (ntp-service unicast-server \S+(?: vpn-instance \S+)?) .+$", r"undo \1"),
    (r"^undo (ntp-service authentication-keyid \d+) .+$", r"undo \1"),
    # SNMP/SNMP配置命令.md: 'undo snmp-agent community [ cipher ] community-name', 'undo snmp-agent group v3
    # group-name [ authentication | privacy ]', 'undo snmp-agent usm-user v3 user-name { local | engineid ... |
    # remote ... }' (a user created without engineid or remote is local), 'undo snmp-agent target-host { inform |
    # trap } address udp-domain { ip-address | ipv6 ipv6-address } params securityname security-string
    # [ vpn-instance vpn-instance-name ]', 'undo snmp-agent sys-info { contact | location }'.
    (r"^undo snmp-agent community (?:read |write )?((?:cipher )?\S+)(?: .+)?$", r"undo snmp-agent community \1"),
    (r"^undo (snmp-agent group v3 \S+(?: authentication| privacy)?) .+$", r"undo \1"),
    (r"^undo (snmp-agent usm-user v3 \S+) (?!local$|engineid |remote ).+$", r"undo \1 local"),
    (r"^undo (snmp-agent target-host (?:trap|inform) address udp-domain (?:ipv6 )?\S+ params securityname \S+)"
     r"(?: v1| v2c| v3(?: authentication| privacy)?)+( vpn-instance \S+)?$", r"undo \1\2"),
    (r"^undo (snmp-agent sys-info (?:contact|location)) .+$", r"undo \1"),
    # QoS策略/定义类的命令.md: 'undo traffic classifier classifier-name'; 设备管理/设备管理配置命令.md: 'undo sysname';
    # SSH/SSH服务器端配置命令.md: 'undo ssh user username', 'undo ssh server acl'; MPLS基础/MPLS基础配置命令.md:
    # 'undo mpls lsr-id'; NAT命令/NAT配置命令.md: 'undo nat address-group group-id'; NQA/NQA客户端配置命令.md:
    # 'undo nqa schedule admin-name operation-tag'; 信息中心/信息中心配置命令.md: 'undo info-center loghost source';
    # Track/Track配置命令.md: 'undo track track-entry-number'.
    (r"^undo (traffic classifier \S+) operator .+$", r"undo \1"),
    (r"^undo sysname .+$", "undo sysname"),
    (r"^undo (ssh user \S+) .+$", r"undo \1"),
    (r"^undo (ssh server (?:ipv6 )?acl) .+$", r"undo \1"),
    (r"^undo mpls lsr-id .+$", "undo mpls lsr-id"),
    (r"^undo (nat address-group \d+) .+$", r"undo \1"),
    (r"^undo (nqa schedule \S+ \S+) .+$", r"undo \1"),
    (r"^undo (info-center loghost source) .+$", r"undo \1"),
    (r"^undo (track \d+) .+$", r"undo \1"),
    # Within views. MPLS L3VPN/MPLS L3VPN配置命令.md: 'undo ip binding vpn-instance' (interface view);
    # 以太网接口/以太网接口通用配置命令.md: 'undo description'; ACL/ACL配置命令.md: 'undo rule rule-id [ ... ]' whose
    # options are none of a rule's permit/deny body; AAA/ISP域中实现AAA配置命令.md: 'undo password' (local user
    # view), 'undo primary authentication' (RADIUS scheme view), 'undo authentication login' (ISP domain view);
    # 登录设备/登录设备命令.md: 'undo protocol inbound' (VTY line view).
    (r"^(\s+)undo (ip binding vpn-instance) \S+$", r"\1undo \2"),
    (r"^(\s+)undo description .+$", r"\1undo description"),
    (r"^(\s+)undo (rule \d+) (?:permit|deny)\b.*$", r"\1undo \2"),
    (r"^(\s+)undo password .+$", r"\1undo password"),
    (r"^(\s+)undo (primary authentication) .+$", r"\1undo \2"),
    (r"^(\s+)undo (authentication login) .+$", r"\1undo \2"),
    (r"^(\s+)undo (protocol inbound) .+$", r"\1undo \2"),
    # AAA/ISP域中实现AAA配置命令.md: 'undo key [ { accounting | authentication | authorization } ]' (RADIUS scheme
    # view), 'undo authorization login' (ISP domain view); IS-IS/IS-IS配置命令.md: 'undo isis cost [ level-1 |
    # level-2 ]'; OSPF/OSPF配置命令.md: 'undo ospf cost', 'undo authentication-mode [ { hmac-md5 | md5 } key-id ]'
    # (area view); MPLS L3VPN/MPLS L3VPN配置命令.md: 'undo route-distinguisher' (VPN instance view).
    (r"^(\s+)undo (key (?:accounting|authentication|authorization)) .+$", r"\1undo \2"),
    (r"^(\s+)undo (authorization login) .+$", r"\1undo \2"),
    (r"^(\s+)undo isis cost \d+$", r"\1undo isis cost"),
    (r"^(\s+)undo isis cost \d+ (level-[12])$", r"\1undo isis cost \2"),
    (r"^(\s+)undo ospf cost .+$", r"\1undo ospf cost"),
    (r"^(\s+)undo (authentication-mode (?:hmac-md5|md5) \d+) .+$", r"\1undo \2"),
    (r"^(\s+)undo route-distinguisher .+$", r"\1undo route-distinguisher"),
    # BGP/BGP配置命令.md: 'undo peer { group-name | ip-address [ mask-length ] | ipv6-address prefix-length }
    # password' (BGP view and BGP-VPN instance view): no 'cipher' and key.
    (r"^(\s+)undo (peer \S+ password) (?:cipher|simple) \S+$", r"\1undo \2"),
    # QoS策略/定义类的命令.md: 'undo classifier classifier-name' (policy view), without its behavior;
    # SNMP/SNMP配置命令.md: 'undo snmp-agent { inform | trap } source' (system view), without the interface.
    (r"^(\s+)undo (classifier \S+) behavior .+$", r"\1undo \2"),
    # IS-IS/IS-IS配置命令.md: 'undo isis authentication-mode [ level-1 | level-2 ]' (interface view), no cipher text.
    (r"^(\s+)undo (isis authentication-mode) (?:gca \d+ \S+|md5|simple) (?:cipher|plain) \S+( level-[12])?"
     r"(?: ip| osi)?$", r"\1undo \2\3"),
    (r"^undo (snmp-agent (?:inform|trap) source) .+$", r"undo \1"),
    *_IGP_VIEW_FORMS,
))


# A VRP 8 user the new config no longer has is deleted whole: 'undo local-user <user-name>' (AAA view,
# local-user-create(AAAOM)); the reference has no 'undo local-user <user-name> password ...' (its 'password' undo
# form is 'undo local-user <user-name> password expire', local-user-set_8(AAAOM)). 'undo ssh user [ <user-name> ]'
# (ssh-user-cmd-undo(SSHS)) deletes the SSH user with its settings. hier_config negated each line of the user, and
# after the user is gone each remaining line names a user that no longer exists.
_USER = re.compile(r"^(\s*)undo (local-user|ssh user|snmp-agent usm-user v3) (\S+)(?: (.+))?$")


def gone_users(lines: list[str], new_text: str) -> list[str]:
    """One deletion per VRP 8 local, SSH or SNMPv3 user the new config does not name: 'undo local-user U' in the AAA
    view (for the first of its negated lines), 'undo ssh user U', 'undo snmp-agent usm-user v3 U' (SNMPUSMUser
    (SNMPOM): its group, ACL and modes are optional there, so the bare user is the whole user); the user's other
    deletions and their notes dropped.

    >>> new = "aaa\\n local-user B level 3\\nssh user A"  # user A keeps its SSH settings, loses its local account
    >>> gone_users(["undo ssh user A service-type", "aaa", "  undo local-user A password irreversible-cipher X",
    ...             "  undo local-user A level", "  undo local-user B service-type"], new)
    ['undo ssh user A service-type', 'aaa', '  undo local-user A', '  undo local-user B service-type']
    >>> gone_users(["undo snmp-agent usm-user v3 N group", "undo snmp-agent usm-user v3 N authentication-mode",
    ...             "undo snmp-agent usm-user v3 N privacy-mode"], "snmp-agent usm-user v3 M group G")
    ['undo snmp-agent usm-user v3 N']
    """
    named = set(re.findall(r"^\s*(local-user|ssh user|snmp-agent usm-user v3) (\S+)", new_text, re.M))  # (kind, user)
    out: list[str] = []
    done: set[tuple[str, str]] = set()
    for line in lines:
        found = _USER.match(line)
        if found is None or (found[2], found[3]) in named:
            out.append(line)
            continue
        if (found[2], found[3]) not in done:
            done.add((found[2], found[3]))
            out.append(f"{found[1]}undo {found[2]} {found[3]}")
        elif out and out[-1].startswith("!! "):
            out.pop()
    return out


# Settings the device changes in place: the creation line with the new value replaces the old one, so the
# remediation sends that line alone (a secrets rotation), where hier_config first negated the old line with the old
# secret in it. The key of each is its words up to the secret; a line whose other words changed is negated as before.
# - VRP 8 'local-user <user-name> password irreversible-cipher <x>': "If the local user has been created, the command
#   modifies the login password of the user" (NE40E V800R012C10 Command Reference, local-user-create(AAAOM)); the
#   reference has no 'undo local-user <user-name> password ...' form (gone_users).
# - IOS XE 'username U [privilege N] secret ...': what Cisco's collection sends to change a user's password is that
#   line alone, never 'no username U' first (cisco.ios ios_user, map_obj_to_commands; test_ios_user.py,
#   test_ios_user_update_password_changed: ["username test secret test"]); 'no username U' logs out nobody but
#   leaves no account for a moment. 'neighbor P password ...': "If you configure or change the password used for MD5
#   authentication between two BGP peers, the local router will not tear down the existing session" (Cisco IOS BGP
#   command reference, neighbor password, as networklessons.com quotes it: notes.networklessons.com/
#   bgp-configuring-authentication-on-an-established-bgp-session); hier_config's 'no neighbor P password <old>'
#   first was flagged as a peer removal.
# - USG 'password cipher <x>' (manager-user view): "When you use this command to change your password, the old
#   password is verified ... When you change the password of an administrator with a lower level, the old password
#   of the administrator is not required. After you use this command to change your password successfully, the
#   system will also log your account out" (USG CLI reference, password (manager-user view); public mirror
#   usg.zrnko.cz/resources/cli/password_manager_view.html). So a rotation is pushed from another administrator's
#   session, or the pusher answers the old-password prompt and logs in again.
# - VRP 8 'ntp-service authentication-keyid N authentication-mode M cipher <x>': Huawei's own CloudEngine (VRP 8)
#   automation changes an existing key by sending its creation line alone, and sends the trust line only when the
#   trust itself changes (community.network, plugins/modules/network/cloudengine/ce_ntp_auth.py, config_ntp_auth_keyid:
#   "ntp authentication-keyid %s authentication-mode %s cipher %s", no 'undo' first; CloudEngine spells the command
#   'ntp', the NE40E 'ntp-service'). Deleting the key first left a moment with no key, and whether VRP, like Comware
#   (ntp_keys_trusted_again), untrusts a deleted key no VRP reference says.
# - Comware 7 'snmp-agent usm-user v3 U G cipher authentication-mode ... privacy-mode ... acl N' (the VACM form
#   govnet writes): "通过VACM方式配置SNMP用户时，当用户名相同，新配置会覆盖旧配置，以最后一次配置为准"
#   (H3C Comware 7 SNMP command reference, snmp-agent usm-user v3; public copy: grayfalcon666/netmiko-h3c-skill,
#   references/CMD-help/SNMP/SNMP配置命令.md). 'undo snmp-agent usm-user v3 U local' first left the NMS without its
#   user for a moment.
IN_PLACE: dict[str, tuple[re.Pattern[str], ...]] = {
    "vrp8": (re.compile(r"^(local-user \S+ password irreversible-cipher) "),
             re.compile(r"^(ntp-service authentication-keyid \d+) ")),
    "usg": (re.compile(r"^(password cipher) "),),
    "comware7": (re.compile(r"^(snmp-agent usm-user v3 \S+) "),),
    "iosxe": (re.compile(r"^(username \S+(?: privilege \d+)? (?:secret|password)(?: \d)?) "),
              re.compile(r"^(neighbor \S+ password)(?: \d)? ")),
}


def changed_in_place(lines: list[str], new_text: str, negation: str, keys: Sequence[re.Pattern[str]]) -> list[str]:
    """The remediation without the negations of settings the new config sets again under the same key in the same
    view (``keys``: group 1 of a match is the key), and without their notes.

    >>> new = "aaa\\n local-user A password irreversible-cipher NEW\\n local-user B level 3"
    >>> changed_in_place(["aaa", "  undo local-user A password irreversible-cipher OLD",
    ...                   "  local-user A password irreversible-cipher NEW", "  undo local-user C password "
    ...                   "irreversible-cipher OLD"], new, "undo ", IN_PLACE["vrp8"])  # doctest: +NORMALIZE_WHITESPACE
    ['aaa', '  local-user A password irreversible-cipher NEW', '  undo local-user C password irreversible-cipher OLD']
    >>> changed_in_place(["no username U privilege 15 secret 9 OLD", "username U secret 9 NEW"],
    ...                  "username U secret 9 NEW", "no ", IN_PLACE["iosxe"])  # the privilege goes: not in place
    ['no username U privilege 15 secret 9 OLD', 'username U secret 9 NEW']
    >>> new = "aaa\\n manager-user B\\n  password cipher NEW"  # user A's password is not B's
    >>> changed_in_place(["aaa", "  manager-user A", "    undo password cipher OLD"], new, "undo ", IN_PLACE["usg"])
    ['aaa', '  manager-user A', '    undo password cipher OLD']
    """
    set_again = {(view, m[1]) for view, text in _in_views(new_text.splitlines()) for key in keys
                 if (m := key.match(text))}
    out: list[str] = []
    for line, (view, text) in zip(lines, _in_views(lines), strict=True):
        if text.startswith(negation) and any(
                (m := key.match(text[len(negation):])) and (view, m[1]) in set_again for key in keys):
            if out and out[-1].startswith("!! "):
                out.pop()
            continue
        out.append(line)
    return out


def _in_views(lines: Sequence[str]) -> Iterator[tuple[tuple[str, ...], str]]:
    """Each line's view (the lines it is indented under) and its text; notes ('!! ...') are in no view."""
    stack: list[tuple[int, str]] = []
    for line in lines:
        text = line.strip()
        if line.startswith("!! "):
            yield (), text
            continue
        depth = len(line) - len(line.lstrip())
        while stack and stack[-1][0] >= depth:
            stack.pop()
        yield tuple(t for _, t in stack), text
        stack.append((depth, text))


def comware_forms(lines: list[str]) -> list[str]:
    """Comware 7's deletions in their documented forms: static routes (route_deletion) and _COMWARE_FORMS.

    >>> comware_forms(["undo ip route-static 0.0.0.0 0 10.0.0.1 track 1 description D", "  undo ip address"])
    ['undo ip route-static 0.0.0.0 0 10.0.0.1', '  undo ip address']
    >>> comware_forms(["undo ntp-service unicast-server 10.4.0.1 authentication-keyid 1 source LoopBack1",
    ...                "undo snmp-agent community read cipher S acl 2001", "undo snmp-agent usm-user v3 U G cipher X",
    ...                "undo snmp-agent target-host trap address udp-domain 10.4.0.4 params securityname U v3 privacy",
    ...                "acl advanced 3001", "  undo rule 5 permit ip source 10.0.0.0 0.0.255.255"])
    ... # doctest: +NORMALIZE_WHITESPACE
    ['undo ntp-service unicast-server 10.4.0.1', 'undo snmp-agent community cipher S',
     'undo snmp-agent usm-user v3 U local',
     'undo snmp-agent target-host trap address udp-domain 10.4.0.4 params securityname U',
     'acl advanced 3001', '  undo rule 5']
    """
    return _rewritten(lines, _COMWARE_FORMS, before=lambda line: route_deletion(line, True))


# Commands that ask for a confirmation before they take effect: the line after one is read as its answer, so the
# remediation answers 'Y' on the next line (as it does for 'clear configuration interface'). VRP 8 'ssh
# server-source -i <interface>': "The system will prompt you to determine whether to continue the operation", its
# example "Warning: SSH server source configuration will take effect in the next login. Do you want to continue?
# [Y/N]:y" (NE40E V800R012C10 Command Reference, .../server-source-interf(SSHS).json).
_VRP8_CONFIRMED = (re.compile(r"^ssh server-source "),)


def answering(prompts: Sequence[re.Pattern[str]]) -> FollowUp:
    """The step that puts 'Y' after each command that asks to confirm (``prompts``; deletions are not among them).

    >>> answering(_VRP8_CONFIRMED)(["ssh server-source -i LoopBack1", "ssh user U"], "")
    ['ssh server-source -i LoopBack1', 'Y', 'ssh user U']
    >>> answering(_VRP8_CONFIRMED)(["undo ssh server-source -i LoopBack1"], "")
    ['undo ssh server-source -i LoopBack1']
    """
    def step(lines: list[str], new_text: str) -> list[str]:
        out: list[str] = []
        for line in lines:
            out.append(line)
            if any(prompt.match(line) for prompt in prompts):
                out.append("Y")
        return out
    return step


class NtpTrust(NamedTuple):
    """A platform's NTP key line (group 1: its negation, or None; group 2: the key number) and trust line."""

    key: re.Pattern[str]
    trust: str  # the trust line without its key number, which ends it


_HUAWEI_NTP = NtpTrust(re.compile(r"^(undo )?ntp-service authentication-keyid (\d+)\b"),
                       "ntp-service reliable authentication-keyid ")
_IOSXE_NTP = NtpTrust(re.compile(r"^(no )?ntp authentication-key (\d+)\b"), "ntp trusted-key ")


def ntp_keys_trusted_again(syntax: NtpTrust) -> FollowUp:
    """The step after which an NTP key that the remediation deletes and sets again is declared trusted again, right
    after it is set, where the new config trusts it. Comware 7 untrusts a trusted key when the key is deleted
    ("如果NTP验证密钥被指定为可信密钥，删除密钥后，该密钥将自动变为不可信密钥", H3C Comware 7 NTP command reference,
    ntp-service authentication-keyid and ntp-service reliable authentication-keyid; public copy:
    grayfalcon666/netmiko-h3c-skill, references/CMD-help/NTP/NTP配置命令.md), as did Comware 5 ("If an NTP
    authentication key is specified as a trusted key, the key automatically changes to untrusted after you delete
    the key", H3C S5500-HI and HP HSR6800 command references, ntp-service authentication-keyid). The
    trust line is unchanged between the configs, so hier_config does not send it, and a key rotation ('undo
    ntp-service authentication-keyid 1', then the key with its new value) left every Comware device with no trusted
    key: no NTP server it would synchronise to. The USG, VRP 5 and IOS XE delete and set the key again too, and no
    reference of theirs says whether the deletion untrusts it; the trust line is sent there as well, so the device
    ends with the key trusted either way (on a key still trusted the line is already in the configuration, and
    sending it changes nothing).

    >>> new = "ntp-service authentication-keyid 1 authentication-mode hmac-sha-256 cipher B\\nntp-service reliable " \\
    ...       "authentication-keyid 1"
    >>> ntp_keys_trusted_again(_HUAWEI_NTP)(["undo ntp-service authentication-keyid 1",
    ...     "ntp-service authentication-keyid 1 authentication-mode hmac-sha-256 cipher B"], new)
    ... # doctest: +NORMALIZE_WHITESPACE
    ['undo ntp-service authentication-keyid 1', 'ntp-service authentication-keyid 1 authentication-mode hmac-sha-256
     cipher B', 'ntp-service reliable authentication-keyid 1']
    >>> ntp_keys_trusted_again(_HUAWEI_NTP)(["ntp-service authentication-keyid 2 authentication-mode md5 cipher C"],
    ...                                     new)
    ['ntp-service authentication-keyid 2 authentication-mode md5 cipher C']
    >>> ntp_keys_trusted_again(_IOSXE_NTP)(["no ntp authentication-key 1", "ntp authentication-key 1 md5 B"],
    ...                                    "ntp authentication-key 1 md5 B\\nntp trusted-key 1")
    ['no ntp authentication-key 1', 'ntp authentication-key 1 md5 B', 'ntp trusted-key 1']
    """
    trust_line = re.compile("^" + re.escape(syntax.trust) + r"(\d+)$", re.M)

    def step(lines: list[str], new_text: str) -> list[str]:
        trusted = set(trust_line.findall(new_text))
        deleted = {m[2] for line in lines if (m := syntax.key.match(line)) and m[1]}
        sent = set(lines)
        out: list[str] = []
        for line in lines:
            out.append(line)
            found = syntax.key.match(line)
            if found and not found[1] and found[2] in deleted and found[2] in trusted:
                trust = syntax.trust + found[2]
                if trust not in sent:
                    out.append(trust)
        return out
    return step


# The Huawei USG's deletions in the forms its command reference gives (HUAWEI USG CLI reference, public mirror
# usg.zrnko.cz/resources/, the page named with each). hier_config negates the whole line, options and values
# included, which these 'undo' forms do not take:
# - 'undo info-center loghost ip-address [ vpn-instance vpn-instance-name ]', 'undo info-center loghost ipv6
#   ipv6-address', 'undo info-center loghost domain domain-name' (cli/info-center_loghost.html): no source-ip,
#   channel, facility, port or transport.
# - 'undo ntp-service unicast-server { ipv6 ipv6-address [ vpn-instance vpn-instance-name ] | ip-address
#   [ vpn-instance vpn-instance-name ] }' (cli_vrp/ntp-service_unicast-server.html): no source-interface or
#   authentication-keyid; the VPN instance, written anywhere among the options, is kept.
# - 'undo ntp-service authentication-keyid key-id' (cli_vrp/ntp-service_authentication-keyid.html).
# - 'undo hrp interface interface-type interface-number' (cli/hrp_interface.html): no 'remote' address.
# - 'undo snmp-agent group v3 group-name { authentication | privacy | noauthentication }'
#   (cli/snmp-agent_group.html): no views or ACL.
# - 'undo snmp-agent target-host trap address udp-domain ip-address [ udp-port port-number | source interface-type
#   interface-number | [ public-net | vpn-instance vpn-instance-name ] ] * params securityname [ cipher ]
#   security-string' (cli/snmp-agent_target-host_trap.html): nothing after the security name (no 'v3 privacy').
# - 'undo snmp-agent trap source' (cli/snmp-agent_trap_source.html): no interface; 'undo snmp-agent acl'
#   (cli/snmp-agent_acl.html): no ACL number.
# - 'undo bfd cfg-name' (cli/bfd_bind_peer_ip.html; 'undo bfd session-name', cli/bfd_bind_peer-ipv6.html): the
#   session by its name, without its binding.
# Already in the reference's form as hier_config writes them: 'undo manager-user manager-name' (AAA view,
# cli/manager_user.html); 'undo snmp-agent community { read | write } [ cipher ] community-name'
# (cli/snmp-agent_community.html: hier_config's huawei_vrp driver cuts the ACL, MIB view and alias itself).
# Not found in the mirror, so left as hier_config writes them: static routes ('undo ip route-static D M N track
# bfd-session B description T'; the USG pages found give only the creation form, admin/sec_admin_bfd_0031.html),
# security zones ('undo add interface I', 'undo set priority N'), security and NAT policy rule lines ('undo
# source-zone Z', 'undo action source-nat address-group G', ...), 'undo nat address-group G N', 'undo sysname S',
# ACL rules ('undo rule N permit source ...'), SNMPv3 users written line by line ('undo snmp-agent usm-user v3 U
# group G'; the mirror documents only the one-line form, cli_vrp/snmp-agent_usm-user_pseudo.html), 'undo snmp-agent
# sys-info ...', 'undo ntp-service reliable authentication-keyid N', 'undo hrp track interface I', 'undo ssh user U
# authentication-type ...', 'undo ssh server-source -i I', the RADIUS template's and the administrator's lines,
# the BFD session's discriminators, NQA test lines, and the SSL VPN gateway's.
_USG_FORMS = tuple((re.compile(p), f) for p, f in (
    (r"^undo (info-center loghost (?:ipv6|domain) \S+) .+$", r"undo \1"),
    (r"^undo (hrp interface \S+(?: \d\S*)?) remote .+$", r"undo \1"),
    (r"^undo (snmp-agent group v3 \S+ (?:authentication|privacy|noauthentication)) .+$", r"undo \1"),
    (r"^undo (snmp-agent target-host trap address udp-domain .* params securityname (?:cipher )?\S+) .+$",
     r"undo \1"),
    (r"^undo (snmp-agent trap source) .+$", r"undo \1"),
    (r"^undo (snmp-agent acl) \d+$", r"undo \1"),
    (r"^undo (ntp-service authentication-keyid \d+) .+$", r"undo \1"),
    (r"^undo (bfd \S+) bind peer-ipv?6? .+$", r"undo \1"),
))
# The deletions keyed by an address whose VPN instance, if the old line had one, is part of the key.
_USG_VPN_KEYED = _by_address(re.compile(r"^undo (info-center loghost(?! (?:source|ipv6|domain) )|ntp-service "
                                        r"unicast-server(?: ipv6)?) (\S+)(?: (.+))?$"))


def usg_forms(lines: list[str]) -> list[str]:
    """The USG's deletions in its reference's forms (_USG_FORMS, _USG_VPN_KEYED).

    >>> usg_forms(["undo info-center loghost 10.4.0.3 source-ip 10.2.0.2",
    ...            "undo ntp-service unicast-server 10.4.0.1 source-interface LoopBack1 authentication-keyid 1",
    ...            "undo ntp-service unicast-server 10.4.0.9 source-interface LoopBack1 vpn-instance MGMT",
    ...            "undo hrp interface XGigabitEthernet1/2/2 remote 10.1.0.203", "undo manager-user netadmin"])
    ... # doctest: +NORMALIZE_WHITESPACE
    ['undo info-center loghost 10.4.0.3', 'undo ntp-service unicast-server 10.4.0.1',
     'undo ntp-service unicast-server 10.4.0.9 vpn-instance MGMT', 'undo hrp interface XGigabitEthernet1/2/2',
     'undo manager-user netadmin']
    >>> usg_forms(["undo snmp-agent target-host trap address udp-domain 10.4.0.4 params securityname N v3 privacy",
    ...            "undo bfd BFD1000 bind peer-ip 10.1.0.54 interface X1/2/0.100 source-ip 10.1.0.55"])
    ['undo snmp-agent target-host trap address udp-domain 10.4.0.4 params securityname N', 'undo bfd BFD1000']
    """
    return _rewritten(lines, _USG_FORMS, before=_USG_VPN_KEYED)


# VRP 5 (AR routers, V200R0xx). No AR command reference is in any corpus here; the reference used is the one of
# Huawei's S-series campus switches on the same VRP 5 release line (V200R0xx; public copy: a10.tagan.ru/huawei/dc/,
# the page named after each command; its configuration examples are the switches' V200R008-V200R012, e.g.
# dc_s_ccase_ipca_006.html, dc_s_cfg_svf_notes_08_idp.html). Not the CloudEngine or NE40E references: those are
# VRP 8. Forms that reference gives, against what hier_config sends:
# - 'undo ntp-service unicast-server { ip-address | ipv6 ipv6-address } [ vpn-instance vpn-instance-name ]'
#   (ntp-service_unicast-server.html): hier_config kept 'source-interface IF authentication-keyid N'.
# - 'undo snmp-agent target-host trap address udp-domain ip-address [ udp-port port-number | source
#   interface-type interface-number | [ public-net | vpn-instance vpn-instance-name ] ] * params securityname
#   { security-name | cipher security-name }' (snmp-agent_target-host_trap.html): no 'v1 | v2c | v3 [ authentication
#   | privacy ]', 'private-netmanager', 'notify-filter-profile', 'ext-vb' after the security name.
# - 'undo authentication-mode' (authentication scheme view, authentication-mode_authentication-scheme_view.html;
#   created with 'authentication-mode { hwtacacs | [ local | local-case ] | radius | haca } * [ none ]'): no modes.
# - 'undo route-policy route-policy-name [ node node ]' (route-policy.html): no 'permit' or 'deny'.
# - 'undo peer { group-name | ipv4-address | ipv6-address } password' (BGP view and BGP-VPN instance address family
#   views, peer_password.html): no 'cipher' and key.
# Forms hier_config already sends as documented (tests/test_remediation_vrp5.py holds them): 'undo acl { [ number ]
# acl-number | all }' (acl_system_view.html), 'undo acl ipv6 { all | [ number ] acl6-number }'
# (acl_ipv6_system_view.html), 'undo acl [ ipv6 ] [ acl-number | acl-name ] { inbound | outbound }' (user interface
# view, acl_user_interface_view.html), 'undo ip as-path-filter { as-path-filter-number | as-path-filter-name }
# [ { deny | permit } regular-expression ]' (ip_as-path-filter.html, whose support list names the S5720, S5730,
# S6720 and S6730 switches), 'undo vpn-target { all | vpn-target &<1-8> [ both | export-extcommunity |
# import-extcommunity ] }' (vpn-target_vpn_instance_view.html).
# - 'undo ntp-service authentication-keyid key-id': no key text. The S-series pages give no NTP key; every Huawei text
#   read here gives this one form, across the VRP releases: the USG's own VRP command pages (public mirror
#   usg.zrnko.cz/resources/cli_vrp/ntp-service_authentication-keyid.html) and the NE40E V800R012C10 reference
#   (VRP 8), as Comware's do. hier_config repeated the old key, which a rotation printed.
# Every other VRP 5 deletion stays hier_config's whole-line negation: no VRP 5 text for it was found (static routes,
# prefix list entries, SNMP users, groups and communities, RADIUS servers and keys,
# local users, BFD sessions, the IGP and BGP settings...). The VRP 8 forms above are not borrowed for them.
_VRP5_FORMS = tuple((re.compile(p), f) for p, f in (
    (r"^undo (snmp-agent target-host trap address udp-domain .* params securityname (?:cipher )?\S+)"
     r"(?: v1| v2c| v3(?: authentication| privacy)?| private-netmanager| ext-vb| notify-filter-profile \S+)+$",
     r"undo \1"),
    (r"^(\s+)undo authentication-mode (?:hwtacacs|local|local-case|radius|haca)"
     r"(?: (?:hwtacacs|local|local-case|radius|haca))*(?: none)?$", r"\1undo authentication-mode"),
    (r"^undo (route-policy \S+) (?:permit|deny) (node \d+)$", r"undo \1 \2"),
    (r"^(\s+)undo (peer \S+ password) (?:cipher|simple) \S+$", r"\1undo \2"),
    (r"^undo (ntp-service authentication-keyid \d+) .+$", r"undo \1"),
))
_NTP_SERVER = _by_address(re.compile(r"^undo (ntp-service unicast-server(?: ipv6)?) (\S+)(?: (.+))?$"))


def vrp5_forms(lines: list[str]) -> list[str]:
    """VRP 5's deletions in the forms its reference gives (_VRP5_FORMS, and an NTP server by its address and VPN
    instance alone, wherever the instance stood among the options); every other line as it was.

    >>> vrp5_forms(["undo ntp-service unicast-server 10.4.0.1 source-interface LoopBack1 authentication-keyid 1",
    ...             "undo ntp-service unicast-server 10.4.0.2 authentication-keyid 1 vpn-instance MGMT"])
    ['undo ntp-service unicast-server 10.4.0.1', 'undo ntp-service unicast-server 10.4.0.2 vpn-instance MGMT']
    >>> vrp5_forms(["undo snmp-agent target-host trap address udp-domain 10.4.0.4 params securityname U v3 privacy",
    ...             "aaa", " authentication-scheme G", "    undo authentication-mode radius local",
    ...             "undo ip route-static 10.0.0.0 8 NULL0 description D"])  # doctest: +NORMALIZE_WHITESPACE
    ['undo snmp-agent target-host trap address udp-domain 10.4.0.4 params securityname U', 'aaa',
     ' authentication-scheme G', '    undo authentication-mode', 'undo ip route-static 10.0.0.0 8 NULL0 description D']
    """
    return _rewritten(lines, _VRP5_FORMS, before=_NTP_SERVER)


# IOS XE: hier_config negates a whole line ('no ' and the line as the running config has it). Cisco's references and
# the commands Cisco's own Ansible collection sends to delete configuration (cisco.ios resource modules, state
# deleted/overridden; their documented "commands" output and unit tests; public copy: ansible-collections/cisco.ios,
# plugins/modules/ios_<module>.py, tests/unit/modules/network/ios/test_ios_<module>.py) have these same whole-line
# forms, which govnet keeps as they are:
# - 'no ip route [vrf V] P M {NEXTHOP | IF [NEXTHOP]} [DISTANCE] [tag T] [name N] [track K]', 'no ipv6 route ...'
#   (ios_static_routes: "no ip route vrf blue 192.0.2.0 255.255.255.0 192.0.2.1 tag 50 name test_vrf track 150";
#   O'Reilly, Cisco IOS in a Nutshell 2nd ed., ip route: 'no ip route network mask {next-hop | interface}
#   [distance] [permanent] [track number] [tag tag]').
# - 'no ntp server A [key K] [source IF]', 'no ntp authenticate', 'no ntp trusted-key N' (ios_ntp_global: "no ntp
#   server 172.16.1.13 source GigabitEthernet0/1"; its "no ntp authentication-key 2 md5 0635002C... 7" repeats the
#   key, which govnet leaves out, below).
# - 'no logging host A', 'no logging source-interface IF' (ios_logging_global: "no logging host 172.16.1.13";
#   test_ios_logging_global.py: "no logging source-interface GBit1/0").
# - 'no snmp-server community C [RO|RW] [ACL]', 'no snmp-server group G v3 {auth|noauth|priv} [access ACL]', 'no
#   snmp-server user U G v3 ... [access ACL]', 'no snmp-server host A ... U', 'no snmp-server contact T', 'no
#   snmp-server location T', 'no snmp-server trap-source IF' (ios_snmp_server: "no snmp-server community
#   mergedComm rw testACL", "no snmp-server user userPaul dev v1 access 24", "no snmp-server host 172.16.2.9 informs
#   version 2c mergedComm msdp stun pki"; test_ios_snmp_server.py: "no snmp-server group group1 v1 notify me access
#   ipv6 ipv6acl 2", "no snmp-server location thi sis a good location", "no snmp-server trap-source
#   GigabitEthernet0/0").
# - 'no hostname H' (ios_hostname: "no hostname RouterTest").
# - 'no ip access-list {standard|extended} N', 'no ipv6 access-list N', and in an ACL 'no SEQ {permit|deny} ...'
#   (ios_acls: "no ip access-list extended test", "no 20 deny tcp host 198.51.100.0 host 198.51.110.0 eq telnet
#   ack").
# - 'no ip prefix-list P seq N {permit|deny} PREFIX [ge|le N]', 'no ipv6 prefix-list ...' (ios_prefix_lists: "no ip
#   prefix-list 10 seq 10 deny 35.0.0.0/8 ge 10"); 'no route-map P {permit|deny} N' and in a route map 'no match
#   ...' (ios_route_maps: "no route-map test_1 deny 20", "no match ip next-hop prefix-list test_2_new test_1_new").
# - 'no router bgp N', 'no bgp log-neighbor-changes' (ios_bgp_global: "no router bgp 65000"); in BGP 'no
#   address-family ...' (ios_bgp_address_family: "no address-family ipv4"; test_ios_bgp_address_family.py: "no
#   address-family ipv4 multicast vrf blue"), 'no default-information originate' (ios_bgp_address_family), 'no
#   redistribute connected' (tests/integration/targets/ios_bgp_address_family/vars/main.yaml), 'no neighbor P
#   activate' (the way IOS itself writes a neighbor not activated in a family: ios_bgp_address_family's 'show
#   running-config' examples); a peer the new config drops is 'no neighbor P' (peer_removals). In a VRF definition
#   cisco.ios's vrf_address_family template deletes 'address-family AFI SAFI' ('no address-family ipv4 unicast'):
#   the SAFI-less line govnet writes there is negated as it is, which no reference here shows.
# - 'no vrf definition V', and in it 'no rd X', 'no route-target {import|export} X' (ios_vrf_global: "no vrf
#   definition VRF2", "no rd 2:3", "no route-target export 192.0.2.0:100").
# - In an interface: 'no vrf forwarding V' (ios_vrf_interfaces), 'no ip address A M', 'no ipv6 address P'
#   (ios_l3_interfaces: "no ip address 192.168.0.1 255.255.255.0", "no ipv6 address fd5d:12c9:2201:1::1/64"),
#   'no description T' (ios_interfaces: "no description Configured and Overridden by Ansible Network"), 'no
#   encapsulation dot1Q N' (test_ios_l2_interfaces.py: "no encapsulation dot1Q 500"), 'no bfd interval N min_rx N
#   multiplier N' (ios_bfd_interfaces).
# - 'no bfd-template multi-hop T', and in it 'no interval min-tx N min-rx N multiplier N' (ios_bfd_templates).
# - 'no key chain K', and in it 'no key N' (Cisco IOS in a Nutshell: key chain 'no key chain name', key 'no key
#   number'; a key's string is rewritten below); 'no login authentication {default | list-name}' (line view;
#   Nutshell, login authentication).
# - More of Cisco IOS in a Nutshell (2nd ed., oreilly.com/library/view/cisco-ios-in/0596008694/, the page named
#   with each): in BGP 'no neighbor {address | peer-group} password word' (re637), 'no neighbor {address |
#   peer-group} update-source interface' (re650), 'no neighbor address route-reflector-client' (re642); 'no ip
#   as-path access-list access-list {permit | deny} as-regex' (re312); 'no net value' (IS-IS, re653); 'no ip router
#   isis [tag]' (interface, re446); 'no mpls ip' (interface and global, re611); 'no is-type {level-1 | level-1-2 |
#   level-2-only}' (re509); 'no policy-map name' (re684), in it 'no class name' (re132); 'no service-policy {input |
#   output} policy-map-name' (re730); in a route map 'no match as-path path-list-number' (Cisco IOS IP Routing: BGP
#   Command Reference, match as-path, cisco.com/en/US/docs/ios/iproute_bgp/command/reference/irg_bgp3.html).
# - Lines cisco.ios's templates delete whole (the module sends 'no ' and the template's line, ansible.netcommon
#   plugins/module_utils/network/common/rm_base/network_template.py, render): 'no bgp router-id A' (rm_templates/
#   bgp_global.py, bgp.router_id), 'no neighbor P fall-over bfd multi-hop' (bgp_global.py, fall_over.bfd), 'no
#   neighbor P send-community extended' (bgp_address_family.py, send_community.extended), 'no import map M', 'no
#   export map M' (vrf_address_family.py); 'no redistribute static' in BGP (bgp_address_family.py, its own removal
#   line "redistribute static").
# - 'no ipv6 traffic-filter ACL {in|out}' (ios_acl_interfaces: "no ipv6 traffic-filter test_v6 out"); 'no ip domain
#   name N' (test_ios_system.py: "no ip domain name eng.example.net"); 'no ipv6 unicast-routing'
#   (tests/integration/targets/ios_bgp_address_family/tests/cli/_remove_config.yaml).
# - A logical interface or sub-interface is deleted with 'no interface X' (ios_interfaces: "no interface
#   loopback888", "no interface Vlan50"; public CCNA lab transcripts, code corpus: "R1(config)#no interface
#   GigabitEthernet0/0.10"); a physical port, which cannot be deleted, is reset with 'default interface X' (the same
#   transcripts: "SW2(config)#default interface g1/0/2 ... Interface GigabitEthernet1/0/2 set to default
#   configuration"; hy0.hatenablog.com/entry/20181205/1543935907, on Cisco's 'default interface x/x': it resets the
#   port's settings, a switch port's 'shutdown' with them, so it is to be followed by 'shutdown', as govnet does).
#   Cisco's own cisco/cisco-network-node-utils sends 'default interface <name>' to destroy an Ethernet port (pull
#   request 562, cmd_ref/interface.yaml), but for NX-OS and IOS XR; no IOS XE command reference page for 'default
#   interface' was found here.
# No reference was found here for the other IOS XE deletions govnet's configs produce, which are left as hier_config
# writes them: IS-IS 'no router isis', 'no metric-style wide', 'no authentication mode md5 level-N', 'no
# authentication key-chain K level-N', 'no redistribute static ip level-N', 'no bfd all-interfaces', 'no
# multi-topology', 'no isis metric N level-N' (the Nutshell's 'no isis metric' names no level, and a metric without
# one is level-1's), 'no isis network point-to-point', 'no isis authentication ...', 'no ipv6 router isis'; 'no mpls
# ldp sync', 'no mpls ldp router-id IF force'; AAA and RADIUS ('no aaa authentication login default group G local'
# and 'no aaa authorization exec default ...': the Nutshell's 'no aaa authentication login' and 'no aaa
# authorization exec' predate method-list names; 'no aaa group server radius G', 'no server name S', 'no radius
# server S', 'no address ipv4 ...', 'no key K', 'no ip radius source-interface IF'); line view 'no access-class ACL
# in', 'no transport input ssh', 'no authorization exec default'; 'no ip ssh version 2', 'no ip ssh source-interface
# IF'; QoS 'no class-map match-any C' (the Nutshell writes 'no class-map name [match-all | match-any]'), 'no match
# access-group name ACL', 'no police ...', 'no drop', 'no control-plane'; 'no bfd map ipv4 ...', 'no ip route static
# bfd IF A', 'no ipv6 route static bfd IF A'; 'no maximum routes N N' (VRF address family); IPv6 ACL entries
# without a sequence number ('no permit ipv6 P any'; cisco.ios's integration tests send them with theirs, "no permit
# ipv6 any any sequence 20"); 'no line vty 0 4'.
# Rewritten: a local user is deleted by its name, 'no username U' (ios_user, its purge example's commands "no
# username testuser", "no username ansible"; test_ios_user.py "no username ansible"), not 'no username U privilege
# 15 secret <hash>', which repeats the secret and names attributes the deletion does not take. A BGP neighbor's
# description is deleted without its text, 'no neighbor {address | peer-group} description' (Nutshell, neighbor
# description, 0596008694/re632 and 156592942X/re534), and the label protocol without the protocol, 'no mpls label
# protocol' (Nutshell, mpls label protocol, global and interface, re615): hier_config repeated the description's
# free text and the protocol, forms the reference does not give.
# A key's string is deleted without the string, 'no key-string' (Cisco IOS command reference, key-string
# (authentication): 'no key-string [text]', "Each key can have only one key string"; public copy:
# gattner.name/simon/public/bsd/cisco/src/key-string.htm): hier_config repeated the old string, which a key rotation
# printed as the old IS-IS key. An NTP key is deleted by its number, 'no ntp authentication-key number' (Nutshell,
# ntp authentication-key, 0596008694/re660), not with the old key that cisco.ios's ios_ntp_global repeats.
_IOSXE_FORMS = tuple((re.compile(p), f) for p, f in (
    (r"^no (username \S+) .+$", r"no \1"),
    (r"^(\s*)no (neighbor \S+ description) .+$", r"\1no \2"),
    (r"^(\s*)no mpls label protocol \S+$", r"\1no mpls label protocol"),
    (r"^(\s*)no key-string .+$", r"\1no key-string"),
    (r"^no (ntp authentication-key \d+) .+$", r"no \1"),
))


def iosxe_forms(lines: list[str]) -> list[str]:
    """IOS XE's deletions in their documented forms (_IOSXE_FORMS).

    >>> iosxe_forms(["no username netadmin privilege 15 secret 9 $9$x", "no ntp server 10.4.0.1 key 1"])
    ['no username netadmin', 'no ntp server 10.4.0.1 key 1']
    >>> iosxe_forms(["router bgp 1", "  no neighbor 10.0.0.1 description TO CR01", "interface X",
    ...              "  no mpls label protocol ldp", "  no mpls ip"])
    ['router bgp 1', '  no neighbor 10.0.0.1 description', 'interface X', '  no mpls label protocol', '  no mpls ip']
    """
    return _rewritten(lines, _IOSXE_FORMS)


# Per platform software (reference.platforms os), the rewrite of hier_config's deletions into the reference's forms.
DELETION_FORMS: dict[str, Callable[[list[str]], list[str]]] = {
    "vrp8": vrp8_forms, "comware7": comware_forms, "usg": usg_forms, "vrp5": vrp5_forms, "iosxe": iosxe_forms}


# The blocks HRP backs up from the USG that holds a pair's configuration to its peer: "the configuration commands
# related to security policies can be backed up" (USG admin guide, "Configuration Backup",
# usg.zrnko.cz/resources/admin/sec_admin_hotstandby_0023.html), "security and NAT policy configuration commands"
# (".../sec_admin_hotstandby_0021.html", which also says the standby refuses them: "Error: The device is in HRP
# standby state, so this command cannot be executed").
_HRP_BACKED_UP = ("security-policy", "nat-policy")


def left_to_hrp(lines: list[str], new_text: str) -> list[str]:
    """On the standby of a USG pair ('hrp standby-device'; in active/standby the service standby is the
    configuration standby, sec_admin_hotstandby_0021), the remediation leaves out the blocks HRP backs up, which
    the standby refuses and receives from the active, and says so in a note at the end.

    >>> left_to_hrp(["security-policy", "  rule name R", "    action permit", "sysname B"], "hrp standby-device\\n")
    ... # doctest: +NORMALIZE_WHITESPACE
    ['sysname B', '!! NOTE (HRP copies these from the active firewall, and the standby refuses them; if this firewall
     is the active one when the change is made, send them here): security-policy']
    >>> left_to_hrp(["security-policy", "  rule name R"], "hrp enable\\n")  # the active keeps them
    ['security-policy', '  rule name R']
    """
    if not re.search(r"^hrp standby-device$", new_text, re.M):
        return lines
    out: list[str] = []
    left: list[str] = []
    skipping = False
    for line in lines:
        if not line.startswith((" ", "!! ")):
            skipping = line in _HRP_BACKED_UP
            if skipping:
                left.append(line)
                while out and out[-1].startswith("!! "):  # a note above the block goes with it
                    out.pop()
        if not skipping:
            out.append(line)
    if left:
        why = N_("HRP copies these from the active firewall, and the standby refuses them; if this firewall is the "
                 "active one when the change is made, send them here")
        out.append(f"!! NOTE ({_(why)}): {', '.join(dict.fromkeys(left))}")
    return out


# Per platform software, the steps that follow the deletion forms, each given the remediation and the new config.
FOLLOW_UPS: dict[str, tuple[FollowUp, ...]] = {
    "vrp8": (gone_users, answering(_VRP8_CONFIRMED)), "comware7": (ntp_keys_trusted_again(_HUAWEI_NTP),),
    "usg": (left_to_hrp, ntp_keys_trusted_again(_HUAWEI_NTP)), "vrp5": (ntp_keys_trusted_again(_HUAWEI_NTP),),
    "iosxe": (ntp_keys_trusted_again(_IOSXE_NTP),)}
