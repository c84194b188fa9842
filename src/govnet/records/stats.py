"""Registry statistics: units by MLPS level, zone, class and status; township and village coverage; own internet
exits; the same per city. The JSON keeps identifiers (zone names, status keys); the sheet and the Markdown are in
Chinese."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any, get_args

from govnet.checks.registry import normal_division
from govnet.model.types import Model
from govnet.records.coverage import village_coverage
from govnet.records.xlsx import Percent
from govnet.registry import lifecycle as lc
from govnet.schema.registry import AccessClass

PROVINCE = "省直"
INTERNET_KEY = "internet ({})"  # by_zone key of units using an internet exit, by kind


def statistics(model: Model) -> dict[str, Any]:
    assert model.registry is not None
    units = model.registry.units
    # One pass over the units (a registry may hold 100,000); revoked units count only by status.
    by_status = dict.fromkeys(lc.STATUS_ZH, 0)
    # Every class and every zone a unit may join has its row, in the model's order, 0 where no unit is: a clerk's
    # table that leaves out the empty rows reads as if the class or zone did not exist.
    by_class: Counter[str] = Counter(dict.fromkeys(get_args(AccessClass), 0))
    by_level: Counter[int] = Counter()
    by_zone: Counter[str] = Counter()
    active_sites: set[str] = set()
    own_exit = []
    city_units: Counter[str] = Counter()
    city_active: Counter[str] = Counter()
    city_own: Counter[str] = Counter()
    cities: dict[str, str] = {}
    for u in units:
        by_status[u.status] += 1
        city = cities.get(u.division)
        if city is None:
            key = normal_division(u.division) or u.division
            city = cities[u.division] = key[:4] if len(key) >= 4 else ""  # as the ledger's sheets
        city_units[city] += 1
        if u.status == "active":
            active_sites.update((u.site, u.division))
            city_active[city] += 1
        elif u.status == "revoked":
            continue
        by_class[u.access_class] += 1
        by_level[u.mlps.level if u.mlps else 0] += 1
        by_zone.update(u.zones)
        if u.internet != "none":
            by_zone[INTERNET_KEY.format(u.internet)] += 1
            if u.internet == "own":
                own_exit.append(u.id)
                city_own[city] += 1
    townships = [s.key for s in model.sites if s.level == "township"]
    covered = sum(1 for key in townships if key in active_sites)
    city_townships: Counter[str] = Counter(key[:4] for key in townships)
    city_covered: Counter[str] = Counter(key[:4] for key in townships if key in active_sites)
    by_city = {
        city: {"units": city_units[city], "active": city_active[city], "own_internet_exit": city_own[city],
               "townships": city_townships[city], "covered": city_covered[city]}
        for city in sorted(set(city_units) | set(city_townships))}
    found: dict[str, Any] = {
        "units": len(units),
        "by_status": by_status,
        "by_class": dict(sorted(by_class.items())),
        "by_zone": _zones_in_order(model, by_zone),
        "by_mlps_level": {str(k): v for k, v in sorted(by_level.items())},
        "by_city": by_city,
        "township_coverage": {"covered": covered, "townships": len(townships),
                              "share": round(covered / len(townships), 4) if townships else 0.0},
        "own_internet_exit": {"count": len(own_exit), "units": sorted(own_exit)},
    }
    villages = village_coverage(model, active_sites)
    if villages is not None:  # only models with villages: the others' statistics stay as they were
        found["village_coverage"] = villages
    return found


def _zones_in_order(model: Model, counted: Counter[str]) -> dict[str, int]:
    """Units per zone in zone-number order, each zone a unit may join (not the internet zone: units reach it by
    their exit, counted after the zones) with 0 where none has; then the internet exits by kind."""
    zones = sorted(model.zones, key=lambda z: z.number)
    found = {z.name: counted[z.name] for z in zones if z.kind != "internet" or counted[z.name]}
    found.update({key: n for key, n in sorted(counted.items()) if key not in found})
    return found


def zone_label(key: str, titles: Mapping[str, str]) -> str:
    """A by_zone key in Chinese: the zone's title, or the kind of internet exit.

    >>> zone_label("internet (own)", {}), zone_label("public", {"public": "公用网络区"})
    ('互联网出口（自有出口）', '公用网络区')
    """
    for kind, words in lc.INTERNET_ZH.items():
        if key == INTERNET_KEY.format(kind):
            return f"互联网出口（{words}）"
    return titles.get(key, key)


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "—"


# The words the ledger's summary sheet and statistics.md share: they said 单位总数 / 接入单位总数, 数量 / 单位数,
# A / A 类, 3级 / 第3级 (the forms and the site say 第3级), 已覆盖乡镇 / 已覆盖, 村（社区）总数 / 村（社区）.
TOTAL = "接入单位总数"
UNITS, UNITS_COUNTED = "单位数", "单位数（不含已撤销）"  # by status every unit; by class, level, zone the live ones
CITY_COLUMNS = ("单位数", "已开通", "自有互联网出口", "乡镇（街道）", "已覆盖", "覆盖率")
VILLAGE_COLUMNS = ("已覆盖", "村（社区）", "覆盖率")


def class_label(key: str) -> str:
    return f"{key} 类"


def mlps_label(key: str) -> str:
    return f"第{key}级" if key != "0" else "未定级"


def summary_rows(stats: Mapping[str, Any], zone_titles: Mapping[str, str] | None = None,
                 city_names: Mapping[str, str] | None = None) -> list[list[object]]:
    """The summary sheet of the ledger, in Chinese: totals, then one row per city."""
    titles, names = zone_titles or {}, city_names or {}
    rows: list[list[object]] = [["接入单位统计"], [TOTAL, stats["units"]],
                                ["自有互联网出口单位（待整合）", stats["own_internet_exit"]["count"]], []]
    rows += [["按状态", UNITS]] + [[lc.STATUS_ZH[k], v] for k, v in stats["by_status"].items()] + [[]]
    rows += [["按接入类别", UNITS_COUNTED]] + [[class_label(k), v] for k, v in stats["by_class"].items()] + [[]]
    rows += [["按等保级别", UNITS_COUNTED]] + [[mlps_label(k), v] for k, v in stats["by_mlps_level"].items()] + [[]]
    rows += [["按接入区域", UNITS_COUNTED]] + [[zone_label(k, titles), v]
                                            for k, v in stats["by_zone"].items()] + [[]]
    coverage = stats["township_coverage"]
    # shares and counts as numbers (a spreadsheet shows a Percent as 94.0%), so that they sort and add up
    rows += [["覆盖", "已覆盖", "总数", "覆盖率"],
             ["乡镇（街道）", coverage["covered"], coverage["townships"], Percent(coverage["share"])], []]
    rows += [["按设区市", *CITY_COLUMNS]]
    for city, c in stats.get("by_city", {}).items():
        label = f"{city} {names.get(city, '')}".strip() if city else PROVINCE
        rows.append([label, c["units"], c["active"], c["own_internet_exit"], c["townships"], c["covered"],
                     Percent(c["covered"] / c["townships"]) if c["townships"] else "—"])
    villages = stats.get("village_coverage")
    if villages:
        rows += [[], ["村（社区）覆盖", *VILLAGE_COLUMNS]]
        for level in ("province", "cities", "counties"):
            entries = [villages[level]] if level == "province" else list(villages[level].values())
            rows += [[e["name"], e["covered"], e["villages"], Percent(e["share"])] for e in entries]
    return rows


STATUS_ORDER = tuple(lc.STATUS_ZH)


def _cell(text: str) -> str:
    r"""A name as a Markdown table cell: a '|' in it would end the cell and shift the row.

    >>> print(_cell("南昌|市"))
    南昌\|市
    """
    return text.replace("|", r"\|")


def markdown(stats: Mapping[str, Any], zone_titles: Mapping[str, str] | None = None,
             city_names: Mapping[str, str] | None = None, *, date: str = "") -> str:
    """statistics.md for the office, in Chinese; ``date`` is the build date printed under the title."""
    titles, names = zone_titles or {}, city_names or {}
    coverage = stats["township_coverage"]
    lines = ["# 接入单位统计", ""]
    if date:
        lines += [f"生成日期：{date}", ""]  # the build's date: 统计基准日 is the registry's as_of (compliance.md)
    lines += [f"- {TOTAL}：{stats['units']}",
              f"- 乡镇（街道）覆盖：{coverage['covered']}/{coverage['townships']}（{coverage['share']:.1%}）",
              f"- 自有互联网出口单位（待整合）：{stats['own_internet_exit']['count']}", ""]
    labels: dict[str, Callable[[str], str]] = {
        "状态": lambda k: lc.STATUS_ZH.get(k, k), "接入类别": class_label,
        "等保级别": mlps_label, "接入区域": lambda k: zone_label(k, titles)}
    for (title, say), key in zip(labels.items(), ("by_status", "by_class", "by_mlps_level", "by_zone"), strict=True):
        counted = UNITS if key == "by_status" else UNITS_COUNTED
        lines += [f"## 按{title}", "", f"| {title} | {counted} |", "|---|---:|"]
        lines += [f"| {_cell(say(k))} | {v} |" for k, v in stats[key].items()] + [""]
    by_city = stats.get("by_city", {})
    if by_city:
        lines += ["## 按设区市", "", "| " + " | ".join(("设区市", *CITY_COLUMNS)) + " |",
                  "|---|---:|---:|---:|---:|---:|---:|"]
        for city, c in by_city.items():
            label = f"{city} {names.get(city, '')}".strip() if city else PROVINCE
            lines.append(f"| {_cell(label)} | {c['units']} | {c['active']} | {c['own_internet_exit']} "
                         f"| {c['townships']} | {c['covered']} | {_share(c['covered'], c['townships'])} |")
        lines.append("")
    villages = stats.get("village_coverage")
    if villages:
        lines += ["## 村（社区）覆盖", "", "| " + " | ".join(("地区", *VILLAGE_COLUMNS)) + " |", "|---|---:|---:|---:|"]
        entries = [villages["province"], *villages["cities"].values(), *villages["counties"].values()]
        lines += [f"| {_cell(e['name'])} | {e['covered']} | {e['villages']} | {e['share']:.1%} |"
                  for e in entries] + [""]
    lines += ["说明：类别、等保级别与区域的统计不含已撤销单位；覆盖指乡镇（街道）节点上至少有一个已开通单位"
              "（村（社区）：有上联或有已开通单位）。", ""]
    return "\n".join(lines)
