"""Village coverage (村/社区覆盖率): villages with a connection (a village site of the model with its uplink) or
an active unit, over every village the national table lists, per county, city and province."""

from __future__ import annotations

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
    if not any(site.level == "village" for site in model.sites):
        return None
    covered = connected_villages(model) | {d for d in active_divisions if len(d) == 12}
    townships = sorted(s.key for s in model.site_by_key.values() if s.level == "township")
    everything = set(table_villages(townships)) | {s.key for s in model.sites if s.level == "village"}
    counts: dict[str, list[int]] = {}
    for code in everything:
        hit = code in covered
        for prefix in (code[:6], code[:4], code[:2]):
            entry = counts.setdefault(prefix, [0, 0])
            entry[0] += hit
            entry[1] += 1

    def row(prefix: str) -> dict[str, Any]:
        hit, total = counts.get(prefix, [0, 0])
        return {"name": (model.site_by_key[prefix].name if prefix in model.site_by_key else ""), "covered": hit,
                "villages": total, "share": round(hit / total, 4) if total else 0.0}

    return {"province": row(model.province.key),
            "cities": {p: row(p) for p in sorted(counts) if len(p) == 4},
            "counties": {p: row(p) for p in sorted(counts) if len(p) == 6}}
