"""govnet verify, per prefix (issue 14's judgement gaps): office isolation and internet -> dedicated judged on what
each VPN instance actually learns; 6VPE routes judged like IPv4; route-policy nodes that match on AS paths,
communities or tags evaluated (and what cannot be, said); IPv6 firewall rules held to the policy. Each fault is
injected into the rendered configs of a golden model and caught with its code at the config line."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from govnet.codes import CODES
from govnet.diagnostics import Diagnostic, Severity
from test_verify import Rendered, codes, drop, line_of, sub


def of(found: list[Diagnostic], code: str) -> list[Diagnostic]:
    return [d for d in found if d.code == code]


PUBLIC_IMPORTS = "  vpn-target 64548:100 import-extcommunity\n"  # the first is PUBLIC's


def test_office_leak_named_per_prefix_and_instance(huawei: Rendered) -> None:
    """PUBLIC on a county PE importing the office's route target learns the office's routes: GN914 at its
    targets, naming the office prefix, the instance it comes from and the instance that learns it."""
    leak = sub(PUBLIC_IMPORTS, PUBLIC_IMPORTS + "  vpn-target 64548:400 import-extcommunity\n")
    hits = of(huawei.added(JX_360102_R01=leak), "GN914")
    assert [(d.file, d.line) for d in hits] == [("configs/360102/JX-360102-R01.cfg",
                                                line_of(huawei, "JX-360102-R01", "^  vpn-target 64548:100 "))]
    assert hits[0].message.startswith("PUBLIC on JX-360102-R01 learns 2 office routes (10.64.0.0/11 of OFFICE on "
                                      "JX-36-CR01, ")


def test_office_target_imported_but_every_office_prefix_denied(huawei: Rendered) -> None:
    """Per prefix, not per route target: the office's target imported into PUBLIC behind an import policy that
    denies the office's addresses leaks nothing (no GN914); the same policy letting them in does."""
    vrf = "#\nip vpn-instance PUBLIC\n route-distinguisher 10.0.0.9:100\n #\n address-family ipv4\n"  # H3C Comware
    policy = ("#\nip prefix-list NO-OFFICE index 10 deny 10.64.0.0 11 greater-equal 11 less-equal 32\n"
              "ip prefix-list NO-OFFICE index 20 permit 0.0.0.0 0 less-equal 32\n"
              "route-policy NO-OFFICE permit node 10\n if-match ip address prefix-list NO-OFFICE\n")
    guarded = sub(vrf, policy + vrf + "  import route-policy NO-OFFICE\n")
    leak = sub(PUBLIC_IMPORTS, PUBLIC_IMPORTS + "  vpn-target 64548:400 import-extcommunity\n")
    both = lambda text: leak(guarded(text))  # noqa: E731
    found = huawei.added(JX_360102_R01=both)
    assert "GN914" not in codes(found) and "GN924" not in codes(found)
    opened = lambda text: both(text).replace("index 10 deny 10.64.0.0", "index 10 permit 10.64.0.0")  # noqa: E731
    assert [d.file for d in of(huawei.added(JX_360102_R01=opened), "GN914")] == ["configs/360102/JX-360102-R01.cfg"]


def test_internet_learning_a_dedicated_zone_names_its_prefixes(cisco: Rendered) -> None:
    internet = "vrf definition INTERNET\n rd 10.0.0.4:300\n !\n address-family ipv4\n"
    hits = of(cisco.added(JX_3601_CR01=sub(internet, internet + "  route-target import 64548:201\n")), "GN915")
    assert [d.file for d in hits] == ["configs/3601/JX-3601-CR01.cfg"]
    assert "INTERNET on JX-3601-CR01 learns " in hits[0].message and " of HRSS on JX-" in hits[0].message


def test_internet_static_route_needs_a_rule_covering_its_prefix(huawei: Rendered) -> None:
    """A static route of the internet zone toward HRSS's pool through a firewall whose internet -> hrss rule is
    for other destinations is no way through (GN915, the prefix named); a rule for the route's prefix is."""
    fw01 = "ip route-static vpn-instance INTERNET 172.16.0.0 255.255.0.0 10.1.0.53 description TO-JX-36-FW01\n"
    via = sub("\n#\nntp-service", "\n" + fw01 + "#\nntp-service")
    rule = (" rule name internet-to-hrss\n  source-zone internet\n  destination-zone hrss\n"
            "  destination-address 172.31.0.0 16\n  action permit\n")
    narrow = sub("security-policy\n", "security-policy\n" + rule)
    hits = of(huawei.added(JX_36_CR01=via, JX_36_FW01=narrow), "GN915")
    assert [d.file for d in hits] == ["configs/36/JX-36-CR01.cfg"]
    assert "172.16.0.0/16 of hrss" in hits[0].message and "(internet-to-hrss) do not cover it" in hits[0].message
    wide = sub("security-policy\n", "security-policy\n" + rule.replace("172.31.0.0 16", "172.16.0.0 12"))
    assert "GN915" not in codes(huawei.added(JX_36_CR01=via, JX_36_FW01=wide))


