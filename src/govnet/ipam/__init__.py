"""The address stage: what the model needs, the allocator, the lock file, checks and reports.

Two entry points, each a straight sequence (requests → plan checks → read lock → trust or decide → judge):
:func:`check` (part of every validation: is the lock complete and consistent?) and :func:`run` (``govnet
allocate``: decide what is new and return the lock's next text). Stages after it ask the returned
:class:`Plan` for addresses by :class:`LockKey`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from govnet.diagnostics import Diagnostic, did_you_mean
from govnet.errors import UsageError
from govnet.ipam import ports, priorities, trust
from govnet.ipam.allocator import Outcome, allocate
from govnet.ipam.checks import (
    Reporter,
    check_plan,
    containment,
    lock_problems,
    merge_conflicts,
    missing,
    overlaps,
    reserved_entries,
    resized_entries,
    shortages,
)
from govnet.ipam.fingerprint import fingerprint
from govnet.ipam.keys import LockKey, is_key_text, subject_of
from govnet.ipam.lockfile import Lock, read_lock, write_lock
from govnet.ipam.plan import AddressBook, Plan
from govnet.ipam.port_room import past_last_port
from govnet.ipam.priority_room import past_last_priority
from govnet.ipam.requests import AddressNeeds, address_needs
from govnet.model.types import Model

__all__ = ["AddressBook", "Allocation", "LockKey", "Plan", "UnknownSubject", "check", "run"]


def check(model: Model, *, trust_sealed: bool = True, workers: int | None = None) -> tuple[Plan, list[Diagnostic]]:
    """Validation: every request must already have its entry in the lock, consistent with the plan.

    ``trust_sealed``: take the verdict a sealed lock already carries where it proves it (govnet.ipam.trust);
    False judges every entry again (the tests hold the two to the same answers). ``workers``: processes the
    trust path may use (default: the CPUs; 1 keeps it in this one)."""
    needs = address_needs(model)  # 1. what the model asks for
    report = Reporter(model)
    check_plan(report, needs)  # 2. the plan itself: pools, lengths, pins
    if report.found or merge_conflicts(report, model.lock_text):  # an impossible plan, or a lock git could not
        # merge: judging the lock would only add noise
        return Plan(needs, Outcome(), _lock_of(model)), report.found
    if trust_sealed and model.lock_text is not None:  # 3. a lock written for these very needs
        verdict = trust.sealed_verdict(model, needs, model.lock_text, workers)
        if verdict is not None:
            return verdict
    lock = _lock_of(model)  # 4. read the lock
    # 5. decide. Validation carves too (without writing), so a pool that is about to run out fails CI before
    # anyone runs `govnet allocate`; what is not in the lock yet is reported as missing either way.
    outcome = allocate(needs.pools, needs.requests, lock.entries if lock is not None else {}, carve=True)
    _judge(report, needs, outcome, lock, trust_sealed=trust_sealed)  # 6. judge the decisions
    reserved_entries(report, outcome, lock)
    missing(report, needs, lock)
    return Plan(needs, outcome, lock), report.found


def _lock_of(model: Model) -> Lock | None:
    return read_lock(model.lock_text) if model.lock_text is not None else None


def _judge(report: Reporter, needs: AddressNeeds, outcome: Outcome, lock: Lock | None, *, trust_sealed: bool) -> None:
    """The checks of the decisions, as validation and `govnet allocate` both make them."""
    by_key = {r.key: r for r in needs.requests}
    lock_problems(report, lock)
    shortages(report, outcome)
    contained = containment(report, needs, outcome, by_key)
    unproven = trust.unproven(outcome, by_key, lock) if trust_sealed and contained else None
    if unproven is None or not trust.overlaps_of(report, needs, unproven, outcome, by_key):
        overlaps(report, needs, outcome, by_key)
    resized_entries(report, by_key, outcome, lock)
    past_last_port(report, partial(ports.index_of, outcome.decisions), outcome.stale)
    past_last_priority(report, partial(priorities.offset_of, outcome.decisions), outcome.stale)


class UnknownSubject(UsageError):
    """``--release`` named something that has no address in the model or the lock."""


@dataclass(frozen=True)
class Allocation:
    plan: Plan
    text: str  # the lock file's new content
    changed: bool


def run(model: Model, *, prune: bool = False, release: Iterable[str] = (), reseal: bool = False,
        trust_sealed: bool = True) -> tuple[Allocation | None, list[Diagnostic]]:
    """``govnet allocate``: None (nothing to write) when the decisions cannot be trusted."""
    release = tuple(release)
    needs = address_needs(model)  # 1. what the model asks for
    if release:
        _known_subjects(model, needs, release)
    report = Reporter(model)
    check_plan(report, needs)  # 2. the plan itself
    lock = _lock_of(model)  # 3. read the lock
    if report.found or merge_conflicts(report, model.lock_text):
        return None, report.found
    outcome = allocate(needs.pools, needs.requests, lock.entries if lock is not None else {}, prune=prune,
                       release=release)  # 4. decide what is new
    _judge(report, needs, outcome, lock, trust_sealed=trust_sealed)  # 5. judge the decisions
    problems = report.found
    if lock is not None and not lock.sealed and reseal:  # the hand edit is accepted: neither its digest nor where it
        # differs from the committed lock is an error then (the latter made --reseal fail in every git repository)
        problems = [d for d in problems if not (d.code == "GN628" and ("digest" in d.message
                                                                       or "committed allocations.lock" in d.message))]
    if any(str(d.severity) == "error" for d in problems):
        return None, problems
    text = write_lock(outcome.entries(), fingerprint(needs))  # 6. the lock's next text
    return Allocation(Plan(needs, outcome, lock), text, text != (model.lock_text or "")), problems


def _known_subjects(model: Model, needs: AddressNeeds, subjects: tuple[str, ...]) -> None:
    known = {r.subject for r in needs.requests}
    if model.lock_text is not None:
        known |= {subject_of(k) for k in read_lock(model.lock_text).entries if is_key_text(k)}
    known |= {subject.rpartition(":")[0] for subject in known if ":" in subject}  # a unit by its VLANs' subjects
    for subject in subjects:
        if subject not in known:
            hint = did_you_mean(subject, known)
            hint = hint or "give a site code, unit id, device name, link A~B, DEVICE@bfd, SITE@zones or DEVICE@10G"
            raise UnknownSubject(f"--release {subject}: nothing of that name has addresses; {hint}")
