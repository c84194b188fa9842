"""What CI and code scanning read: SARIF diagnostics, the verdict of `govnet allocate --check`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from govnet.cli.output import EXIT_MODEL, EXIT_OK
from govnet.diagnostics import Diagnostic

if TYPE_CHECKING:
    from govnet.ipam import Allocation


def print_sarif(diagnostics: list[Diagnostic], root: Path) -> None:
    from govnet.diagnostics_sarif import sarif_log

    typer.echo(json.dumps(sarif_log(diagnostics, root), ensure_ascii=False, indent=2))


def lock_check(allocation: Allocation) -> int:
    """Exit code of `govnet allocate --check`: stale when the lock differs from what allocate would write."""
    from govnet.source.modeldir import LOCK_FILE

    if not allocation.changed:
        typer.echo(f"{LOCK_FILE} is up to date", err=True)
        return EXIT_OK
    outcome = allocation.plan.outcome
    typer.echo(f"{LOCK_FILE} is stale: {len(outcome.new)} to allocate, {len(outcome.pruned)} to release; "
               "run 'govnet allocate' and commit the lock", err=True)
    return EXIT_MODEL
