"""allocations.lock: the address decisions, one line each, sorted, sealed with a digest.

A plain line format rather than YAML: it is machine-written, its diffs show exactly the entries that
changed, and it reads in a fraction of the time YAML would take. The digest covers every entry line, so
an edit by hand is noticed; pins in the intent are the way to choose an address.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import repeat

from govnet.ipam.prefix import Net, parse_net

HEADER = (
    "# allocations.lock: address decisions made by 'govnet allocate'. Commit it; do not edit it.\n"
    "# To choose an address, pin it in zones/*.yaml; 'govnet allocate --prune' releases entries of removed things.\n"
)
FORMAT = 1
_FIELDS = 5  # pool family kind subject prefix


@dataclass
class Lock:
    entries: dict[str, Net] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # key -> line number in the file
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, message): malformed or hand-edited
    sealed: bool = True  # the digest matched

    def line_of(self, key: str) -> int:
        return self.lines.get(key, 1)


def digest(body: str) -> str:
    return "sha256:" + hashlib.sha256(body.encode("utf-8")).hexdigest()


def entry_line(key: str, net: Net) -> str:
    return f"{key} {net}"


def read_lock(text: str) -> Lock:
    lock = Lock()
    declared: str | None = None
    body: list[str] = []
    digest_line = 1
    entries, lines = lock.entries, lock.lines
    for number, raw in enumerate(text.splitlines(), 1):
        parts = raw.split(" ")
        # The common case, a line exactly as written: five single-space-separated fields and a prefix
        # in canonical form; anything else takes the careful path below.
        if len(parts) == _FIELDS and parts[0][:1] != "#" and all(parts):
            k = raw[: -len(parts[4]) - 1]
            try:
                net: Net | None = parse_net(parts[4])
            except ValueError:
                net = None
            if net is not None and k not in entries:
                body.append(raw)
                entries[k] = net
                lines[k] = number
                continue
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            label, _, value = line[1:].strip().partition(":")
            if label == "digest":
                declared, digest_line = value.strip(), number
            elif label == "format" and value.strip() != str(FORMAT):
                lock.problems.append((number, f"lock format {value.strip()} is not the format {FORMAT} this "
                                              "govnet writes"))
            continue
        body.append(raw)
        parts = line.split()
        if len(parts) != _FIELDS:
            lock.problems.append((number, f"cannot read lock entry {line!r}"))
            continue
        k = " ".join(parts[:4])
        try:
            net = parse_net(parts[4])
        except ValueError as exc:
            lock.problems.append((number, f"lock entry {k}: {exc}"))
            continue
        if k in entries:
            lock.problems.append((number, f"lock entry {k} appears twice (first on line {lines[k]})"))
            continue
        entries[k] = net
        lines[k] = number
    if declared != digest("\n".join(body)):
        lock.sealed = False
        lock.problems.append((digest_line, "allocations.lock was edited by hand: its digest does not match its "
                                           "entries"))
    return lock


_MARKERS = ("<<<<<<<", "|||||||", "=======", ">>>>>>>")  # what git writes around a conflict it could not merge


def conflicts(text: str) -> list[tuple[int, int]]:
    """(first line, last line) of each merge conflict git left in the lock's text, marker lines included.

    >>> conflicts("a\\n<<<<<<< HEAD\\nb\\n=======\\nc\\n>>>>>>> main\\nd\\n")
    [(2, 6)]
    """
    if "\n<<<<<<<" not in text and not text.startswith("<<<<<<<"):  # the usual case, without a loop per line
        return []
    found: list[tuple[int, int]] = []
    start: int | None = None
    for number, line in enumerate(text.splitlines(), 1):
        marker = line[:7] if line[:7] in _MARKERS and line[7:8] in ("", " ") else None
        if marker == "<<<<<<<":
            start = number
        elif marker == ">>>>>>>" and start is not None:
            found.append((start, number))
            start = None
    if start is not None:  # a conflict whose end was deleted: up to the end of the file
        found.append((start, len(text.splitlines())))
    return found


def sealed(text: str) -> bool:
    """Whether the lock's digest matches its entries (cheap: no entry is parsed)."""
    if read_sealed(text) is not None:  # the usual case, in one pass without a Python loop per line
        return True
    declared, body = None, []
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("#"):
            label, _, value = line[1:].strip().partition(":")
            if label == "digest":
                declared = value.strip()
        elif line:
            body.append(raw)
    return declared == digest("\n".join(body))


