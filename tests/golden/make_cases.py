"""Make the model of each config golden case from tests/fixtures/mini (the cases are committed).

    python tests/golden/make_cases.py [--fresh] && GOVNET_REGEN_GOLDEN=1 pytest tests/test_configs_golden.py

Run on the committed cases, it writes exactly what is committed: the model files from the mini fixture and the
edits below, and each case's allocations.lock through `govnet allocate` on top of the committed lock, as the
tool keeps decisions once made (the locks grew with the fixture: an allocation from scratch numbers the later
additions, such as the access gateways' legs, differently). --fresh allocates from scratch instead.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MINI = HERE.parent / "fixtures" / "mini"
FRESH = "--fresh" in sys.argv[1:]
POLICY = """default: deny
exit_levels: [province, city]
address_groups:
  sap-clients: [10.3.0.0/16]
  web-servers: [10.128.0.0/24, 10.128.1.0/24]
rules:
  - {name: public-to-internet, from: public, to: internet, action: permit, nat: true, at: [province, city]}
  - {name: sap-to-public, from: internet, source: [sap-clients], to: public, destination: [web-servers],
     services: [tcp/443, udp/8000-8010], action: permit, at: [province]}
  - {name: block-hrss-from-public, from: public, to: hrss, action: deny, at: [province, city, county]}
"""
CLOUD_RULE = ("  - {name: public-to-cloud, from: public, to: cloud, services: [tcp/443], action: permit, "
              "at: [special]}\n")
# The government cloud's service zone behind the gov-cloud site's firewalls (the mini fixture has no such zone).
CLOUD = """  - name: cloud
    kind: dedicated
    title: 政务云服务区
    number: 500
    levels: [special]
    firewall: true
    addresses:
      ipv4:
        pool: [10.16.0.0/16]
        delegate: {special: 20}
        size: 26
"""
USG = '{name: "{prefix}-{code}-FW{n:02d}", role: firewall, platform: huawei_usg, count: 2, port_speed: 10G}'


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def base(name: str, gateways: str) -> Path:
    root = HERE / name / "model"
    lock = root / "allocations.lock"
    kept = lock.read_bytes() if lock.is_file() and not FRESH else None
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(MINI, root)
    if kept is not None:  # decisions once made stay: allocate adds to the committed lock (see the module's doc)
        lock.write_bytes(kept)
    else:
        lock.unlink(missing_ok=True)
    (root / "zones" / "policy.yaml").write_text(POLICY, encoding="utf-8")
    edit(root / "zones" / "zones.yaml", '{site: "36", carriers: [电信, 联通], handoffs:',
         '{site: "36", carriers: [电信, 联通], nat_pool: [198.51.100.0/27], handoffs:')
    edit(root / "zones" / "zones.yaml", "  route_reflectors: [province, city]\n",
         "  route_reflectors: [province, city]\n  # Inter-AS option A toward the national backbone's PEs over the "
         "backbone links: one sub-interface and one\n  # eBGP session per VPN listed. The national AS comes from "
         "the national plan (placeholder here).\n  national: {asn: 64512, zones: [public]}\n")
    edit(root / "zones" / "zones.yaml", "    firewall: true\n    exits:",
         "    firewall: true\n    addresses:\n      ipv4: {pool: [198.51.100.0/24, 203.0.113.0/24]}\n"
         '    access_platform: {site: "36", gateways: 2, client_pool: [10.3.0.0/16], portal: 198.51.100.100}\n'
         "    exits:")
    # The city and county firewalls in the traffic path (the fixture's reserve firewalls would refuse the policy's
    # rules; the gov-cloud pair stays in reserve unless a case gives it a zone), and the province's SSL VPN access
    # gateway pair on the given platform.
    profiles = root / "topology" / "profiles.yaml"
    profiles.write_text(re.sub(r"port_speed: 10G, in_path: false, purpose: [^}]*\}", "port_speed: 10G}",
                               profiles.read_text(encoding="utf-8")), encoding="utf-8")
    gateway = USG.replace("FW", "VPN").replace("firewall", "access-gateway").replace("huawei_usg", gateways)
    edit(profiles, f"      - {USG}\n\n  city:", f"      - {USG}\n      - {gateway}\n\n  city:")
    (root / "govnet.yaml").write_text((root / "govnet.yaml").read_text(encoding="utf-8") + """
management:
  plane: {networks: [10.4.0.0/24]}
  ntp: [10.4.0.1]
  syslog: [10.4.0.3]
  snmp: {contact: noc@example.gov.cn, trap_hosts: [10.4.0.4]}
  aaa: {radius: [10.4.0.5], local_user: netadmin}
