"""GN419 as the lock sees it: a port decided past its hardware's last port of that speed.

govnet.checks.ports counts the ports a device needs now; but a port's number is its index in the lock
(govnet.ipam.ports), and the ports of removed links stay reserved (GN627) until ``govnet allocate --prune``. A
device whose free ports are all reserved therefore gives its next cable an index past the last port, though it
needs no more ports than it has: that is reported here, with the hint to prune. Validation (which carves what
the lock lacks without writing it) and ``govnet allocate`` (which then writes nothing) both run it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from govnet.ipam import ports
from govnet.ipam.checks import Reporter
from govnet.model.ports import port_ends
from govnet.reference.hardware import HARDWARE, speed_tag

_PORT_KEY = ports.port_key("")  # every port entry's key starts so


def past_last_port(report: Reporter, index: Callable[[str], int | None], reserved: Iterable[str]) -> None:
    """One GN419 per device and speed whose live ports the lock puts past the hardware's last one, when the
    device does not need more than the hardware has (govnet.checks.ports reports that). ``index`` gives a port
    end's index by its subject (None: not decided), ``reserved`` lists the lock's keys kept for removed things."""
    model = report.model
    held: dict[str, int] = {}  # per port block (device@speed), the ports of removed links still reserved in it
    for key in reserved:
        if key.startswith(_PORT_KEY):
            block = ports.block_subject(key[len(_PORT_KEY):])
            held[block] = held.get(block, 0) + 1
    with_hardware = {d.name for d in model.devices.values() if d.hardware in HARDWARE}
    capacity: dict[tuple[str, int], int] = {}
    for name, ends in port_ends(model, with_hardware).items():
        device = model.devices[name]
        hardware = device.hardware or ""
        last: dict[int, int] = {}  # per speed, the highest index the lock gives
        count: dict[int, int] = {}
        for end in ends:
            speed = end.speed
            if speed is None:
                continue
            at = index(end.subject)
            count[speed] = count.get(speed, 0) + 1
            if at is not None and at > last.get(speed, -1):
                last[speed] = at
        for speed, highest in sorted(last.items(), reverse=True):
            available = capacity.get((hardware, speed))
            if available is None:
                available = capacity[(hardware, speed)] = HARDWARE[hardware].capacity(speed)
            if highest < available or count[speed] > available:  # fits, or the plain shortage of checks.ports
                continue
            tag = speed_tag(speed)
            kept = held.get(f"{name}@{tag}", 0)
            report.at("GN419", device.origin.at("model"),
                      f"{name}: the lock puts a {tag} port at number {highest + 1}, past the {available} {tag} "
                      f"ports of its hardware model {hardware}; ports reserved for removed links: {kept}",
                      "run 'govnet allocate --prune' to release the ports of removed links (GN627 lists them), "
                      "or choose a hardware model with more ports")
