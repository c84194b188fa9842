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
## When an assumed inventory is wrong: the model's own entries

A model corrects this table without a govnet release: `hardware:` in `topology/profiles.yaml` (beside the profiles
whose device specs name the models) holds entries of the same shape. An entry of a name listed above replaces
the packaged one for this model; any other name adds a model a device spec's `model:` may name. A model without
the section uses this table as it is.

```yaml
hardware:
  NE40E-X8A:                       # replaces the packaged entry for this model only
    platforms: [huawei_vrp8]       # the software that runs on it; the first names its ports
    source: 2024 年采购合同装箱单    # where the ports come from, for reviewers (govnet does not read it)
    cards:                         # in port order: a cable's number in allocations.lock counts along them
      - {slot: 1, speed: 100G, count: 2}                 # 100GE1/0/0-1
      - {slot: 2, speed: 100G, count: 2}                 # 100GE2/0/0-1
      - {slot: 6, subcard: 0, speed: 10G, count: 12}     # XGigabitEthernet6/0/0-11
      - {slot: 8, speed: 1G, count: 24, first: 0}        # GigabitEthernet8/0/0-23
```

A card gives `count` ports of one `speed` on `slot`/`subcard` (default 0), numbered from `first` (default 0);
`type:` may name the interface type, which must be the one the platform uses for that speed (the table of
`govnet/reference/platforms.py`: the templates, the parsers that read configs back and `govnet verify` know no
other). A device may name ports otherwise: the NE40E's configuration guide enters a 10GE interface as
`interface gigabitethernet` (a GE interface of 10G bandwidth, see NE40E-X8A above), which govnet cannot render
yet, since `govnet verify` takes a port's speed from its type. Validation judges every entry at its line: an
unknown platform or a count below 1 (GN204), a type govnet does not use for the speed on that platform or two
platforms that name a speed differently (GN420), two cards giving one port number on a slot and subcard (GN421:
vendors number a subcard's ports once, across speeds), a speed the platform has no type for (GN422). GN417, GN418
and GN419 then judge the devices against the model's table.

**What allocations.lock does when an entry changes.** The lock keeps, per device and port speed, each cable's
index among the device's ports of that speed (`port ipv4 port <device>@<speed>><far end>`), not a port name; the
name is worked out from the table at every render. So:
- moving or renumbering cards (other slots, subcards, `first:`), or adding a card of a speed, keeps every
  index and changes no lock line: the configs name the ports the new layout gives those indices. The cable on
  index 3 is on whatever port is now the fourth of its speed, so review `govnet diff` and re-cable what it renames
  (that is the point of correcting a wrong assumption; add new cards at the end of `cards:`, so the ports before
  them keep their names);
- fewer ports of a speed than the device's cables need is GN419; fewer ports than the highest index the lock
  holds (a hole left by a pruned cable below it) is GN423, naming the cables that lost their port: put the card
  back, or `govnet allocate --release <device>@<speed>` renumbers that device's ports of that speed from 0;
- a speed the hardware no longer has changes the cables' speed, so their lock subjects: they get new ports
  when `govnet allocate` runs, and the old entries stay reserved (GN627) until `--prune`.
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
