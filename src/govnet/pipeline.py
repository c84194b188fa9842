"""The one visible pipeline: load → parse → [checkpoint] → build → check → [checkpoint].

Later stages (allocate, render, draw, records) join this list in their own modules.
"""

from __future__ import annotations

import gc
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from govnet.build import build
from govnet.checks import run_checks
from govnet.diagnostics import Diagnostic, has_errors, sorted_diagnostics
from govnet.model import Model
from govnet.modeldir import load_model


@dataclass(frozen=True)
class Result:
    model: Model | None  # None when a checkpoint stopped the run before the model was built
    diagnostics: list[Diagnostic]
    stopped_after: str | None  # the stage whose errors stopped the run

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def validate(root: Path, overrides: Mapping[str, str] | None = None) -> Result:
    """Load, parse (schema), build and check one model directory, collecting every diagnostic.

    ``overrides`` (relative path → text) stand in for files on disk: a candidate edit is validated this way
    before it is written."""
    # The run allocates hundreds of thousands of long-lived objects and frees almost none; the cyclic
    # collector's repeated full passes over them were 38% of national-model validation time.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _validate(root, overrides)
    finally:
        if enabled:
            gc.enable()


def _validate(root: Path, overrides: Mapping[str, str] | None) -> Result:
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
    return Result(model, sorted_diagnostics(found), "check" if has_errors(found) else None)
