"""Safe writes to the registry: locate a unit's text, change only it, validate the candidate, write atomically.

- Untouched units stay byte-identical: the file is spliced, and only the changed unit's lines are re-emitted
  (through ruamel.yaml's round trip, which keeps that unit's comments, quoting and flow style).
- One writer at a time: a lock file (``.govnet.lock`` in the model directory) is held from reading the file to
  replacing it, so two concurrent writers both see and keep each other's change.
- A change that would leave the model with errors is refused with the diagnostics; the file is untouched.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from filelock import FileLock, Timeout
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from govnet.diagnostics import Diagnostic, has_errors
from govnet.pipeline import allocate
from govnet.registry import lifecycle as lc
from govnet.source.modeldir import LOCK_FILE, REGISTRY_DIR, REGISTRY_FILE
from govnet.writer import write_if_changed

LOCK_NAME = ".govnet.lock"
LOCK_TIMEOUT = 30.0  # seconds another writer may hold the lock before we give up


class EditError(Exception):
    """The request cannot be carried out (unknown unit, wrong state, bad value): exit code 2."""


class Refused(Exception):
    """The change would leave the model with errors: exit code 1. The file is untouched."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(f"{len(diagnostics)} diagnostic(s)")
        self.diagnostics = diagnostics


@dataclass(frozen=True)
class Located:
    rel: str  # the registry file
    text: str
    start: int  # first line of the unit's item (0-based)
    end: int  # one past its last line (trailing blank and comment lines excluded)


def _yaml() -> YAML:
    y = YAML()
    y.preserve_quotes = True
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def registry_files(root: Path) -> list[str]:
    files = [REGISTRY_FILE] if (root / REGISTRY_FILE).is_file() else []
    parts = root / REGISTRY_DIR
    if parts.is_dir():
        files += [f"{REGISTRY_DIR}/{p.name}" for p in sorted(parts.iterdir()) if p.suffix in (".yaml", ".yml")]
    return files


def _units_node(text: str) -> yaml.Node | None:
    root = yaml.compose(text, Loader=yaml.CSafeLoader)
    if not isinstance(root, yaml.MappingNode):
        return None
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "units":
            found: yaml.Node = value
            return found
    return None


def _trimmed_end(lines: list[str], start: int, end: int) -> int:
    """Drop trailing blank lines and full-line comments: they separate or introduce the next unit."""
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return end


def find(root: Path, unit_id: str) -> Located:
    for rel in registry_files(root):
        text = (root / rel).read_text(encoding="utf-8")
        if unit_id not in text:
            continue
        units = _units_node(text)
        if not isinstance(units, yaml.SequenceNode):
            continue
        lines = text.splitlines(keepends=True)
        for i, item in enumerate(units.value):
            if not isinstance(item, yaml.MappingNode):
                continue
            ids = [v.value for k, v in item.value if isinstance(k, yaml.ScalarNode) and k.value == "id"
                   and isinstance(v, yaml.ScalarNode)]
            if ids and ids[0] == unit_id:
                if units.flow_style:
                    raise EditError(f"{rel}: write 'units:' as a block list (one '- id: ...' per unit) to edit it")
                start = item.start_mark.line
                end = units.value[i + 1].start_mark.line if i + 1 < len(units.value) else units.end_mark.line
                if end <= start:  # the last unit runs to the end of the file without a final newline
                    end = len(lines)
                return Located(rel, text, start, _trimmed_end(lines, start, end))
    raise EditError(f"no unit with id '{unit_id}' in the registry")


def _splice(located: Located, change: Callable[[CommentedMap], None]) -> str:
    lines = located.text.splitlines(keepends=True)
    chunk = "".join(lines[located.start:located.end])
    if not chunk.endswith("\n"):
        chunk += "\n"
    y = _yaml()
    indent = len(lines[located.start]) - len(lines[located.start].lstrip(" "))
    data = y.load(_dedent(chunk, indent))
    change(data[0])
    out = io.StringIO()
    y.dump(data, out)
    new = _indent(out.getvalue(), indent)
    tail = "".join(lines[located.end:])
    if located.end == len(lines) and not located.text.endswith("\n"):
        new = new.removesuffix("\n")
    return "".join(lines[:located.start]) + new + tail


def _dedent(text: str, indent: int) -> str:
    # The item's dash is indented under 'units:'; ruamel's own layout (offset 2) is re-applied on the way out.
    shift = max(indent - 2, 0)
    return "".join(line[shift:] if line[:shift].strip() == "" else line for line in text.splitlines(keepends=True))


def _indent(text: str, indent: int) -> str:
    shift = max(indent - 2, 0)
    return "".join(" " * shift + line if line.strip() else line for line in text.splitlines(keepends=True))


