"""Route policies as the configs write them, read back and applied to a route: prefix lists (Huawei 'ip ip-prefix' /
'ip ipv6-prefix', Comware 'ip prefix-list' / 'ipv6 prefix-list ... index', IOS XE 'ip prefix-list' / 'ipv6
prefix-list ... seq'), AS-path and community filters, and the route-policy / route-map nodes that match them. What a
VPN instance exports or imports passes its policy here (govnet.verify.learned).

A node matches a route when every one of its match clauses does (none: every route); the first node that matches
decides, none: denied. Clauses are evaluated against what the route carries: its prefix, its AS path (a route a PE
originates crosses no AS inside the province: empty), its communities and its tag (a BGP route carries none unless
a policy sets them). A clause verify cannot evaluate (an ACL, an interface, a filter the config never defines) makes
its node match nothing, and ``unevaluable`` names it (GN926), rather than letting everything through.

ref: NE40E V800R012C10 Command Reference (ip ip-prefix, ip ipv6-prefix, ip as-path-filter, ip community-filter,
route-policy, if-match ip-prefix / ipv6 address prefix-list / as-path-filter / community-filter / tag, apply
community, apply as-path); H3C Comware 7 Layer 3 IP Routing Command Reference (ip prefix-list, ipv6 prefix-list,
ip as-path, ip community-list, if-match ip address prefix-list / as-path / community / tag); Cisco IOS XE 17 IP
Routing Configuration Guide (ip prefix-list, ip as-path access-list, ip community-list, route-map match/set). AS-path
regular expressions: '_' stands for the start, the end, or a separator.
"""

from __future__ import annotations

import ipaddress
import itertools
import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from govnet.verify.scan import Facts

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Entry = tuple[str, Network, int, int]  # action, network, ge, le (the exact prefix: its length twice)
Clause = tuple[str, str, int]  # kind, argument, line: a match ('ip-prefix', 'as-path', ...) or a set ('apply-...')
Node = tuple[str, list[Clause]]  # action, clauses (no match clause: every route)
FilterEntry = tuple[str, str, str]  # action, mode ('regex' or 'basic'), text (a regex, or communities)
Attrs = tuple[str, frozenset[str], int]  # AS path, communities, tag

INTERNAL: Attrs = ("", frozenset(), 0)  # a route a PE of the province originates, as iBGP carries it
EVALUATED = frozenset({"ip-prefix", "ipv6-prefix", "as-path", "community", "tag"})


def prefix_entry(lists: dict[str, list[Entry]], words: list[str]) -> None:
    """Huawei 'ip ip-prefix N [index 10] permit A L [greater-equal G] [less-equal M]' (and 'ip ipv6-prefix'),
    Comware 'ip prefix-list N index 10 permit A L ...' (and 'ipv6 prefix-list'), IOS XE 'ip prefix-list N seq 10
    permit A/L [ge G] [le M]' (and 'ipv6 prefix-list').

    >>> lists = {}
    >>> prefix_entry(lists, "ip prefix-list X seq 10 permit 10.0.0.0/8 le 32".split())
    >>> prefix_entry(lists, "ip ip-prefix X index 20 permit 10.1.0.50 31".split())
    >>> prefix_entry(lists, "ipv6 prefix-list X seq 30 permit 2001:db8::/32 le 64".split())
    >>> lists["X"]  # doctest: +NORMALIZE_WHITESPACE
    [('permit', IPv4Network('10.0.0.0/8'), 8, 32), ('permit', IPv4Network('10.1.0.50/31'), 31, 31),
     ('permit', IPv6Network('2001:db8::/32'), 32, 64)]
    """
    if len(words) > 4 and words[3] in ("permit", "deny"):  # Huawei without 'index N'
        words = [*words[:3], "index", "0", *words[3:]]
    if len(words) < 7 or words[5] not in ("permit", "deny"):
        return
    text = words[6] if "/" in words[6] else f"{words[6]}/{words[7] if len(words) > 7 else ''}"
    try:
        network = _network(text)
    except ValueError:
        return
    bounds = {w: int(n) for w, n in itertools.pairwise(words) if n.isdigit()
              and w in ("greater-equal", "less-equal", "ge", "le")}
    ge = bounds.get("greater-equal", bounds.get("ge", 0))
    le = bounds.get("less-equal", bounds.get("le", 0))
    if not ge and not le:  # the exact prefix
        ge = le = network.prefixlen
    elif not ge:  # 'less-equal M' alone: from the prefix's own length
        ge = network.prefixlen
    elif not le:
        le = network.max_prefixlen
    lists.setdefault(words[2], []).append((words[5], network, ge, le))


@lru_cache(maxsize=4096)
def _network(text: str) -> Network:
    """ipaddress.ip_network, kept by text: a province's prefix lists repeat on every PE (81 texts in 14,546
    entries of the default model), and a network is never changed once made."""
    return ipaddress.ip_network(text)