def test_6vpe_routes_judged_per_prefix(cisco: Rendered) -> None:
    """A PE whose PUBLIC IPv6 family imports nothing reaches none of the zone's IPv6 site blocks (GN924 at its IPv6
    route targets); an IPv6 export map whose ipv6 prefix-list leaves out the PE's own block leaves that block and
    its unit's subnet unreachable from every other member."""
    family6 = " address-family ipv6\n  route-target export 64548:100\n  route-target import 64548:100\n"
    found = of(cisco.added(JX_360102002_R01=sub(family6, family6.replace("  route-target import 64548:100\n", ""))),
               "GN924")
    assert [(d.file, d.line) for d in found] == [("configs/360102002/JX-360102002-R01.cfg",
                                                 line_of(cisco, "JX-360102002-R01", "^ address-family ipv6") + 1)]
    assert " IPv6 prefix(es) " in found[0].message and "2001:db8::/40 (site 36)" in found[0].message
    assert [d.code for d in cisco.added(JX_360102002_R01=sub(family6, family6.replace(
        "  route-target import 64548:100\n", "")))] == ["GN912", "GN924"]  # the IPv6 family's targets are the zone's
    no_family = sub(family6 + "  export map PUBLIC-EXPORT6\n  import map PUBLIC-IMPORT6\n exit-address-family\n", "")
    found = {d.file: d.message for d in of(cisco.added(JX_360102002_R01=no_family), "GN924")}
    assert "IPv6 prefix(es)" in found["configs/360102002/JX-360102002-R01.cfg"]
    assert "on 1 member PE(s) (JX-360102002-R01)" in found["configs/360102002/JX-360102002-R01.cfg"]
    assert "2001:db8:10::/56 (site 360102002)" in found["configs/36/JX-36-CR01.cfg"]  # its own block: unannounced
    exported = sub("ipv6 prefix-list PUBLIC-EXPORT6 seq 10 permit 2001:db8::/40 le 128\n",  # as rendered: the pool
                   "ipv6 prefix-list PUBLIC-EXPORT6 seq 10 permit 2001:db8:ffff::/48 le 128\n")
    found = of(cisco.added(JX_360102002_R01=exported), "GN924")
    assert len(found) == 1 and "2001:db8:10::/56 (site 360102002)" in found[0].message


def test_ipv6_site_block_announced_by_no_pe(cisco: Rendered) -> None:
    found = of(cisco.added(JX_360102002_R01=drop(r"^ipv6 route vrf PUBLIC 2001:db8:10::/56 Null0 ")), "GN920")
    assert [d.file for d in found] == ["zones/zones.yaml"]
    assert "site blocks (IPv6) (360102002)" in found[0].message


def test_as_path_node_passes_only_routes_that_carry_the_as(huawei: Rendered) -> None:
    """PUBLIC-IMPORT's node 20 matches the national AS in the AS path: the province's own routes carry an empty
    path, so with node 10's prefix list narrowed they are denied (GN924) — not let through as if node 20
    matched everything."""
    narrowed = drop(r"^ip ip-prefix PUBLIC-IMPORT index 10 ")
    found = of(huawei.added(JX_360102002_R01=narrowed), "GN924")
    assert [d.file for d in found] == ["configs/360102002/JX-360102002-R01.cfg"]
    assert "10.128.0.0/17 (site 36)" in found[0].message


def test_community_match_passes_routes_that_carry_it(huawei: Rendered) -> None:
    """A community match is evaluated on what the route carries: the province core's PUBLIC routes tagged by its
    export policy pass the edge's node that matches the community, the other PEs' untagged routes do not."""
    tag = sub("  vpn-target 64548:100 import-extcommunity\n#\n", "  vpn-target 64548:100 import-extcommunity\n"
              "  export route-policy TAG\n#\nroute-policy TAG permit node 10\n apply community 64548:9\n#\n")
    community = lambda text: drop(r"^ip ip-prefix PUBLIC-IMPORT index 10 ")(text).replace(  # noqa: E731
        " if-match as-path-filter AS64512", " if-match community-filter C9").replace(
        "route-policy PUBLIC-IMPORT permit node 10", "ip community-filter basic C9 permit 64548:9\n"
        "route-policy PUBLIC-IMPORT permit node 10")
    found = of(huawei.added(JX_36_CR01=tag, JX_360102002_R01=community), "GN924")
    assert [d.file for d in found] == ["configs/360102002/JX-360102002-R01.cfg"]
    assert "(site 3601)" in found[0].message and "(site 36)" not in found[0].message


def test_match_verify_cannot_evaluate_is_said(huawei: Rendered) -> None:
    acl = sub(" if-match as-path-filter AS64512\n", " if-match as-path-filter AS64512\n if-match acl 3000\n")
    found = huawei.added(JX_360102002_R01=acl)
    hits = of(found, "GN926")
    assert [(d.file, d.line) for d in hits] == [("configs/360102002/JX-360102002-R01.cfg",
                                                line_of(huawei, "JX-360102002-R01", "^ if-match as-path-filter") + 1)]
    assert "matches 'if-match acl 3000', which verify cannot evaluate" in hits[0].message
    assert str(hits[0].severity) == "warning"
    undefined = of(huawei.added(JX_360102002_R01=drop(r"^ip as-path-filter AS64512 ")), "GN926")
    assert ["as-path filter AS64512, which the config does not define" in d.message for d in undefined] == [True]
    unnamed = of(huawei.added(JX_360102002_R01=drop(r"^route-policy PUBLIC-IMPORT |^ if-match .*PUBLIC-IMPORT$")),
                 "GN926")
    assert ["PUBLIC-IMPORT on JX-360102002-R01 (import policy of PUBLIC) is not defined" in d.message
            for d in unnamed] == [True]


