"""Load one YAML file into plain data plus a source map, turning every failure into a diagnostic.

The only module (with the writer) that touches the filesystem. Parsing uses libyaml's composer (CSafeLoader)
when present; construction from the node tree is our own, so that duplicate keys, alias bombs, exotic tags
and runaway nesting are caught here, and so that the node tree can stay beside the data as its source map.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import cast

import yaml

from govnet import diagnostics as dg
from govnet.diagnostics import Diagnostic
from govnet.errors import GovnetError
from govnet.source.cache import LoadedCache
from govnet.source.files import Unreadable, read_limited
from govnet.source.sourcemap import SourceMap, marks
from govnet.text import CONTROL_CHARS

try:  # libyaml is an optional accelerator of PyYAML; fall back to the pure-Python composer.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_DEPTH = 64
_MAX_INT_DIGITS = 4000  # below Python's 4,300-digit limit on int(str); a model value never comes near it
# libyaml's composer recurses in C; nesting beyond ~10^5 crashes the process. Documents whose cheap depth
# bound exceeds this are first measured exactly with the (iterative) event parser.
_SAFE_COMPOSE_BOUND = 5000
# Values that aliases may re-expand to, in all; real models use a handful of anchors.
ALIAS_EXPANSION_BUDGET = 1_000_000

_MAX_NOTES = 50  # diagnostics the builder adds per file (one careless paste can repeat a mistake 10,000 times)
_control = CONTROL_CHARS.search
_TAG = "tag:yaml.org,2002:"
_STR, _SEQ, _MAP, _MERGE, _INT = _TAG + "str", _TAG + "seq", _TAG + "map", _TAG + "merge", _TAG + "int"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_BRACKETS = re.compile(r"[^\[\]{}]+")
_PAIRS = re.compile(r"[\[{][\]}]")
# Characters the pair passes may scan before the bound gives way to the exact check: the passes cost
# depth x length, which made a 600 kB file of nested brackets take 45 s to refuse.
_PAIR_WORK = 20_000_000
# Plain scalars YAML 1.1 reads as numbers that nobody means as numbers here: 0360111 (octal: 122953) and
# 1:30 (base 60: 90). They are kept as the text written (as YAML 1.2 does for 1:30), with a warning.
_YAML11_SURPRISES = re.compile(r"[-+]?0[0-7_]+|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?")
_safe = yaml.constructor.SafeConstructor()
_CONSTRUCTORS = {
    _TAG + "int": ("an integer", _safe.construct_yaml_int),
    _TAG + "float": ("a number", _safe.construct_yaml_float),
    _TAG + "bool": ("true or false", _safe.construct_yaml_bool),
}


_SEEN_MAX = 100_000  # plain scalars whose tag _ResolvingLoader remembers (a few MB at most)


class _ResolvingLoader(_Loader):
    """The loader with a leaner ``resolve``: libyaml calls it back for every scalar (250,000 times for the
    Jiangxi registry), and the stock version builds a list per call and looks for path resolvers that the
    safe loader never has. Same answers: the implicit resolvers are the stock ones, looked up the same way.
    The path-resolver hooks libyaml calls around every node do nothing here, so they are C callables that
    take the same arguments and do nothing either."""

    # (parent, index) -> a throwaway slice, and () -> the empty tuple: cheaper than any Python call
    descend_resolver = slice  # type: ignore[assignment]
    ascend_resolver = tuple  # type: ignore[assignment]

    _implicit: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
        first: tuple(found) for first, found in _Loader.yaml_implicit_resolvers.items() if first is not None}

    # The tag of each plain scalar seen, by its text: the same keys and values recur thousands of times (name,
    # address, level ...), and each is otherwise matched against up to three regular expressions. Bounded.
    _seen: dict[str, str] = {}

    def resolve(self, kind: type[yaml.Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                tag = self._seen.get(value)
                if tag is None:
                    tag = _STR
                    for candidate, regexp in self._implicit.get(value[:1], ()):
                        if regexp.match(value):
                            tag = candidate
                            break
                    if len(self._seen) < _SEEN_MAX:
                        self._seen[value] = tag
                return tag
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


# Stock PyYAML has neither wildcard nor path resolvers; should a build add them, the stock resolve is kept.
_COMPOSER = _Loader if None in _Loader.yaml_implicit_resolvers or _Loader.yaml_path_resolvers else _ResolvingLoader


@dataclass(frozen=True, slots=True)
class LoadedFile:
    """One model file: its data (plain dicts, lists and scalars) and where each value came from."""

    file: str
    data: object
    source: SourceMap = field(repr=False)


class _Refused(GovnetError):
    """Internal: construction stops with one diagnostic."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def load_file(path: Path, rel: str, cache: LoadedCache | None = None) -> tuple[LoadedFile | None, list[Diagnostic]]:
    """Read and load one file; ``rel`` is the name diagnostics use (relative to the model directory, which
    ``path`` ends with: a file whose real path leaves that directory is refused, GN109)."""
    parts = Path(rel).parts
    root = path.parents[len(parts) - 1] if parts and path.parts[-len(parts):] == parts else None
    try:
        raw = read_limited(path, MAX_FILE_BYTES, root=root)
    except Unreadable as exc:
        if "the limit is" in str(exc):
            return None, [_file_error("GN104", rel, f"{rel} {exc}",
                                      "split it (one file per city) or remove generated content")]
        return None, [_file_error("GN109", rel, f"{rel} {exc}", _UNREADABLE_HINT)]
    return load_bytes(raw, rel, cache)