def edited_entries(lock: Lock, committed: str) -> list[tuple[int, str]]:
    """(line, message) for each entry that differs from the committed lock: where a hand edit is.

    >>> before = write_lock({"links ipv4 link A~B": parse_net("10.1.0.0/31")})
    >>> edited_entries(read_lock(before.replace("10.1.0.0/31", "10.1.0.8/31")), before)
    [(5, 'lock entry links ipv4 link A~B is 10.1.0.8/31 here but 10.1.0.0/31 in the committed allocations.lock')]
    """
    old = read_lock(committed)
    found = []
    for key, net in lock.entries.items():
        was = old.entries.get(key)
        if was is None:
            found.append((lock.lines[key], f"lock entry {key} is not in the committed allocations.lock"))
        elif was != net:
            found.append((lock.lines[key], f"lock entry {key} is {net} here but {was} in the committed "
                                           "allocations.lock"))
    return found


def write_lock(entries: Mapping[str, Net], plan: str | None = None) -> str:
    """The lock's text; ``plan``, the fingerprint of the address needs these entries were checked against,
    goes last, so that entries keep their line numbers."""
    body = "\n".join(entry_line(k, entries[k]) for k in sorted(entries))
    tail = f"# plan: {plan}\n" if plan is not None else ""
    return f"{HEADER}# format: {FORMAT}\n# digest: {digest(body)}\n{body}\n{tail}"


@dataclass
class SealedLock:
    """A lock exactly as 'govnet allocate' wrote it: entry text by key, and the plan fingerprint. Shared by the
    callers of read_sealed (it remembers its last answer): read it, never change it."""

    entries: dict[str, str]  # key -> prefix as written, in file order
    plan: str
    first_line: int  # the line number of the first entry
    _lines: dict[str, int] | None = field(default=None, init=False, repr=False)

    def line_of(self, key: str) -> int:
        """The entry's line number, worked out only when a diagnostic asks for one."""
        if self._lines is None:
            self._lines = {k: number for number, k in enumerate(self.entries, self.first_line)}
        return self._lines[key]


_PLAN = "# plan: "


@functools.lru_cache(maxsize=1)  # one validation asks twice of the same text: the loader, then the trust path
def read_sealed(text: str) -> SealedLock | None:
    """The entries of a lock in the very form ``write_lock`` gives, with its digest matching and a plan
    fingerprint; None for anything else (the careful reader then explains what is wrong, if anything)."""
    head = f"{HEADER}# format: {FORMAT}\n# digest: "
    if not text.startswith(head) or not text.endswith("\n"):
        return None
    # Found by position in the text, which is sliced once, for the body: a province's lock is 30 MB.
    start = text.find("\n", len(head)) + 1
    if start == 0:
        return None
    at = text.rfind("\n" + _PLAN, start)
    if at < 0 or text.find("\n", at + 1, len(text) - 1) >= 0:
        return None
    declared, plan = text[len(head):start - 1], text[at + 1 + len(_PLAN):-1]
    if text.find("\n#", start, at) >= 0 or text.startswith("#", start, at):
        return None
    body = text[start:at]
    if digest(body) != declared:
        return None
    lines = body.split("\n") if body else []
    try:  # 250,000 lines nationally: each split at its last space without a Python-level loop
        entries = dict(map(str.rsplit, lines, repeat(" "), repeat(1)))
    except ValueError:  # a line without a space
        return None
    # No key is repeated, and every line has four spaces (each key names pool, family, kind and subject).
    # Counted over the body at once: a line with more is then matched by one with fewer, whose key has fewer
    # than the three spaces every requested key has, so it is an unrequested entry, which the caller
    # checks one by one with govnet.ipam.keys.is_key_text().
    if len(entries) != len(lines) or body.count(" ") != 4 * len(lines):
        return None
    return SealedLock(entries, plan, HEADER.count("\n") + 3)


def sealed_lock(sealed: SealedLock) -> Lock:
    """The :class:`Lock` of a lock that read_sealed accepted: what read_lock gives for the same text, without its
    careful per-line pass (every line of a sealed lock is an entry in canonical form, none repeated).

    >>> text = write_lock({"links ipv4 link A~B": parse_net("10.1.0.0/31")}, "p")
    >>> sealed = read_sealed(text)
    >>> sealed is not None and sealed_lock(sealed) == read_lock(text)
    True
    """
    entries = dict(zip(sealed.entries, map(parse_net, sealed.entries.values()), strict=True))
    return Lock(entries, dict(zip(sealed.entries, itertools.count(sealed.first_line))))
