"""The address plan's utilisation as the office reads it (ipam/report.txt and `govnet ipam report`): in Chinese,
dated, pools in zone-number order with the infrastructure pools last, IPv6 sizes as counts of prefixes rather
than 40-digit address counts, and a top level delegated whole to the province explained as the design it is."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from govnet.model.types import Zone
from govnet.reference import names_zh

LEVEL_ZH = names_zh.LEVEL_ZH  # as every other artefact names the levels (it said 市级、县级、乡镇级、村级)
KIND_ZH = {"site": "节点地址块", "unit": "单位网段", "link": "互联链路", "zone-leg": "路由器—防火墙互联",
           "handoff": "运营商交接", "nat": "NAT 地址池", "clients": "安全接入客户端池", "portal": "安全接入门户地址",
           "loopback": "环回地址", "mgmt": "管理地址", "reserved (removed)": "已删除对象的保留地址",
           # every other kind the lock holds: the report is read in Chinese, a lock's English kind read as a typo
           "device": "设备地址", "zone-mgmt-leg": "路由器—防火墙管理互联", "zone-peer-link": "同站路由器互联",
           "zone-xha-link": "防火墙双机心跳链路", "zone-vpn-handoff": "国家骨干网 VPN 交接",
           "zone-xv6-leg": "互联网区 IPv6 互联"}
INFRASTRUCTURE_ZH = {"loopback": "环回地址池", "links": "互联链路地址池", "mgmt": "管理地址池",
                     "management": "管理地址池"}
FULL = 0.999  # a top level this full is delegated whole, by design (see _explain)


def size_words(addresses: int, family: str) -> str:
    """An address count as a person reads it: IPv4 in addresses, IPv6 in /64 (or /48) prefixes; without thousands
    separators, as every other artefact writes its counts.

    >>> size_words(1048576, "ipv4"), size_words(2 ** 80, "ipv6"), size_words(2 ** 64 * 3, "ipv6")
    ('1048576 个地址', '65536 个 /64（1 个 /48）', '3 个 /64')
    """
    if family != "ipv6":
        return f"{addresses} 个地址"
    nets = addresses >> 64
    if nets < 1:
        return f"{addresses} 个地址（不足一个 /64）"
    words = f"{nets} 个 /64"
    return words + (f"（{nets >> 16} 个 /48）" if nets >= 1 << 16 else "")


def _order(pool: Mapping[str, Any], zones: Mapping[str, Zone]) -> tuple[int, int, str, str]:
    zone = zones.get(pool["pool"])
    return (0 if zone else 1, zone.number if zone else 0, pool["pool"], pool["family"])


def _explain(pool: Mapping[str, Any]) -> str:
    if pool["used_at_top"] >= FULL and pool["levels"] and pool["levels"][0]["level"] == "province":
        return ("顶层已 100% 下放：整个地址池按设计划给了省级节点块，再逐级分给市、县，并非耗尽；"
                "实际余量看以下各级地址块的使用率")
    return f"顶层已下放 {pool['used_at_top']:.1%}"


def report_text(usage: Mapping[str, Any], zones: Sequence[Zone] = (), *, date: str = "") -> str:
    """The utilisation report in Chinese; identifiers (pool names, prefixes, site codes) stay as written."""
    by_name = {zone.name: zone for zone in zones}
    lines = ["电子政务外网地址分配使用情况", ""]
    if date:
        lines.append(f"生成日期：{date}")  # the build's date, as summary.md and the site say
    lines += [f"分配记录 {usage['entries']} 条（其中为已删除对象保留 {usage['reserved_for_removed']} 条）", ""]
    for pool in sorted(usage["pools"], key=lambda p: _order(p, by_name)):
        zone = by_name.get(pool["pool"])
        family = "IPv6" if pool["family"] == "ipv6" else "IPv4"
        title = (f"{zone.number:>2} {zone.title}（{pool['pool']}）" if zone
                 else f"   {INFRASTRUCTURE_ZH.get(pool['pool'], pool['pool'])}（{pool['pool']}）")
        domain = "全局路由表" if pool["domain"] == "global" else f"独立路由域 {pool['domain']}"
        size = size_words(pool["addresses"], pool["family"])
        lines.append(f"{title} {family}，{domain}：{' '.join(pool['blocks'])}，共 {size}")
        entries = "，".join(f"{KIND_ZH.get(k, k)} {n}" for k, n in pool["entries"].items()) or "尚无分配"
        lines.append(f"    {_explain(pool)}")
        lines.append(f"    分配：{entries}")
        for row in pool["levels"]:
            lengths = "、".join(f"/{n}" for n in row["lengths"])
            lines.append(f"    {LEVEL_ZH.get(row['level'], row['level'])}：{row['blocks']} 个 {lengths} 地址块，"
                         f"平均使用 {row['used_mean']:.1%}，最满 {row['used_max']:.1%}（{row['fullest']}）")
        largest = "、".join(pool["largest_free"]) or "无（已全部下放）"
        lines.append(f"    顶层最大空闲块：{largest}")
        lines.append("")
    return "\n".join(lines)
