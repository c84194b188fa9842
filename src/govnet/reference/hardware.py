"""Hardware models and their ports: a small table per model (which platform runs it, its interface slots, the
port speeds its cards offer and what the vendor calls each), for the devices that name one (``model:``).

A device with a model gets port names as that hardware numbers them and only speeds it has; the two ends of a
link must share one (govnet.checks.ports, GN418). A device without one keeps its platform's naming
(govnet.reference.platforms) and any speed.

Numbering, from the vendors' hardware descriptions:
- Huawei NE40E / NetEngine 8000 (VRP 8): ``slot/subcard/port``, LPU slots 1-8 on the X8 chassis, the fixed
  NetEngine 8000 F1A in slot 0; ports numbered from 0 per speed (NE40E Hardware Description, "Interface
  Numbering Rules"); 100GE, 40GE, 10GE types ``100GE``, ``40GE``, ``XGigabitEthernet`` (GE ``GigabitEthernet``).
- Huawei AR6000 (VRP 5): ``slot/0/port``, the SRU's own ports in slot 0, the AR6280's SIC/WSIC cards in slots
  1-4; subcard always 0 (Huawei AR "How interfaces are numbered"; NetEngine AR Hardware Description, "Interface
  Numbering Conventions").
- H3C CR16000-F / SR6600 (Comware 7): ``slot/subslot/port`` from 0 on routers (SR6602-I Installation Guide,
  "Slot arrangement and interface numbering": Ten-GigabitEthernet 1/1/0), CR16010-F LPUs in slots 1-10.
- Cisco ASR 1000 / ISR 4000 (IOS XE): ``slot/subslot/port`` from 0 (SPA/EPA/NIM numbering, built-in ports in
  0/0); types ``HundredGigE``, ``TenGigabitEthernet``, ``GigabitEthernet``.
"""

from __future__ import annotations

from dataclasses import dataclass

from govnet.reference.platforms import G

PORTS_PER_CARD = 48  # govnet.render.ports: ports of one abstract card


@dataclass(frozen=True, slots=True)
class Hardware:
    name: str
    platforms: tuple[str, ...]  # the platforms (software) that run on it
    slots: tuple[int, ...]  # interface slots, in order: abstract card c lands in slots[c % n], subcard c // n
    types: tuple[tuple[int, str], ...]  # (port speed in bit/s, interface type), fastest first: all it has
    first_port: int = 0
    subcards: bool = True  # False: no subcards (subcard always 0): the ports of further cards number on

    @property
    def speeds(self) -> tuple[int, ...]:
        return tuple(speed for speed, _ in self.types)

    def port(self, speed: int, card: int, index: int) -> str:
        """The name of port ``index`` (0-based) of abstract card ``card`` at ``speed`` (one of its speeds).

        >>> HARDWARE["NE40E-X8A"].port(100 * G, 0, 3), HARDWARE["NE40E-X8A"].port(10 * G, 9, 0)
        ('100GE1/0/3', 'XGigabitEthernet2/1/0')
        >>> HARDWARE["CR16010-F"].port(10 * G, 15, 23), HARDWARE["AR6140"].port(G, 1, 4)
        ('Ten-GigabitEthernet6/1/23', 'GigabitEthernet0/0/52')
        """
        kind = dict(self.types)[speed]
        slot, deeper = self.slots[card % len(self.slots)], card // len(self.slots)
        if not self.subcards:
            return f"{kind}{slot}/0/{self.first_port + deeper * PORTS_PER_CARD + index}"
        return f"{kind}{slot}/{deeper}/{self.first_port + index}"


_HUAWEI = ((100 * G, "100GE"), (40 * G, "40GE"), (10 * G, "XGigabitEthernet"), (G, "GigabitEthernet"))
_H3C = ((100 * G, "HundredGigE"), (40 * G, "FortyGigE"), (10 * G, "Ten-GigabitEthernet"), (G, "GigabitEthernet"))
_CISCO = ((100 * G, "HundredGigE"), (40 * G, "FortyGigabitEthernet"), (10 * G, "TenGigabitEthernet"),
          (G, "GigabitEthernet"))


def _only(types: tuple[tuple[int, str], ...], *speeds: int) -> tuple[tuple[int, str], ...]:
    return tuple(t for t in types if t[0] in speeds)


HARDWARE: dict[str, Hardware] = {
    h.name: h
    for h in (
        Hardware("NE40E-X8A", ("huawei_vrp8",), tuple(range(1, 9)), _HUAWEI),
        Hardware("NetEngine8000-X8", ("huawei_vrp8",), tuple(range(1, 9)), _HUAWEI),
        # fixed 1U box: 100GE and 10GE (25GE) ports only, no GE
        Hardware("NetEngine8000-F1A", ("huawei_vrp8",), (0,), _only(_HUAWEI, 100 * G, 10 * G), subcards=False),
        Hardware("AR6140", ("huawei_vrp",), (0,), _only(_HUAWEI, 10 * G, G), subcards=False),
        Hardware("AR6280", ("huawei_vrp",), (0, 1, 2, 3, 4), _only(_HUAWEI, 10 * G, G), subcards=False),
        Hardware("CR16010-F", ("h3c_comware",), tuple(range(1, 11)), _H3C),
        Hardware("SR6602-I", ("h3c_comware",), (0, 1), _only(_H3C, 10 * G, G)),
        Hardware("ASR1006-X", ("cisco_iosxe",), (0, 1, 2, 3, 4, 5), _only(_CISCO, 100 * G, 10 * G, G)),
        Hardware("ISR4451-X", ("cisco_iosxe",), (0, 1, 2, 3), _only(_CISCO, 10 * G, G)),
    )
}


STANDARD = (100 * G, 40 * G, 10 * G, G, 100_000_000)  # the cards a platform offers when no hardware is named


def speeds_of(hardware: str | None, declared: int | None) -> tuple[int, ...] | None:
    """The port speeds a device can give a link, fastest first: its hardware's (or, without one, the standard
    cards') up to its declared port_speed; None: any speed (no hardware named and no port_speed).

    >>> speeds_of("AR6140", None), speeds_of("NE40E-X8A", 10 * G)
    ((10000000000, 1000000000), (10000000000, 1000000000))
    >>> speeds_of(None, 10 * G), speeds_of(None, None)
    ((10000000000, 1000000000, 100000000), None)
    """
    model = HARDWARE.get(hardware) if hardware is not None else None
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
