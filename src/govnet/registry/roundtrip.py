"""What ruamel's round trip of one unit needs so that the registry reads back as written: texts quoted where YAML 1.1
(the loader's reading) would take them for something else, anchors kept for the aliases of later units, and what
stops a unit's text being read alone, said at its line."""

from __future__ import annotations

import re
from typing import Any

import yaml
from ruamel.yaml.composer import ComposerError
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.scalarstring import SingleQuotedScalarString


def unreadable(rel: str, start: int, unit_id: str, exc: MarkedYAMLError) -> str:
    """What stops ruamel reading a unit's text alone (its first line is ``start``, 0-based), said at its line."""
    mark = exc.problem_mark or exc.context_mark
    line = start + (mark.line if mark is not None else 0) + 1
    if isinstance(exc, ComposerError) and "undefined alias" in str(exc.problem):
        return (f"{rel}:{line}: unit {unit_id} refers to an anchor defined outside it; write the values out in the "
                "unit to edit it with govnet")
    if isinstance(exc, DuplicateKeyError):
        found = re.search(r'duplicate key "(.*?)"', str(exc.problem))
        key = found.group(1) if found else "?"
        return f"{rel}:{line}: unit {unit_id} has the key '{key}' twice; keep one and edit it again"
    return f"{rel}:{line}: unit {unit_id} cannot be read on its own: {exc.problem}"


def keep_anchors(node: object) -> None:
    """An anchor in the edited unit may be used by a later unit: ruamel drops an anchor that its own (one-unit)
    text does not use, which would leave that alias undefined. Every anchor is written back."""
    anchor = getattr(node, "anchor", None)
    if anchor is not None and getattr(anchor, "value", None) is not None:
        anchor.always_dump = True
    if isinstance(node, dict):
        for value in node.values():
            keep_anchors(value)
    elif isinstance(node, list):
        for value in node:
            keep_anchors(value)


_PLAIN_RESOLVER = yaml.resolver.Resolver()


def scalar(value: Any) -> Any:
    """A text as the registry must hold it: quoted when YAML 1.1, which the loader reads, would make a plain
    scalar something else (yes, on, off and no are booleans there, 12:30 a number), though YAML 1.2, which
    ruamel writes, leaves them plain.

    >>> type(scalar("on")).__name__, type(scalar("南昌市")).__name__, scalar(3)
    ('SingleQuotedScalarString', 'str', 3)
    """
    if isinstance(value, str) and not isinstance(value, SingleQuotedScalarString):
        tag = _PLAIN_RESOLVER.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
        if tag != "tag:yaml.org,2002:str":
            return SingleQuotedScalarString(value)
    return value