_UNREADABLE_HINT = "a model file must be a regular YAML file: replace it with one (git checkout restores it)"


def load_bytes(raw: bytes, rel: str, cache: LoadedCache | None = None) -> tuple[LoadedFile | None, list[Diagnostic]]:
    if len(raw) > MAX_FILE_BYTES:
        return None, [_file_error("GN104", rel, f"file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}",
                                  "split it (one file per city) or remove generated content")]
    text, problem = _decode(raw, rel)
    if problem:
        return None, [problem]
    return load_text(text, rel, cache)


def load_text(text: str, rel: str, cache: LoadedCache | None = None) -> tuple[LoadedFile | None, list[Diagnostic]]:
    """Load one file's text. ``cache``: where files loaded by earlier runs are kept (govnet.source.cache); the
    answer is the same with or without it (the source map keeps positions instead of the node tree)."""
    if cache is not None:
        hit = cache.get(text, rel)
        if hit is not None:
            data, notes, positions = hit
            return LoadedFile(rel, data, SourceMap(rel, None, positions=positions)), notes
    try:
        if _depth_bound(text) > _SAFE_COMPOSE_BOUND:
            _check_depth_exactly(text, rel)
        root = compose(text)
        builder = _Builder(rel) if "&" in text else _PlainBuilder(rel)  # no '&', no anchors, so no aliases
        data = builder.build(root) if root is not None else None
    except _Refused as refused:
        return None, [refused.diagnostic]
    except yaml.MarkedYAMLError as exc:
        return None, [_yaml_error(exc, rel, text)]
    except yaml.YAMLError as exc:  # errors without a mark (rare: reader errors in some builds)
        return None, [_file_error("GN101", rel, f"YAML error: {exc}", None)]
    if cache is not None and cache.wants(text) and root is not None:
        cache.put(text, rel, data, builder.notes, marks(root))
    return LoadedFile(rel, data, SourceMap(rel, root)), builder.notes


def compose(text: str) -> yaml.Node | None:
    """The node tree of a text the loader has accepted (it is the source map)."""
    tree: yaml.Node | None = yaml.compose(text, Loader=_COMPOSER)  # stubs before 6.0.12.20261111 say Any
    return tree


def _yaml11(node: yaml.ScalarNode) -> str:
    """What YAML 1.1 makes of the scalar, for the warning."""
    try:
        return f"= {_CONSTRUCTORS[node.tag][1](node)}"
    except (KeyError, ValueError, IndexError):
        return "a number"


def _shown(value: str) -> str:
    short = value if len(value) <= 40 else value[:37] + "..."
    return "'" + short + "'"  # dg.make escapes the control characters: the diagnostic stays one line


def _file_error(code: str, rel: str, message: str, hint: str | None) -> Diagnostic:
    return dg.make(code, rel, 1, 1, message, hint=hint)


