"""GN419 and GN423 as the lock sees them: a port decided past its hardware's last port of that speed.

govnet.checks.ports counts the ports a device needs now; but a port's number is its index in the lock
(govnet.ipam.ports), and the ports of removed links stay reserved (GN627) until ``govnet allocate --prune``. A
device whose free ports are all reserved therefore gives its next cable an index past the last port, though it
needs no more ports than it has: that is GN419, with the hint to prune. With nothing reserved, the lock's numbers
were given while the hardware had more ports of that speed: the model's hardware entry (govnet.model.hardware) has
lost a card the lock still cables to, and the port no longer exists (GN423). Validation (which carves what the lock
lacks without writing it) and ``govnet allocate`` (which then writes nothing) both run it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from govnet.ipam import ports
from govnet.ipam.checks import Reporter
from govnet.model.ports import port_ends
from govnet.reference.hardware import speed_tag

_PORT_KEY = ports.port_key("")  # every port entry's key starts so


def past_last_port(report: Reporter, index: Callable[[str], int | None], reserved: Iterable[str]) -> None:
    """One GN419 (or GN423: nothing reserved to prune) per device and speed whose live ports the lock puts past the
    hardware's last one, when the device does not need more than the hardware has (govnet.checks.ports reports
    that). ``index`` gives a port end's index by its subject (None: not decided), ``reserved`` lists the lock's
    keys kept for removed things."""
    model = report.model
    held: dict[str, int] = {}  # per port block (device@speed), the ports of removed links still reserved in it
    for key in reserved:
        if key.startswith(_PORT_KEY):
            block = ports.block_subject(key[len(_PORT_KEY):])
            held[block] = held.get(block, 0) + 1
    table = model.hardware
    with_hardware = {d.name for d in model.devices.values() if d.hardware in table}
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
                available = capacity[(hardware, speed)] = table[hardware].capacity(speed)
            if highest < available or count[speed] > available:  # fits, or the plain shortage of checks.ports
                continue
            tag = speed_tag(speed)
            kept = held.get(f"{name}@{tag}", 0)
            if not kept:
                gone = [e.far for e in ends if e.speed == speed and (index(e.subject) or 0) >= available]
                report.at("GN423", device.origin.at("model"),
                          f"{name}: the lock cables {len(gone)} {tag} port(s) past the {available} {tag} ports its "
                          f"hardware model {hardware} has now (toward {', '.join(sorted(gone)[:3])}"
                          f"{' …' if len(gone) > 3 else ''}, the last at number {highest + 1}): those ports no longer "
                          "exist", f"if the device still has the card, put it back in the hardware entry; otherwise "
                          f"'govnet allocate --release {name}@{tag}' gives its {tag} ports new numbers (re-cable them "
                          "as the new configs say)")
                continue
            report.at("GN419", device.origin.at("model"),
                      f"{name}: the lock puts a {tag} port at number {highest + 1}, past the {available} {tag} "
                      f"ports of its hardware model {hardware}; ports reserved for removed links: {kept}",
                      "run 'govnet allocate --prune' to release the ports of removed links (GN627 lists them), "
                      "or choose a hardware model with more ports")
