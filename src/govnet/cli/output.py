"""What every command shares: exit codes (and the one place errors become them), which model, printing
diagnostics."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from govnet.errors import GovnetError, ModelErrors, UsageError

if TYPE_CHECKING:
    from govnet.diagnostics import Diagnostic

EXIT_OK, EXIT_MODEL, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def exit_code_for(error: GovnetError) -> int:
    """The one mapping from govnet's error kinds to exit codes: model errors 1, usage and I/O 2."""
    return EXIT_MODEL if isinstance(error, ModelErrors) else EXIT_USAGE


def report_error(error: GovnetError) -> int:
    """Print an error raised by a command (its diagnostics first) and return its exit code."""
    if error.diagnostics:
        print_diagnostics(error.diagnostics)
    code = exit_code_for(error)
    typer.echo(str(error) if code == EXIT_MODEL else f"govnet: error: {error}", err=True)
    return code


def fail_usage(message: str) -> UsageError:
    """A usage error to raise; main() prints it and exits 2."""
    return UsageError(message)


def resolve(model_dir: Path | None, *, quiet: bool = False) -> Path:
    from govnet.source.locate import resolve_model

    root, said = resolve_model(model_dir)
    if not quiet:
        typer.echo(said, err=True)
    return root


_SEVERITY_STYLE = {"error": {"fg": "red", "bold": True}, "warning": {"fg": "yellow"}}


def print_diagnostics(diagnostics: list[Diagnostic], *, quiet: bool = False, errors_only: bool = False) -> None:
    """One line per diagnostic (and its hint), then the summary; coloured only on a terminal and never with
    NO_COLOR set. Plain click styling: rich took 15 ms to import and as long again to print a few lines.

    ``errors_only``: warnings are left out (the summary still counts them). ``quiet``: only errors, and no
    summary line when there is none."""
    from govnet.diagnostics import has_errors, summary_line

    if quiet and not has_errors(diagnostics):
        return
    lines = []
    for d in diagnostics:
        if (quiet or errors_only) and str(d.severity) != "error":
            continue
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