def _decode(raw: bytes, rel: str) -> tuple[str, Diagnostic | None]:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        column = len(before[line_start:].decode("utf-8", errors="replace")) + 1  # characters, as editors count
        hint = "save the file as UTF-8 (files saved as GBK/GB18030 by older editors need converting)"
        return "", dg.make("GN105", rel, line, column, f"byte 0x{raw[exc.start]:02x} is not valid UTF-8", hint=hint)


def _yaml_error(exc: yaml.MarkedYAMLError, rel: str, text: str) -> Diagnostic:
    # An unclosed bracket or quote is reported where it was opened, not where the parser gave up.
    opened = exc.context and exc.context.startswith(("while parsing a flow", "while scanning a quoted"))
    mark = (exc.context_mark if opened else None) or exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or "invalid YAML"
    if "maximum nesting depth" in problem:  # PyYAML >= 6.0.3's libyaml refuses deep nesting by itself
        return dg.make("GN107", rel, line, column, f"collections nested deeper than {MAX_DEPTH} levels",
                       hint="flatten the structure; no govnet file needs this depth")
    if "single document" in f"{problem} {exc.context}":
        return dg.make("GN108", rel, line, column, "file holds more than one YAML document",
                       hint="remove the '---' separator: one file is one document")
    context = f" ({exc.context})" if exc.context and exc.context != problem else ""
    hint = "check the brackets, quotes and indentation on this line and the lines just before it"
    if mark and 0 <= mark.index < len(text) and text[mark.index] == "\t":
        hint = "YAML indentation must use spaces, not tabs"
    elif "mapping values are not allowed" in problem:
        hint = "a value containing ': ' must be quoted"
    return dg.make("GN101", rel, line, column, f"YAML syntax: {problem}{context}", hint=hint)


def _depth_bound(text: str) -> int:
    """A cheap upper bound of the nesting depth: flow brackets open at once plus the longest line."""
    longest = max(map(len, text.splitlines()), default=0)
    brackets = _BRACKETS.sub("", text)
    passes = 0  # each pass takes out the innermost pairs: as many passes as the deepest nesting, in C
    while brackets and passes <= _SAFE_COMPOSE_BOUND:
        if passes * len(brackets) > _PAIR_WORK:  # deep and long (hostile): the exact check is cheaper
            return _SAFE_COMPOSE_BOUND + 1
        inner = _PAIRS.sub("", brackets)
        if len(inner) == len(brackets):
            break
        brackets, passes = inner, passes + 1
    if not brackets or passes > _SAFE_COMPOSE_BOUND:
        return passes + longest
    # unbalanced (brackets inside quotes or comments): the running count over what is left
    return passes + max(accumulate(1 if c in "[{" else -1 for c in brackets), default=0) + longest


def _check_depth_exactly(text: str, rel: str) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                raise _Refused(dg.make("GN107", rel, line, column,
                                       f"collections nested deeper than {MAX_DEPTH} levels",
                                       hint="flatten the structure; no govnet file needs this depth"))
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


