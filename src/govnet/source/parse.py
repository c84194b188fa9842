"""Stage 2: give loaded data its schema. pydantic errors become diagnostics that point into the file."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Annotated, Any, Generic, NamedTuple, TypeVar, Union

import yaml
from pydantic import BaseModel, ValidationError

from govnet import diagnostics as dg
from govnet.diagnostics import Diagnostic, did_you_mean, format_path
from govnet.source.loader import LoadedFile
from govnet.source.sourcemap import Marks, SourceMap

M = TypeVar("M", bound=BaseModel)

_TYPE_WORDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "float_type": "a number",
    "float_parsing": "a number",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
}


class Parsed(NamedTuple, Generic[M]):
    """A file's data as its schema (None when the file as a whole is unusable), the diagnostics, and the source
    map of what was kept: items left out of a list are left out of the map too, so the later stages' data
    paths (``townships[7]``) still point at the lines they came from."""

    value: M | None
    diagnostics: list[Diagnostic]
    source: SourceMap
    dropped: tuple[tuple[int, int], ...] = ()  # (line, column) of each item left out whole


def parse(loaded: LoadedFile, schema: type[M]) -> tuple[M | None, list[Diagnostic]]:
    """The file's data as ``schema``, and a diagnostic per mistake (see parse_file)."""
    parsed = parse_file(loaded, schema)
    return parsed.value, parsed.diagnostics


def parse_file(loaded: LoadedFile, schema: type[M]) -> Parsed[M]:
    """The file's data as ``schema``, and a diagnostic per mistake. Like the build stage, the schema stage drops
    only the item at fault: an unknown field is left out (a site with a misspelt key is still a site), and an
    item of a list or a named entry of a mapping (a site, a link, a device, a unit, a profile) with any other
    mistake is left out whole, so the later stages judge the file's other items. Only a mistake outside every
    item (a file-level field, the file's shape) makes the whole file None."""
    try:
        return Parsed(schema.model_validate(loaded.data), [], loaded.source)
    except ValidationError as exc:
        raw = exc.errors(include_url=False)
    found = [_diagnostic(loaded, schema, err) for err in _without_misspelt_required(schema, raw)]
    keys: list[tuple[str | int, ...]] = []
    items: set[tuple[str | int, ...]] = set()
    for err in raw:
        loc = tuple(err["loc"])
        if err["type"] == "extra_forbidden":
            keys.append(loc)
            continue
        item = _item_at_fault(schema, loaded.data, loc)
        if item is None:
            return Parsed(None, found, loaded.source)
        items.add(item)
    pruned = _without_keys(loaded.data, keys)
    if pruned is None:
        return Parsed(None, found, loaded.source)
    items = {item for item in items if not any(other != item and item[:len(other)] == other for other in items)}
    source = loaded.source
    if items:
        without = _without(loaded.source, items)
        if without is None or not _without_items(pruned, items):
            return Parsed(None, found, loaded.source)
        source = without
    places = tuple(sorted(loaded.source.position(item) for item in items))
    try:
        return Parsed(schema.model_validate(pruned), found, source, places)
    except ValidationError:  # what is left still fails (a list now too short): the file cannot be used
        return Parsed(None, found, loaded.source)


def _item_at_fault(schema: type[BaseModel], data: Any, loc: tuple[str | int, ...]) -> tuple[str | int, ...] | None:
    """The data path of the innermost list item or mapping entry (of a ``dict[str, X]`` field) that holds the
    mistake at ``loc``; None when the mistake lies outside every item. Parts of ``loc`` that are not in the data
    (the member tags pydantic adds for a union) are skipped."""
    current: Any = schema
    here: Any = data
    path: list[str | int] = []
    item: tuple[str | int, ...] | None = None
    for part in loc:
        current = _strip(current)
        if isinstance(here, list) and isinstance(part, int) and 0 <= part < len(here):
            here = here[part]
            path.append(part)
            current = typing.get_args(current)[0] if typing.get_origin(current) is list else Any
            item = tuple(path)
        elif isinstance(here, dict) and part in here:
            here = here[part]
            path.append(part)
            if typing.get_origin(current) is dict:
                current = typing.get_args(current)[1]
                item = tuple(path)
            elif isinstance(current, type) and issubclass(current, BaseModel):
                field = _written_fields(current).get(str(part))
                current = field.annotation if field is not None else Any
            else:
                current = Any
        elif isinstance(part, str):
            continue  # a union member's tag, or the missing field itself: not a step in the data
        else:
            break
    return item