def test_ipv6_firewall_rules_held_to_the_policy(cisco: Rendered) -> None:
    """SecPath's IPv6 policy ('security-policy ipv6') holds the policy's rules like the IPv4 one: a rule whose
    action flipped, or that gained a source, or that is missing there, is GN923 at the IPv6 rule."""
    def ipv6_policy(edit: str, new: str) -> Callable[[str], str]:
        def apply(text: str) -> str:
            head, _, tail = text.partition("security-policy ipv6\n")
            assert edit in tail
            return head + "security-policy ipv6\n" + tail.replace(edit, new, 1)
        return apply

    lines = cisco.configs["JX-3601-FW01"].text.splitlines()
    start = lines.index("security-policy ipv6")
    block = next(i for i in range(start, len(lines)) if lines[i] == " rule name block-hrss-from-public") + 1
    flipped = of(cisco.added(JX_3601_FW01=ipv6_policy("  action drop\n", "  action pass\n")), "GN923")
    assert [(d.file, d.line) for d in flipped] == [("configs/3601/JX-3601-FW01.cfg", block)]
    assert "differs from the policy in IPv6: action permit, not deny" in flipped[0].message
    source = ipv6_policy("  destination-zone internet\n", "  destination-zone internet\n"
                         "  source-ip-subnet 2001:db8:10:: 48\n")
    assert any("sources 2001:db8:10::/48, not any" in d.message for d in of(cisco.added(JX_3601_FW01=source),
                                                                              "GN923"))
    missing = ipv6_policy(" rule name public-to-internet\n", " rule name public-to-internet-v6\n")
    assert any("no rule public-to-internet (public -> internet) in its IPv6 security policy" in d.message
               for d in of(cisco.added(JX_3601_FW01=missing), "GN923"))


def _site_data(out: Path) -> dict[str, Any]:
    text = (out / "site" / "data.js").read_text(encoding="utf-8")
    found: dict[str, Any] = json.loads(text.removeprefix("window.GOVNET_DATA = ").removesuffix(";\n"))
    return found


def test_site_overview_shows_what_verify_found(tmp_path: Path) -> None:
    """The build's site shows verify's result on its overview: passed, with its error and warning counts, and per
    code (in Chinese) a row linked to the code's entry in the verify codes' table; a build without verify says it
    did not run."""
    from conftest import copy_model
    from govnet.pipeline import build
    from govnet.records.summary import verify_counts
    from govnet.site import write_site

    root = copy_model(Path(__file__).resolve().parent / "fixtures" / "mini", tmp_path / "model")
    out = tmp_path / "out"
    built = build(root, out, date="2026-11-30", workers=1)
    assert built.result.ok
    data = _site_data(out)
    assert data["verify"] == {"errors": 0, "warnings": 0, "codes": []}
    title = "区域的站点地址块或在用单位子网在某成员 PE 上没有可达路由"
    assert {"code": "GN924", "severity": "错误", "title": title} in data["verify_codes"]
    # a warning verify found (as the build records it in summary.json): a row per code, in Chinese
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    warning = verify_counts([Diagnostic("GN926", Severity.WARNING, "configs/x.cfg", 3, 1, "", "m")] * 2)
    (out / "summary.json").write_text(json.dumps({**summary, "verify": warning}), encoding="utf-8")
    model = built.result.model
    assert model is not None
    write_site(model, built.result.addresses, built.result.diagnostics, out, date="2026-11-30")
    rows = _site_data(out)["verify"]["codes"]
    assert [(r["code"], r["count"], r["severity"]) for r in rows] == [("GN926", 2, "警告")]
    assert rows[0]["title"] and rows[0]["title"] != CODES["GN926"].title  # translated
    if CHROMIUM is not None:
        dom = _dom(out, "", tmp_path)
        assert "配置核查（verify）" in dom and "通过：错误 0 个，警告 2 个" in dom and 'href="#/codes/GN926"' in dom
        assert "<b><span id=\"GN926\">GN926</span></b>" in _dom(out, "codes/GN926", tmp_path)
    unverified = build(root, tmp_path / "unverified", date="2026-11-30", workers=1, verify=False)
    assert unverified.result.ok and _site_data(tmp_path / "unverified")["verify"] is None


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _dom(out: Path, view: str, tmp_path: Path) -> str:
    assert CHROMIUM is not None
    done = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp_path / 'p'}",
                           "--virtual-time-budget=5000", "--dump-dom", (out / "index.html").as_uri() + "#/" + view],
                          capture_output=True, text=True, timeout=120, check=False)
    return done.stdout
