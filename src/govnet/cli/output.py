"""What every command shares: exit codes, usage errors, which model, printing diagnostics."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from govnet.diagnostics import Diagnostic

EXIT_OK, EXIT_MODEL, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def fail_usage(message: str) -> typer.Exit:
    typer.echo(f"govnet: error: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


def resolve(model_dir: Path | None) -> Path:
    from govnet.source.locate import UsageError, resolve_model

    try:
        root, said = resolve_model(model_dir)
    except UsageError as exc:
        raise fail_usage(str(exc)) from None
    typer.echo(said, err=True)
    return root


_SEVERITY_STYLE = {"error": {"fg": "red", "bold": True}, "warning": {"fg": "yellow"}}


def print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    """One line per diagnostic (and its hint), then the summary; coloured only on a terminal and never with
    NO_COLOR set. Plain click styling: rich took 15 ms to import and as long again to print a few lines."""
    from govnet.diagnostics import summary_line

    lines = []
    for d in diagnostics:
        severity = typer.style(f"{d.severity} {d.code}", **_SEVERITY_STYLE[str(d.severity)])  # type: ignore[arg-type]
        lines.append(f"{d.file}:{d.line}:{d.column}: {severity}: {d.message}")
        if d.hint:
            lines.append(typer.style(f"    hint: {d.hint}", dim=True))
    lines.append(summary_line(diagnostics))
    typer.echo("\n".join(lines), color=False if os.environ.get("NO_COLOR") else None)


def exit_code(diagnostics: list[Diagnostic], strict: bool) -> int:
    from govnet.diagnostics import has_errors

    if has_errors(diagnostics) or (strict and diagnostics):
        return EXIT_MODEL
    return EXIT_OK
