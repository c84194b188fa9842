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


def markdown() -> str:
    rows = [f"| {h.name} | {', '.join(h.platforms)} | {_ports(h)} | "
            f"{h.source or '**none found: an assumption**'} |" for h in HARDWARE.values()]
    return HEADER + "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
