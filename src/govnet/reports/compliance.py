"""`govnet report compliance`: the model measured against the policy documents' demands (targets.yaml).

The measures are plain data (sections of lines, each with its verdict and figures); compliance_text.py writes
them as Markdown, HTML and JSON. Every section cites the document and clause its target names.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from govnet.checks.registry import normal_division
from govnet.model.types import SPECIAL, Model
from govnet.reference import names_zh
from govnet.reference.platforms import PLATFORMS
from govnet.reference.units import format_bandwidth
from govnet.registry import lifecycle as lc
from govnet.schema.registry import UnitSpec
from govnet.schema.targets import Cited, Department, TargetsFile

OK, SHORT, BAD, INFO = "达标", "未达标", "违规", "说明"
LEVEL_ZH = names_zh.LEVEL_ZH
LISTED = 10  # units listed by name per finding in the Markdown (the JSON lists them all)


@dataclass(frozen=True)
class Line:
    text: str
    verdict: str = INFO
    figures: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    demand: str  # the document and clause the target cites, as printed
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Report:
    model: str
    date: str
    as_of: str
    sections: tuple[Section, ...]


def cite(spec: TargetsFile, target: Cited) -> str:
    """``《title》clause`` of a target's source (the key itself when the document is not listed)."""
    doc = spec.documents.get(target.source)
    name = f"《{doc.title}》" + (f"（{doc.number}）" if doc and doc.number else "") if doc else target.source
    return name + (f" {target.clause}" if target.clause else "")


