"""Where each value of a loaded file came from.

The source map is the YAML node tree itself, kept beside the data rather than injected into it: a lookup
walks the tree along a data path. Lookups happen only when a diagnostic is reported, so they may be linear.
"""

from __future__ import annotations

import yaml

Path = tuple[str | int, ...]


class SourceMap:
    def __init__(self, file: str, root: yaml.Node | None) -> None:
        self.file = file
        self.root = root

    def position(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value at ``path``, or of its key when ``key`` is set.

        Walks as far down the path as the tree goes, so a missing field points at its parent mapping.
        """
        node = self.root
        if node is None:
            return 1, 1
        found: yaml.Node = node
        for depth, part in enumerate(path):
            child = _child(found, part)
            if child is None:
                break
            key_node, value_node = child
            last = depth == len(path) - 1
            found = key_node if (key and last and key_node is not None) else value_node
        mark = found.start_mark
        return mark.line + 1, mark.column + 1


def _child(node: yaml.Node, part: str | int) -> tuple[yaml.Node | None, yaml.Node] | None:
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int):
        return (None, node.value[part]) if 0 <= part < len(node.value) else None
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(part):
                return key_node, value_node
    return None
