"""Village coverage (村/社区覆盖率): villages with a connection (a village site of the model with its uplink) or
an active unit, over every village the national table lists, per county, city and province."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from typing import Any

from govnet.model.types import Model
from govnet.reference import divisions


def connected_villages(model: Model) -> set[str]:
    """Village sites whose uplinks the model builds."""
    return {link.owner for link in model.links if link.implied and link.owner and len(link.owner) == 12}


def table_villages(townships: Iterable[str]) -> list[str]:
    return [code for township in townships for code, _ in divisions.villages_of(township)]


def village_coverage(model: Model, active_divisions: Collection[str] = ()) -> dict[str, Any] | None:
    """Coverage per county, city and province; None for a model without villages (nothing to report)."""
    active = frozenset(active_divisions)
    # The registry statistics, the compliance report and the site each ask, of the same model and active units:
    # worked out once a process (a fresh copy each time: a caller may keep or change what it gets).
    last = _LAST[0] if _LAST else None
    if last is None or last[0] is not model or last[1] != active:
        last = (model, active, _coverage(model, active))
        _LAST[:] = [last]
    found = last[2]
    if found is None:
        return None
    return {level: ({key: dict(row) for key, row in rows.items()} if level != "province" else dict(rows))
            for level, rows in found.items()}


_LAST: list[tuple[Model, frozenset[str], dict[str, Any] | None]] = []  # the last answer, with what it was for


def _coverage(model: Model, active_divisions: Collection[str]) -> dict[str, Any] | None:
    if not any(site.level == "village" for site in model.sites):
        return None
    covered = connected_villages(model) | {d for d in active_divisions if len(d) == 12}
    townships = sorted(s.key for s in model.site_by_key.values() if s.level == "township")
    everything = set(table_villages(townships)) | {s.key for s in model.sites if s.level == "village"}
    hits = everything & covered
    # villages per county, city and province prefix; covered ones in covers (counted per county, then summed up:
    # slicing each of 22,000 codes three times cost more than the rest of the report)
    counts, covers = _per_prefix(everything), _per_prefix(hits)

    def row(prefix: str) -> dict[str, Any]:
        hit, total = covers[prefix], counts[prefix]
        return {"name": (model.site_by_key[prefix].name if prefix in model.site_by_key else ""), "covered": hit,
                "villages": total, "share": round(hit / total, 4) if total else 0.0}

    return {"province": row(model.province.key),
            "cities": {p: row(p) for p in sorted(counts) if len(p) == 4},
            "counties": {p: row(p) for p in sorted(counts) if len(p) == 6}}


def _per_prefix(codes: Iterable[str]) -> Counter[str]:
    """How many ``codes`` begin with each 6-, 4- and 2-character prefix of one.

    >>> sorted(_per_prefix(["360102001001", "360102001002", "360203001001"]).items())
    [('36', 3), ('3601', 2), ('360102', 2), ('3602', 1), ('360203', 1)]
    """
    counties: Counter[str] = Counter(code[:6] for code in codes)
    found = Counter(counties)
    for length in (4, 2):
        for county, n in counties.items():
            found[county[:length]] += n
    return found
