"""A model's hardware table: the packaged port inventories (govnet.reference.hardware) with the model's own entries
(``hardware:`` in topology/profiles.yaml) added or put in place of the packaged entry of the same name.

Every stage that names a port or counts ports (the checks, the port allocation, render) reads the model's table,
never the packaged one, so a user whose order differs from a packaged assumption corrects it in the model. A model
without the section gets the packaged table itself: it behaves exactly as before.

What the schema cannot judge is judged here, for govnet.checks.ports to report at the entry's file and line: an
interface type its platforms do not use for that speed (GN420), two cards giving one port number on a slot and
subcard (GN421), a speed for which the platform has no interface type (GN422).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from govnet.reference.hardware import HARDWARE, INTERFACE_TYPES, Card, Hardware, HardwareTable
from govnet.reference.units import format_bandwidth
from govnet.schema.topology import HardwareSpec


class Problem(NamedTuple):
    code: str
    path: tuple[str | int, ...]  # inside the entry, e.g. ("cards", 2, "type")
    message: str
    hint: str


def hardware_table(specs: Mapping[str, HardwareSpec]) -> HardwareTable:
    """The packaged table with the model's entries (the packaged dict itself when the model has none)."""
    if not specs:
        return HARDWARE
    return {**HARDWARE, **{name: to_hardware(name, spec) for name, spec in specs.items()}}


def to_hardware(name: str, spec: HardwareSpec) -> Hardware:
    """An entry as the port table holds it: its cards in the order written, each speed's interface type the first
    platform's (a card's own ``type`` must agree, GN420), a speed without one left out (GN422)."""
    known = dict(INTERFACE_TYPES[spec.platforms[0]])
    speeds = {card.speed for card in spec.cards}
    types = tuple((speed, kind) for speed, kind in INTERFACE_TYPES[spec.platforms[0]] if speed in speeds)
    cards = tuple(Card(c.slot, c.subcard, c.speed, c.count, c.first) for c in spec.cards if c.speed in known)
    return Hardware(name, tuple(spec.platforms), types, cards, spec.source or "the model's own entry")


def problems(name: str, spec: HardwareSpec) -> list[Problem]:
    """What is wrong with one entry, in the order written (empty for a sound one).

    >>> from govnet.schema.topology import CardSpec
    >>> card = CardSpec(slot=1, speed=10 * 10**9, count=4, type="TenGigE")
    >>> [p.code for p in problems("X", HardwareSpec(platforms=["h3c_comware"], cards=[card, card]))]
    ['GN420', 'GN420', 'GN421']
    """
    found: list[Problem] = []
    first = spec.platforms[0]
    base = dict(INTERFACE_TYPES[first])
    for j, platform in enumerate(spec.platforms[1:], 1):
        other = dict(INTERFACE_TYPES[platform])
        differ = sorted({c.speed for c in spec.cards if c.speed in base and other.get(c.speed) != base[c.speed]},
                        reverse=True)
        if differ:
            speed = differ[0]
            found.append(Problem(
                "GN420", ("platforms", j), f"hardware '{name}': platform '{platform}' names "
                f"{format_bandwidth(speed)} ports {other.get(speed) or 'in no way'}, its first platform '{first}' "
                f"{base[speed]}: one entry cannot give both their port names",
                "give each vendor's software its own entry (one platform family per entry)"))
    for i, card in enumerate(spec.cards):
        wanted = base.get(card.speed)
        if wanted is None:
            offered = ", ".join(format_bandwidth(s) for s, _ in INTERFACE_TYPES[first])
            found.append(Problem(
                "GN422", ("cards", i, "speed"), f"hardware '{name}': platform '{first}' has no interface type for "
                f"{format_bandwidth(card.speed)} ports, so govnet cannot name them",
                f"port speeds govnet names on {first}: {offered}"))
        elif card.type is not None and card.type != wanted:
            kinds = {kind: speed for speed, kind in INTERFACE_TYPES[first]}
            # What govnet's templates, parsers and verify read: a device may name ports otherwise (the NE40E's
            # 10GE ports are GigabitEthernet with 10G bandwidth), but verify takes a port's speed from its type.
            if card.type in kinds:
                message = (f"hardware '{name}': govnet reads {card.type} as {format_bandwidth(kinds[card.type])} "
                           f"ports on platform '{first}', this card's are {format_bandwidth(card.speed)}")
            else:
                message = (f"hardware '{name}': interface type '{card.type}' is not one govnet names ports with "
                           f"on platform '{first}'")
            found.append(Problem("GN420", ("cards", i, "type"), message,
                                 f"{format_bandwidth(card.speed)} ports on {first} are {wanted} (or leave 'type' out)"))
    found += _overlaps(name, spec)
    return found


def _overlaps(name: str, spec: HardwareSpec) -> list[Problem]:
    """One GN421 per card whose port numbers another card before it on the same slot and subcard already gives
    (the vendors number a subcard's ports once, across speeds)."""
    found = []
    for i, card in enumerate(spec.cards):
        end = card.first + card.count
        for j, before in enumerate(spec.cards[:i]):
            if (before.slot, before.subcard) != (card.slot, card.subcard):
                continue
            low, high = max(card.first, before.first), min(end, before.first + before.count) - 1
            if low > high:
                continue
            shown = f"{low}" if low == high else f"{low}-{high}"
            found.append(Problem(
                "GN421", ("cards", i), f"hardware '{name}': cards {j + 1} and {i + 1} both give port number(s) "
                f"{shown} on slot {card.slot}, subcard {card.subcard}",
                f"number this card's ports from {before.first + before.count} ('first:'), or put it on another "
                "slot or subcard"))
            break
    return found
