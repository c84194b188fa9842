"""Deterministic radial geometry. Positions come only from the order of children within their parent (by code),
never from a global optimisation, so adding a township moves nothing outside its own county, and within it only
the townships after it; counties keep spare slots so that even the county's sector does not change until full.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from govnet.draw.scene import HAlign, Label, VAlign

PT = 1 / 72  # one point in inches


@dataclass(frozen=True, slots=True)
class Sector:
    """Where one group (a parent's children) sits on a ring: its first slot and its slots, in ring slots."""

    start: int
    slots: int


def reserve(count: int, step: int) -> int:
    """Slots a group of ``count`` children reserves: rounded up to a multiple of ``step``, at least one spare.

    >>> [reserve(n, 4) for n in (0, 1, 3, 4, 7)]
    [4, 4, 4, 8, 8]
    """
    return (count // step + 1) * step


def sectors(counts: Sequence[int], *, step: int, gap: int) -> tuple[list[Sector], int]:
    """Consecutive sectors for groups in order, each with its reserved slots and ``gap`` empty slots after it;
    returns the sectors and the ring's total number of slots.

    >>> sectors([3, 5], step=4, gap=1)
    ([Sector(start=0, slots=4), Sector(start=5, slots=8)], 14)
    """
    found: list[Sector] = []
    at = 0
    for count in counts:
        size = reserve(count, step)
        found.append(Sector(at, size))
        at += size + gap
    return found, max(at, 1)


def slot_angle(slot: float, total: int, *, start: float = 90.0) -> float:
    """Angle in degrees of a (possibly fractional) slot: slot 0 at ``start`` (the top), clockwise.

    >>> slot_angle(0, 4), slot_angle(1, 4)
    (90.0, 0.0)
    """
    return (start - 360.0 * slot / total) % 360.0


def centred(sector: Sector, count: int, index: int) -> float:
    """The slot of child ``index`` of ``count`` in ``sector``: children packed one slot apart, the group centred
    in its reserved slots (so spare slots become even margins).

    >>> centred(Sector(0, 4), 2, 0), centred(Sector(0, 4), 2, 1)
    (1.0, 2.0)
    """
    margin = (sector.slots - count) / 2
    return sector.start + margin + index


def polar(radius: float, angle: float) -> tuple[float, float]:
    rad = math.radians(angle)
    return radius * math.cos(rad), radius * math.sin(rad)


def radial_label(text: str, angle: float, offset: float) -> Label:
    """A label that starts ``offset`` points outside its node and reads outwards, never upside down: on the
    left half of the ring it is turned by 180° and right-aligned."""
    dx, dy = polar(offset, angle)
    left = 90.0 < angle < 270.0
    rotation = angle - 180.0 if left else angle
    if rotation > 180.0:
        rotation -= 360.0
    ha: HAlign = "right" if left else "left"
    va: VAlign = "center"
    return Label(text, dx, dy, round(rotation, 6), ha, va)


def outward_label(text: str, angle: float, offset: float) -> Label:
    """A horizontal label pushed ``offset`` points outwards from its node, aligned away from the centre."""
    dx, dy = polar(offset, angle)
    cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    ha: HAlign = "left" if cos > 0.3 else "right" if cos < -0.3 else "center"
    va: VAlign = "bottom" if sin > 0.3 else "top" if sin < -0.3 else "center"
    return Label(text, dx, dy, 0.0, ha, va)


def ring_radius(slots: int, pitch: float, minimum: float) -> float:
    """The radius (inches) at which ``slots`` slots are ``pitch`` inches apart along the ring."""
    return max(minimum, slots * pitch / (2 * math.pi))


def text_width(text: str, size: float) -> float:
    """A conservative width estimate in inches: CJK characters are one em, others about 0.6 em."""
    ems = sum(1.0 if ord(c) > 0x2E7F else 0.6 for c in text)
    return ems * size * PT
