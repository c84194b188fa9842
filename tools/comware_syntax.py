"""Read rendered Comware 7 configs against the H3C Comware 7 command reference, line by line.

Usage: python tools/comware_syntax.py CMD_HELP CONFIG... [--all]

CMD_HELP is the H3C command reference (命令参考) as Markdown, as the public MIT-licensed repository
grayfalcon666/netmiko-h3c-skill keeps it (references/CMD-help: one file per module, each command a block with
【命令】 formats, bold keywords and italic parameters, and its 【视图】). The sibling of tools/vrp8_syntax.py.

Each distinct line shape (digits folded) of the configs, with the view it sits in (from the nesting of 'display
current-configuration'), is matched against every format of the commands that start with its first word. The
Markdown copy loses some brackets, so a format is matched loosely: the line's words must follow the format's
keywords and parameters in order (anything may be left out), keywords spelled exactly. Printed: lines no format
matches ('no format'), lines whose matching commands are all documented in other views ('view?'), and with --all
every shape with the command and views it matched. A review aid, not a test: the reference is of one product
line and release (MSR routers); a SecPath-only command, or a keyword of a later release, shows up as 'no format'
and must be confirmed elsewhere. Known false alarms: options of a '[ ... ] *' group given in another order than
the format lists them (an advanced ACL rule's 'source' before 'destination-port'), and a parameter that stands for
several words ('if-match match-criteria').

Reference copy: git clone https://github.com/grayfalcon666/netmiko-h3c-skill, then pass its references/CMD-help.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from vrp8_syntax import config_lines  # the sibling tool's walk over the configs' lines

Item = tuple[str, tuple[str, ...]]  # ('kw', (word,)) or ('param', (words of one italic span))
FREE_TEXT = ("text", "description", "string", "desc", "location", "contact")

# The view each nesting of a rendered config is in, as the reference names it (substrings of 【视图】).
VIEWS: dict[tuple[str, ...], tuple[str, ...]] = {
    (): ("系统视图",),
    ("interface",): ("接口视图",),
    ("bgp",): ("BGP视图",),
    ("bgp", "address-family vpnv4"): ("BGP VPNv4地址族视图",),
    ("bgp", "address-family vpnv6"): ("BGP VPNv6地址族视图",),
    ("bgp", "address-family ipv4"): ("BGP IPv4单播地址族视图",),
    ("bgp", "address-family ipv6"): ("BGP IPv6单播地址族视图",),
    ("bgp", "ip vpn-instance"): ("BGP-VPN实例视图",),
    ("bgp", "ip vpn-instance", "address-family ipv4"): ("BGP-VPN IPv4单播地址族",),
    ("bgp", "ip vpn-instance", "address-family ipv6"): ("BGP-VPN IPv6单播地址族",),
    ("ospf",): ("OSPF视图",),
    ("ospf", "area"): ("OSPF区域视图",),
    ("isis",): ("IS-IS视图",),
    ("ip vpn-instance",): ("VPN实例视图",),
    ("ip vpn-instance", "address-family ipv4"): ("IPv4 VPN视图",),
    ("ip vpn-instance", "address-family ipv6"): ("IPv6 VPN视图",),
    ("ospfv3",): ("OSPFv3视图",),
    ("ospfv3", "area"): ("OSPFv3区域视图",),
    ("isis", "address-family ipv4"): ("IS-IS IPv4单播地址族视图",),
    ("isis", "address-family ipv6"): ("IS-IS IPv6单播地址族视图", "IS-IS IPv6地址族视图"),
    ("bgp", "address-family ipv4 unicast"): ("BGP IPv4单播地址族视图",),
    ("bgp", "address-family ipv6 unicast"): ("BGP IPv6单播地址族视图",),
    ("bgp", "ip vpn-instance", "address-family ipv4 unicast"): ("BGP-VPN IPv4单播地址族",),
    ("bgp", "ip vpn-instance", "address-family ipv6 unicast"): ("BGP-VPN IPv6单播地址族",),
    ("traffic classifier",): ("类视图",),
    ("traffic behavior",): ("流行为视图",),
    ("qos policy",): ("策略视图",),
    ("control-plane",): ("控制平面视图",),
    ("security-policy ip",): ("安全策略视图",),
    ("security-policy ip", "rule"): ("安全策略规则视图",),
    ("remote-backup group",): ("RBM视图",),
    ("security-policy ipv6",): ("安全策略视图",),
    ("security-policy ipv6", "rule"): ("安全策略规则视图",),
    ("nqa entry",): ("NQA测试组视图",),
    ("nqa entry", "type"): ("测试类型视图",),
    ("sslvpn gateway",): ("SSL VPN网关视图",),
    ("sslvpn context",): ("SSL VPN访问实例视图",),
    ("sslvpn context", "ip-route-list"): ("路由列表视图",),
    ("sslvpn context", "policy-group"): ("SSL VPN策略组视图",),
    ("acl basic",): ("IPv4基本ACL视图",),
    ("acl advanced",): ("IPv4高级ACL视图",),
    ("acl ipv6 basic",): ("IPv6基本ACL视图",),
    ("acl ipv6 advanced",): ("IPv6高级ACL视图",),
    ("radius scheme",): ("RADIUS方案视图",),
    ("hwtacacs scheme",): ("HWTACACS方案视图",),
    ("domain",): ("ISP域视图",),
    ("local-user",): ("本地用户视图",),
    ("line vty",): ("VTY用户线视图", "用户线视图"),
    ("security-zone name",): ("安全域视图",),
    ("zone-pair security",): ("安全域间实例视图",),
    ("route-policy",): ("路由策略视图",),
    ("mpls ldp",): ("LDP视图",),
    ("nat address-group",): ("NAT地址组视图",),
    ("object-group ip address",): ("IPv4地址对象组视图",),
    ("bfd template",): ("BFD模板视图",),
}


def spans(fmt: str) -> list[Item]:
    """Keywords (bold, or plain) and parameters (italic) of one Markdown command format, brackets dropped."""
    fmt = fmt.replace("\\|", " ").replace("\\*", " ").replace("\\", "")
    items: list[Item] = []
    bold = italic = False
    for part in re.split(r"(\*+)", fmt):
        if part.startswith("*"):
            n = len(part)
            if n >= 3 or n == 2:
                bold = not bold
            if n == 1 or n >= 3:
                italic = not italic
            continue
        words = [w for w in re.sub(r"[\[\]{}|]", " ", part).split() if w]
        if not words:
            continue
        if italic and not bold:
            items.append(("param", tuple(words)))
        else:
            items.extend(("kw", (w,)) for w in words)
    return items


def match(items: list[Item], words: list[str], name: str) -> bool:
    """Do ``words`` follow ``items`` in order (items may be left out, keywords spelled exactly)?

    Every word of the command's name must be in the line as a keyword, and a word that is one of the format's
    keywords is not taken as a parameter value (so a misspelt or misplaced keyword is not swallowed)."""
    keywords = {v[0].lower() for k, v in items if k == "kw"}
    low = [w.lower() for w in words]
    if not set(re.sub(r"[(（].*|\{.*?\}", " ", name).lower().split()) <= set(low):
        return False
    memo: dict[tuple[int, int], bool] = {}

    def go(i: int, j: int) -> bool:
        if j == len(words):
            return True
        if i == len(items):
            return False
        key = (i, j)
        if key not in memo:
            kind, value = items[i]
            ok = go(i + 1, j)  # left out
            if not ok and kind == "kw":
                ok = words[j].lower() == value[0].lower() and go(i + 1, j + 1)
            elif not ok:
                if any(t in value[-1] for t in FREE_TEXT) and i == len(items) - 1:
                    ok = True  # free text takes the rest
                elif low[j] not in keywords:
                    ok = any(go(i + 1, j + n) for n in range(1, len(value) + 1) if j + n <= len(words))
            memo[key] = ok
        return memo[key]

    return go(0, 0)


Command = tuple[str, list[list[Item]], str]  # name, formats, views


def load(root: Path) -> dict[str, list[Command]]:
    by_first: dict[str, list[Command]] = defaultdict(list)
    for path in sorted(root.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        for block in re.split(r"\n(?=\*\*[^\n]* \\-- [^\n]* \\-- [^\n]*\*\*\n)", text):
            head = re.match(r"\*\*[^\n]* \\-- [^\n]* \\-- ([^\n]*)\*\*", block)
            if not head:
                continue
            section = dict(re.findall(r"【(\S+?)】\n(.*?)(?=\n【|\Z)", block, re.S))
            formats = [spans(line) for line in section.get("命令", "").splitlines() if line.startswith("**")]
            views = " ".join(section.get("视图", "").split())
            for fmt in formats:
                if fmt and fmt[0][0] == "kw":
                    by_first[fmt[0][1][0].lower()].append((head.group(1), [fmt], views))
    return by_first


def view_of(stack: list[str]) -> tuple[str, ...]:
    path: list[str] = []
    for line in stack:
        words = line.split()
        heads = [" ".join(words[:n]) for n in (4, 3, 2, 1)]
        path.append(next((h for h in heads if (*path, h) in VIEWS), words[0]))
    return VIEWS.get(tuple(path), ("?" + " > ".join(path),))


def main(argv: list[str]) -> int:
    show_all = "--all" in argv
    root, *configs = (a for a in argv if a != "--all")
    commands = load(Path(root))
    seen: set[tuple[str, str]] = set()
    lines = unmatched = misplaced = 0
    for config, _raw, line, above in config_lines(configs):
        lines += 1
        views = view_of(above)
        shape = re.sub(r"\d+", "N", line)
        if (views[0], shape) in seen:
            continue
        seen.add((views[0], shape))
        words = line.split()
        found = [(name, v) for name, fmts, v in commands.get(words[0].lower(), [])
                 if any(match(f, words, name) for f in fmts)]
        where = "/".join(views)
        if not found:
            unmatched += 1
            print(f"no format: [{where}] {line}    ({config})")
        elif not any(view in v for _, v in found for view in views):
            misplaced += 1
            print(f"view?: [{where}] {line}  -> {sorted({f'{n}: {v}' for n, v in found})[:3]}")
        elif show_all:
            print(f"ok: [{where}] {line}  -> {sorted({n for n, _ in found})}")
    print(f"{len(configs)} configs, {lines} lines, {len(seen)} distinct shapes, {unmatched} without a format, "
          f"{misplaced} in a view the reference does not name", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
