"""Address management: what the model needs, the allocator, the lock file, checks and reports.

Two entry points: :func:`check` (part of every validation: is the lock complete and consistent?) and
:func:`run` (``govnet allocate``: decide what is new and return the lock's next text).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import attrgetter

from govnet.diagnostics import Diagnostic, did_you_mean
from govnet.errors import UsageError
from govnet.ipam.allocator import Outcome, allocate
from govnet.ipam.checks import Reporter, check_outcome, check_plan, reserved, resized
from govnet.ipam.fingerprint import fingerprint
from govnet.ipam.lockfile import Lock, has_entry_form, read_lock, read_sealed, write_lock
from govnet.ipam.requests import AddressNeeds, address_needs
from govnet.model.types import Model


class Plan:
    """What the model needs, what was decided for it, and the lock it was read from. When validation trusted a
    sealed lock, the decisions are read from it only if someone asks for them (render, records, reports)."""

    def __init__(self, needs: AddressNeeds, outcome: Outcome | None, lock: Lock | None,
                 deferred: Callable[[], tuple[Outcome, Lock | None]] | None = None) -> None:
        self.needs = needs
        self._outcome, self._lock, self._deferred = outcome, lock, deferred

    def _resolve(self) -> None:
        if self._deferred is not None:
            self._outcome, self._lock = self._deferred()
            self._deferred = None

    @property
    def outcome(self) -> Outcome:
        self._resolve()
        assert self._outcome is not None
        return self._outcome

    @property
    def lock(self) -> Lock | None:
        self._resolve()
        return self._lock


TRUST_SEALED_PLAN = True  # tests turn it off to hold the shortcut to the full check's verdict


def check(model: Model) -> tuple[Plan, list[Diagnostic]]:
    """Validation: every request must already have its entry in the lock, consistent with the plan."""
    needs = address_needs(model)
    if TRUST_SEALED_PLAN and model.lock_text is not None:
        trusted = _trusted(model, needs, model.lock_text)
        if trusted is not None:
            return trusted
    return _decide(model, needs, carve=False, checking=True)


_SUFFIXES = {n: f"/{n}" for n in range(129)}  # how a prefix of each length ends, as the lock writes it


def _trusted(model: Model, needs: AddressNeeds, text: str) -> tuple[Plan, list[Diagnostic]] | None:
    """The verdict of a lock that 'govnet allocate' wrote for these very needs, without re-judging its entries.

    That run checked every entry for containment and overlap against the needs its fingerprint records, and
    wrote nothing had any failed; with the needs unchanged and the entries sealed by their digest, the same
    checks can only agree. What depends on more than that is still worked out: the plan checks, what is
    reserved for removed things (GN627) and what keeps a size the plan no longer gives (GN629). None when the
    lock is not such a lock, or anything is missing from it: the full check then runs."""
    sealed = read_sealed(text)
    if sealed is None or sealed.plan != fingerprint(needs):
        return None
    report = Reporter(model)
    check_plan(report, needs)
    if report.found:
        return None
    entries = sealed.entries
    resized_ones = []
    for r in needs.requests:  # one pass: every request has its entry, and an unpinned one its planned length
        prefix = entries.get(r.key)
        if prefix is None:
            return None
        if r.length is not None and r.pin is None and not prefix.endswith(_SUFFIXES.get(r.length) or f"/{r.length}"):
            resized_ones.append((r, prefix))
    wanted = set(map(attrgetter("key"), needs.requests))
    unrequested = sorted(entries.keys() - wanted) if len(wanted) != len(entries) else []
    if not all(map(has_entry_form, unrequested)):
        return None
    for r, prefix in resized_ones:
        resized(report, r, prefix, sealed.line_of(r.key))
    for k in unrequested:
        reserved(report, k, entries[k], sealed.line_of(k))

    def decided() -> tuple[Outcome, Lock | None]:
        lock = read_lock(text)
        return allocate(needs.pools, needs.requests, lock.entries, carve=False), lock

    return Plan(needs, None, None, decided), report.found


class UnknownSubject(UsageError):
    """``--release`` named something that has no address in the model or the lock."""


@dataclass(frozen=True)
class Allocation:
    plan: Plan
    text: str  # the lock file's new content
    changed: bool


def run(model: Model, *, prune: bool = False, release: Iterable[str] = (),
        reseal: bool = False) -> tuple[Allocation | None, list[Diagnostic]]:
    """``govnet allocate``: None (nothing to write) when the decisions cannot be trusted."""
    release = tuple(release)
    needs = address_needs(model)
    if release:
        _known_subjects(model, needs, release)
    plan, problems = _decide(model, needs, carve=True, checking=False, prune=prune, release=release)
    if plan.lock is not None and not plan.lock.sealed and reseal:
        problems = [d for d in problems if not (d.code == "GN628" and "digest" in d.message)]
    if any(str(d.severity) == "error" for d in problems):
        return None, problems
    text = write_lock(plan.outcome.entries(), fingerprint(needs))
    return Allocation(plan, text, text != (model.lock_text or "")), problems


def _known_subjects(model: Model, needs: AddressNeeds, subjects: tuple[str, ...]) -> None:
    known = {r.subject for r in needs.requests}
    if model.lock_text is not None:
        known |= {k.split(" ", 3)[3] for k in read_lock(model.lock_text).entries}
    for subject in subjects:
        if subject not in known:
            hint = did_you_mean(subject, known)
            raise UnknownSubject(f"--release {subject}: nothing of that name has addresses"
                                 + (f"; {hint}" if hint else "; give a site code, unit id, device name or link A~B"))


def _decide(model: Model, needs: AddressNeeds, *, carve: bool, checking: bool, prune: bool = False,
            release: Iterable[str] = ()) -> tuple[Plan, list[Diagnostic]]:
    report = Reporter(model)
    check_plan(report, needs)
    lock = read_lock(model.lock_text) if model.lock_text is not None else None
    if report.found:  # an impossible plan: judging the lock against it would only add noise
        return Plan(needs, Outcome(), lock), report.found
    entries = lock.entries if lock is not None else {}
    # Validation carves too (without writing), so a pool that is about to run out fails CI before anyone
    # runs `govnet allocate`; what is not in the lock yet is reported as missing either way.
    outcome = allocate(needs.pools, needs.requests, entries, prune=prune, release=release, carve=carve or checking)
    check_outcome(report, needs, outcome, lock, checking=checking)
    return Plan(needs, outcome, lock), report.found
