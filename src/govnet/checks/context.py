"""What every check family shares: the model, a way to report, and the device graph (built once)."""

from __future__ import annotations

from functools import cached_property

import networkx as nx

from govnet import diagnostics as dg
from govnet.build import routers
from govnet.diagnostics import Diagnostic
from govnet.model import Device, Model, Origin


class CheckContext:
    def __init__(self, model: Model) -> None:
        self.model = model

    def diagnostic(self, code: str, origin: Origin, message: str, hint: str | None = None, *,
                   key: bool = False) -> Diagnostic:
        file, line, column, path = self.model.locate(origin, key=key)
        return dg.make(code, file, line, column, message, path=path, hint=hint)

    @cached_property
    def graph(self) -> nx.Graph:
        """Devices as nodes; one edge per connected device pair, carrying its links.

        Devices of one site are joined by 'internal' edges: the site LAN is not what these checks judge.
        """
        graph = nx.Graph()
        graph.add_nodes_from(self.model.devices)
        for site_key in self.model.site_by_key:
            devices = self.model.devices_of(site_key)
            for i, a in enumerate(devices):
                for z in devices[i + 1:]:
                    graph.add_edge(a.name, z.name, internal=True, links=[])
        for link in self.model.links:
            if graph.has_edge(link.a, link.b):
                graph.edges[link.a, link.b]["links"].append(link)
            else:
                graph.add_edge(link.a, link.b, internal=False, links=[link])
        return graph

    @cached_property
    def core(self) -> list[Device]:
        """The province's core devices: where every path must lead."""
        return routers(self.model.devices_of(self.model.province.key))

    @cached_property
    def reachable(self) -> set[str]:
        """Devices with any path to the province core."""
        if not self.core:
            return set()
        return set(nx.node_connected_component(self.graph, self.core[0].name))
