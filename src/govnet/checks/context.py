"""What every check family shares: the model, a way to report, and the device graph (built once)."""

from __future__ import annotations

from functools import cached_property

from govnet import diagnostics as dg
from govnet.diagnostics import Diagnostic
from govnet.model.build import routers
from govnet.model.graph import DeviceGraph
from govnet.model.interconnect import all_interconnects
from govnet.model.types import Device, Link, Model, Origin


class CheckContext:
    def __init__(self, model: Model) -> None:
        self.model = model

    def diagnostic(self, code: str, origin: Origin, message: str, hint: str | None = None, *,
                   key: bool = False) -> Diagnostic:
        file, line, column, path = self.model.locate(origin, key=key)
        return dg.make(code, file, line, column, message, path=path, hint=hint)

    @cached_property
    def edge_links(self) -> list[Link | None]:
        """Per edge of ``graph``: its link, or None for the site-internal edges."""
        internal: list[Link | None] = [None] * len(self._internal_pairs)
        return internal + list(self.model.links)

    @cached_property
    def _internal_pairs(self) -> list[tuple[str, str]]:
        # Inside a site, only what the configs build joins devices: the router interconnects (the underlay).
        # Router-firewall legs carry zone VPNs, not the underlay, so they join nothing here.
        return list(all_interconnects(self.model))

    @cached_property
    def graph(self) -> DeviceGraph:
        links = [(link.a, link.b) for link in self.model.links]
        return DeviceGraph(self.model.devices, self._internal_pairs + links)

    @cached_property
    def core(self) -> list[Device]:
        """The province's core devices: where every path must lead."""
        return routers(self.model.devices_of(self.model.province.key))

    @cached_property
    def from_core(self) -> dict[int, int]:
        """Every device with a path to the province core, with the edge that search reached it by."""
        return self.graph.search(self.core[0].name) if self.core else {}

    @cached_property
    def reachable(self) -> set[str]:
        names = self.graph.names
        return {names[i] for i in self.from_core}