def _strip(annotation: Any) -> Any:
    """Strip Annotated[...] and Optional[...] to reach the type of the data at this point."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _without_items(data: Any, items: set[tuple[str | int, ...]]) -> bool:
    """Remove the items at the data paths ``items`` from ``data`` (in place); False when a path does not
    follow the data. Every path is resolved before anything is removed, so no removal shifts another."""
    drops: dict[int, tuple[Any, set[str | int]]] = {}
    for item in items:
        parent = _follow(data, item[:-1])
        if not isinstance(parent, list | dict):
            return False
        drops.setdefault(id(parent), (parent, set()))[1].add(item[-1])
    for parent, keys in drops.values():
        if isinstance(parent, list):
            parent[:] = [value for i, value in enumerate(parent) if i not in keys]
        else:
            for key in keys:
                parent.pop(key, None)
    return True


def _without(source: SourceMap, items: set[tuple[str | int, ...]]) -> SourceMap | None:
    """The source map without the items, from its node tree or, for a file read back from the loader's cache
    (or loaded in another process), from its positions; None when a path does not follow it."""
    if source.root is not None:
        root = _without_nodes(source.root, items)
        return SourceMap(source.file, root) if root is not None else None
    positions = _without_marks(source.positions, items) if source.positions is not None else None
    return SourceMap(source.file, None, positions=positions) if positions is not None else None


def _without_marks(found: Marks, items: set[tuple[str | int, ...]]) -> Marks | None:
    """_without_nodes over a tree of positions (govnet.source.sourcemap.marks)."""
    if len(found) != 3:  # a scalar
        return None
    line, column, children = found
    here = {str(item[0]) for item in items if len(item) == 1}
    below: dict[str, set[tuple[str | int, ...]]] = {}
    for item in items:
        if len(item) > 1:
            below.setdefault(str(item[0]), set()).add(item[1:])
    named = children.items() if isinstance(children, dict) else ((str(i), c) for i, c in enumerate(children))
    kept: list[tuple[str, Any]] = []
    seen: set[str] = set()
    for key, child in named:
        if key in here:
            seen.add(key)
            continue
        if key in below:
            seen.add(key)
            inner = child[2] if isinstance(children, dict) else child
            inner = _without_marks(inner, below[key])
            if inner is None:
                return None
            child = (child[0], child[1], inner) if isinstance(children, dict) else inner
        kept.append((key, child))
    if seen != here | set(below):
        return None
    if isinstance(children, dict):
        return line, column, dict(kept)
    return line, column, [child for _, child in kept]


def _without_nodes(node: yaml.Node | None, items: set[tuple[str | int, ...]]) -> yaml.Node | None:
    """A copy of the YAML node tree without the nodes at the data paths ``items`` (unchanged branches are
    shared); None when a path does not follow the nodes (a merge key stands in between)."""
    if node is None or not isinstance(node, yaml.SequenceNode | yaml.MappingNode):
        return None
    here = {str(item[0]) for item in items if len(item) == 1}
    below: dict[str, set[tuple[str | int, ...]]] = {}
    for item in items:
        if len(item) > 1:
            below.setdefault(str(item[0]), set()).add(item[1:])
    kept: list[Any] = []
    seen: set[str] = set()
    for i, entry in enumerate(node.value):
        key: str | None = str(i)
        child = entry
        if isinstance(node, yaml.MappingNode):
            key, child = (entry[0].value if isinstance(entry[0], yaml.ScalarNode) else None), entry[1]
        if key is None:
            pass
        elif key in here:
            seen.add(key)
            continue
        elif key in below:
            seen.add(key)
            child = _without_nodes(child, below[key])
            if child is None:
                return None
        kept.append(child if isinstance(node, yaml.SequenceNode) else (entry[0], child))
    if seen != here | set(below):
        return None
    return type(node)(node.tag, kept, node.start_mark, node.end_mark, flow_style=node.flow_style)


def _without_keys(data: Any, locs: list[tuple[str | int, ...]]) -> Any | None:
    """A copy of ``data`` without the keys at ``locs``; None when a path does not follow the data."""
    import copy

    pruned = copy.deepcopy(data)
    for loc in locs:
        parent = _follow(pruned, loc[:-1])
        if not isinstance(parent, dict) or loc[-1] not in parent:
            return None
        del parent[loc[-1]]
    return pruned


def _follow(data: Any, loc: tuple[str | int, ...]) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):  # a path that does not follow the data (a union's tag)
            return None
    return data


def _without_misspelt_required(schema: type[BaseModel], errors: list[Any]) -> list[Any]:
    """'bandwith: 10G' makes pydantic say both "unknown field" and "missing 'bandwidth'": one mistake, and
    the did-you-mean of the first says all there is to say, so the second is dropped."""
    misspelt = set()
    for err in errors:
        if err["type"] == "extra_forbidden":
            loc = tuple(err["loc"])
            close = did_you_mean_field(str(loc[-1]), _fields_at(schema, loc[:-1]))
            if close:
                misspelt.add((*loc[:-1], close))
    return [e for e in errors if not (e["type"] == "missing" and tuple(e["loc"]) in misspelt)]


def did_you_mean_field(word: str, fields: list[str]) -> str | None:
    close = difflib.get_close_matches(word, fields, n=1, cutoff=0.6)
    return close[0] if close else None


def _diagnostic(loaded: LoadedFile, schema: type[BaseModel], err: Any) -> Diagnostic:
    loc: tuple[str | int, ...] = tuple(err["loc"])
    kind: str = err["type"]
    path = format_path(loc)
    if kind == "extra_forbidden":
        line, column = loaded.source.position(loc, key=True)
        allowed = _fields_at(schema, loc[:-1])
        hint = did_you_mean(str(loc[-1]), allowed) or (
            f"allowed here: {', '.join(sorted(allowed))}" if allowed else None
        )
        return dg.make("GN201", loaded.file, line, column, f"unknown field '{loc[-1]}'", path=path, hint=hint)
    if kind == "missing":
        line, column = loaded.source.position(loc[:-1])
        where = f" in '{format_path(loc[:-1])}'" if loc[:-1] else ""
        return dg.make("GN203", loaded.file, line, column, f"missing required field '{loc[-1]}'{where}",
                       path=path, hint=f"add '{loc[-1]}:' to this mapping")
    line, column = loaded.source.position(loc)
    shown = _shown(err.get("input"))
    if kind in _TYPE_WORDS and not loc:
        fields = ", ".join(f"'{f}:'" for f in schema.model_fields)
        what = "empty" if loaded.data is None else f"{shown}"
        return dg.make("GN202", loaded.file, line, column, f"the file must hold a mapping, but it is {what}",
                       hint=f"this file's top-level keys are {fields}")
    if kind in _TYPE_WORDS:
        return dg.make("GN202", loaded.file, line, column,
                       f"'{path or 'file'}' must be {_TYPE_WORDS[kind]}, not {shown}", path=path,
                       hint=f"write {_TYPE_WORDS[kind]} here")
    if kind in ("govnet_prefix", "govnet_service"):
        return dg.make("GN204", loaded.file, line, column, f"'{path}': {err['msg']}", path=path,
                       hint=str(err.get("ctx", {}).get("hint", "")) or None)
    if kind == "govnet_bandwidth":
        return dg.make("GN404", loaded.file, line, column, f"cannot read bandwidth {shown}", path=path,
                       hint="write 100M, 1G, 10G, 100G, or plain bit/s such as 155000000")
    if kind == "literal_error":
        expected = str(err.get("ctx", {}).get("expected", ""))
        choices = [c.strip().strip("'") for c in expected.replace(" or ", ", ").split(",") if c.strip()]
        hint = did_you_mean(str(err.get("input")), choices) or f"expected {expected}"
        return dg.make("GN204", loaded.file, line, column, f"'{path}' cannot be {shown}", path=path, hint=hint)
    return dg.make("GN204", loaded.file, line, column, f"'{path}': {err['msg']} (got {shown})", path=path,
                   hint=_constraint_hint(kind, err.get("ctx", {})))


def _constraint_hint(kind: str, ctx: dict[str, Any]) -> str | None:
    """What to write instead, for pydantic's constraint errors."""
    hints = {
        "greater_than_equal": "use a value of at least {ge}",
        "less_than_equal": "use a value of at most {le}",
        "greater_than": "use a value above {gt}",
        "less_than": "use a value below {lt}",
        "string_pattern_mismatch": "the value must match {pattern}",
        "too_short": "give at least {min_length} item(s)",
        "too_long": "give at most {max_length} item(s)",
    }
    template = hints.get(kind)
    try:
        return template.format(**ctx) if template else None
    except (KeyError, IndexError):
        return None


def _shown(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _fields_at(schema: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The field names of the model found by following ``loc`` from ``schema`` (for did-you-mean)."""
    current: Any = schema
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            continue  # list index: the item type was unwrapped already
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = _written_fields(current).get(part)
            if field is None:
                return []
            current = field.annotation
        elif typing.get_origin(current) is dict:
            current = typing.get_args(current)[1]
        else:
            return []
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(_written_fields(current))
    return []


def _written_fields(model: type[BaseModel]) -> dict[str, Any]:
    """Fields by the name a user writes: the alias where there is one ('from' for ``from_``)."""
    return {field.alias or name: field for name, field in model.model_fields.items()}


def _unwrap(annotation: Any) -> Any:
    """Strip Optional[...] and list[...] to reach the model inside."""
    while True:
        origin = typing.get_origin(annotation)
        if origin in (Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        elif origin is list:
            annotation = typing.get_args(annotation)[0]
        else:
            return annotation