def flow(**fields: Any) -> CommentedMap:
    """A mapping written on one line, as the registry writes small records."""
    entry = CommentedMap((k, v) for k, v in fields.items() if v is not None)
    entry.fa.set_flow_style()
    return entry


def transition(root: Path, unit_id: str, action: str, *, by: str, date: dt.date, document: str | None = None,
               remark: str | None = None, granted: int | None = None) -> str:
    """Append a history entry and move the unit's status (approve, activate, suspend, resume, revoke).

    Returns the file that was written."""
    def change(unit: CommentedMap) -> None:
        status = str(unit.get("status", "applied"))
        if status not in lc.ALLOWED_FROM[action]:
            raise EditError(f"unit {unit_id} is {status}; '{action}' applies to units that are "
                            f"{' or '.join(lc.ALLOWED_FROM[action])}")
        history = unit.get("history")
        if not isinstance(history, CommentedSeq):
            history = CommentedSeq()
            unit["history"] = history
        history.append(flow(date=date, action=action, by=by, document=document, remark=remark))
        unit["status"] = lc.RESULT[action]
        if action == "approve":
            bandwidth = unit.get("bandwidth")
            if isinstance(bandwidth, CommentedMap) and (granted is not None or "granted" not in bandwidth):
                bandwidth["granted"] = _bandwidth_text(granted) if granted is not None else bandwidth.get(
                    "requested")

    with _locked(root):
        located = find(root, unit_id)
        return _commit(root, located.rel, _splice(located, change))


def _bandwidth_text(bits: int) -> str:
    from govnet.reference.units import format_bandwidth

    return format_bandwidth(bits)


def target_file(root: Path, site: str) -> str:
    """Where a new unit goes: its city's registry.d file when there is one, else registry.yaml."""
    for suffix in (".yaml", ".yml"):
        rel = f"{REGISTRY_DIR}/{site[:4]}{suffix}"
        if site[:4].isdigit() and len(site) >= 4 and (root / rel).is_file():
            return rel
    return REGISTRY_FILE


def render_unit(unit: Mapping[str, Any]) -> str:
    """A new unit's text, in the registry's layout (nested records on one line)."""
    data = CommentedMap()
    for key, value in unit.items():
        if value is None:
            continue
        if isinstance(value, Mapping):
            data[key] = flow(**{k: (flow(**v) if isinstance(v, Mapping) else v) for k, v in value.items()})
        elif isinstance(value, list):
            seq = CommentedSeq(flow(**v) if isinstance(v, Mapping) else v for v in value)
            if not value or not isinstance(value[0], Mapping):
                seq.fa.set_flow_style()
            data[key] = seq
        else:
            data[key] = value
    out = io.StringIO()
    _yaml().dump([data], out)
    return out.getvalue()


def add(root: Path, unit: Mapping[str, Any]) -> str:
    """Append a new unit to its file, with its addresses allocated; returns the file written."""
    with _locked(root):
        for rel in registry_files(root):
            if f"id: {unit['id']}\n" in (root / rel).read_text(encoding="utf-8"):
                raise EditError(f"a unit with id '{unit['id']}' is already registered ({rel})")
        rel = target_file(root, str(unit["site"]))
        path = root / rel
        text = path.read_text(encoding="utf-8") if path.is_file() else "units: []\n"
        return _commit(root, rel, _append(text, render_unit(unit)))


def _append(text: str, block: str) -> str:
    units = _units_node(text)
    lines = text.splitlines(keepends=True)
    if units is None:
        return text + ("" if text.endswith("\n") or not text else "\n") + "units:\n" + block
    if not isinstance(units, yaml.SequenceNode):
        raise EditError("'units:' is not a list")
    if units.flow_style:
        if units.value:
            raise EditError("write 'units:' as a block list (one '- id: ...' per unit) to add to it")
        # 'units: []' → 'units:' followed by the block
        line = units.start_mark.line
        head = lines[line][:units.start_mark.column].rstrip() + "\n"
        rest = lines[line][units.end_mark.column:].strip()
        return "".join(lines[:line]) + head + block + ("" if not rest else rest + "\n") + "".join(lines[line + 1:])
    last = units.value[-1]
    end = units.end_mark.line if units.end_mark.line > last.start_mark.line else len(lines)
    end = _trimmed_end(lines, last.start_mark.line, end)
    before = "".join(lines[:end])
    if not before.endswith("\n"):
        before += "\n"
    return before + "\n" + block + "".join(lines[end:])


