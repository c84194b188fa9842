"""Registry statistics: units by MLPS level, zone, class and status; township and village coverage; own internet
exits."""

from __future__ import annotations

from collections import Counter
from typing import Any

from govnet.model.types import Model
from govnet.records.coverage import village_coverage
from govnet.registry import lifecycle as lc


def statistics(model: Model) -> dict[str, Any]:
    assert model.registry is not None
    units = model.registry.units
    # One pass over the units (a registry may hold 100,000); revoked units count only by status.
    by_status = dict.fromkeys(lc.STATUS_ZH, 0)
    by_class: Counter[str] = Counter()
    by_level: Counter[int] = Counter()
    by_zone: Counter[str] = Counter()
    active_sites: set[str] = set()
    own_exit = []
    for u in units:
        by_status[u.status] += 1
        if u.status == "active":
            active_sites.update((u.site, u.division))
        elif u.status == "revoked":
            continue
        by_class[u.access_class] += 1
        by_level[u.mlps.level if u.mlps else 0] += 1
        by_zone.update(u.zones)
        if u.internet != "none":
            by_zone["internet (" + u.internet + ")"] += 1
            if u.internet == "own":
                own_exit.append(u.id)
    townships = [s.key for s in model.sites if s.level == "township"]
    covered = sum(1 for key in townships if key in active_sites)
    found: dict[str, Any] = {
        "units": len(units),
        "by_status": by_status,
        "by_class": dict(sorted(by_class.items())),
        "by_mlps_level": {str(k): v for k, v in sorted(by_level.items())},
        "by_zone": dict(sorted(by_zone.items())),
        "township_coverage": {"covered": covered, "townships": len(townships),
                              "share": round(covered / len(townships), 4) if townships else 0.0},
        "own_internet_exit": {"count": len(own_exit), "units": sorted(own_exit)},
    }
    villages = village_coverage(model, active_sites)
    if villages is not None:  # only models with villages: the others' statistics stay as they were
        found["village_coverage"] = villages
    return found


def summary_rows(stats: dict[str, Any]) -> list[list[object]]:
    """The summary sheet of the ledger, in Chinese."""
    rows: list[list[object]] = [["接入单位统计"], ["单位总数", stats["units"]], []]
    rows += [["按状态", "数量"]] + [[lc.STATUS_ZH[k], v] for k, v in stats["by_status"].items()] + [[]]
    rows += [["按接入类别", "数量（不含已撤销）"]] + [[k, v] for k, v in stats["by_class"].items()] + [[]]
    rows += [["按等保级别", "数量"]] + [[f"{k}级" if k != "0" else "未定级", v]
                                   for k, v in stats["by_mlps_level"].items()] + [[]]
    rows += [["按接入区域", "数量"]] + [[k, v] for k, v in stats["by_zone"].items()] + [[]]
    coverage = stats["township_coverage"]
    rows += [["乡镇（街道）覆盖率", f"{coverage['share']:.1%}", f"{coverage['covered']}/{coverage['townships']}"]]
    rows += [["自有互联网出口单位（待整合）", stats["own_internet_exit"]["count"]]]
    villages = stats.get("village_coverage")
    if villages:
        rows += [[], ["村（社区）覆盖率", "覆盖率", "已覆盖/村（社区）总数"]]
        for level in ("province", "cities", "counties"):
            entries = [villages[level]] if level == "province" else list(villages[level].values())
            rows += [[e["name"], f"{e['share']:.1%}", f"{e['covered']}/{e['villages']}"] for e in entries]
    return rows


def markdown(stats: dict[str, Any]) -> str:
    coverage = stats["township_coverage"]
    lines = ["# 接入单位统计 (access registry statistics)", "", f"- units: {stats['units']}",
             f"- township coverage: {coverage['covered']}/{coverage['townships']} ({coverage['share']:.1%})",
             f"- own internet exits (to be consolidated): {stats['own_internet_exit']['count']}", ""]
    villages = stats.get("village_coverage")
    if villages:
        lines += ["| 村（社区）覆盖 (village coverage) | covered | villages | share |", "|---|---|---|---|"]
        entries = [villages["province"], *villages["cities"].values(), *villages["counties"].values()]
        lines += [f"| {e['name']} | {e['covered']} | {e['villages']} | {e['share']:.1%} |" for e in entries] + [""]
    for title, key in (("status", "by_status"), ("class", "by_class"), ("MLPS level", "by_mlps_level"),
                       ("zone", "by_zone")):
        lines += [f"| {title} | units |", "|---|---|"] + [f"| {k} | {v} |" for k, v in stats[key].items()] + [""]
    return "\n".join(lines)