""", encoding="utf-8")
    return root


def allocate(root: Path) -> None:
    subprocess.run([sys.executable, "-m", "govnet", "allocate", str(root)], check=True)


def huawei_h3c() -> None:
    """The mini model as it is: Huawei province and cities, H3C counties, Huawei townships; OSPF."""
    root = base("huawei-h3c", "huawei_usg")
    # The gov-cloud site offers the cloud zone behind its firewall pair, now in the traffic path.
    zones, policy = root / "zones" / "zones.yaml", root / "zones" / "policy.yaml"
    profiles = root / "topology" / "profiles.yaml"
    zones.write_text(zones.read_text(encoding="utf-8") + CLOUD, encoding="utf-8")
    policy.write_text(policy.read_text(encoding="utf-8") + CLOUD_RULE, encoding="utf-8")
    profiles.write_text(re.sub(r"port_speed: 40G, in_path: false, purpose: [^}]*\}", "port_speed: 40G}",
                               profiles.read_text(encoding="utf-8")), encoding="utf-8")
    edit(profiles, "  gov-cloud:\n    description: 政务云出口\n    zones: [public, hrss]\n",
         "  gov-cloud:\n    description: 政务云出口\n    zones: [public, hrss, cloud]\n")
    allocate(root)


def cisco_isis() -> None:
    """Cisco IOS XE county and township routers, IS-IS underlay, an internet exit at city 3601 (H3C SecPath
    firewalls; an IOS XE and a Comware core router, one carrier each); dual-stack, with a route leak."""
    root = base("cisco-isis", "h3c_secpath")
    profiles = root / "topology" / "profiles.yaml"
    text = profiles.read_text(encoding="utf-8")
    county = text.index("  county:")
    rest = text[county:].replace("platform: h3c_comware", "platform: cisco_iosxe", 1)
    township = rest.index("  township:")
    rest = rest[:township] + re.sub(r"platform: huawei_vrp8?,", "platform: cisco_iosxe,", rest[township:])
    profiles.write_text(text[:county] + rest, encoding="utf-8")
    # The city pair mixes vendors (an IOS XE and a Comware core router), so the exit's two carriers land on both.
    cr = '{name: "{prefix}-{code}-CR{n:02d}", role: core-router, platform: huawei_vrp8, count: 2, port_speed: 100G}'
    edit(profiles, f"""  city:
    description: 设区市汇聚节点
    zones: [public, hrss, office]
    devices:
      - {cr}""", """  city:
    description: 设区市汇聚节点
    zones: [public, hrss, internet, office]
    devices:
      - {name: "{prefix}-{code}-CR01", role: core-router, platform: cisco_iosxe, count: 1, port_speed: 100G}
      - {name: "{prefix}-{code}-CR02", role: core-router, platform: h3c_comware, count: 1, port_speed: 100G}""")
    usg = '{name: "{prefix}-{code}-FW{n:02d}", role: firewall, platform: huawei_usg, count: 2, port_speed: 10G}'
    city_uplinks = "\n    uplinks: {count: 2, bandwidth: 10G"
    edit(profiles, usg + city_uplinks, usg.replace("huawei_usg", "h3c_secpath") + city_uplinks)
    policy = root / "zones" / "policy.yaml"  # a permit at the counties: routes on the IOS XE routers
    policy.write_text(policy.read_text(encoding="utf-8") + "  - {name: hrss-to-web-servers, from: hrss, to: public, "
                      "destination: [web-servers], services: [tcp/443],\n     action: permit, at: [county]}\n",
                      encoding="utf-8")
    zones = root / "zones" / "zones.yaml"
    edit(zones, "igp: ospf", "igp: isis")
    edit(zones, "gateway: 198.51.100.133}}}", "gateway: 198.51.100.133}}}\n"
         '      - site: "3601"\n'
         "        carriers: [电信, 联通]\n"
         "        nat_pool: [203.0.113.0/28]\n"
         "        handoffs:\n"
         "          电信: {address: 203.0.113.178/30, gateway: 203.0.113.177,\n"
         '                 ipv6: {address: "2001:db8:f100::2/126", gateway: "2001:db8:f100::1"}}\n'
         "          联通: {address: 203.0.113.182/30, gateway: 203.0.113.181}")
    dual_stack(root)
    allocate(root)


def dual_stack(root: Path) -> None:
    """IPv6 on loopbacks and links, public and hrss dual-stack, hrss importing the routes of a second dedicated
    zone (medins) that no site offers yet."""
    infrastructure = root / "zones" / "infrastructure.yaml"
    edit(infrastructure, "  ipv4: {pool: [10.0.0.0/16], size: 32}\n",
         '  ipv4: {pool: [10.0.0.0/16], size: 32}\n  ipv6: {pool: ["2001:db8:8000::/48"], size: 128}\n')
    edit(infrastructure, "  ipv4: {pool: [10.1.0.0/16], size: 31}\n",
         '  ipv4: {pool: [10.1.0.0/16], size: 31}\n  ipv6: {pool: ["2001:db8:8001::/48"], size: 127}\n')
    zones = root / "zones" / "zones.yaml"
    edit(zones, "        delegate: {province: 17, city: 20, county: 22, township: 25, special: 22}\n        size: 28\n",
         "        delegate: {province: 17, city: 20, county: 22, township: 25, special: 22}\n        size: 28\n"
         '      ipv6:\n        pool: ["2001:db8::/40"]\n'
         "        delegate: {province: 40, city: 44, county: 48, township: 56, special: 48}\n        size: 64\n")
    edit(zones, "    number: 201\n", "    number: 201\n    import_from: [medins]\n")
    edit(zones, "        delegate: {province: 12}\n        size: 28\n",
         "        delegate: {province: 12}\n        size: 28\n"
         '      ipv6:\n        pool: ["2001:db8:4000::/36"]\n        delegate: {province: 36}\n        size: 64\n'
         "  - name: medins\n    kind: dedicated\n    title: 医保专网\n    number: 205\n"
         "    levels: [province, city, county, special]\n    min_mlps: 3\n")


if __name__ == "__main__":
    huawei_h3c()
    cisco_isis()