def share(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "—"


def compliance(model: Model, *, date: str) -> Report:
    """Every section whose target targets.yaml sets; a model without targets.yaml gets an empty report."""
    spec = model.targets
    registry = model.registry
    as_of = (registry.settings.as_of if registry and registry.settings.as_of else None) or dt.date.fromisoformat(date)
    sections: list[Section] = []
    if spec is None:
        return Report(model.project.name, date, str(as_of), ())
    t = spec.targets
    units = [u for u in registry.units if u.status != "revoked"] if registry else []
    if t.township_coverage:
        sections.append(Section("township_coverage", "乡镇（街道）覆盖", cite(spec, t.township_coverage),
                                tuple(_coverage(model, units, "township", t.township_coverage.share,
                                                t.township_coverage.by, as_of))))
    if t.village_coverage:
        sections.append(Section("village_coverage", "村（社区）覆盖", cite(spec, t.village_coverage),
                                tuple(_village_coverage(model, units, t.village_coverage.share,
                                                        t.village_coverage.by, as_of))))
    if t.horizontal:
        sections.append(Section("horizontal", "横向联网覆盖", cite(spec, t.horizontal),
                                tuple(_horizontal(model, units, dict(t.horizontal.departments.items())))))
    if t.own_exit:
        sections.append(Section("own_exit", "自有互联网出口待整合", cite(spec, t.own_exit),
                                tuple(_own_exit(model, units))))
    if t.legacy_networks or spec.legacy_networks:
        cutoff = t.legacy_networks.no_new_after if t.legacy_networks else None
        demand = cite(spec, t.legacy_networks) if t.legacy_networks else "targets.yaml legacy_networks"
        sections.append(Section("legacy_networks", "部门业务专网迁移", demand, tuple(_legacy(spec, cutoff))))
    if t.reregistration and registry:
        sections.append(Section("reregistration", "重新登记与接入审批", cite(spec, t.reregistration),
                                tuple(_reregistration(units, registry.settings))))
    if t.mlps and registry:
        sections.append(Section("mlps", "等级保护测评", cite(spec, t.mlps),
                                tuple(_mlps(model, units, registry.settings.assessment_max_months, as_of,
                                            t.mlps.due_within_days))))
    if t.bandwidth:
        sections.append(Section("bandwidth", "骨干带宽", cite(spec, t.bandwidth),
                                tuple(_bandwidth(model, dict(t.bandwidth.levels.items())))))
    if t.domestic:
        sections.append(Section("domestic", "国产设备占比", cite(spec, t.domestic),
                                tuple(_domestic(model, t.domestic.vendors, t.domestic.share))))
    if t.cloud_dr:
        sections.append(Section("cloud_dr", "政务云与灾备（两地三中心）", cite(spec, t.cloud_dr),
                                tuple(_cloud(model, spec))))
    return Report(model.project.name, date, str(as_of), tuple(sections))


def _city_of(unit: UnitSpec) -> str:
    key = normal_division(unit.division) or unit.division
    return key[:4] if len(key) >= 4 else ""


def _names(model: Model) -> dict[str, str]:
    return {site.key: site.name for site in model.sites}


def _coverage(model: Model, units: Sequence[UnitSpec], level: str, target: float, by: dt.date,
              as_of: dt.date) -> Iterator[Line]:
    sites = [s.key for s in model.sites if s.level == level]
    if not sites:
        yield Line(f"模型尚无{LEVEL_ZH[level]}节点，待{LEVEL_ZH[level]}接入纳入模型后统计", INFO, {"sites": 0})
        return
    active = {key for u in units if u.status == "active" for key in (u.site, normal_division(u.division) or "")}
    covered = sum(1 for key in sites if key in active)
    reached = covered / len(sites) >= target
    verdict = OK if reached else (SHORT if as_of >= by else INFO)
    when = "已过目标期限" if as_of >= by else "目标期限未到"
    yield Line(f"{LEVEL_ZH[level]}节点有已开通接入单位的 {covered}/{len(sites)}（{share(covered, len(sites))}），"
               f"目标 {target:.0%}，期限 {by}（{when}）", verdict,
               {"covered": covered, "sites": len(sites), "target": target, "by": str(by)})
    names = _names(model)
    per_city: Counter[str] = Counter(key[:4] for key in sites)
    per_city_covered: Counter[str] = Counter(key[:4] for key in sites if key in active)
    for city in sorted(per_city):
        c, n = per_city_covered[city], per_city[city]
        yield Line(f"　{city} {names.get(city, '')}：{c}/{n}（{share(c, n)}）", OK if c / n >= target else SHORT,
                   {"city": city, "covered": c, "sites": n})


def _village_coverage(model: Model, units: Sequence[UnitSpec], target: float, by: dt.date,
                      as_of: dt.date) -> Iterator[Line]:
    """The registry statistics' measure (govnet.records.coverage): villages with a connection or an active unit
    over every village the national table lists, for the province, each city and each county with any."""
    from govnet.records.coverage import village_coverage

    active = {key for u in units if u.status == "active" for key in (u.site, u.division)}
    found = village_coverage(model, active)
    if found is None:
        yield Line(f"模型尚无{LEVEL_ZH['village']}节点，待{LEVEL_ZH['village']}接入纳入模型后统计", INFO, {"sites": 0})
        return
    whole = found["province"]
    c, n = whole["covered"], whole["villages"]
    verdict = OK if n and c / n >= target else (SHORT if as_of >= by else INFO)
    when = "已过目标期限" if as_of >= by else "目标期限未到"
    yield Line(f"村（社区）已连通或有已开通接入单位的 {c}/{n}（{share(c, n)}，按全国区划表计），目标 {target:.0%}，"
               f"期限 {by}（{when}）", verdict, {"covered": c, "villages": n, "target": target, "by": str(by)})
    for city, row in found["cities"].items():
        c, n = row["covered"], row["villages"]
        yield Line(f"　{city} {row['name']}：{c}/{n}（{share(c, n)}）", OK if n and c / n >= target else SHORT,
                   {"city": city, "covered": c, "villages": n})
        for county, entry in found["counties"].items():  # counties of a city that has begun: the rollout's front
            if county.startswith(city) and row["covered"]:
                c, n = entry["covered"], entry["villages"]
                yield Line(f"　　{county} {entry['name']}：{c}/{n}（{share(c, n)}）",
                           OK if n and c / n >= target else SHORT, {"county": county, "covered": c, "villages": n})


def _matches(unit: UnitSpec, department: Department) -> bool:
    return any(word in unit.name for word in department.match)


def _horizontal(model: Model, units: Sequence[UnitSpec],
                expected: Mapping[str, Sequence[Department]]) -> Iterator[Line]:
    names = _names(model)
    by_division: dict[str, list[UnitSpec]] = {}
    for u in units:
        if u.status == "active":
            by_division.setdefault(normal_division(u.division) or u.division, []).append(u)
    for level in ("province", "city", "county", "township", "village"):
        departments = expected.get(level)
        if not departments:
            continue
        sites = [s for s in model.sites if s.level == level]
        if not sites:
            yield Line(f"{LEVEL_ZH[level]}：模型尚无该级节点", INFO)
            continue
        complete, connected_total, missing_count = 0, 0, Counter[str]()
        gaps: list[tuple[str, list[str]]] = []
        for site in sites:
            present = by_division.get(site.key, [])
            missing = [d.name for d in departments if not any(_matches(u, d) for u in present)]
            connected_total += len(departments) - len(missing)
            missing_count.update(missing)
            if missing:
                gaps.append((site.key, missing))
            else:
                complete += 1
        expected_total = len(departments) * len(sites)
        verdict = OK if not gaps else SHORT
        text = (f"{LEVEL_ZH[level]}：应接入部门 {expected_total} 个"
                f"（{len(sites)} 个节点 × {len(departments)} 个部门），"
                f"已接入 {connected_total}（{share(connected_total, expected_total)}），部门齐全的节点 "
                f"{complete}/{len(sites)}")
        if missing_count:
            text += "；缺口最多：" + "、".join(f"{d} {n}" for d, n in missing_count.most_common(5))
        yield Line(text, verdict, {"level": level, "expected": expected_total, "connected": connected_total,
                                   "complete_sites": complete, "sites": len(sites),
                                   "missing": dict(missing_count.most_common())})
        if level in ("province", "city"):
            for key, missing in gaps:
                yield Line(f"　{key} {names.get(key, '')} 未接入：{'、'.join(missing)}", SHORT,
                           {"site": key, "missing": missing})


def _own_exit(model: Model, units: Sequence[UnitSpec]) -> Iterator[Line]:
    own = [u for u in units if u.internet == "own"]
    names = _names(model)
    yield Line(f"仍使用自有互联网出口的单位 {len(own)} 个，应整合至统一互联网出口", OK if not own else SHORT,
               {"units": [u.id for u in own]})
    by_city: dict[str, list[UnitSpec]] = {}  # each unit's city worked out once (not once per city)
    for u in own:
        by_city.setdefault(_city_of(u), []).append(u)
    for city, found in sorted(by_city.items()):
        n, listed = len(found), [f"{u.id} {u.name}" for u in found]
        label = f"{city} {names.get(city, '')}".strip() if city else "省直"
        yield Line(f"　{label}：{n} 个（{'；'.join(listed[:LISTED])}{' …' if n > LISTED else ''}）", SHORT,
                   {"city": city, "count": n, "units": [u.id for u in found]})


def _legacy(spec: TargetsFile, cutoff: dt.date | None) -> Iterator[Line]:
    networks = spec.legacy_networks
    running = [n for n in networks if n.status != "migrated"]
    yield Line(f"登记的部门业务专网 {len(networks)} 个，仍在运行 {len(running)} 个（其中迁移中 "
               f"{sum(1 for n in running if n.status == 'migrating')} 个）", OK if not running else SHORT,
               {"networks": len(networks), "running": len(running)})
    status_zh = {"running": "运行中", "migrating": "迁移中", "migrated": "已迁移"}
    for n in networks:
        if cutoff and n.created and n.created > cutoff:
            verdict, note = BAD, f"，{n.created} 新建，晚于 {cutoff} 不再新建的要求"
        elif n.status != "migrated" and not n.plan:
            verdict, note = SHORT, "，尚无迁移计划"
        else:
            verdict, note = (OK if n.status == "migrated" else INFO), ""
        yield Line(f"　{n.department}「{n.name}」（{n.scope}）：{status_zh[n.status]}"
                   + (f"；迁移计划：{n.plan}" if n.plan else "") + note, verdict,
                   {"department": n.department, "name": n.name, "status": n.status,
                    "created": str(n.created) if n.created else None, "plan": n.plan})


def _reregistration(units: Sequence[UnitSpec], settings: Any) -> Iterator[Line]:
    done = [u for u in units if lc.reregistered(u, settings)]
    yield Line(f"{settings.campaign} 重新登记：已完成 {len(done)}/{len(units)}（{share(len(done), len(units))}）",
               OK if len(done) == len(units) else SHORT, {"done": len(done), "units": len(units)})
    new = [u for u in units if lc.is_new_access(u, settings) and u.status in ("active", "suspended")]
    unapproved = []
    for u in new:
        approve, activate = lc.first(u, "approve"), lc.first(u, "activate")
        if approve is None or (activate is not None and activate.date < approve.date):
            unapproved.append(u)
    yield Line(f"{settings.approval_required_from} 起新增并开通的接入 {len(new)} 个，"
               f"其中未经审批先开通 {len(unapproved)} 个",
               OK if not unapproved else BAD, {"new": len(new), "unapproved": [u.id for u in unapproved]})


def _mlps(model: Model, units: Sequence[UnitSpec], months: dict[int, int], as_of: dt.date,
          within: int) -> Iterator[Line]:
    overdue: list[tuple[UnitSpec, dt.date]] = []
    due: list[tuple[UnitSpec, dt.date]] = []
    never: list[UnitSpec] = []
    for u in units:
        if u.mlps is None or u.mlps.level not in months:
            continue
        if u.mlps.assessed is None:
            never.append(u)
            continue
        next_due = lc.add_months(u.mlps.assessed, months[u.mlps.level])
        if next_due < as_of:
            overdue.append((u, next_due))
        elif next_due <= as_of + dt.timedelta(days=within):
            due.append((u, next_due))
    yield Line(f"截至 {as_of}：测评逾期 {len(overdue)} 个，{within} 天内到期 {len(due)} 个，无测评记录 {len(never)} 个",
               OK if not overdue and not never else SHORT,
               {"overdue": [u.id for u, _ in overdue], "due": [u.id for u, _ in due], "never": [u.id for u in never]})
    names = _names(model)
    for label, found in (("逾期", overdue), ("即将到期", due)):
        by_city = Counter(_city_of(u) for u, _ in found)
        for city, n in sorted(by_city.items()):
            listed = sorted((d, u.id) for u, d in found if _city_of(u) == city)
            place = f"{city} {names.get(city, '')}".strip() if city else "省直"
            yield Line(f"　{label} {place}：{n} 个（" + "；".join(f"{i} {d}" for d, i in listed[:LISTED])
                       + (" …" if n > LISTED else "") + "）", SHORT if label == "逾期" else INFO,
                       {"kind": label, "city": city, "units": [{"id": i, "due": str(d)} for d, i in listed]})


def _bandwidth(model: Model, levels: Mapping[str, int]) -> Iterator[Line]:
    level_of = {s.key: s.level for s in model.sites}
    for level, target in levels.items():
        links = [link for link in model.links if link.owner and level_of.get(link.owner) == level]
        below = [link for link in links if (link.bandwidth or 0) < target]
        yield Line(f"{LEVEL_ZH[level]}上联 {len(links)} 条，目标 {format_bandwidth(target)}，低于目标 {len(below)} 条",
                   OK if not below else SHORT,
                   {"level": level, "target": target, "links": len(links),
                    "below": [{"a": link.a, "b": link.b, "bandwidth": link.bandwidth} for link in below]})
        by_bw = Counter(format_bandwidth(link.bandwidth) if link.bandwidth else "未标注" for link in below)
        if by_bw:
            yield Line("　低于目标的带宽：" + "、".join(f"{bw} × {n}" for bw, n in sorted(by_bw.items())), SHORT)


def _domestic(model: Model, vendors: Sequence[str], target: float) -> Iterator[Line]:
    domestic = {v.lower() for v in vendors}
    level_of = {s.key: s.level for s in model.sites}
    per_level: dict[str, Counter[str]] = {}
    for device in model.devices.values():
        if not model.is_ours(device):
            continue
        platform = PLATFORMS.get(device.platform)
        vendor = platform.vendor if platform else device.platform
        per_level.setdefault(level_of.get(device.site, SPECIAL), Counter())[vendor] += 1
    total = sum(sum(c.values()) for c in per_level.values())
    home = sum(n for c in per_level.values() for v, n in c.items() if v.lower() in domestic)
    reached = bool(total) and home / total >= target
    yield Line(f"国产设备 {home}/{total}（{share(home, total)}），目标 {target:.0%}", OK if reached else SHORT,
               {"domestic": home, "devices": total, "target": target})
    for level in ("province", "city", "county", "township", "village", SPECIAL):
        counts = per_level.get(level)
        if not counts:
            continue
        n = sum(counts.values())
        d = sum(c for v, c in counts.items() if v.lower() in domestic)
        yield Line(f"　{LEVEL_ZH.get(level, '特殊站点')}：{share(d, n)}（" + "、".join(
            f"{v} {c}" for v, c in sorted(counts.items())) + "）", OK if d / n >= target else SHORT,
            {"level": level, "vendors": dict(sorted(counts.items()))})


def _cloud(model: Model, spec: TargetsFile) -> Iterator[Line]:
    target = spec.targets.cloud_dr
    assert target is not None
    present = [c for c in target.centres if c.site in model.site_by_key]
    sites = {c.site for c in present}
    device_site = {d.name: d.site for d in model.devices.values()}
    replication = [link for link in model.links
                   if device_site.get(link.a) in sites and device_site.get(link.b) in sites
                   and device_site.get(link.a) != device_site.get(link.b)]
    cities = {c.city for c in present}
    satisfied = len(present) >= target.count and len(cities) >= target.cities
    yield Line(f"中心 {len(present)} 个（" + "、".join(f"{c.role} {c.site} {c.city}" for c in present)
               + f"），分布于 {len(cities)} 地；中心间复制链路 {len(replication)} 条", INFO,
               {"centres": [c.model_dump() for c in present], "replication_links": len(replication)})
    yield Line(f"两地三中心（{target.cities} 地 {target.count} 中心）：" + ("已满足" if satisfied else
               f"未满足，缺 {max(0, target.count - len(present))} 个中心" + (
                   f"、{target.cities - len(cities)} 地" if len(cities) < target.cities else "")),
               OK if satisfied else SHORT, {"satisfied": satisfied})
