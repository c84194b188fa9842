"""Address management: what the model needs, the allocator, the lock file, checks and reports.

Two entry points: :func:`check` (part of every validation: is the lock complete and consistent?) and
:func:`run` (``govnet allocate``: decide what is new and return the lock's next text).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from govnet.diagnostics import Diagnostic, did_you_mean
from govnet.ipam.allocator import Outcome, allocate
from govnet.ipam.checks import Reporter, check_outcome, check_plan
from govnet.ipam.lockfile import Lock, read_lock, write_lock
from govnet.ipam.requests import AddressNeeds, address_needs
from govnet.model import Model


@dataclass(frozen=True)
class Plan:
    needs: AddressNeeds
    outcome: Outcome
    lock: Lock | None


def check(model: Model) -> tuple[Plan, list[Diagnostic]]:
    """Validation: every request must already have its entry in the lock, consistent with the plan."""
    return _decide(model, address_needs(model), carve=False, checking=True)


class UnknownSubject(ValueError):
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
    text = write_lock(plan.outcome.entries())
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
