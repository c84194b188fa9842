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
    from govnet.i18n import _

    typer.echo(_("govnet: error: {message}").format(message=message), err=True)
    return typer.Exit(EXIT_USAGE)


def resolve(model_dir: Path | None) -> Path:
    from govnet.source.locate import UsageError, resolve_model

    try:
        root, said = resolve_model(model_dir)
    except UsageError as exc:
        raise fail_usage(str(exc)) from None
    from govnet.i18n.messages import translate

    typer.echo(translate(said), err=True)
    return root


_SEVERITY_STYLE = {"error": {"fg": "red", "bold": True}, "warning": {"fg": "yellow"}}


def print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    """One line per diagnostic (and its hint), then the summary; coloured only on a terminal and never with
    NO_COLOR set. Plain click styling: rich took 15 ms to import and as long again to print a few lines."""
    from govnet.diagnostics import summary_line
    from govnet.i18n import current

    if current() != "en":
        _print_translated(diagnostics)
        return
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


def _print_translated(diagnostics: list[Diagnostic]) -> None:
    """The same lines in the language of the run: the code's title beside the code, messages and hints
    translated where a template knows them (govnet.i18n.messages); codes, files and values unchanged."""
    from govnet.i18n import _
    from govnet.i18n.messages import severity_word, summary, title, translate

    lines = []
    for d in diagnostics:
        head = typer.style(f"{severity_word(d.severity)} {d.code}", **_SEVERITY_STYLE[str(d.severity)])  # type: ignore[arg-type]
        lines.append(f"{d.file}:{d.line}:{d.column}: {head}（{title(d.code)}）: {translate(d.message)}")
        if d.hint:
            lines.append(typer.style(_("    hint: {hint}").format(hint=translate(d.hint)), dim=True))
    errors = sum(str(d.severity) == "error" for d in diagnostics)
    lines.append(summary(errors, len(diagnostics) - errors))
    typer.echo("\n".join(lines), color=False if os.environ.get("NO_COLOR") else None)
