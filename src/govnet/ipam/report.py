"""`govnet ipam report`: how full each pool and each level's blocks are, and where the room is."""

from __future__ import annotations

import bisect
import csv
import io
import itertools
import json
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

from govnet.ipam import bfd, ports, priorities, vlans
from govnet.ipam.keys import SITE, key_text, kind_of
from govnet.ipam.plan import Plan
from govnet.ipam.prefix import BITS, FAMILY_OF, Net, subtract
from govnet.ipam.requests import LEVEL_ORDER, NUMBER_POOLS, Request

LARGEST = 5


def cidrs(start: int, end: int, family: int) -> list[Net]:
    """The fewest prefixes covering [start, end).

    >>> [str(n) for n in cidrs(0x0A000000, 0x0A000000 + 384, 4)]
    ['10.0.0.0/24', '10.0.1.0/25']
    """
    bits = BITS[family]
    found = []
    while start < end:
        size = start & -start if start else 1 << bits
        while size > end - start:
            size >>= 1
        found.append(Net(family, start, bits - size.bit_length() + 1))
        start += size
    return found


class Entries(NamedTuple):
    """Every entry of a plan's lock, live and stale, as the address reports and the site's address search read
    them: the keys in order and the requests by key (a build's worker asks for both of the same plan three times,
    one after the other: the default model's 65,000 keys sorted and its requests mapped once, not three times).
    Keys are not kept split: a list of 65,000 split keys cost more to keep than splitting each as it is read."""

    keys: list[str]  # decisions and stale entries (never the same key), sorted
    requests: dict[str, Request]  # by key (the last one of a key wins, as a dict built from the list keeps it)


def entries(plan: Plan) -> Entries:
    """The plan's Entries, worked out once a process for the last plan asked of (callers only read them)."""
    if not _ENTRIES or _ENTRIES[0][0] is not plan:
        keys = sorted({**plan.outcome.stale, **plan.outcome.decisions})
        _ENTRIES[:] = [(plan, Entries(keys, {r.key: r for r in plan.needs.requests}))]
    return _ENTRIES[0][1]


_ENTRIES: list[tuple[Plan, Entries]] = []  # the last plan asked of, and its entries


def utilisation(plan: Plan) -> dict[str, Any]:
    decisions, stale = plan.outcome.decisions, plan.outcome.stale
    requests = entries(plan).requests
    used_in: Counter[str] = Counter()  # block key -> addresses held by its direct children
    for request in plan.needs.requests:
        if request.parent is not None:
            net = decisions.get(request.key)
            if net is not None:
                used_in[request.parent] += net.size
    # One pass over every entry (stale ones first, as the lock's reserved entries are listed), each key split
    # once: per pool its spans, its entries by kind, and per level how full its site blocks are.
    by_pool: dict[tuple[str, str], tuple[list[tuple[int, int]], Counter[str], dict[str, dict[str, Any]]]] = {}
    # the pools of numbers (unit VLANs, port positions, discriminators, priorities) are not reported below
    numbers = {key for key, pool in plan.needs.pools.items() if pool.domain in NUMBER_POOLS}
    for k, n in itertools.chain(stale.items(), decisions.items()):
        name, family, kind, subject = k.split(" ", 3)
        group = by_pool.get((name, family))
        if group is None:
            if (name, family) in numbers:
                continue
            group = by_pool[(name, family)] = ([], Counter(), {})
        spans, kinds, levels = group
        spans.append((n.start, n.start + (1 << ((32 if n.family == 4 else 128) - n.length))))
        r = requests.get(k)
        if r is None:
            kinds["reserved (removed)"] += 1
            continue
        kinds[kind] += 1
        if kind != SITE or r.level is None or k not in decisions:
            continue
        share = used_in[k] / n.size
        entry = levels.get(r.level)
        if entry is None:
            entry = levels[r.level] = {"level": r.level, "blocks": 0, "lengths": set(), "mean": 0.0, "max": 0.0,
                                       "fullest": ""}
        entry["blocks"] += 1
        entry["lengths"].add(n.length)
        entry["mean"] += share
        if share >= entry["max"]:
            entry["max"], entry["fullest"] = share, subject
    pools = []
    for (name, family), pool in sorted(plan.needs.pools.items()):
        if pool.domain in NUMBER_POOLS:  # numbers, not addresses (govnet.ipam.vlans, ports, bfd, priorities)
            continue
        spans, kinds, levels = by_pool.get((name, family), ([], Counter(), {}))
        total = sum(b.size for b in pool.blocks)
        spans.sort()
        free: list[Net] = []
        for block in pool.blocks:
            for a, b in subtract(block.start, block.end, spans):
                free += cidrs(a, b, FAMILY_OF[family])
        free.sort(key=lambda n: (n.length, n.start))
        free_total = sum(n.size for n in free)
        rows = []
        for entry in sorted(levels.values(), key=lambda e: LEVEL_ORDER.get(e["level"], 8)):
            rows.append({"level": entry["level"], "blocks": entry["blocks"],
                         "lengths": sorted(entry["lengths"]), "used_mean": round(entry["mean"] / entry["blocks"], 4),
                         "used_max": round(entry["max"], 4), "fullest": entry["fullest"]})
        pools.append({
            "pool": name, "family": family, "domain": pool.domain, "blocks": [str(b) for b in pool.blocks],
            "addresses": total, "free_at_top": free_total, "used_at_top": round(1 - free_total / total, 4),
            "largest_free": [str(n) for n in free[:LARGEST]], "entries": dict(sorted(kinds.items())),
            "levels": rows,
        })
    return {"pools": pools, "entries": len(stale) + len(decisions), "reserved_for_removed": len(stale)}