def _commit(root: Path, rel: str, candidate: str) -> str:
    """Validate the candidate with its addresses allocated (a new unit gets its subnets from its site's
    blocks), then write the lock and the registry file. The lock goes first: if the second write failed,
    the lock would only hold a reserved entry too many (a warning), never miss one."""
    result, allocation = allocate(root, {rel: candidate})
    if allocation is None or has_errors(result.diagnostics):
        raise Refused([d for d in result.diagnostics if str(d.severity) == "error"])
    write_if_changed(root / LOCK_FILE, allocation.text)
    write_if_changed(root / rel, candidate)
    return rel


class _locked:
    def __init__(self, root: Path) -> None:
        self.lock = FileLock(str(root / LOCK_NAME), timeout=LOCK_TIMEOUT)

    def __enter__(self) -> None:
        try:
            self.lock.acquire()
        except Timeout:
            raise EditError(f"another govnet is writing this model (lock {LOCK_NAME} held for more than "
                            f"{LOCK_TIMEOUT:g} s); try again") from None

    def __exit__(self, *exc: object) -> None:
        self.lock.release()


# What `govnet registry set` may change, as dotted paths into a unit, with how the text is turned into a value.
# Identity (id, uscc, division, site), zones and status have their own commands or need a new registration.
SETTABLE: dict[str, str] = {
    "bandwidth.requested": "bandwidth", "bandwidth.granted": "bandwidth",
    "contacts.head.name": "text", "contacts.head.mobile": "text", "contacts.head.phone": "text",
    "contacts.technical.name": "text", "contacts.technical.mobile": "text", "contacts.technical.phone": "text",
    "mlps.level": "int", "mlps.filing": "text", "mlps.assessed": "date",
    "line.type": "text", "line.carrier": "text", "address": "text", "lan": "text", "name": "text",
}
ALIASES = {"bandwidth": "bandwidth.requested", "granted": "bandwidth.granted", "head": "contacts.head.name",
           "head_mobile": "contacts.head.mobile", "tech": "contacts.technical.name",
           "tech_mobile": "contacts.technical.mobile", "mlps": "mlps.level", "mlps_level": "mlps.level",
           "mlps_filing": "mlps.filing", "mlps_assessed": "mlps.assessed"}


def parse_assignment(text: str) -> tuple[str, Any]:
    """``field=value`` as a settable path and its typed value; EditError says what is wrong.

    >>> parse_assignment("granted=200M"), parse_assignment("mlps.assessed=2026-03-01")
    (('bandwidth.granted', '200M'), ('mlps.assessed', datetime.date(2026, 3, 1)))
    """
    from govnet.reference.units import format_bandwidth, parse_bandwidth

    field, sep, value = text.partition("=")
    field, value = field.strip(), value.strip()
    path = ALIASES.get(field, field)
    if not sep or path not in SETTABLE:
        raise EditError(f"'{text}': write FIELD=VALUE, FIELD one of {', '.join([*SETTABLE, *ALIASES])}")
    if not value:
        raise EditError(f"'{text}': a value is needed")
    kind = SETTABLE[path]
    if kind == "bandwidth":
        bits = parse_bandwidth(value)
        if bits is None:
            raise EditError(f"'{text}': cannot read bandwidth '{value}' (write 100M, 1G ...)")
        return path, format_bandwidth(bits) if value.isdigit() else value  # kept as the user wrote it
    if kind == "int":
        if not value.isdigit():
            raise EditError(f"'{text}': a whole number is needed")
        return path, int(value)
    if kind == "date":
        try:
            return path, dt.date.fromisoformat(value)
        except ValueError:
            raise EditError(f"'{text}': write the date as YYYY-MM-DD") from None
    return path, value


def set_fields(root: Path, unit_id: str, changes: Mapping[str, Any], *, by: str, date: dt.date,
               document: str | None = None, remark: str | None = None) -> str:
    """Change fields of a unit (dotted paths from SETTABLE) and record a 'change' history entry that says what
    changed from what. Validated like every edit; returns the file written."""
    def change(unit: CommentedMap) -> None:
        said = []
        for path, value in changes.items():
            *parents, leaf = path.split(".")
            node = unit
            for part in parents:
                child = node.get(part)
                if not isinstance(child, CommentedMap):
                    child = flow()
                    node[part] = child
                node = child
            old = node.get(leaf)
            node[leaf] = value
            said.append(f"{path}: {'（空）' if old is None else old} → {value}")
        history = unit.get("history")
        if not isinstance(history, CommentedSeq):
            history = CommentedSeq()
            unit["history"] = history
        note = "；".join(said) + (f"；{remark}" if remark else "")
        history.append(flow(date=date, action="change", by=by, document=document, remark=note))

    if not changes:
        raise EditError("nothing to change: give FIELD=VALUE")
    with _locked(root):
        located = find(root, unit_id)
        return _commit(root, located.rel, _splice(located, change))
