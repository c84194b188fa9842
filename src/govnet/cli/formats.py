"""Machine-readable diagnostics for other tools: SARIF for code scanning."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from govnet.diagnostics import Diagnostic


def print_sarif(diagnostics: list[Diagnostic], root: Path) -> None:
    from govnet.diagnostics_sarif import sarif_log

    typer.echo(json.dumps(sarif_log(diagnostics, root), ensure_ascii=False, indent=2))
