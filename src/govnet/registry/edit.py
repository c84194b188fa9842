"""Safe writes to the registry: locate a unit's text, change only it, validate the candidate, write atomically.

- Untouched units stay byte-identical: the file is spliced, and only the changed unit's lines are re-emitted
  (through ruamel.yaml's round trip, which keeps that unit's comments, quoting and flow style).
- One writer at a time: the model's writer lock (govnet.writer.ModelLock, also taken by ``allocate``) is held
  from reading the file to replacing it, so two concurrent writers both see and keep each other's change.
- Adds queue up: each ``add`` drops its unit into .govnet-queue/ and waits for the lock; whoever holds it adds
  every queued unit in one validated write (each alone if the batch is refused), so 100 concurrent adds cost a
  few validations, not 100. A waiter waits as long as the queue moves.
- A change that would leave the model with errors is refused with the diagnostics; the file is untouched.
- The file keeps its line endings (CRLF stays CRLF) and its byte-order mark.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import stat
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from govnet.codes import Severity
from govnet.diagnostics import Diagnostic, has_errors
from govnet.errors import RefusedEdit, UsageError
from govnet.registry.roundtrip import keep_anchors, scalar, unreadable
from govnet.source.layout import LOCK_FILE, REGISTRY_DIR, REGISTRY_FILE
from govnet.writer import LOCK_NAME, LockStalled, ModelLock, write_if_changed

__all__ = ["LOCK_NAME", "EditError", "Refused", "add", "find", "transition"]
QUEUE_DIR = ".govnet-queue"
Waiting = Callable[[str], None]
_ANSWER_KEPT = 3600.0  # seconds an answer waits for the add that asked


class EditError(UsageError):
    """The request cannot be carried out (unknown unit, wrong state, bad value): exit code 2."""


class NothingChanges(EditError):
    """A set whose every value the unit already has: nothing is written, and the unit is as asked (the command
    line says so and exits 0, so a script may set a value again)."""


class Refused(RefusedEdit):
    """The change would leave the model with errors: exit code 1. The file is untouched."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("refused: the change would leave the model with the errors above; nothing was written",
                         diagnostics)


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


def _units_node(text: str, rel: str) -> yaml.Node | None:
    try:
        root = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError as exc:  # the file as it stands does not parse: said at its line, nothing is written
        mark = getattr(exc, "problem_mark", None)
        where = f"{rel}:{mark.line + 1}:{mark.column + 1}" if mark is not None else rel
        problem = getattr(exc, "problem", None) or str(exc)
        raise EditError(f"{where}: YAML syntax: {problem}; fix it first (govnet validate shows it)") from None
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
        text = read_text(root / rel, root)
        if unit_id not in text:
            continue
        units = _units_node(text, rel)
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
    from govnet.diagnostics import did_you_mean

    known = _ids(root)  # a clerk's near miss (mini-0003, a space too many) is named
    same = [i for i in known if i.casefold() == unit_id.strip().casefold()]
    hint = f"did you mean '{same[0]}'?" if same else did_you_mean(unit_id, known)
    raise EditError(f"no unit with id '{unit_id}' in the registry" + (f"; {hint}" if hint else ""))


def _splice(located: Located, unit_id: str, change: Callable[[CommentedMap], None]) -> str:
    lines = located.text.splitlines(keepends=True)
    chunk = "".join(lines[located.start:located.end])
    if not chunk.endswith("\n"):
        chunk += "\n"
    y = _yaml()
    indent = len(lines[located.start]) - len(lines[located.start].lstrip(" "))
    try:
        data = y.load(_dedent(chunk, indent))
    except MarkedYAMLError as exc:  # the unit's own text, read alone: what stops it is said at its line
        raise EditError(unreadable(located.rel, located.start, unit_id, exc)) from None
    keep_anchors(data)
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
    """ruamel's item (its dash at column 2) moved so that its dash is at column ``indent``."""
    shift = indent - 2
    if shift < 0:  # every line of the item is indented at least 2: the dash's and its keys'
        return "".join(line[-shift:] if line[:-shift].strip() == "" else line
                       for line in text.splitlines(keepends=True))
    return "".join(" " * shift + line if line.strip() else line for line in text.splitlines(keepends=True))


