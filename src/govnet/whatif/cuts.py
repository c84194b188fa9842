"""What one failure cuts off from the core, for every failure at once, from one depth-first search.

In the search tree rooted at the core, a link cuts off exactly the subtree below it when it is a bridge
(nothing below it reaches above it, low-link > entry time), and a node cuts off the subtrees of those children
that reach no higher than itself (low-link >= its entry time): Tarjan's bridges and articulation points. On the
tree-like hierarchy of an extranet this makes the node the immediate dominator of everything it cuts off. Each
cut is a run of consecutive entries of the search order, so its members are read off without another search.
"""

from __future__ import annotations

from collections.abc import Sequence


class Tree:
    """One iterative depth-first search from ``root``, ignoring the edges in ``skip``."""

    def __init__(self, adjacent: Sequence[Sequence[tuple[int, int]]], root: int = 0,
                 skip: frozenset[int] | set[int] = frozenset()) -> None:
        n = len(adjacent)
        self.tin = [-1] * n
        self.low = [0] * n
        self.size = [1] * n
        self.parent_edge = [-1] * n
        self.children: list[list[int]] = [[] for _ in range(n)]
        self.order: list[int] = []
        self.tin[root] = self.low[root] = 0
        self.order.append(root)
        stack = [(root, -1, iter(adjacent[root]))]
        while stack:
            v, via, rest = stack[-1]
            for w, e in rest:
                if e == via or e in skip:
                    continue
                if self.tin[w] == -1:
                    self.tin[w] = self.low[w] = len(self.order)
                    self.order.append(w)
                    self.parent_edge[w] = e
                    self.children[v].append(w)
                    stack.append((w, e, iter(adjacent[w])))
                    break
                if self.tin[w] < self.low[v]:
                    self.low[v] = self.tin[w]
            else:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    self.size[parent] += self.size[v]
                    if self.low[v] < self.low[parent]:
                        self.low[parent] = self.low[v]

    def reached(self, v: int) -> bool:
        return self.tin[v] != -1

    def subtree(self, v: int) -> list[int]:
        start = self.tin[v]
        return self.order[start:start + self.size[v]]

    def bridges(self) -> dict[int, int]:
        """Edge id -> the child below it, for every bridge of the searched component."""
        found = {}
        for v in self.order[1:]:
            if self.low[v] >= self.tin[v]:  # nothing below v reaches above it
                found[self.parent_edge[v]] = v
        return found

    def node_cut(self, v: int) -> list[int]:
        """What losing node ``v`` cuts off (``v`` itself not included)."""
        cut: list[int] = []
        for child in self.children[v]:
            if self.low[child] >= self.tin[v]:
                cut += self.subtree(child)
        return cut
