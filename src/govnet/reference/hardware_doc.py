"""docs/hardware.md: the port table (govnet.reference.hardware) as people read it, with where each entry comes from.

    python -m govnet.reference.hardware_doc > docs/hardware.md
"""

from __future__ import annotations

from govnet.reference.hardware import HARDWARE, Hardware
from govnet.reference.units import format_bandwidth

HEADER = """# Hardware models and their ports

Generated from `src/govnet/reference/hardware.py` (`python -m govnet.reference.hardware_doc > docs/hardware.md`).
A device spec that names one of these as `model:` gets its ports as that hardware numbers them, only of the
speeds it has and only as many as it has (GN418, GN419). The ports are those of the loadout govnet assumes for
the model; **an entry without a source is an assumption**: no public datasheet, hardware guide or device-type
record of it was found, so check its ports against the order before cabling.

| Model | Platforms | Ports (speed: count, first-last) | Source |
|---|---|---|---|
"""


def _ports(hardware: Hardware) -> str:
    """Per speed, fastest first: how many ports and the names of the first and last."""
    parts = []
    for speed in hardware.speeds:
        count = hardware.capacity(speed)
        first, last = hardware.nth(speed, 0), hardware.nth(speed, count - 1)
        parts.append(f"{format_bandwidth(speed)}: {count}, {first}-{last}")
    return "; ".join(parts)


FOOTER = """
## When an assumed inventory is wrong

A model cannot override an entry of this table: `model:` only names one, and the table ships with govnet. Until
it can, a device whose hardware differs from the assumed loadout has two ways out, both in its device spec:
- leave `model:` out and give `port_speed:` (its fastest port): ports are then named by the platform's scheme
  (a card per speed) and not counted, so no port-count check (GN419) protects it;
- name the closest entry whose cards it really has (e.g. `SR6602-I-AI` for an SR6602-I-AI with a FIP-30 and a
  MIC-X-XP4).
A port inventory per model in the model itself (cards: slot, subcard, speed, count, first port; validated like
the rest, with GN417/GN418/GN419 judged against it) would make a wrong assumption the user's to fix without a
govnet release; it is not built yet.
"""


def _source(hardware: Hardware) -> str:
    """Where the entry's ports come from; for an assumption, what was searched without finding it."""
    if not hardware.source:
        return f"**none found: an assumption** (searched: {hardware.searched})" if hardware.searched else \
            "**none found: an assumption**"
    return f"{hardware.source} (not found: {hardware.searched})" if hardware.searched else hardware.source


def markdown() -> str:
    rows = [f"| {h.name} | {', '.join(h.platforms)} | {_ports(h)} | {_source(h)} |" for h in HARDWARE.values()]
    return HEADER + "\n".join(rows) + "\n" + FOOTER


if __name__ == "__main__":
    print(markdown(), end="")