def filter_entry(filters: dict[str, list[FilterEntry]], words: list[str]) -> None:
    """AS-path filters (Huawei 'ip as-path-filter F [index N] permit RE', Comware 'ip as-path F permit RE', IOS XE
    'ip as-path access-list N permit RE') and community filters (Huawei 'ip community-filter [basic|advanced] F
    [index N] permit ...', Comware and IOS XE 'ip community-list [basic|advanced|standard|expanded] F permit ...'),
    kept as 'as-path F' / 'community F' -> entries in order.

    >>> filters = {}
    >>> filter_entry(filters, "ip as-path-filter AS64512 permit _64512_".split())
    >>> filter_entry(filters, "ip as-path access-list 11 permit _64512_".split())
    >>> filter_entry(filters, "ip community-filter basic C index 10 permit 64548:9".split())
    >>> sorted(filters.items())  # doctest: +NORMALIZE_WHITESPACE
    [('as-path 11', [('permit', 'regex', '_64512_')]), ('as-path AS64512', [('permit', 'regex', '_64512_')]),
     ('community C', [('permit', 'basic', '64548:9')])]
    """
    if words[:2] != ["ip", "as-path-filter"] and words[:2] != ["ip", "as-path"] and \
            words[:2] not in (["ip", "community-filter"], ["ip", "community-list"]):
        return
    kind = "as-path" if words[1].startswith("as-path") else "community"
    rest = words[3:] if words[2:3] == ["access-list"] else words[2:]
    mode = "regex" if kind == "as-path" else "basic"
    if rest and rest[0] in ("basic", "standard", "advanced", "expanded"):
        mode = "regex" if rest[0] in ("advanced", "expanded") else "basic"
        rest = rest[1:]
    if len(rest) < 3:
        return
    name, rest = rest[0], rest[1:]
    if rest[0] == "index" and len(rest) > 3:
        rest = rest[2:]
    if rest[0] not in ("permit", "deny"):
        return
    if kind == "community" and name.isdigit():  # numbered lists: 1-99 basic, 100-199 advanced
        mode = "regex" if int(name) >= 100 else mode
    filters.setdefault(f"{kind} {name}", []).append((rest[0], mode, " ".join(rest[1:])))


def node(policies: dict[str, list[Node]], words: list[str]) -> None:
    """A node's first line: 'route-policy P permit node 10', 'route-map P permit 10'."""
    policies.setdefault(words[1], []).append((words[2], []))


def match(policies: dict[str, list[Node]], name: str, words: list[str], line: int = 0) -> None:
    """One line inside a node: its match clauses (Huawei 'if-match', Comware 'if-match', IOS XE 'match') and the
    sets that change what a passing route carries (community, AS path)."""
    nodes = policies.get(name)
    if not nodes or not words:
        return
    clauses = nodes[-1][1]
    if words[0] in ("apply", "set"):
        if words[1:2] == ["community"] and len(words) > 2:
            clauses.append(("apply-community", " ".join(words[2:]), line))
        elif words[1:2] == ["as-path"] and len(words) > 2:
            prepend = [w for w in words[2:] if w.isdigit()]
            clauses.append(("apply-as-path", " ".join(prepend), line))
        return
    if words[0] not in ("if-match", "match"):
        return
    clauses.append(_clause(words, line))


def _clause(words: list[str], line: int) -> Clause:
    """What one match line tests; ('unknown', the line's text) when verify cannot evaluate it."""
    rest = words[1:]
    if rest[:1] == ["ip-prefix"] or (rest[:1] == ["ip"] and "prefix-list" in rest[:-1]):
        return ("ip-prefix", words[-1], line)
    if rest[:1] == ["ipv6"] and "prefix-list" in rest[:-1]:
        return ("ipv6-prefix", words[-1], line)
    if rest[:1] in (["as-path-filter"], ["as-path"]) and len(rest) > 1:
        return ("as-path", " ".join(rest[1:]), line)
    if rest[:1] in (["community-filter"], ["community"]) and len(rest) > 1:
        return ("community", " ".join(rest[1:]), line)
    if rest[:1] == ["tag"] and len(rest) == 2 and rest[1].isdigit():
        return ("tag", rest[1], line)
    return ("unknown", " ".join(words), line)


def evaluate(facts: Facts, name: str, prefix: Network, attrs: Attrs = INTERNAL) -> Attrs | None:
    """What the policy does to a route: None when it denies it, else the route's attributes after the passing
    node's sets. A policy the config names but never defines passes everything (no finding from what cannot be
    read; GN926 says so).

    >>> from govnet.verify.scan import scan
    >>> text = ("ip ip-prefix OWN index 10 permit 10.0.0.0 8 less-equal 32\\nip as-path-filter N permit _64512_\\n"
    ...         "route-policy IN permit node 10\\n if-match ip-prefix OWN\\nroute-policy IN permit node 20\\n"
    ...         " if-match as-path-filter N\\n")
    >>> facts = scan("R", "r.cfg", text)
    >>> [evaluate(facts, "IN", ipaddress.ip_network(p)) is not None for p in ("10.1.0.0/16", "172.16.0.0/12")]
    [True, False]
    >>> evaluate(facts, "IN", ipaddress.ip_network("172.16.0.0/12"), ("64512 4134", frozenset(), 0)) is not None
    True
    """
    nodes = facts.route_policies.get(name)
    if nodes is None:
        return attrs
    for action, clauses in nodes:
        if all(_matches(facts, clause, prefix, attrs) for clause in clauses if clause[0] in EVALUATED or
               clause[0] == "unknown"):
            return _applied(clauses, attrs) if action == "permit" else None
    return None