class _Builder:
    """Constructs plain data from a node tree, refusing what a model file must not contain."""

    def __init__(self, rel: str) -> None:
        self.rel = rel
        self.memo: dict[int, tuple[object, int]] = {}
        self.notes: list[Diagnostic] = []  # warnings: values kept as written where YAML 1.1 would surprise
        self.expanded = 0
        self.budget = ALIAS_EXPANSION_BUDGET

    def build(self, root: yaml.Node) -> object:
        value, _ = self._node(root, 0)
        return value

    def _text(self, node: yaml.Node) -> str:
        """A string scalar, through the one guard for user text: every string of the model can reach a device
        config, a form or a spreadsheet, where a line break or control character would split a line (inject
        commands into a config, say); so none may hold one (GN501 at the string's own position)."""
        value: str = node.value
        if _control(value) is not None:
            self._control_character(node, value)
        return value

    def _control_character(self, node: yaml.Node, value: str) -> None:
        bad = _control(value)
        mark = node.start_mark
        if bad is None or len(self.notes) >= _MAX_NOTES:
            return
        self.notes.append(dg.make("GN501", self.rel, mark.line + 1, mark.column + 1,
                                  f"{_shown(value)} contains control character U+{ord(bad.group()):04X}; it would "
                                  "break a line of a device config, form or spreadsheet",
                                  hint="remove line breaks and control characters (write it on one line)"))

    def _surprise(self, node: yaml.ScalarNode, value: str, reading: str) -> None:
        mark = node.start_mark
        if len(self.notes) < _MAX_NOTES:
            self.notes.append(dg.make("GN112", self.rel, mark.line + 1, mark.column + 1,
                                      f"{value} reads as {reading} in YAML 1.1 ({_yaml11(node)}); govnet keeps it as "
                                      f"the text '{value}'", hint=f"quote it to say it is text: '{value}'"))

    def _refuse(self, code: str, node: yaml.Node, message: str, hint: str | None = None) -> _Refused:
        mark = node.start_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return _Refused(dg.make(code, self.rel, line, column, message, hint=hint))

    def _too_deep(self, node: yaml.Node) -> _Refused:
        return self._refuse("GN107", node, f"collections nested deeper than {MAX_DEPTH} levels",
                            "flatten the structure; no govnet file needs this depth")

    def _wrong_tag(self, node: yaml.Node, plain: str) -> _Refused:
        return self._refuse("GN106", node, f"unsupported YAML tag '{node.tag}'", f"use a plain {plain}")

    def _merge(self, merged: dict[object, object], value: object, value_node: yaml.Node) -> None:
        """A '<<' entry: the mapping (or list of mappings) whose keys the mapping takes unless it sets them."""
        for source in value if isinstance(value, list) else [value]:
            if not isinstance(source, dict):
                raise self._refuse("GN106", value_node, "'<<' merges only mappings",
                                   "give '<<' an anchored mapping (<<: *defaults) or a list of them")
            merged.update(source)

    def _key(self, key_node: yaml.Node, result: dict[object, object]) -> object:
        """A mapping key: a scalar not already in the mapping."""
        if key_node.__class__ is not yaml.ScalarNode:
            raise self._refuse("GN106", key_node, "mapping keys must be plain scalars")
        key = self._text(key_node) if key_node.tag == _STR else self._scalar(key_node)
        if key in result:
            raise self._duplicate(key_node, key)
        return key

    def _duplicate(self, key_node: yaml.Node, key: object) -> _Refused:
        return self._refuse("GN102", key_node, f"duplicate key '{key}' in this mapping",
                            f"'{key}' appears earlier in the same mapping; keep one")

    def _node(self, node: yaml.Node, depth: int) -> tuple[object, int]:
        """Returns the value and the number of nodes it expands to (aliases counted every time)."""
        seen = self.memo.get(id(node))
        if seen is not None:  # an alias: shared, but its expansion still counts against the budget
            self.expanded += seen[1]
            if self.expanded > self.budget:
                raise self._refuse("GN103", node, f"aliases expand to more than {self.budget:,} values",
                                   "this looks like an alias bomb; write the data out instead of nesting aliases")
            return seen
        if depth > MAX_DEPTH:
            raise self._too_deep(node)
        if isinstance(node, yaml.ScalarNode):
            result: tuple[object, int] = (self._scalar(node), 1)
        elif isinstance(node, yaml.SequenceNode):
            result = self._sequence(node, depth)
        elif isinstance(node, yaml.MappingNode):
            result = self._mapping(node, depth)
        else:  # pragma: no cover - the composer yields only the three node kinds
            raise self._refuse("GN106", node, "unsupported YAML node")
        self.memo[id(node)] = result
        return result

    def _scalar(self, node: yaml.ScalarNode) -> object:
        tag = node.tag
        if tag not in _SCALAR_TAGS:
            raise self._refuse("GN106", node, f"unsupported YAML tag '{tag}'",
                               "use plain strings, numbers, booleans, lists and mappings")
        if tag == _STR or tag == _TAG + "timestamp":
            return self._text(node)  # timestamps stay text: dates are parsed by the schema, as written
        if tag == _TAG + "null":
            return None
        value = node.value
        if tag == _INT and len(value) > _MAX_INT_DIGITS:  # int() refuses them with a bare ValueError anyway
            raise self._refuse("GN106", node, f"a number of {len(value):,} characters is too long to read",
                               "no value of a model needs more than a few dozen digits; quote it to make it text")
        if tag == _INT and value.isascii() and value.isdigit() and (value[0] != "0" or value == "0"):
            return int(value)  # plain decimal, the common case; the stock constructor below reads 0o17, 0x1f, 1_000
        if not node.style and _YAML11_SURPRISES.fullmatch(value):
            self._surprise(node, value, "an octal number" if ":" not in value else "a base-60 number")
            return value
        kind, construct = _CONSTRUCTORS[tag]
        try:
            return construct(node)
        except (ValueError, IndexError, KeyError):  # e.g. '0b_' or '!!int abc': resolved, yet not a number
            raise self._refuse("GN106", node, f"cannot read {node.value!r} as {kind}",
                               "quote it to make it text, or write a plain number") from None

    def _sequence(self, node: yaml.SequenceNode, depth: int) -> tuple[object, int]:
        if node.tag != _SEQ:
            raise self._wrong_tag(node, "list")
        items, size = [], 1
        for child in node.value:
            value, n = self._node(child, depth + 1)
            items.append(value)
            size += n
        return items, size

    def _mapping(self, node: yaml.MappingNode, depth: int) -> tuple[object, int]:
        if node.tag != _MAP:
            raise self._wrong_tag(node, "mapping")
        result: dict[object, object] = {}
        merged: dict[object, object] = {}
        size = 1
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                value, n = self._node(value_node, depth + 1)
                size += n
                self._merge(merged, value, value_node)
                continue
            key = self._key(key_node, result)
            value, n = self._node(value_node, depth + 1)
            result[key] = value
            size += n + 1
        if merged:  # explicit keys win over merged ones, as in YAML's merge-key convention
            result = {**merged, **result}
        return result, size


