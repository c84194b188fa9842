"""Stage 'whatif': what the province loses when a link, a device, a site, a carrier or a shared-risk group
fails (``fail``), and the exhaustive N-1 (N-2 for the upper links) resilience report (``exhaustive``).

Both run on the model's graph (govnet.whatif.network), the graph verify proves equal to the configs'.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from govnet.diagnostics import did_you_mean
from govnet.errors import UsageError
from govnet.model.types import Model
from govnet.whatif.analysis import Analysis, Impact, sessions
from govnet.whatif.network import Element, Network

__all__ = ["AmbiguousElement", "Report", "UnknownElement", "exhaustive", "fail"]


class UnknownElement(UsageError):
    """A name given to --fail that is no link, device, site, carrier or SRLG of the model."""

    def __init__(self, name: str, hint: str | None) -> None:
        super().__init__(f"'{name}' is no link, device, site, carrier or shared-risk group of the model"
                         + (f"; {hint}" if hint else ""))


class AmbiguousElement(UsageError):
    """A name given to --fail that several elements bear: of several kinds (a site and an SRLG both named 3601),
    or several sites of one name (城关镇 in many counties); the message says how to name each."""

    def __init__(self, name: str, found: list[Element]) -> None:
        kinds = list(dict.fromkeys(e.kind for e in found))
        super().__init__(f"'{name}' names more than one element ({', '.join(kinds)}); write "
                         + " or ".join(f"{e.kind}:{e.name}" for e in found))


@dataclass
class Report:
    impacts: list[Impact]  # ranked: most units cut off first
    spofs: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # city/county -> (element, sites lost)
    elements: int = 0  # how many failures were judged


def fail(model: Model, names: list[str]) -> Impact:
    """The impact of the named elements failing together. Raises UnknownElement."""
    network = Network(model)
    devices: set[int] = set()
    edges: set[int] = set()
    kind = "elements"
    for name in names:
        found = network.matches(name)
        if not found:
            choices = [*network.names[1:], *network.site_devices,
                       *(model.site_by_key[key].name for key in network.site_devices if key in model.site_by_key)]
            raise UnknownElement(name, did_you_mean(name, choices))
        if len(found) > 1:
            raise AmbiguousElement(name, found)
        devices |= found[0].devices
        edges |= found[0].edges
        kind = found[0].kind if len(names) == 1 else kind
    together = Element(kind, " + ".join(names), frozenset(devices), frozenset(edges))
    analysis = Analysis(network, sessions(model))
    return analysis.impact(together, analysis.brute(together), paths=True)


def exhaustive(model: Model, depth: int = 1) -> Report:
    """Every single failure (and with depth 2 every pair of upper links), ranked by units cut off."""
    network = Network(model)
    analysis = Analysis(network, sessions(model))
    elements = {(e.kind, e.name): e for e in network.elements()}
    impacts = [analysis.impact(elements[key], cut) for key, cut in analysis.fast(elements.values()).items() if cut]
    judged = len(elements)
    if depth >= 2:
        pairs = analysis.pairs()
        impacts += [analysis.impact(element, cut) for element, cut in pairs]
        judged += len(pairs)
    impacts = [i for i in impacts if i.sites or i.units or i.element.kind in ("link", "links", "carrier", "srlg")]
    impacts.sort(key=lambda i: (-i.unit_count, -len(i.sites), i.element.kind, i.element.name))
    return Report(impacts, _spofs(model, impacts), judged)


def _spofs(model: Model, impacts: list[Impact]) -> dict[str, list[tuple[str, int]]]:
    """Per city and county: the single links and devices whose failure cuts off sites of it (other than the
    failing device's own site)."""
    found: dict[str, dict[str, int]] = {}
    areas: dict[str, list[str]] = {}  # by site key: many failures cut off the same sites
    for impact in impacts:
        if impact.element.kind not in ("link", "device"):
            continue
        own = model.devices[impact.element.name].site if impact.element.kind == "device" else None
        label = impact.element.label  # formatted once per failure, not twice per area it reaches
        for key in impact.sites:
            if key == own:
                continue
            mine = areas.get(key)
            if mine is None:
                mine = areas[key] = _areas(model, key)
            for area in mine:
                per = found.setdefault(area, {})
                per[label] = per.get(label, 0) + 1
    return {area: sorted(per.items(), key=lambda item: (-item[1], item[0])) for area, per in sorted(found.items())}


def _areas(model: Model, key: str) -> list[str]:
    """The city and county a site lies in (itself included when it is one)."""
    found = []
    current: str | None = key
    for _ in range(16):
        site = model.site_by_key.get(current) if current else None
        if site is None:
            break
        if site.level in ("city", "county"):
            found.append(site.key)
        current = site.parent
    return found
