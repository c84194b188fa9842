"""The platforms govnet knows, and what each one's devices accept: one explicit table.

Per platform: vendor limits, the template folder, the interface naming scheme, the ttp template that parses a
rendered config back (tests/verification), the hier_config driver for `govnet diff --remediation`, and the
character that starts a comment/section line.

Limits from vendor command references: Huawei VRP/USG `sysname` 1-246 characters and interface
`description` 1-242; H3C Comware `sysname` 1-64 and `description` 1-255; Cisco IOS XE `hostname` 63
(RFC 1123 label) and `description` 240.

Interface names (vendor conventions): Huawei NE/AR `GigabitEthernet0/0/0`, `XGigabitEthernet0/0/0`,
`40GE0/0/0`, `100GE0/0/0` (slot/card/port, ports from 0); USG6000 `GigabitEthernet1/0/0` (slot 1);
H3C Comware 7 `GigabitEthernet1/0/1`, `Ten-GigabitEthernet1/0/1`, `FortyGigE1/0/1`, `HundredGigE1/0/1` (ports
from 1); Cisco IOS XE (ASR 1000/ISR 4000) `GigabitEthernet0/0/0`, `TenGigabitEthernet0/0/0`,
`FortyGigabitEthernet0/0/0`, `HundredGigE0/0/0`.
"""

from __future__ import annotations

from dataclasses import dataclass

G = 1_000_000_000


@dataclass(frozen=True, slots=True)
class Naming:
    """How a platform names its Ethernet ports: a type per port speed, the slot, and the first port number."""

    types: tuple[tuple[int, str], ...]  # (minimum speed in bit/s, interface type), fastest first
    slot: int
    first_port: int
    loopback: str  # the loopback interface type, e.g. LoopBack

    def port_type(self, speed: int | None) -> str:
        """The interface type for a port speed (1G when the model gives none).

        >>> PLATFORMS["huawei_vrp"].naming.port_type(10 * G), PLATFORMS["h3c_comware"].naming.port_type(None)
        ('XGigabitEthernet', 'GigabitEthernet')
        """
        wanted = speed or G
        for minimum, name in self.types:
            if wanted >= minimum:
                return name
        return self.types[-1][1]

    def port(self, speed: int | None, card: int, index: int) -> str:
        """The name of port ``index`` (0-based) on ``card``.

        >>> PLATFORMS["h3c_comware"].naming.port(100 * G, 2, 0), PLATFORMS["cisco_iosxe"].naming.port(G, 0, 3)
        ('HundredGigE1/2/1', 'GigabitEthernet0/0/3')
        """
        return f"{self.port_type(speed)}{self.slot}/{card}/{self.first_port + index}"


HUAWEI_ROUTER = Naming(((100 * G, "100GE"), (40 * G, "40GE"), (10 * G, "XGigabitEthernet"), (0, "GigabitEthernet")),
                       0, 0, "LoopBack")
HUAWEI_FIREWALL = Naming(((100 * G, "100GE"), (40 * G, "40GE"), (10 * G, "XGigabitEthernet"),
                          (0, "GigabitEthernet")), 1, 0, "LoopBack")
COMWARE = Naming(((100 * G, "HundredGigE"), (40 * G, "FortyGigE"), (10 * G, "Ten-GigabitEthernet"),
                  (0, "GigabitEthernet")), 1, 1, "LoopBack")
CISCO = Naming(((100 * G, "HundredGigE"), (40 * G, "FortyGigabitEthernet"), (10 * G, "TenGigabitEthernet"),
                (0, "GigabitEthernet")), 0, 0, "Loopback")


@dataclass(frozen=True, slots=True)
class Platform:
    name: str
    vendor: str
    hostname_max: int
    description_max: int
    templates: str = ""  # folder under templates/: <folder>/<role>.j2
    naming: Naming = HUAWEI_ROUTER
    parser: str = ""  # ttp template (govnet/parsers/<parser>.ttp) that reads a rendered config back
    diff_driver: str = "generic"  # hier_config Platform value for remediation
    comment: str = "#"  # section separator / comment lines: stripped before hier_config sees the text
    roles: tuple[str, ...] = ()  # the roles it has templates for
    os: str = ""  # the software whose syntax the templates follow (vrp8, vrp5, usg, comware7, iosxe)
    # Whether its router templates render control-plane protection (cpu-defend, control-plane QoS, CoPP) for the
    # roles routing.control_plane names; VRP 5 (AR) does not: no public text gives its AR syntax (GN510).
    control_plane: bool = True
    # Whether its templates name the source of RADIUS requests (the management loopback). The USG's do not: no USG
    # reference for the keyword was found (templates/common/huawei.j2), so its requests leave from the interface
    # toward the RADIUS servers, its management legs, and `govnet export freeradius` lists those as its addresses.
    radius_source: bool = True


PLATFORMS: dict[str, Platform] = {
    p.name: p
    for p in (
        # NE40E/NetEngine 8000/CX routers run VRP 8, AR routers VRP 5: AAA, RADIUS and syslog syntax differ
        # (NE40E V800R012C10 vs AR V200R010 command references), so each has its own folder.
        Platform("huawei_vrp8", "Huawei", 246, 242, "huawei_vrp8", HUAWEI_ROUTER, "huawei", "huawei_vrp", "#",
                 ("core-router", "router"), "vrp8"),
        Platform("huawei_vrp", "Huawei", 246, 242, "huawei_vrp", HUAWEI_ROUTER, "huawei", "huawei_vrp", "#",
                 ("core-router", "router"), "vrp5", control_plane=False),
        # USG and SecPath firewalls double as the secure access platform's SSL VPN gateways (access-gateway);
        # the routers have no SSL VPN: a gateway on them is refused (GN506).
        Platform("huawei_usg", "Huawei", 246, 242, "huawei_usg", HUAWEI_FIREWALL, "huawei", "huawei_vrp", "#",
                 ("firewall", "access-gateway"), "usg", radius_source=False),
        # Comware 7 has no hier_config driver of its own; hp_comware5 has the right 'undo' negation once the
        # '#' separator lines are stripped (see DOMAIN.md).
        Platform("h3c_comware", "H3C", 64, 255, "h3c_comware", COMWARE, "comware", "hp_comware5", "#",
                 ("core-router", "router"), "comware7"),
        Platform("h3c_secpath", "H3C", 64, 255, "h3c_secpath", COMWARE, "comware", "hp_comware5", "#",
                 ("firewall", "access-gateway"), "comware7"),
        Platform("cisco_iosxe", "Cisco", 63, 240, "cisco_iosxe", CISCO, "cisco", "cisco_ios", "!",
                 ("core-router", "router"), "iosxe"),
    )
}

# Every role some platform has templates for; the schema accepts exactly these (and the platforms above).
ROLES: tuple[str, ...] = tuple(dict.fromkeys(role for p in PLATFORMS.values() for role in p.roles))
# Roles that terminate uplinks, in order of preference.
ROUTING_ROLES = ("core-router", "router")


def expected(names: tuple[str, ...] | list[str]) -> str:
    """The choices as pydantic words a Literal's: ``'a', 'b' or 'c'``.

    >>> expected(["huawei_vrp", "huawei_usg", "h3c_comware"])
    "'huawei_vrp', 'huawei_usg' or 'h3c_comware'"
    """
    quoted = [f"'{n}'" for n in names]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"