class _PlainBuilder(_Builder):
    """The builder for documents without anchors (most model files): with no alias to follow, there is no
    sharing to remember and no expansion to count, which makes construction about twice as fast."""

    def build(self, root: yaml.Node) -> object:
        return self._plain(root, 0)

    def _plain(self, node: yaml.Node, depth: int) -> object:
        if depth > MAX_DEPTH:
            raise self._too_deep(node)
        kind = node.__class__
        if kind is yaml.ScalarNode:
            return self._scalar(cast(yaml.ScalarNode, node))
        if kind is yaml.SequenceNode:
            if node.tag != _SEQ:
                raise self._wrong_tag(node, "list")
            return [self._text(child) if child.__class__ is yaml.ScalarNode and child.tag == _STR
                    else self._plain(child, depth + 1) for child in node.value]
        if kind is yaml.MappingNode:
            return self._plain_mapping(cast(yaml.MappingNode, node), depth)
        raise self._refuse("GN106", node, "unsupported YAML node")  # pragma: no cover - only three node kinds

    def _plain_mapping(self, node: yaml.MappingNode, depth: int) -> dict[object, object]:
        if node.tag != _MAP:
            raise self._wrong_tag(node, "mapping")
        result: dict[object, object] = {}
        merged: dict[object, object] = {}
        # _key and _text inlined for the common case, a string key and a string value: 120,000 keys in Jiangxi
        scalar, control = yaml.ScalarNode, _control
        for key_node, value_node in node.value:
            if key_node.__class__ is scalar and key_node.tag == _STR:
                key: object = key_node.value
                if control(key_node.value) is not None:
                    self._control_character(key_node, key_node.value)
                if key in result:
                    raise self._duplicate(key_node, key)
            elif key_node.tag == _MERGE:
                self._merge(merged, self._plain(value_node, depth + 1), value_node)
                continue
            else:
                key = self._key(key_node, result)
            if value_node.__class__ is scalar and value_node.tag == _STR:
                value = value_node.value
                if control(value) is not None:
                    self._control_character(value_node, value)
                result[key] = value
            else:
                result[key] = self._plain(value_node, depth + 1)
        if merged:  # explicit keys win over merged ones, as in YAML's merge-key convention
            result = {**merged, **result}
        return result

