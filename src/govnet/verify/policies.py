"""Route policies as the configs write them, read back and applied to a prefix: prefix lists (Huawei 'ip
ip-prefix', Comware 'ip prefix-list ... index', IOS XE 'ip prefix-list ... seq') and the route-policy / route-map
nodes that match them. What a VPN instance exports or imports passes its policy here (govnet.verify.reach)."""

from __future__ import annotations

import ipaddress
import itertools

Entry = tuple[str, ipaddress.IPv4Network, int, int]  # action, network, ge, le (0, 0: the exact prefix)
Node = tuple[str, list[str]]  # action, the prefix lists it matches (none: every route)


def prefix_entry(lists: dict[str, list[Entry]], words: list[str]) -> None:
    """Huawei 'ip ip-prefix N index 10 permit A L [greater-equal G] [less-equal M]', Comware 'ip prefix-list N
    index 10 permit A L ...', IOS XE 'ip prefix-list N seq 10 permit A/L [ge G] [le M]'.

    >>> lists = {}
    >>> prefix_entry(lists, "ip prefix-list X seq 10 permit 10.0.0.0/8 le 32".split())
    >>> prefix_entry(lists, "ip ip-prefix X index 20 permit 10.1.0.50 31".split())
    >>> lists["X"]
    [('permit', IPv4Network('10.0.0.0/8'), 8, 32), ('permit', IPv4Network('10.1.0.50/31'), 0, 0)]
    """
    if len(words) < 7 or words[5] not in ("permit", "deny"):
        return
    text = words[6] if "/" in words[6] else f"{words[6]}/{words[7] if len(words) > 7 else ''}"
    try:
        network = ipaddress.IPv4Network(text)
    except ValueError:
        return
    bounds = {w: int(n) for w, n in itertools.pairwise(words) if n.isdigit()
              and w in ("greater-equal", "less-equal", "ge", "le")}
    ge = bounds.get("greater-equal", bounds.get("ge", 0))
    le = bounds.get("less-equal", bounds.get("le", 0))
    if le and not ge:
        ge = network.prefixlen
    if ge and not le:
        le = 32
    lists.setdefault(words[2], []).append((words[5], network, ge, le))


def match(policies: dict[str, list[Node]], name: str, words: list[str]) -> None:
    """A node's match line: Huawei 'if-match ip-prefix L', Comware 'if-match ip address prefix-list L', IOS XE
    'match ip address prefix-list L'."""
    nodes = policies.get(name)
    if not nodes or not words:
        return
    if (words[0] in ("if-match", "match") and "prefix-list" in words[:-1]) or words[:2] == ["if-match", "ip-prefix"]:
        nodes[-1][1].append(words[-1])


def permits(policies: dict[str, list[Node]], lists: dict[str, list[Entry]], name: str,
            prefix: ipaddress.IPv4Network) -> bool:
    """Whether the policy passes a route for ``prefix``: its first node that matches decides; none: denied. A
    policy the config names but never defines passes everything (no finding from what cannot be read).

    >>> lists = {"OWN": [("permit", ipaddress.IPv4Network("10.0.0.0/8"), 8, 32)]}
    >>> policies = {"OUT": [("permit", ["OWN"])]}
    >>> [permits(policies, lists, "OUT", ipaddress.IPv4Network(p)) for p in ("10.1.0.0/16", "172.16.0.0/12")]
    [True, False]
    """
    nodes = policies.get(name)
    if nodes is None:
        return True
    for action, names in nodes:
        if not names or any(_listed(lists.get(n, []), prefix) for n in names):
            return action == "permit"
    return False


def _listed(entries: list[Entry], prefix: ipaddress.IPv4Network) -> bool:
    for action, network, ge, le in entries:
        if not prefix.subnet_of(network):
            continue
        if (ge == le == 0 and prefix.prefixlen == network.prefixlen) or (ge <= prefix.prefixlen <= le and ge):
            return action == "permit"
    return False
