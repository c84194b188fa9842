"""What CI and code scanning read: SARIF diagnostics, the verdict of `govnet allocate --check`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from govnet.cli.output import EXIT_MODEL, EXIT_OK
from govnet.diagnostics import Diagnostic
from govnet.i18n import _

if TYPE_CHECKING:
    from govnet.ipam import Allocation


def print_sarif(diagnostics: list[Diagnostic], root: Path, help_uri: str | None = None) -> None:
    from govnet.diagnostics_sarif import sarif_log

    typer.echo(json.dumps(sarif_log(diagnostics, root, help_uri=help_uri), ensure_ascii=False, indent=2))


def lock_check(allocation: Allocation) -> int:
    """Exit code of `govnet allocate --check`: stale when the lock differs from what allocate would write."""
    from govnet.source.modeldir import LOCK_FILE

    if not allocation.changed:
        typer.echo(_("{lock} is up to date").format(lock=LOCK_FILE), err=True)
        return EXIT_OK
    outcome = allocation.plan.outcome
    typer.echo(_("{lock} is stale: {new} to allocate, {pruned} to release; run 'govnet allocate' and commit the "
                 "lock").format(lock=LOCK_FILE, new=len(outcome.new), pruned=len(outcome.pruned)), err=True)
    return EXIT_MODEL
