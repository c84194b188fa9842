"""The build summary: what the model holds, per city, and what validation found."""

from __future__ import annotations

import json

from govnet.diagnostics import Diagnostic, summary_line
from govnet.model.types import SPECIAL, Model
from govnet.reference.units import format_bandwidth


def report_json(model_label: str, model: Model | None, diagnostics: list[Diagnostic]) -> str:
    counts = model.counts() if model else {}
    data = {"model": model_label, "counts": counts, "diagnostics": [d.as_json() for d in diagnostics]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def summary_markdown(model: Model, diagnostics: list[Diagnostic]) -> str:
    """A human summary, deterministic (no timestamps) so that it can be diffed in review."""
    counts = model.counts()
    sites = counts["sites"]
    assert isinstance(sites, dict)
    lines = [
        f"# {model.project.name}",
        "",
        f"- sites: {', '.join(f'{k} {v}' for k, v in sites.items())}, special {counts['special_sites']}",
        f"- devices: {counts['devices']}, links: {counts['links']}, access units: {counts['units']}",
        f"- validation: {summary_line(diagnostics)}",
        "",
        "| city | name | counties | townships | devices | uplink |",
        "|---|---|---|---|---|---|",
    ]
    per_city: dict[str, list[int]] = {}
    for site in model.sites:
        if site.level in ("county", "township"):
            city = site.key[:4]
            per_city.setdefault(city, [0, 0])[0 if site.level == "county" else 1] += 1
    devices_per_city: dict[str, int] = {}
    for device in model.devices.values():
        site = model.site_by_key[device.site]
        if site.level != SPECIAL and len(site.key) >= 4:
            devices_per_city[site.key[:4]] = devices_per_city.get(site.key[:4], 0) + 1
    for site in model.sites:
        if site.level != "city":
            continue
        county_count, township_count = per_city.get(site.key, [0, 0])
        policy = model.uplinks.get(site.key)
        uplink = (f"{policy.count}×{format_bandwidth(policy.bandwidth)}" if policy and policy.bandwidth
                  else "-")
        lines.append(f"| {site.key} | {site.name} | {county_count} | {township_count} | "
                     f"{devices_per_city.get(site.key, 0)} | {uplink} |")
    special = [s for s in model.sites if s.level == SPECIAL]
    if special:
        lines += ["", "| special site | kind | name |", "|---|---|---|"]
        lines += [f"| {s.key} | {s.kind} | {s.name} |" for s in special]
    return "\n".join(lines) + "\n"
