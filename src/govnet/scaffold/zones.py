"""The zones/ files `govnet init` writes: a generic zone set with an address plan sized to the province.

Every block length is computed from the largest number of children a site of each level has, with room for
the site's own units, so the plan of a new model fits its province (Sichuan's 180 counties as well as
Ningxia's 22). The pools are private-range placeholders: a province replaces them with its real plan.
"""

from __future__ import annotations

import math

TOWNSHIP_V4 = 25  # 128 addresses: eight /28 unit subnets per township
SPARE = 2  # room for the site's own units beside its children's blocks


def child_bits(children: int) -> int:
    """Bits a block needs to hold ``children`` child blocks plus room for its own units.

    >>> child_bits(0), child_bits(6), child_bits(37)
    (1, 3, 6)
    """
    return max(1, math.ceil(math.log2(children + SPARE)))


def zones_files(code: str, max_counties: int, max_townships: int, cities: int) -> dict[str, str]:
    county = TOWNSHIP_V4 - child_bits(max_townships)
    city = county - child_bits(max_counties)
    province = city - child_bits(cities + 3)  # + the special sites
    if province < 9:
        raise ValueError("the province is too large for the placeholder plan in 10.128.0.0/9")
    pool = f"10.128.0.0/{province}"
    asn = 64512 + int(code)  # a private-use AS placeholder per province
    return {
        "zones/zones.yaml": ZONES.format(asn=asn, code=code, province=province, city=city, county=county,
                                         township=TOWNSHIP_V4, special=city + 2, pool=pool),
        "zones/policy.yaml": POLICY,
        "zones/infrastructure.yaml": INFRASTRUCTURE,
    }


ZONES = """# Security zones (分区分域). The address plan and AS number below are placeholders in private ranges, sized
# to this province by `govnet init`: replace them with the province's real plan before `govnet allocate`.
routing:
  asn: {asn}
  igp: ospf
  route_reflectors: [province, city]
  # Inter-AS option A toward the national backbone's PEs over the backbone links: one sub-interface and one
  # eBGP session per VPN listed. The national AS comes from the national plan (placeholder here).
  national: {{asn: 64512, zones: [public]}}

zones:
  - name: public
    kind: public
    title: 公用网络区
    number: 100
    levels: [province, city, county, township, village, special]
    min_mlps: 2
    firewall: true
    addresses:
      ipv4:
        pool: [{pool}]
        delegate: {{province: {province}, city: {city}, county: {county}, township: {township}, special: {special}}}
        size: 28
  - name: hrss
    kind: dedicated
    title: 人社专网
    number: 201
    levels: [province, city, county, township, special]
    min_mlps: 3
    addresses:
      ipv4:
        pool: [172.16.0.0/12]
        delegate: {{province: 12}}
        size: 28
  - name: internet
    kind: internet
    title: 互联网区
    number: 300
    levels: [province, city]
    firewall: true
    exits:
      # handoffs: placeholders in a documentation range; copy each carrier's from its ISP contract
      - site: "{code}"
        carriers: [电信, 联通]
        handoffs:
          电信: {{address: 198.51.100.2/30, gateway: 198.51.100.1}}
          联通: {{address: 198.51.100.6/30, gateway: 198.51.100.5}}
  - name: office
    kind: office
    title: 办公业务区
    number: 400
    levels: [province, city, county]
    min_mlps: 3
    addresses:
      ipv4:
        pool: [10.64.0.0/11]
        delegate: {{province: 11}}
        size: 28
"""

POLICY = """# The inter-zone policy: everything between zones is denied unless a rule below permits it.
default: deny
exit_levels: [province, city]
rules:
  - name: public-to-internet
    from: public
    to: internet
    action: permit
    nat: true
    at: [province]
"""

INFRASTRUCTURE = """# Infrastructure pools of the global routing table: unique across the province.
loopback:
  ipv4: {pool: [10.0.0.0/16], size: 32}
links:
  ipv4: {pool: [10.1.0.0/16], size: 31}
management:
  ipv4: {pool: [10.2.0.0/15], nest: false, delegate: {province: 27, city: 28, county: 28, township: 29, special: 28},
         size: 32}
"""
