"""The command line. Only this module prints or chooses exit codes; heavy imports happen inside commands."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:  # imported lazily at run time: `govnet --help` must stay fast
    from govnet.diagnostics import Diagnostic

app = typer.Typer(
    name="govnet",
    help="Network-as-code for the provincial e-government extranet (电子政务外网).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_OK, EXIT_MODEL, EXIT_USAGE = 0, 1, 2


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


ModelArg = Annotated[Path | None, typer.Argument(help="Model directory (default: current directory if it holds "
                                                 "a model, else the embedded Jiangxi example).", show_default=False)]


def _fail_usage(message: str) -> typer.Exit:
    typer.echo(f"govnet: error: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


def _resolve(model_dir: Path | None) -> Path:
    from govnet.locate import UsageError, resolve_model

    try:
        root, said = resolve_model(model_dir)
    except UsageError as exc:
        raise _fail_usage(str(exc)) from None
    typer.echo(said, err=True)
    return root


def _print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    from rich.console import Console

    from govnet.diagnostics import summary_line

    console = Console(highlight=False, soft_wrap=True)
    styles = {"error": "bold red", "warning": "yellow"}
    for d in diagnostics:
        head = f"{d.file}:{d.line}:{d.column}: "
        console.print(head, end="", markup=False)
        console.print(f"{d.severity} {d.code}", style=styles[str(d.severity)], end="", markup=False)
        console.print(f": {d.message}", markup=False)
        if d.hint:
            console.print(f"    hint: {d.hint}", style="dim", markup=False)
    console.print(summary_line(diagnostics), markup=False)


def _exit_code(diagnostics: list[Diagnostic], strict: bool) -> int:
    from govnet.diagnostics import has_errors

    if has_errors(diagnostics) or (strict and diagnostics):
        return EXIT_MODEL
    return EXIT_OK


@app.command()
def validate(
    model_dir: ModelArg = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", help="Output format.")] = OutputFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too.")] = False,
) -> None:
    """Check the model and report every mistake with file and line."""
    from govnet.pipeline import validate as run
    from govnet.summary import report_json

    root = _resolve(model_dir)
    result = run(root)
    if fmt is OutputFormat.json:
        typer.echo(report_json(str(root), result.model, result.diagnostics), nl=False)
    else:
        _print_diagnostics(result.diagnostics)
    raise typer.Exit(_exit_code(result.diagnostics, strict))


@app.command()
def build(
    model_dir: ModelArg = None,
    out: Annotated[Path, typer.Option("-o", "--out", help="Output directory.")] = Path("out"),
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too.")] = False,
) -> None:
    """The main job: validate, then write the artefacts (so far: the summary) to OUT."""
    from govnet.pipeline import validate as run
    from govnet.summary import report_json, summary_markdown
    from govnet.writer import write_if_changed

    root = _resolve(model_dir)
    result = run(root)
    _print_diagnostics(result.diagnostics)
    code = _exit_code(result.diagnostics, strict)
    if code != EXIT_OK or result.model is None:
        typer.echo("build stopped: fix the errors above", err=True)
        raise typer.Exit(code)
    from govnet.records import granted_addresses, write_records

    try:
        written = [
            write_if_changed(out / "summary.json", report_json(".", result.model, result.diagnostics)),
            write_if_changed(out / "summary.md", summary_markdown(result.model, result.diagnostics)),
        ]
        records = write_records(result.model, out, granted_addresses(result.model))  # PDFs: `govnet records --pdf`
    except OSError as exc:
        raise _fail_usage(f"cannot write to {out}: {exc.strerror or exc}") from None
    changed = sum(written) + records.changed
    total = len(written) + records.changed + records.unchanged
    typer.echo(f"wrote {out}/ ({changed} file(s) changed, {total - changed} unchanged)", err=True)


@app.command()
def records(
    model_dir: ModelArg = None,
    out: Annotated[Path, typer.Option("-o", "--out", help="Output directory.")] = Path("out"),
    pdf: Annotated[bool, typer.Option("--pdf", help="Also write each registration form as PDF.")] = False,
    unit: Annotated[list[str] | None, typer.Option("--unit", help="Only this unit's form (repeatable).",
                                                   show_default=False)] = None,
) -> None:
    """Write the registry's records: ledger (XLSX, CSV, JSON), statistics, registration forms (HTML, PDF)."""
    from govnet.pipeline import validate as run
    from govnet.records import granted_addresses, write_records

    root = _resolve(model_dir)
    result = run(root)
    if not result.ok or result.model is None:
        _print_diagnostics(result.diagnostics)
        typer.echo("records stopped: fix the errors above", err=True)
        raise typer.Exit(EXIT_MODEL)
    if result.model.registry is None:
        raise _fail_usage("the model has no registry (registry.yaml)")
    if unit:
        unknown = [u for u in unit if u not in result.model.registry.unit_by_id]
        if unknown:
            raise _fail_usage(f"no unit with id {', '.join(unknown)}")
    try:
        written = write_records(result.model, out, granted_addresses(result.model), pdf=pdf, only=unit)
    except OSError as exc:
        raise _fail_usage(f"cannot write to {out}: {exc.strerror or exc}") from None
    typer.echo(f"wrote {out}/records/ ({written.changed} file(s) changed, {written.unchanged} unchanged)", err=True)


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Where to write the new model (must be empty or absent).")],
    province: Annotated[str, typer.Option("--province", help="Province name or code, e.g. 江西省 or 36.")],
    with_special_zones: Annotated[bool, typer.Option(
        "--with-special-zones",
        help="Include statistics-only zones (county codes 71-79) and townships coded 400 and above.")] = False,
) -> None:
    """Write a new model skeleton for a province from the national division table."""
    from govnet.scaffold import ScaffoldError, scaffold

    try:
        stats = scaffold(directory, province, with_special_zones=with_special_zones)
    except ScaffoldError as exc:
        raise _fail_usage(str(exc)) from None
    typer.echo(f"wrote {directory}: {stats}", err=True)


def _add_registry_commands() -> None:
    from govnet.cli_registry import registry_app

    app.add_typer(registry_app, name="registry")


_add_registry_commands()


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # a bug in govnet, never a model mistake: those are diagnostics
        if os.environ.get("GOVNET_DEBUG"):
            raise
        typer.echo(f"govnet: internal error: {type(exc).__name__}: {exc}", err=True)
        typer.echo("this is a bug in govnet; rerun with GOVNET_DEBUG=1 for the traceback and report it", err=True)
        sys.exit(3)
