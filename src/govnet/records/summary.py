"""The build summary: what the model holds, per city, and what validation found."""

from __future__ import annotations

import json

from govnet.codes import Severity
from govnet.diagnostics import Diagnostic
from govnet.model.access import access_platform, gateways
from govnet.model.purpose import duties
from govnet.model.types import SPECIAL, Model
from govnet.reference import names_zh
from govnet.reference.units import format_bandwidth


def report_json(model_label: str, model: Model | None, diagnostics: list[Diagnostic],
                verified: list[Diagnostic] | None = None) -> str:
    """The summary as JSON; ``verified``: what the verify stage found (its findings are in ``diagnostics`` too),
    counted apart so that a reader sees whether the configs were judged and what they hold."""
    counts = model.counts() if model else {}
    data: dict[str, object] = {"model": model_label, "counts": counts,
                               "diagnostics": [d.as_json() for d in diagnostics]}
    if verified is not None:
        data["verify"] = verify_counts(verified)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def verify_counts(found: list[Diagnostic]) -> dict[str, object]:
    """Errors, warnings and findings per code of the verify stage."""
    errors = sum(1 for d in found if d.severity is Severity.ERROR)
    codes: dict[str, int] = {}
    for d in found:
        codes[d.code] = codes.get(d.code, 0) + 1
    return {"errors": errors, "warnings": len(found) - errors, "codes": dict(sorted(codes.items()))}


LEVEL_ZH, KIND_ZH = names_zh.LEVEL_ZH, names_zh.SITE_KIND_ZH


def summary_markdown(model: Model, diagnostics: list[Diagnostic], *, date: str = "",
                     verified: list[Diagnostic] | None = None) -> str:
    """A human summary in Chinese, deterministic (the date is the model's, not the clock's) so that it can be
    diffed in review."""
    counts = model.counts()
    sites = counts["sites"]
    assert isinstance(sites, dict)
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    lines = [f"# {model.project.name}", ""]
    if date:
        lines += [f"生成日期：{date}", ""]
    lines += [
        "- 节点：" + "，".join(f"{LEVEL_ZH.get(k, k)} {v}" for k, v in sites.items())
        + f"，特殊站点 {counts['special_sites']}",
        f"- 设备 {counts['devices']} 台，链路 {counts['links']} 条，接入单位 {counts['units']} 个",
        f"- 校验：错误 {errors} 个，警告 {len(diagnostics) - errors} 个",
        *_verify_line(verified),
        "",
        "| 行政区划代码 | 设区市 | 县（市、区） | 乡镇（街道） | 设备 | 上联 |",
        "|---|---|---:|---:|---:|---|",
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
        lines += ["", "| 特殊站点 | 类型 | 名称 |", "|---|---|---|"]
        lines += [f"| {s.key} | {KIND_ZH.get(s.kind or '', s.kind)} | {s.name} |" for s in special]
    return "\n".join(lines + _duties(model)) + "\n"


def _duties(model: Model) -> list[str]:
    """What every firewall is for (issue 13 #10) and the secure access platform's gateways (#11)."""
    found = duties(model)
    lines = ["", "| 防火墙 | 层级 | 台数 | 执行策略 | 说明 |", "|---|---|---:|---|---|"] if found else []
    for duty in found:
        note = "在流量路径中" if duty.rules and duty.in_path else (
            f"不在流量路径：{duty.purpose}" if not duty.in_path else "未执行任何策略，也未说明用途")
        level = LEVEL_ZH.get(duty.level, duty.level)
        lines.append(f"| {duty.devices[0]} 等 | {level} | {len(duty.devices)} | "
                     f"{'、'.join(duty.rules) or '—'} | {note} |")
    platform = access_platform(model)
    if platform is not None:
        names = [d.name for d in gateways(model, platform.site)]
        lines += ["", f"- 安全接入平台：站点 {platform.site}，接入网关 {len(names)} 台（{'、'.join(names) or '无'}），"
                  f"客户端地址池 {', '.join(platform.spec.client_pool) or '—'}"]
    return lines


def _verify_line(verified: list[Diagnostic] | None) -> list[str]:
    if verified is None:
        return ["- 配置核查（verify）：未运行"]
    counts = verify_counts(verified)
    return [f"- 配置核查（verify）：错误 {counts['errors']} 个，警告 {counts['warnings']} 个"]
