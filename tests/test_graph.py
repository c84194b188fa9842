"""The bridge search agrees with networkx (the independent oracle) on random multigraphs."""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from govnet.model.graph import DeviceGraph

edges_strategy = st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11)).filter(lambda e: e[0] != e[1]),
                          max_size=30)


@settings(max_examples=300, deadline=None)
@given(edges_strategy)
def test_bridges_match_networkx(edges: list[tuple[int, int]]) -> None:
    names = [f"d{i}" for i in range(12)]
    graph = DeviceGraph(names, [(names[a], names[z]) for a, z in edges])
    ours = {frozenset(graph.ends[e]) for e in graph.bridges()}
    multi = nx.MultiGraph()
    multi.add_nodes_from(range(12))
    multi.add_edges_from(edges)
    simple = nx.Graph(multi)
    # networkx ignores multiplicity in bridges(): an edge doubled is no bridge, so drop those.
    theirs = {frozenset(e) for e in nx.bridges(simple) if multi.number_of_edges(*e) == 1}
    assert ours == theirs


@settings(max_examples=100, deadline=None)
@given(edges_strategy)
def test_search_reaches_the_connected_component(edges: list[tuple[int, int]]) -> None:
    names = [f"d{i}" for i in range(12)]
    graph = DeviceGraph(names, [(names[a], names[z]) for a, z in edges])
    reached = {names[i] for i in graph.search("d0")}
    reference = nx.MultiGraph()
    reference.add_nodes_from(names)
    reference.add_edges_from((names[a], names[z]) for a, z in edges)
    assert reached == nx.node_connected_component(reference, "d0")
    for node in reached:
        path = graph.path_edges(graph.search("d0"), node)
        assert len(path) == nx.shortest_path_length(reference, "d0", node)
