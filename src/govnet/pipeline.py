"""The one visible pipeline: load → parse → [checkpoint] → build → check → [checkpoint] → addresses
→ [checkpoint].

The address stage checks the allocation (allocations.lock) against the model; `govnet allocate` is what
changes it. Later stages (render, draw, records) join this list in their own modules.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from govnet import ipam
from govnet.checks import run_checks
from govnet.diagnostics import Diagnostic, has_errors, sorted_diagnostics
from govnet.gcpause import gc_paused
from govnet.model.build import build
from govnet.model.types import Model
from govnet.source.modeldir import load_model


@dataclass(frozen=True)
class Result:
    model: Model | None  # None when a checkpoint stopped the run before the model was built
    diagnostics: list[Diagnostic]
    stopped_after: str | None  # the stage whose errors stopped the run
    addresses: ipam.Plan | None = None  # the allocation, when the run got that far

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def validate(root: Path, overrides: Mapping[str, str] | None = None, *, addresses: bool = True,
             trust_sealed: bool = True) -> Result:
    """Load, parse (schema), build and check one model directory, collecting every diagnostic.

    ``overrides`` (relative path → text) stand in for files on disk: a candidate edit is validated this way
    before it is written. ``addresses=False`` leaves out the address stage (for callers that judge only the
    topology). ``trust_sealed=False`` judges every lock entry again instead of trusting what a sealed lock
    already proves (govnet.ipam.trust)."""
    with gc_paused():
        return _validate(root, overrides, addresses=addresses, trust_sealed=trust_sealed)


def allocate(root: Path, overrides: Mapping[str, str] | None = None, *, prune: bool = False,
             release: tuple[str, ...] = (), reseal: bool = False) -> tuple[Result, ipam.Allocation | None]:
    """Like validate, but the address stage decides what is new instead of only checking the lock."""
    with gc_paused():
        result = _validate(root, overrides, addresses=False)
        if not result.ok or result.model is None:
            return result, None
        allocation, problems = ipam.run(result.model, prune=prune, release=release, reseal=reseal)
    found = sorted_diagnostics(result.diagnostics + problems)
    plan = allocation.plan if allocation else None
    return Result(result.model, found, "addresses" if has_errors(found) else None, plan), allocation


def _validate(root: Path, overrides: Mapping[str, str] | None, *, addresses: bool = True,
              trust_sealed: bool = True) -> Result:
    found: list[Diagnostic] = []

    parsed, problems = load_model(root, overrides)  # load + parse, every file, errors collected across files
    found += problems
    if has_errors(found):
        return Result(None, sorted_diagnostics(found), "parse")

    # Build errors drop only the item at fault (an unknown link endpoint, a bad name pattern), so the
    # checks still run on the rest and the user sees every mistake in one go.
    model, problems = build(parsed)
    found += problems
    found += run_checks(model)
    if has_errors(found) or not addresses:  # the lock is judged only against a sound model: else it is noise
        return Result(model, sorted_diagnostics(found), "check" if has_errors(found) else None)

    plan, problems = ipam.check(model, trust_sealed=trust_sealed)
    found += problems
    return Result(model, sorted_diagnostics(found), "addresses" if has_errors(found) else None, plan)