def flow(**fields: Any) -> CommentedMap:
    """A mapping written on one line, as the registry writes small records."""
    entry = CommentedMap((k, scalar(v)) for k, v in fields.items() if v is not None)
    entry.fa.set_flow_style()
    return entry


def transition(root: Path, unit_id: str, action: str, *, by: str, date: dt.date, document: str | None = None,
               remark: str | None = None, granted: int | None = None, waiting: Waiting | None = None) -> str:
    """Append a history entry and move the unit's status (approve, activate, suspend, resume, revoke).

    Returns the file that was written."""
    from govnet.registry import lifecycle as lc

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

    with _locked(root, waiting):
        located = find(root, unit_id)
        return _commit(root, {located.rel: _splice(located, unit_id, change)})[0]


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
            seq = CommentedSeq(flow(**v) if isinstance(v, Mapping) else scalar(v) for v in value)
            if not value or not isinstance(value[0], Mapping):
                seq.fa.set_flow_style()
            data[key] = seq
        else:
            data[key] = scalar(value)
    out = io.StringIO()
    _yaml().dump([data], out)
    return out.getvalue()


def add(root: Path, unit: Mapping[str, Any], *, waiting: Waiting | None = None) -> str:
    """Append a new unit to its file, with its addresses allocated; returns the file written.

    The unit joins the model's queue; this call returns when some writer (this one, or one that held the lock
    first) has added it, or refused it."""
    queue = root / QUEUE_DIR
    queue.mkdir(exist_ok=True)
    stem = f"{time.time_ns():020d}-{os.getpid()}-{os.urandom(4).hex()}"
    request = {"id": str(unit["id"]), "site": str(unit["site"]), "block": render_unit(unit)}
    result = queue / f"{stem}.res"
    lock = ModelLock(root, waiting=waiting)
    try:  # from the request's write on: an interrupt right after it (it is in the queue) must take it out too
        write_if_changed(queue / f"{stem}.req", json.dumps(request, ensure_ascii=False))
        if lock.acquire(until=result.exists):
            try:
                _drain(root, lock)
            finally:
                lock.release()
    except LockStalled as exc:
        (queue / f"{stem}.req").unlink(missing_ok=True)
        raise EditError(str(exc)) from None
    except KeyboardInterrupt:  # the user gave up waiting: the unit must not be added later by another writer
        (queue / f"{stem}.req").unlink(missing_ok=True)
        raise
    return _outcome(result)


def _outcome(result: Path) -> str:
    answer = json.loads(result.read_text(encoding="utf-8"))
    result.unlink(missing_ok=True)
    if "refused" in answer:
        raise Refused([Diagnostic(**{**d, "severity": Severity(d["severity"])}) for d in answer["refused"]])
    if "error" in answer:
        raise EditError(str(answer["error"]))
    return str(answer["ok"])


def _drain(root: Path, lock: ModelLock) -> None:
    """With the lock held: add every queued unit in one write; if that write is refused, each unit alone."""
    queue = root / QUEUE_DIR
    for old in queue.glob("*.res"):  # answers nobody came for (the add was killed while it waited)
        try:
            if time.time() - old.stat().st_mtime > _ANSWER_KEPT:
                old.unlink()
        except OSError:
            pass
    while True:
        pending = sorted(queue.glob("*.req"))
        if not pending:
            return
        requests = []
        for path in pending:
            try:
                requests.append((path, json.loads(path.read_text(encoding="utf-8"))))
            except (OSError, ValueError):  # a request half-written by a killed add: nobody waits for it
                path.unlink(missing_ok=True)
        try:
            answers = _add_batch(root, [r for _, r in requests])
        except Refused as exc:  # a batch of one, refused: answered like any other, so its request goes
            answers = [{"refused": [d.as_json() for d in exc.diagnostics]}]
        except EditError as exc:  # nothing could be written (a read-only lock file): each add is told why
            answers = [{"error": str(exc)} for _ in requests]
        if answers is None:  # the batch is refused: judge each unit on its own
            answers = [_alone(root, r) for _, r in requests]
        for (path, _), answer in zip(requests, answers, strict=True):
            write_if_changed(path.with_suffix(".res"), json.dumps(answer, ensure_ascii=False))
            path.unlink(missing_ok=True)
        lock.bump()


