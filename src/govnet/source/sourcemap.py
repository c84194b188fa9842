"""Where each value of a loaded file came from.

The source map is the YAML node tree itself, kept beside the data rather than injected into it: a lookup
walks the tree along a data path. Lookups happen only when a diagnostic is reported, so they may be linear.

A file read back from the loader's cache (govnet.source.cache) has no node tree: it carries the positions
alone, as a tree of plain tuples (:func:`marks`) that answers the same lookups the same way.
"""

from __future__ import annotations

from typing import Any

import yaml

Path = tuple[str | int, ...]
# A value's position: (line, column) for a scalar; (line, column, [item, ...]) for a sequence; (line, column,
# {key text: (key line, key column, value)}) for a mapping. 0-based like yaml's marks.
Marks = tuple[Any, ...]


class SourceMap:
    def __init__(self, file: str, root: yaml.Node | None, *, positions: Marks | None = None) -> None:
        """``root``: the file's node tree; or None with ``positions``, the same tree's :func:`marks`."""
        self.file = file
        self.root = root
        self.positions = positions

    def position(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value at ``path``, or of its key when ``key`` is set.

        Walks as far down the path as the tree goes, so a missing field points at its parent mapping.
        """
        if self.root is None:
            return _marked(self.positions, path, key=key) if self.positions is not None else (1, 1)
        found: yaml.Node = self.root
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


def marks(node: yaml.Node) -> Marks:
    """The positions of a node tree, as plain tuples, lists and dicts (what marshal can store).

    Scalars, most of a tree, are taken inline rather than by a call each (the loader's cache and prefetch
    walk a whole model's trees on a first run)."""
    mark = node.start_mark
    kind = node.__class__
    if kind is _SEQUENCE or isinstance(node, yaml.SequenceNode):
        return mark.line, mark.column, [(child.start_mark.line, child.start_mark.column)
                                        if child.__class__ is _SCALAR else marks(child) for child in node.value]
    if kind is _MAPPING or isinstance(node, yaml.MappingNode):
        children: dict[str, tuple[int, int, Marks]] = {}
        for key_node, value_node in node.value:
            if key_node.__class__ is _SCALAR or isinstance(key_node, yaml.ScalarNode):
                key = key_node.value
                if key in children:  # the first of a key wins, as _child finds it
                    continue
                at = key_node.start_mark
                if value_node.__class__ is _SCALAR:
                    value_at = value_node.start_mark
                    children[key] = (at.line, at.column, (value_at.line, value_at.column))
                else:
                    children[key] = (at.line, at.column, marks(value_node))
        return mark.line, mark.column, children
    return mark.line, mark.column


_SCALAR, _SEQUENCE, _MAPPING = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode


def _marked(found: Marks, path: Path, *, key: bool) -> tuple[int, int]:
    """SourceMap.position over a tree of :func:`marks`."""
    line, column = found[0], found[1]
    for depth, part in enumerate(path):
        children = found[2] if len(found) == 3 else None
        if isinstance(children, list) and isinstance(part, int) and 0 <= part < len(children):
            found = children[part]
            line, column = found[0], found[1]
        elif isinstance(children, dict) and str(part) in children:
            key_line, key_column, found = children[str(part)]
            last = depth == len(path) - 1
            line, column = (key_line, key_column) if key and last else (found[0], found[1])
        else:
            break
    return line + 1, column + 1