def plan_csv(plan: Plan, port_name: Callable[[str, int], str | None] | None = None,
             written: Mapping[str, str] | None = None) -> str:
    """Every allocation, one row each, for spreadsheets and other tools. Unit VLANs (govnet.ipam.vlans), port
    positions (govnet.ipam.ports), BFD discriminators (ipam.bfd) and zone priorities (ipam.priorities) are kept in
    the lock as prefixes of number pools; here they are what an operator reads, with no prefix and no address
    family: a VLAN id (a site's block: the range it hands out) in the ``vlan`` column, a discriminator or priority
    (a block: its range) in the ``number`` column, and a port in the ``port`` column: its interface name when
    ``port_name`` (a port end's subject and its index among the device's ports of that speed) knows it, else
    ``<speed> #<index>`` (a block: its speed).
    ``written``: key -> prefix as a sealed lock writes it (govnet.ipam.lockfile.read_sealed), the text ``str`` of
    the prefix gives, taken instead of formatting 50,000 prefixes again."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["pool", "family", "kind", "subject", "prefix", "vlan", "port", "site", "status", "number"])
    # Live decisions and stale entries never share a key (stale: in the lock, requested by nothing), so rows sort
    # by key alone; each key is split once (a key's text always names pool, family, kind and subject).
    decisions = {**plan.outcome.stale, **plan.outcome.decisions}
    stale = plan.outcome.stale
    every = entries(plan)
    requests = every.requests
    text = written if written is not None else {}
    vlan_prefix = f"{vlans.POOL} "
    blocks = sorted(n for k, n in decisions.items() if k.startswith(vlan_prefix) and kind_of(k) == vlans.BLOCK)
    find_block = _block_finder(blocks)
    rows = []
    for k in every.keys:
        pool, family, kind, subject = k.split(" ", 3)
        net = decisions[k]
        status = "reserved (removed)" if k in stale else "allocated"
        request = requests.get(k)
        site = (request.site or "") if request is not None else ""
        if pool == ports.POOL:
            rows.append((pool, "", kind, subject, "", "", _port_cell(kind, subject, decisions, port_name),
                         site, status, ""))
        elif pool in (bfd.POOL, priorities.POOL):
            rows.append((pool, "", kind, subject, "", "", "", site, status, _number_cell(pool, kind, subject,
                                                                                         decisions)))
        elif pool != vlans.POOL:
            rows.append((pool, family, kind, subject, text.get(k) or str(net), "", "", site, status, ""))
        else:
            if kind == vlans.BLOCK:
                vlan = f"{vlans.FIRST_VLAN}-{vlans.MAX_VLAN}"
            else:
                block = find_block(net.start)
                number = vlans.FIRST_VLAN + net.start - block.start if block else None
                vlan = str(number) if number is not None and number <= vlans.MAX_VLAN else "none (past 4094)"
            rows.append((pool, "", kind, subject, "", vlan, "", site, status, ""))
    return out.getvalue() + _csv_rows(rows)


def _csv_rows(rows: Sequence[tuple[str, ...]]) -> str:
    """``rows`` as a csv writer with ``lineterminator="\\n"`` writes them (a field quoted when it holds a comma, a
    quote or a line end): joined directly when no field does, which counting the separators proves (the csv module
    took 0.12 s for the 65,000 rows of the default model, the join 0.03 s).

    >>> _csv_rows([("a", "b"), ("", "c d")]), _csv_rows([("a,b", "c"), ("x", "")])
    ('a,b\\n,c d\\n', '"a,b",c\\nx,\\n')
    """
    text = "\n".join(map(",".join, rows)) + "\n" if rows else ""
    commas = sum(len(row) - 1 for row in rows)
    if text.count(",") == commas and text.count("\n") == len(rows) and '"' not in text and "\r" not in text:
        return text
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _block_finder(blocks: list[Net]) -> Callable[[int], Net | None]:
    """The first of the sorted ``blocks`` holding a number: by bisection (a linear scan per unit VLAN cost 1.5 s
    on the default model's 3,900 VLANs), or by the scan where blocks overlap (then the first one wins).

    >>> from govnet.ipam.prefix import parse_net
    >>> find = _block_finder(sorted([parse_net("0.0.0.0/24"), parse_net("0.0.2.0/24")]))
    >>> str(find(0x205)), find(0x105)
    ('0.0.2.0/24', None)
    """
    starts = [b.start for b in blocks]
    if any(a.end > b.start or a.family != b.family for a, b in itertools.pairwise(blocks)):
        return lambda number: next((b for b in blocks if b.start <= number < b.end), None)

    def find(number: int) -> Net | None:
        i = bisect.bisect_right(starts, number) - 1
        return blocks[i] if i >= 0 and number < blocks[i].end else None

    return find


def _port_cell(kind: str, subject: str, decisions: Mapping[str, Net],
               port_name: Callable[[str, int], str | None] | None) -> str:
    """The ``port`` column of a port row (doctest: without names, a port end reads as its speed and index).

    >>> from govnet.ipam.prefix import parse_net
    >>> d = {ports.block_key("R1@1G>R2"): parse_net("0.0.16.0/20"),
    ...      ports.port_key("R1@1G>R2"): parse_net("0.0.16.5/32")}
    >>> _port_cell(ports.LEAF, "R1@1G>R2", d, None)
    '1G #5'
    >>> _port_cell(ports.BLOCK, "R1@1G", d, None)
    '1G'
    """
    block = subject.partition(">")[0]  # ports.block_subject
    speed = block.rsplit("@", 1)[-1]
    if kind == ports.BLOCK:
        return speed
    # ports.index_of, with the keys this row already has (its own is the port's)
    start = decisions.get(key_text(ports.POOL, ports.FAMILY, ports.BLOCK, block))
    net = decisions.get(key_text(ports.POOL, ports.FAMILY, ports.LEAF, subject))
    if start is None or net is None or not start.start <= net.start < start.start + start.size:
        return ""
    index = net.start - start.start
    name = port_name(subject, index) if port_name is not None else None
    return name or f"{speed} #{index}"


def _number_cell(pool: str, kind: str, subject: str, decisions: Mapping[str, Net]) -> str:
    """The ``number`` column of a BFD discriminator or zone priority row: the number the configs carry (a block:
    the range it hands out).

    >>> from govnet.ipam.prefix import parse_net
    >>> d = {priorities.block_key("36"): parse_net("0.0.1.0/25"),
    ...      priorities.priority_key("36", "public"): parse_net("0.0.1.1/32")}
    >>> _number_cell(priorities.POOL, priorities.LEAF, "36>public", d), _number_cell(bfd.POOL, bfd.BLOCK, "R1@bfd", d)
    ('83', '1000-5095')
    """
    if pool == bfd.POOL:
        if kind == bfd.BLOCK:
            return f"{bfd.BASE}-{bfd.BASE + (1 << (32 - bfd.BLOCK_LENGTH)) - 1}"
        device, _, rest = subject.partition(">")
        far, zone, family = rest.split(":")
        number = bfd.discriminator(decisions, device, far, zone, 6 if family == "ipv6" else 4)
    else:
        if kind == priorities.BLOCK:
            return f"{priorities.PRIORITIES[0]}-{priorities.PRIORITIES[-1]}"
        site, _, zone = subject.partition(">")
        number = priorities.priority_of(decisions, site, zone)
    return "" if number is None else str(number)


def report_json(usage: dict[str, Any]) -> str:
    return json.dumps(usage, ensure_ascii=False, indent=2) + "\n"


def report_text(usage: dict[str, Any]) -> str:
    lines = [f"{usage['entries']} allocations ({usage['reserved_for_removed']} reserved for removed things)", ""]
    for pool in usage["pools"]:
        entries = ", ".join(f"{n} {k}" for k, n in pool["entries"].items()) or "nothing yet"
        lines.append(f"{pool['pool']} {pool['family']} ({pool['domain']}) {' '.join(pool['blocks'])}: "
                     f"{pool['used_at_top']:.1%} of {pool['addresses']} addresses delegated at the top level; "
                     f"{entries}")
        for row in pool["levels"]:
            lengths = "/".join(f"/{n}" for n in row["lengths"])
            lines.append(f"  {row['level']:<9} {row['blocks']:>5} blocks of {lengths:<5} used mean "
                         f"{row['used_mean']:.1%}, max {row['used_max']:.1%} ({row['fullest']})")
        lines.append(f"  largest free: {', '.join(pool['largest_free']) or 'none'}")
        lines.append("")
    return "\n".join(lines)