def _alone(root: Path, request: dict[str, Any]) -> dict[str, Any]:
    try:
        answers = _add_batch(root, [request])
        assert answers is not None  # a batch of one raises instead
        return answers[0]
    except Refused as exc:
        return {"refused": [d.as_json() for d in exc.diagnostics]}
    except EditError as exc:
        return {"error": str(exc)}


def _add_batch(root: Path, requests: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
    """Answers for each request, or None when the batch (of more than one) would leave errors. A batch of one
    raises Refused or EditError instead."""
    candidates: dict[str, str] = {}
    answers: list[dict[str, Any]] = []
    taken = _ids(root)
    for request in requests:
        if request["id"] in taken:
            where = taken[request["id"]]
            answers.append({"error": f"a unit with id '{request['id']}' is already registered ({where})"})
            continue
        rel = target_file(root, request["site"])
        path = root / rel
        try:
            writable(root, rel)
            text = candidates.get(rel) or (read_text(path, root) if path.is_file() else "units: []\n")
            candidates[rel] = _append(text, request["block"], rel)
        except EditError as exc:
            answers.append({"error": str(exc)})
            continue
        taken[request["id"]] = rel
        answers.append({"ok": rel})
    if not candidates:
        return answers
    try:
        _commit(root, candidates)
    except Refused:
        if len(requests) > 1:
            return None
        raise
    return answers


def _ids(root: Path) -> dict[str, str]:
    """Unit ids already registered, by file (a cheap text scan: each unit starts with '- id: X')."""
    found: dict[str, str] = {}
    for rel in registry_files(root):
        for line in read_text(root / rel, root).splitlines():
            stripped = line.strip()
            if stripped.startswith("- id:"):
                found[stripped[5:].strip().strip("'\"")] = rel
    return found


def _append(text: str, block: str, rel: str) -> str:
    units = _units_node(text, rel)
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
    # the new unit's dash goes where the file's dashes are ('- id:' at the margin is as valid as indented)
    dash = len(lines[last.start_mark.line]) - len(lines[last.start_mark.line].lstrip(" "))
    return before + "\n" + _indent(block, dash) + "".join(lines[end:])


def _commit(root: Path, candidates: Mapping[str, str]) -> list[str]:
    """Validate the candidates with their addresses allocated (a new unit gets its subnets from its site's
    blocks), then write the lock and the registry files. The lock goes first: if a later write failed,
    the lock would only hold a reserved entry too many (a warning), never miss one."""
    from govnet.pipeline import allocate  # here: a queued add that another writer serves never needs it

    targets = {rel: writable(root, rel) for rel in [LOCK_FILE, *candidates]}
    result, allocation = allocate(root, candidates)
    if allocation is None or has_errors(result.diagnostics):
        raise Refused([d for d in result.diagnostics if str(d.severity) == "error"])
    write_if_changed(targets[LOCK_FILE], allocation.text)
    for rel, candidate in candidates.items():
        write_if_changed(targets[rel], styled(candidate, style_of(targets[rel])))
    return list(candidates)


def writable(root: Path, rel: str) -> Path:
    """Where a write of the model file ``rel`` goes: through a link to the file it names (replacing the link with
    a file would leave the linked file stale), and never over a file its owner made read-only (the rename
    that replaces a file would ignore that, and root ignores it always)."""
    path = root / rel
    real = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        mode = real.stat().st_mode
    except FileNotFoundError:
        return real
    except OSError as exc:
        raise EditError(f"cannot write {rel}: {exc.strerror or exc}") from None
    if not mode & stat.S_IWUSR:
        raise EditError(f"{rel} is read-only; make it writable (chmod u+w {rel}) to change it")
    return real


class _locked:
    def __init__(self, root: Path, waiting: Waiting | None = None) -> None:
        self.lock = ModelLock(root, waiting=waiting)

    def __enter__(self) -> None:
        try:
            self.lock.acquire()
        except LockStalled as exc:
            raise EditError(str(exc)) from None

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
        if unitless(value):
            raise EditError(f"'{text}': a number without a unit is bit/s; write the unit: {value}M, {value}G ...")
        return path, format_bandwidth(bits) if value.isdigit() else value  # kept as the user wrote it
    if kind == "int":
        if not value.isdigit():
            raise EditError(f"'{text}': a whole number is needed")
        return path, int(value)
    if kind == "date":
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            raise EditError(f"'{text}': write the date as YYYY-MM-DD") from None
        if day > dt.date.today():  # an assessment to come is not one made: a typo (2052 for 2025)
            raise EditError(f"'{text}': the date is after today ({dt.date.today().isoformat()})")
        return path, day
    return path, value


def unitless(value: str) -> bool:
    """A bandwidth written as a bare number below 1 Mbit/s: bit/s as written, a unit forgotten as meant (no
    circuit of the extranet is that slow).

    >>> unitless("100"), unitless("100M"), unitless("155000000")
    (True, False, False)
    """
    return value.strip().isdigit() and int(value) < 1_000_000


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
            if _same(path, old, value):  # a 'change' entry that changes nothing would be a false record
                continue
            node[leaf] = scalar(value)
            said.append(f"{path}: {'（空）' if old is None else old} → {value}")
        if not said:
            raise NothingChanges(f"nothing changes: unit {unit_id} already has "
                            f"{', '.join(f'{path}={value}' for path, value in changes.items())}")
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
        return _commit(root, {located.rel: _splice(located, unit_id, change)})[0]


def _same(path: str, old: object, new: object) -> bool:
    """Whether a field already holds the value (a bandwidth by its rate: 1G is 1000M)."""
    from govnet.reference.units import parse_bandwidth

    if old is None:
        return False
    if SETTABLE[path] == "bandwidth":
        return parse_bandwidth(str(old)) == parse_bandwidth(str(new))
    return str(old) == str(new)


# Line endings and byte-order mark: edits work on LF text and give the file back in its own style.

_BOM = "\ufeff"


def read_text(path: Path, root: Path | None = None) -> str:
    """The file as LF text without a byte-order mark (the style is put back by ``styled``). A FIFO, a device
    or an oversize file is an EditError, not a hang; so is a file whose real path leaves ``root`` (the model
    folder), which is never read."""
    from govnet.source.files import Unreadable, read_limited
    from govnet.source.loader import MAX_FILE_BYTES

    try:
        text = read_limited(path, MAX_FILE_BYTES, root=root).decode("utf-8")
    except Unreadable as exc:
        raise EditError(f"{path.name} {exc}") from None
    except UnicodeDecodeError as exc:
        raise EditError(f"{path.name} is not UTF-8 ({exc})") from None
    return text.removeprefix(_BOM).replace("\r\n", "\n")


def style_of(path: Path) -> tuple[bool, bool]:
    """(has a byte-order mark, uses CRLF) of an existing file; a new file is plain LF."""
    try:
        head = path.read_bytes()
    except OSError:
        return False, False
    return head.startswith(b"\xef\xbb\xbf"), b"\r\n" in head[:65536]


def styled(text: str, style: tuple[bool, bool]) -> str:
    bom, crlf = style
    return (_BOM if bom else "") + (text.replace("\n", "\r\n") if crlf else text)
