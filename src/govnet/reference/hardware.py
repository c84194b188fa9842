"""Hardware models and their ports: a small table per model (which platform runs it, and the cards govnet assumes
it carries: slot, subcard, port speed, how many ports, the first port number), for the devices that name one
(``model:``).

A device with a model gets ports as that hardware numbers them, only of speeds it has and only as many as it has:
the two ends of a link must share a speed (GN418), and a device must not need more ports of a speed than its cards
give (GN419). Which port each cable takes is a decision kept in allocations.lock (govnet.ipam.ports): an index
among the device's ports of that speed, which :meth:`Hardware.nth` turns into a name. A device without a model
keeps its platform's naming (govnet.reference.platforms), any speed, and no limit.

A loadout is the card set a typical order of that model has (the comment at each entry); a site whose hardware
differs gets its own model entry. Numbering, from the vendors' hardware descriptions:
- Huawei NE40E / NetEngine 8000 (VRP 8): ``slot/subcard/port``, LPU slots 1-8 on the X8 chassis, the fixed
  NetEngine 8000 F1A in slot 0; ports numbered from 0 per subcard (NE40E Hardware Description, "Interface
  Numbering Rules"); types ``100GE``, ``40GE``, ``XGigabitEthernet``, ``GigabitEthernet``.
- Huawei AR6000 (VRP 5): ``slot/0/port``, the SRU's own ports in slot 0, the AR6280's SIC/WSIC cards in slots
  1-4; subcard always 0, ports numbered on across types (Huawei AR "How interfaces are numbered"; NetEngine AR
  Hardware Description, "Interface Numbering Conventions").
- Huawei USG6000E/USG6000F/USG12000 (USG): service ports from ``GigabitEthernet1/0/0``, ``GigabitEthernet0/0/0``
  being the MGMT port (HUAWEI USG6000 Series Hardware Guide, Issue 08, "Fixed interface board" and "Expansion
  slot"); the same interface types as the routers (govnet.reference.platforms.HUAWEI_FIREWALL).
- H3C CR16000-F / SR6600 (Comware 7): ``slot/subslot/port`` from 0 on routers (SR6602-I-AI Installation Guide,
  "Slot arrangement and interface numbering": fixed ports in slot 0, a FIP module's in slot 1, Ten-GigabitEthernet
  1/1/0 on its subslot 1), CR16010-F LPUs in slots 1-10.
- H3C SecPath F1000-AI / F5000-AI / M9000 (Comware 7): ``GigabitEthernet1/0/0`` is the management port; service
  ports from 1/0/1 on the fixed panel, M9006 cards in slots 2-6 (SecPath installation guides, "Interfaces").
- Cisco ASR 1000 / ISR 4000 (IOS XE): ``slot/subslot/port`` from 0 (SPA/EPA/NIM numbering, built-in ports in
  0/0); types ``HundredGigE``, ``TenGigabitEthernet``, ``GigabitEthernet``.
Each entry names the public document its ports follow (``source``; docs/hardware.md lists them all); where none
was found the entry says so and is an assumption. Check the ports against the order before cabling (breakout of
100GE into 4 x 25GE is not modelled).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from govnet.reference.platforms import G
from govnet.reference.units import format_bandwidth

PORTS_PER_CARD = 48  # ports of one abstract card of a platform without a hardware model


@dataclass(frozen=True, slots=True)
class Card:
    """Ports of one speed on one card (or a box's fixed panel): ``count`` ports numbered from ``first``."""

    slot: int
    subcard: int
    speed: int  # bit/s
    count: int
    first: int = 0


@dataclass(frozen=True, slots=True)
class Hardware:
    name: str
    platforms: tuple[str, ...]  # the platforms (software) that run on it
    types: tuple[tuple[int, str], ...]  # (port speed in bit/s, interface type), fastest first
    cards: tuple[Card, ...]  # the loadout govnet assumes (see each entry's comment): its ports, in order
    # The public document its numbering and port counts follow; '' when none was found (the entry is then an
    # assumption to check against the order: docs/hardware.md lists which).
    source: str = ""
    # For an assumption (or a source that leaves the cards open): what was searched and not found, so the next
    # search starts further on (docs/hardware.md prints it).
    searched: str = ""

    @property
    def speeds(self) -> tuple[int, ...]:
        return tuple(speed for speed, _ in self.types if any(c.speed == speed for c in self.cards))

    @property
    def slots(self) -> tuple[int, ...]:
        return tuple(dict.fromkeys(c.slot for c in self.cards))

    def capacity(self, speed: int) -> int:
        """How many ports of ``speed`` it has.

        >>> HARDWARE["AR6140"].capacity(G), HARDWARE["AR6140"].capacity(100 * G)
        (16, 0)
        """
        return sum(c.count for c in self.cards if c.speed == speed)

    def nth(self, speed: int, index: int) -> str | None:
        """The name of its ``index``-th (0-based) port of ``speed``, in card order; None past the last one.

        >>> HARDWARE["NE40E-X8A"].nth(100 * G, 0), HARDWARE["NE40E-X8A"].nth(10 * G, 25)
        ('100GE1/0/0', 'XGigabitEthernet7/0/1')
        >>> HARDWARE["CR16010-F"].nth(10 * G, 0), HARDWARE["AR6140"].nth(G, 0), HARDWARE["AR6140"].nth(G, 16)
        ('Ten-GigabitEthernet2/0/0', 'GigabitEthernet0/0/4', None)
        """
        kind = dict(self.types).get(speed)
        if kind is None or index < 0:
            return None
        for card in self.cards:
            if card.speed != speed:
                continue
            if index < card.count:
                return f"{kind}{card.slot}/{card.subcard}/{card.first + index}"
            index -= card.count
        return None


_HUAWEI = ((100 * G, "100GE"), (40 * G, "40GE"), (10 * G, "XGigabitEthernet"), (G, "GigabitEthernet"))
_H3C = ((100 * G, "HundredGigE"), (40 * G, "FortyGigE"), (10 * G, "Ten-GigabitEthernet"), (G, "GigabitEthernet"))
_CISCO = ((100 * G, "HundredGigE"), (40 * G, "FortyGigabitEthernet"), (10 * G, "TenGigabitEthernet"),
          (G, "GigabitEthernet"))


def _only(types: tuple[tuple[int, str], ...], *speeds: int) -> tuple[tuple[int, str], ...]:
    return tuple(t for t in types if t[0] in speeds)


def _lpus(slots: range, speed: int, per_slot: int, subcards: int = 1, first: int = 0) -> tuple[Card, ...]:
    """Identical cards in a range of slots, ``per_slot`` ports each spread over ``subcards`` subcards."""
    per = per_slot // subcards
    return tuple(Card(s, sub, speed, per, first) for s in slots for sub in range(subcards))


NETBOX = "netbox-community/devicetype-library, device-types/"  # device types with their interfaces, per model

# What every assumption below was searched in (each entry adds what it found of its own).
_CORPORA = "the netbox device-type library, public pages (datasheets, hardware/installation guides), public configs"
_X8 = ("NE40E Hardware Description, \"NE40E-X8A Chassis Overview\": eight LPU slots (a public copy: "
       "123docz.net/document/5059510-hardware-description-ne40e-x8a.htm)")

HARDWARE: dict[str, Hardware] = {
    h.name: h
    for h in (
        # Province/city/cloud cores, 8 LPU slots (1-8; the sources give the slots, not the cards): 100GE in 1-4
        # (2 subcards of 4), 40GE in 5, 10GE in 6-7 (2 x 12), GE in 8 (2 x 24) -- the loadout is an assumption.
        Hardware("NE40E-X8A", ("huawei_vrp8",), _HUAWEI,
                 (*_lpus(range(1, 5), 100 * G, 8, 2), *_lpus(range(5, 6), 40 * G, 8, 2),
                  *_lpus(range(6, 8), 10 * G, 24, 2), *_lpus(range(8, 9), G, 48, 2)),
                 f"{NETBOX}Huawei/NE40E-X8.yaml (LPU bays 1-8); {_X8}; cards assumed",
                 f"the LPU cards of an order ({_CORPORA}): no public board list goes with a chassis. netbox's "
                 "module types of NE40E LPUs (module-types/Huawei/CR5D00E2ND70.yaml, LPUI-240 2 x 100GE: "
                 "100GE<slot>/0/0 and /1/0; CR5D0LBXFA70.yaml, LPUI-120 12 x 10GE, and CR5DL2XEFG7J.yaml, LPUI-51-E "
                 "2 x 10GE + 24 x GE, their ports named GE<slot>/...) would give 2 x 100GE a slot, fewer than the "
                 "default model's province cores use (16 each), and name 10GE ports GE, not XGigabitEthernet. The "
                 "NE40E V800R012C10 configuration guide (\"Overview of Interface Management\", Table 1; a public "
                 "copy: WheaterW/INTA-project, nassim-main/corpus/hw/hw_NE40E_V800R012C10) agrees: a 10GE "
                 "interface is entered as 'interface gigabitethernet 0/1/0', shown as a GE interface of 10G "
                 "bandwidth; XGigabitEthernet is a type of its own there (XGE interface). Which one a board gives "
                 "is not listed, so the 10G type stays XGigabitEthernet until verify reads a port's speed from the "
                 "model rather than its name"),
        Hardware("NetEngine8000-X8", ("huawei_vrp8",), _HUAWEI,
                 (*_lpus(range(1, 5), 100 * G, 8, 2), *_lpus(range(5, 6), 40 * G, 8, 2),
                  *_lpus(range(6, 8), 10 * G, 24, 2), *_lpus(range(8, 9), G, 48, 2)),
                 f"{NETBOX}Huawei/NE8000-X8.yaml (LPU bays 1-8); cards assumed",
                 f"the LPU cards of an order ({_CORPORA}): no public board list goes with a chassis"),
        # NetEngine 8000 F1A-8H20Q, fixed 1U: 28 x 10GE (0/0/0-27), 20 x 25GE (0/0/28-47), 8 x 100GE (0/0/48-55),
        # all in slot 0; no GE (MEth0/0/0 is management only).
        Hardware("NetEngine8000-F1A", ("huawei_vrp8",), (*_only(_HUAWEI, 100 * G), (25 * G, "25GE"),
                                                          *_only(_HUAWEI, 10 * G)),
                 (Card(0, 0, 10 * G, 28, 0), Card(0, 0, 25 * G, 20, 28), Card(0, 0, 100 * G, 8, 48)),
                 f"{NETBOX}Huawei/NE8000-F1A-8H20Q.yaml"),
        # AR651: a village's branch box, 2 x GE combo WAN and 8 x GE LAN, GE0-GE9 on the panel.
        Hardware("AR651", ("huawei_vrp",), _only(_HUAWEI, G), (Card(0, 0, G, 10),),
                 "SarthakRohal/devicetype-library2, device-types/Huawei/AR651.yml (a fork of the netbox library: "
                 "'2*GE combo WAN, 8*GE LAN'); netbox itself has only AR651W, also GE0-GE9"),
        # AR6140-16G4XG: the SRU's panel, 4 x 10GE SFP+ then 16 x GE, numbered on in slot 0. No source found.
        Hardware("AR6140", ("huawei_vrp",), _only(_HUAWEI, 10 * G, G),
                 (Card(0, 0, 10 * G, 4, 0), Card(0, 0, G, 16, 4)), "",
                 f"{_CORPORA}: netbox has only the AR6140-S (8 x GE, 4 SIC bays), another model; the AR hardware "
                 "descriptions found (AR1200/2200/3200, AR500-2500) give the numbering (slot 0 = SRU, subcard 0, "
                 "ports from 0), not this panel"),
        # AR6280: the SRU-600H panel (2 x 10GE, 10 x GE), a 4 x 10GE card in slot 1, 24GE cards in slots 2-4.
        Hardware("AR6280", ("huawei_vrp",), _only(_HUAWEI, 10 * G, G),
                 (Card(0, 0, 10 * G, 2, 0), Card(0, 0, G, 10, 2), Card(1, 0, 10 * G, 4), *_lpus(range(2, 5), G, 24)),
                 "", f"{_CORPORA}: the one public bay list (SarthakRohal/devicetype-library2, Huawei/AR6280.yaml: SIC "
                 "bays 1-4, WSIC 5-6, XSIC 7-8) gives neither the SRU's ports nor cards, and puts 24GE-class cards "
                 "in other slots than this loadout"),
        # County platforms: 10 LPU slots; 100GE in 1, 10GE in 2-3, GE in 4-10 (48 each).
        Hardware("CR16010-F", ("h3c_comware",), _H3C,
                 (*_lpus(range(1, 2), 100 * G, 4), *_lpus(range(2, 4), 10 * G, 24), *_lpus(range(4, 11), G, 48)),
                 "", f"{_CORPORA}: no CR16000-F installation guide or datasheet; netbox has no H3C router"),
        # SR6602-I: fixed panel of 4 x 10GE and 8 x GE (slot 0), one HMIM slot (1) with 8 x GE.
        Hardware("SR6602-I", ("h3c_comware",), _only(_H3C, 10 * G, G),
                 (Card(0, 0, 10 * G, 4), Card(0, 0, G, 8, 4), Card(1, 0, G, 8)), "",
                 f"{_CORPORA}: only the SR6602-I-AI's installation guide (the SR6602-I-AI entry) was found; the "
                 "SR6602-I's own panel and counts were not"),
        # SR6602-I-AI with a FIP-30 in slot 1 and a MIC-X-XP4 in its subslot 1, the two examples of the source:
        # the FIP-30's fixed GE 4-19, the MIC's four 10GE 0-3 (the FIP-30's ports 0-3 and the box's own fixed
        # ports in slot 0 are not described, so they are left out).
        Hardware("SR6602-I-AI", ("h3c_comware",), _only(_H3C, 10 * G, G),
                 (Card(1, 1, 10 * G, 4), Card(1, 0, G, 16, 4)),
                 "H3C SR6602-I-AI Router Installation Guide, \"Slot arrangement and interface numbering\" "
                 "(manualshive.com/en/manual/h3c/sr6602-i-ai-series/3154579?page=33): GigabitEthernet1/0/4-1/0/19 on "
                 "a FIP-30, Ten-GigabitEthernet1/1/0-1/1/3 on a MIC-X-XP4 in its subslot 1"),
        # ASR 1006-X: Ethernet port adapters as the netbox module types number them ({module} = slot/bay): an
        # EPA-1X100GE in 0/0 and 0/1, an EPA-10X10GE in 1/0 and 1/1, an EPA-18X1GE in 2/0, 2/1 and 3/0. The EPAs'
        # ports are sourced; which carrier slots and bays hold them is assumed.
        Hardware("ASR1006-X", ("cisco_iosxe",), _only(_CISCO, 100 * G, 10 * G, G),
                 (Card(0, 0, 100 * G, 1), Card(0, 1, 100 * G, 1), Card(1, 0, 10 * G, 8), Card(1, 1, 10 * G, 8),
                  Card(2, 0, G, 18), Card(2, 1, G, 18), Card(3, 0, G, 18)),
                 "netbox-community/devicetype-library, module-types/Cisco/EPA-1X100GE.yaml (HundredGigE{module}/0), "
                 "EPA-10X10GE.yaml (TenGigabitEthernet{module}/0-7), EPA-18X1GE.yaml (GigabitEthernet{module}/0-17); "
                 "carrier slots and bays assumed",
                 f"the ASR 1006-X chassis and its carrier (MIP) slots ({_CORPORA}): the ASR 1000 Hardware "
                 "Installation Guide pages found (OL-13208) number the ASR 1002's SPA bays only; not in netbox"),
        # Firewalls. USG6000E/USG6000F boxes (USG V600): the service ports on the fixed panel in slot 1
        # (GigabitEthernet0/0/0 is the MGMT port), numbered on across types.
        Hardware("USG6585E", ("huawei_usg",), _only(_HUAWEI, 40 * G, 10 * G, G),
                 (Card(1, 0, 40 * G, 2, 0), Card(1, 0, 10 * G, 12, 2), Card(1, 0, G, 16, 14)), "",
                 f"{_CORPORA}: the HUAWEI USG6000 Series Hardware Guide found (Issue 08, 2017, "
                 "manualshive.com/en/manual/huawei/usg6000-series/168090) covers the USG6300-6600 and USG6390E, "
                 "not the USG6000E/F; no HiSecEngine datasheet; not in netbox"),
        Hardware("USG6525F", ("huawei_usg",), _only(_HUAWEI, 10 * G, G),
                 (Card(1, 0, 10 * G, 2, 0), Card(1, 0, G, 8, 2)), "",
                 f"{_CORPORA}: as USG6585E (the 2017 hardware guide predates the USG6000F); not in netbox"),
        # USG12004: 4 LPU slots (1-4): 100GE in 1, 40GE in 2, 10GE in 3-4.
        Hardware("USG12004", ("huawei_usg",), _only(_HUAWEI, 100 * G, 40 * G, 10 * G),
                 (Card(1, 0, 100 * G, 2), Card(2, 0, 40 * G, 4), *_lpus(range(3, 5), 10 * G, 12)), "",
                 f"{_CORPORA}: no USG12000 hardware guide or datasheet; not in netbox"),
        # H3C SecPath (Comware 7): GigabitEthernet1/0/0 is the management port of the fixed panel, service ports
        # from 1/0/1; M9006: 6 slots.
        Hardware("F1000-AI-55", ("h3c_secpath",), _only(_H3C, 10 * G, G),
                 (Card(1, 0, G, 15, 1), Card(1, 0, 10 * G, 4, 16)), "",
                 f"{_CORPORA}: no SecPath F1000-AI datasheet or installation guide; netbox has no H3C firewall"),
        Hardware("F5000-AI-40", ("h3c_secpath",), _only(_H3C, 100 * G, 40 * G, 10 * G, G),
                 (Card(1, 0, 100 * G, 2, 1), Card(1, 0, 40 * G, 4, 3), Card(1, 0, 10 * G, 16, 7),
                  Card(1, 0, G, 8, 23)), "",
                 f"{_CORPORA}: H3C's F5000-AI product page (www.h3c.com/jp/Products_and_Solutions/Security/Security/"
                 "Products/Boundary_security/LM/F5000_AI) says only '2U, rich interfaces, interface expansion'"),
        Hardware("M9006", ("h3c_secpath",), _H3C,
                 (Card(2, 0, 100 * G, 4), Card(3, 0, 40 * G, 8), *_lpus(range(4, 6), 10 * G, 24),
                  Card(6, 0, G, 48)), "",
                 f"{_CORPORA}: no SecPath M9000 installation guide (its web configuration guide lists no ports)"),
        # ISR 4451-X: 4 x GE built in (0/0/0-3, per the source); assumed modules: 2 x 10GE on an SM-X in slot 1
        # (1/0/x), 8 x GE on NIMs in subslots 0/1 and 0/2 (the NIM bays are 0/1-0/3, SM-X slots 1-2).
        Hardware("ISR4451-X", ("cisco_iosxe",), _only(_CISCO, 10 * G, G),
                 (Card(0, 0, G, 4), Card(1, 0, 10 * G, 2), Card(0, 1, G, 8), Card(0, 2, G, 8)),
                 f"{NETBOX}Cisco/ISR4451-X.yaml (built-in GigabitEthernet0/0/0-3); modules assumed",
                 f"the NIM and SM-X modules of an order ({_CORPORA})"),
    )
}


# The interface types govnet's templates, parsers and verify read, per platform: what a model's own hardware entry
# may name (GN420). The first platform's list also gives an entry's types where it names none.
_HUAWEI_TYPES = (*_HUAWEI[:2], (25 * G, "25GE"), *_HUAWEI[2:])
INTERFACE_TYPES: dict[str, tuple[tuple[int, str], ...]] = {
    "huawei_vrp8": _HUAWEI_TYPES, "huawei_vrp": _HUAWEI_TYPES, "huawei_usg": _HUAWEI_TYPES,
    "h3c_comware": _H3C, "h3c_secpath": _H3C, "cisco_iosxe": _CISCO,
}

HardwareTable = Mapping[str, Hardware]


def speed_tag(speed: int | None) -> str:
    """A port speed as a lock subject writes it.

    >>> speed_tag(100 * G), speed_tag(100_000_000), speed_tag(None)
    ('100G', '100M', 'any')
    """
    return format_bandwidth(speed) if speed else "any"


STANDARD = (100 * G, 40 * G, 10 * G, G, 100_000_000)  # the cards a platform offers when no hardware is named


def speeds_of(hardware: str | None, declared: int | None, table: HardwareTable = HARDWARE
              ) -> tuple[int, ...] | None:
    """The port speeds a device can give a link, fastest first: its hardware's (or, without one, the standard
    cards') up to its declared port_speed; None: any speed (no hardware named and no port_speed). ``table``: the
    model's hardware table (the packaged one with the model's own entries, govnet.model.hardware).

    >>> speeds_of("AR6140", None), speeds_of("NE40E-X8A", 10 * G)
    ((10000000000, 1000000000), (10000000000, 1000000000))
    >>> speeds_of(None, 10 * G), speeds_of(None, None)
    ((10000000000, 1000000000, 100000000), None)
    """
    model = table.get(hardware) if hardware is not None else None
    if model is None:
        if declared is None:
            return None
        return (declared, *(s for s in STANDARD if s < declared))
    return tuple(s for s in model.speeds if declared is None or s <= declared)


def link_speed(a: tuple[int, ...] | None, b: tuple[int, ...] | None) -> int | None:
    """The speed of a cable between two ports: the fastest both ends have (a 100G router meets a 10G one on a
    10GE card); None when they share none (GN418) or neither end says.

    >>> link_speed((100 * G, 10 * G), (10 * G, G)) == 10 * G, link_speed((100 * G, 10 * G), (G,))
    (True, None)
    """
    if a is None or b is None:
        known = a or b
        return known[0] if known else None
    return next((s for s in a if s in b), None)