def permits(facts: Facts, name: str, prefix: Network, attrs: Attrs = INTERNAL) -> bool:
    return evaluate(facts, name, prefix, attrs) is not None


def _applied(clauses: list[Clause], attrs: Attrs) -> Attrs:
    path, communities, tag = attrs
    for kind, argument, _ in clauses:
        if kind == "apply-community":
            words = argument.split()
            values = frozenset(w for w in words if w not in ("additive", "none"))
            communities = communities | values if "additive" in words else values
        elif kind == "apply-as-path":
            path = f"{argument} {path}".strip()
    return path, communities, tag


def _matches(facts: Facts, clause: Clause, prefix: Network, attrs: Attrs) -> bool:
    kind, argument, _ = clause
    if kind == "ip-prefix":
        return prefix.version == 4 and _listed(facts.prefix_lists.get(argument), prefix)
    if kind == "ipv6-prefix":
        return prefix.version == 6 and _listed(facts.prefix_lists6.get(argument), prefix)
    if kind == "tag":
        return attrs[2] == int(argument)
    if kind in ("as-path", "community"):  # several filters named on one line: any of them
        return any(_filtered(facts.route_filters.get(f"{kind} {name}"), kind, attrs)
                   for name in argument.split() if name != "whole-match")
    return False  # 'unknown': cannot be evaluated, so it passes nothing (GN926)


def _listed(entries: list[Entry] | None, prefix: Network) -> bool:
    for action, network, ge, le in entries or ():
        if network.version != prefix.version or not prefix.subnet_of(network):  # type: ignore[arg-type]
            continue
        if ge <= prefix.prefixlen <= le:
            return action == "permit"
    return False


def _filtered(entries: list[FilterEntry] | None, kind: str, attrs: Attrs) -> bool:
    path, communities, _ = attrs
    for action, mode, text in entries or ():
        if mode == "regex":  # an AS path, or the communities written one after another
            pattern = _regex(text)
            subject = path if kind == "as-path" else " ".join(sorted(communities))
            hit = pattern is not None and pattern.search(subject) is not None
        else:
            hit = set(text.split()) <= communities
        if hit:
            return action == "permit"
    return False


@lru_cache(maxsize=256)
def _regex(text: str) -> re.Pattern[str] | None:
    """A vendor regular expression in Python's words: '_' is the start, the end or a separator.

    >>> [bool(_regex("_64512_").search(p)) for p in ("64512", "4134 64512 7", "645120", "")]
    [True, True, False, False]
    """
    try:
        return re.compile(text.replace("_", r"(?:^|$|[ ,{}()])"))
    except re.error:
        return None


def unevaluable(facts: Facts, name: str) -> list[tuple[int, str, str]]:
    """The clauses of a policy verify cannot evaluate, for GN926: (line, why, what) with why 'match' (a match of
    another kind: its text), 'undefined' (a list or filter the config never defines: its kind and name) or 'regex'
    (a filter whose regular expression cannot be read: its kind and name)."""
    found = []
    for _, clauses in facts.route_policies.get(name, ()):
        for kind, argument, line in clauses:
            if kind == "unknown":
                found.append((line, "match", argument))
            elif kind in ("ip-prefix", "ipv6-prefix"):
                lists = facts.prefix_lists if kind == "ip-prefix" else facts.prefix_lists6
                if argument not in lists:
                    found.append((line, "undefined", f"prefix list {argument}"))
            elif kind in ("as-path", "community"):
                for filter_name in argument.split():
                    entries = facts.route_filters.get(f"{kind} {filter_name}")
                    if filter_name == "whole-match":
                        continue
                    if entries is None:
                        found.append((line, "undefined", f"{kind} filter {filter_name}"))
                    elif any(mode == "regex" and _regex(text) is None for _, mode, text in entries):
                        found.append((line, "regex", f"{kind} filter {filter_name}"))
    return found


def signature(facts: Facts, name: str) -> tuple[object, ...]:
    """What a policy does, whatever it is called: its nodes with the entries of the lists and filters they name."""
    nodes = facts.route_policies.get(name)
    if nodes is None:
        return ("undefined",)
    return tuple((action, tuple((kind, argument, _resolved(facts, kind, argument)) for kind, argument, _ in clauses))
                 for action, clauses in nodes)


def _resolved(facts: Facts, kind: str, argument: str) -> object:
    if kind == "ip-prefix":
        return tuple(facts.prefix_lists.get(argument, ()))
    if kind == "ipv6-prefix":
        return tuple(facts.prefix_lists6.get(argument, ()))
    if kind in ("as-path", "community"):
        return tuple(tuple(facts.route_filters.get(f"{kind} {n}", ())) for n in argument.split())
    return None
