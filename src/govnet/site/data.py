"""What the offline site shows, gathered from the model into plain JSON-ready data: the overview, every site with
its devices, links, units, addresses and zones, the zones, the address plan's utilisation, the registry, and the
search index (names, division codes, unit ids, USCCs, and every allocated prefix for "who owns this address")."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from govnet.checks.registry import normal_division
from govnet.diagnostics import Diagnostic
from govnet.ipam import Plan
from govnet.ipam.lockfile import read_sealed
from govnet.ipam.requests import NUMBER_POOLS
from govnet.model.types import Model
from govnet.records.coverage import village_coverage
from govnet.records.forms import granted_line
from govnet.records.stats import PROVINCE
from govnet.reference import names_zh
from govnet.reference.units import format_bandwidth
from govnet.registry import lifecycle as lc

LEVEL_ZH, KIND_ZH = names_zh.LEVEL_ZH, names_zh.SITE_KIND_ZH
ROLE_ZH = {"router": "路由器", "core-router": "核心路由器", "firewall": "防火墙", "access-gateway": "安全接入网关",
           "pe": "PE 路由器"}
# A link's kind in the site's links table (the office reads Chinese: it showed "uplink", "ring" ...)
LINK_KIND_ZH = {"uplink": "上联", "backbone": "骨干", "ring": "环网", "cross-connect": "互联",
                "datacenter": "数据中心互联", "other": "其他"}


def gather(model: Model, plan: Plan | None, diagnostics: Sequence[Diagnostic], *, date: str, revision: str,
           compliance_html: str, diagrams: Sequence[str], ipam_usage: Mapping[str, Any] | None) -> dict[str, Any]:
    titles = {zone.name: zone.title for zone in model.zones}
    granted = _granted(plan)
    units_by_site: dict[str, list[str]] = {}
    units = []
    names = {s.key: s.name for s in model.sites}
    cities: dict[str, str] = {}  # division -> city, worked out once per division (a registry may hold 100,000)
    for u in model.registry.units if model.registry else ():
        units_by_site.setdefault(u.site, []).append(u.id)
        units.append({
            "id": u.id, "name": u.name, "uscc": u.uscc, "division": u.division, "site": u.site,
            "city": cities[u.division] if u.division in cities else cities.setdefault(u.division,
                                                                                    _city(u.division, names)),
            "class": u.access_class,
            "zones": [titles.get(z, z) for z in u.zones], "zone_ids": list(u.zones), "status": u.status,
            "status_zh": lc.STATUS_ZH[u.status], "internet": lc.INTERNET_ZH[u.internet],
            "requested": format_bandwidth(u.bandwidth.requested),
            "granted": format_bandwidth(u.bandwidth.granted) if u.bandwidth.granted else "",
            "mlps": u.mlps.level if u.mlps else None, "address": u.address or "",
            "head": u.contacts.head.name, "head_mobile": u.contacts.head.mobile, "tech": u.contacts.technical.name,
            "tech_mobile": u.contacts.technical.mobile,
            "addresses": [granted_line(a, titles) for a in granted.get(u.id, ())],
            # the dated history, as the form prints it: the page had the status but none of its dates
            "history": [[str(h.date), lc.ACTION_ZH[h.action], h.by, "；".join(t for t in (h.document, h.remark) if t)]
                        for h in u.history],
        })
    children: dict[str, list[str]] = {}
    for s in model.sites:
        if s.parent:
            children.setdefault(s.parent, []).append(s.key)
    device_site = {d.name: d.site for d in model.devices.values()}
    links_by_site: dict[str, list[dict[str, Any]]] = {}
    for link in model.links:
        a, b = device_site.get(link.a, ""), device_site.get(link.b, "")
        entry = {"a": link.a, "b": link.b, "bw": format_bandwidth(link.bandwidth) if link.bandwidth else "",
                 "carrier": link.carrier or "", "kind": LINK_KIND_ZH.get(link.kind, link.kind)}
        for key in {a, b} - {""}:
            links_by_site.setdefault(key, []).append(entry)
    sites = {}
    for s in model.sites:
        if s.key in sites:
            continue
        devices = [{"name": d.name, "role": ROLE_ZH.get(d.role, d.role), "platform": d.platform,
                    "config": f"configs/{d.site}/{d.name}.cfg" if model.is_ours(d) else ""}
                   for d in model.devices_of(s.key)]
        sites[s.key] = {
            "name": s.name, "level": s.level, "level_zh": LEVEL_ZH.get(s.level, s.level), "parent": s.parent,
            "kind": KIND_ZH.get(s.kind or "", s.kind or ""), "children": children.get(s.key, []),
            "devices": devices, "links": links_by_site.get(s.key, []), "units": units_by_site.get(s.key, []),
            "zones": [titles.get(z, z) for z in model.zones_of(s.key)],
        }
    return {
        "title": model.project.name, "date": date, "revision": revision,
        "root": model.province.key,
        "counts": _counts(model, units),
        "diagnostics": _diagnostics(diagnostics),
        "sites": sites, "units": units,
        "zones": _zones(model),
        "ipam": _ipam_zh(ipam_usage or {}),
        "prefixes": _prefixes(plan, model.lock_text),
        "compliance": compliance_html,
        "diagrams": list(diagrams),
    }


def _city(division: str, names: Mapping[str, str]) -> str:
    """The unit's city by its division, as the ledger's sheets and the statistics take it (not by its attach
    site: a city's unit attached at the province or the government cloud was counted under 省直 here only)."""
    key = normal_division(division) or division
    return names.get(key[:4], key[:4]) if len(key) >= 4 else PROVINCE


def _granted(plan: Plan | None) -> dict[str, list[str]]:
    from govnet.records import granted_addresses

    return granted_addresses(plan)


def _counts(model: Model, units: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    levels = Counter(s.level for s in model.sites)
    townships = [s.key for s in model.sites if s.level == "township"]
    active = {u["site"] for u in units if u["status"] == "active"} | {
        u["division"] for u in units if u["status"] == "active"}
    covered = sum(1 for key in townships if key in active)
    villages = village_coverage(model, active)  # None for a model without villages
    return {"levels": {LEVEL_ZH.get(k, k): v for k, v in levels.items()}, "devices": len(model.devices),
            "links": len(model.links), "units": len(units),
            # every status in lifecycle order, 0 where no unit is (as the ledger's summary sheet lists them)
            "status": {zh: n for key, zh in lc.STATUS_ZH.items()
                       for n in (sum(1 for u in units if u["status"] == key),)},
            "township_coverage": [covered, len(townships)],
            "village_coverage": [villages["province"]["covered"], villages["province"]["villages"]] if villages
            else None}


def _ipam_zh(usage: Mapping[str, Any]) -> dict[str, Any]:
    """The address plan's utilisation with each level's name in Chinese (the report's JSON keeps the keys)."""
    pools = [{**pool, "levels": [{**row, "level": LEVEL_ZH.get(row["level"], row["level"])} for row in pool["levels"]]}
             for pool in usage.get("pools", ())]
    return {**usage, "pools": pools} if "pools" in usage else dict(usage)


def _diagnostics(found: Sequence[Diagnostic]) -> list[dict[str, Any]]:
    """The diagnostics in Chinese, as the rest of the site, whatever the language of the run that built it."""
    from govnet.i18n.messages import translate

    return [{"code": d.code, "severity": str(d.severity), "where": f"{d.file}:{d.line}:{d.column}",
             "message": translate(d.message, "zh"), "hint": translate(d.hint or "", "zh")} for d in found]


def _zones(model: Model) -> list[dict[str, Any]]:
    from govnet.draw.zone import _notes  # the zone's policy in words, as the zone diagram prints it

    kind_zh = {"public": "公用网络区", "dedicated": "专用网络区", "internet": "互联网区", "office": "办公业务区"}
    return [{"name": z.name, "title": z.title, "number": z.number, "kind": kind_zh.get(z.kind, z.kind),
             "vrf": z.vrf, "rd": z.rd, "rt_import": list(z.rt_import), "rt_export": list(z.rt_export),
             "levels": [LEVEL_ZH.get(level, level) for level in z.levels], "notes": _notes(model, z)}
            for z in sorted(model.zones, key=lambda z: z.number)]


def _prefixes(plan: Plan | None, model_lock: str | None) -> list[list[Any]]:
    """Every allocation as [prefix, pool, kind, subject, site] for the address search (lock entries in order)."""
    if plan is None:
        return []
    from govnet.ipam.report import entries

    every = entries(plan)  # sorted once for this and the allocations CSV
    requests = every.requests
    written = _lock_prefixes(model_lock)
    found = []
    decisions = plan.outcome.decisions
    numbers = tuple(f"{pool} " for pool in NUMBER_POOLS)  # VLANs, ports, ...: not addresses, passed over unsplit
    for key in every.keys:
        if key.startswith(numbers) or key not in decisions:  # nor are stale entries in the search
            continue
        pool, _family, kind, subject = key.split(" ", 3)
        request = requests.get(key)
        found.append([written.get(key) or str(decisions[key]), pool, kind, subject,
                      (request.site or "") if request is not None else ""])
    return found


def _lock_prefixes(lock_text: str | None) -> dict[str, str]:
    """Key → prefix text as allocations.lock writes it: formatting 24,000 prefixes again costs a second."""
    sealed = read_sealed(lock_text) if lock_text else None
    if sealed is not None:  # the usual lock, already read by validation (read_sealed remembers it)
        return sealed.entries
    found: dict[str, str] = {}
    for line in (lock_text or "").splitlines():
        key, _, prefix = line.rpartition(" ")
        if key.count(" ") == 3 and "/" in prefix:
            found[key] = prefix
    return found
