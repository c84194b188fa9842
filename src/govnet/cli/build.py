"""`govnet validate`, `govnet build` (the main job) and `govnet records`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from govnet.cli.options import AllWarningsOpt, ErrorsOnlyOpt, ModelArg, ModelDirsArg, OutputFormat, QuietOpt
from govnet.cli.output import (
    EVERY_WARNING,
    EXIT_OK,
    KEPT,
    exit_code,
    fail_usage,
    print_diagnostics,
    resolve,
    translated,
)
from govnet.cli.progress import stage_progress
from govnet.cli.secrets import SecretsOpt, secrets_for
from govnet.errors import GovnetIOError, ModelErrors
from govnet.i18n import _


def validate(
    model_dirs: ModelDirsArg = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", help="Output format.")] = OutputFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too.")] = False,
    quiet: QuietOpt = False,
    errors_only: ErrorsOnlyOpt = False,
    all_warnings: AllWarningsOpt = False,
    sarif_help_base: Annotated[str | None, typer.Option(
        "--sarif-help-base", metavar="URL", envvar="GOVNET_SARIF_HELP_BASE", show_default=False,
        help="With --format sarif: the diagnostics page each rule's helpUri points into (URL#gn201), e.g. a copy "
        "of docs/diagnostics.md on your own git host (default: this release's page).")] = None,
) -> None:
    """Check the model and report every mistake with file and line."""
    from govnet.pipeline import validate as run
    from govnet.source.cache import default_dir

    if sarif_help_base is not None:
        from govnet.diagnostics_sarif import is_absolute_uri

        if not is_absolute_uri(sarif_help_base):
            raise fail_usage(_("--sarif-help-base must be an absolute URL without a #fragment, such as "
                               "https://git.example.gov.cn/noc/govnet/blob/main/docs/diagnostics.md, not "
                               "'{given}'").format(given=sarif_help_base))
    if model_dirs is not None and len(model_dirs) > 1:
        raise typer.Exit(_validate_folders(model_dirs, fmt, strict=strict, quiet=quiet, errors_only=errors_only,
                                           all_warnings=all_warnings))
    root = resolve(model_dirs[0] if model_dirs else None, quiet=quiet or fmt is OutputFormat.json)
    result = run(root, cache=default_dir())
    KEPT.append(result)
    if fmt is OutputFormat.json:
        from govnet.records.summary import report_json

        typer.echo(report_json(str(root), result.model, result.diagnostics), nl=False)
    elif fmt is OutputFormat.sarif:
        from govnet.cli.formats import print_sarif

        print_sarif(result.diagnostics, root, sarif_help_base)
    else:
        print_diagnostics(result.diagnostics, quiet=quiet, errors_only=errors_only, every_warning=all_warnings,
                          lister=EVERY_WARNING)
    raise typer.Exit(exit_code(result.diagnostics, strict))


def _validate_folders(folders: list[Path], fmt: OutputFormat, *, strict: bool, quiet: bool, errors_only: bool,
                      all_warnings: bool) -> int:
    """`govnet validate DIR DIR ...`: the folders side by side (govnet.folders), every diagnostic's file prefixed
    by its folder as given, one listing and summary; the exit code."""
    from dataclasses import replace

    from govnet.folders import validate_folders
    from govnet.source.cache import default_dir

    if fmt is not OutputFormat.text:
        raise fail_usage(_("--format {format} takes one model folder: run it once per folder").format(
            format=fmt.value))
    roots = [resolve(folder, quiet=quiet) for folder in folders]  # every folder is checked before any is validated
    found = validate_folders(roots, cache=default_dir())
    diagnostics = [replace(d, file=f"{_shown(folder)}/{d.file}")
                   for folder, each in zip(folders, found, strict=True) for d in each]
    print_diagnostics(diagnostics, quiet=quiet, errors_only=errors_only, every_warning=all_warnings,
                      lister=EVERY_WARNING)
    return exit_code(diagnostics, strict)


def _shown(folder: Path) -> str:
    """A folder as the user gave it, for a file name's prefix ('models/41/' and 'models/41' alike)."""
    text = str(folder)
    return text.rstrip("/") or "/"

def build(
    model_dir: ModelArg = None,
    out: Annotated[Path, typer.Option("-o", "--out", help="Output directory.")] = Path("out"),
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too.")] = False,
    secrets_file: SecretsOpt = None,
    date: Annotated[str | None, typer.Option("--date", metavar="YYYY-MM-DD", show_default=False,
                                             help="Date on the diagrams (default: the model's last git commit "
                                                  "date, else today).")] = None,
    quiet: QuietOpt = False,
    errors_only: ErrorsOnlyOpt = False,
    all_warnings: AllWarningsOpt = False,
    verify: Annotated[bool, typer.Option("--verify/--no-verify", help="Verify the rendered configs (govnet verify) "
                                         "and stop before writing anything if they do not work.")] = True,
) -> None:
    """The main job: validate, then write the artefacts (summary, address plan, diagrams, configs, records) to OUT.

    Only what changed since the last build is computed again."""
    from govnet.pipeline import build as run
    from govnet.source.dating import is_iso_date

    if date is not None and not is_iso_date(date):
        raise fail_usage(_("--date must be YYYY-MM-DD, not '{date}'").format(date=date))
    root = resolve(model_dir, quiet=quiet, out=out)
    with stage_progress(quiet) as progress:
        done = run(root, out, secrets=secrets_for(root, secrets_file, quiet), date=date, strict=strict,
                   progress=progress, verify=verify,
                   waiting=None if quiet else lambda message: typer.echo(translated(message), err=True))
    KEPT.append(done)
    print_diagnostics(done.diagnostics, quiet=quiet, errors_only=errors_only, every_warning=all_warnings,
                      lister=EVERY_WARNING)
    code = exit_code(done.diagnostics, strict)
    if code != EXIT_OK:
        if done.result.stopped_after == "verify":  # nothing was written
            raise ModelErrors(_("build stopped: the configs do not work (see above)"))
        raise ModelErrors(_("build stopped: fix the errors above") if not done.ok
                          else _("build stopped: fix the warnings (--strict) above"))
    if quiet:
        pass
    elif done.up_to_date:
        typer.echo(_("{out}/ is up to date ({skipped} file(s) skipped: their inputs did not change)").format(
            out=out, skipped=done.skipped), err=True)
    else:
        wrote = _("wrote {out}/ ({changed} file(s) changed, {unchanged} unchanged, of which {skipped} skipped: their "
                  "inputs did not change; {removed} removed)") if done.removed else \
            _("wrote {out}/ ({changed} file(s) changed, {unchanged} unchanged, of which {skipped} skipped: their "
              "inputs did not change)")
        typer.echo(wrote.format(out=out, changed=done.changed, unchanged=done.unchanged + done.skipped,
                                skipped=done.skipped, removed=done.removed), err=True)
    raise typer.Exit(code)


def records(
    model_dir: ModelArg = None,
    out: Annotated[Path, typer.Option("-o", "--out", help="Output directory.")] = Path("out"),
    pdf: Annotated[bool, typer.Option("--pdf", help="Also write each registration form as PDF.")] = False,
    unit: Annotated[list[str] | None, typer.Option("--unit", help="Only this unit's form (repeatable).",
                                                   show_default=False)] = None,
    quiet: QuietOpt = False,
) -> None:
    """Write the registry's records: ledger (XLSX, CSV, JSON), statistics, registration forms (HTML, PDF)."""
    from govnet.outfolder import mark
    from govnet.pipeline import cpus
    from govnet.pipeline import validate as run
    from govnet.records import granted_addresses, write_records
    from govnet.reports import build_date

    root = resolve(model_dir, quiet=quiet, out=out)
    with stage_progress(quiet) as progress:  # validating the province takes seconds: a spinner says so
        if progress:
            progress("validate", 0, 0)
        result = run(root)
    KEPT.append(result)
    if not result.ok or result.model is None:
        print_diagnostics(result.diagnostics)
        raise ModelErrors(_("records stopped: fix the errors above"))
    if result.model.registry is None:
        raise fail_usage(_("the model has no registry (registry.yaml)"))
    if unit:
        unknown = [u for u in unit if u not in result.model.registry.unit_by_id]
        if unknown:
            raise fail_usage(_("no unit with id {ids}").format(ids=", ".join(unknown)))
    try:
        mark(out)
        with stage_progress(quiet) as progress:
            written = write_records(result.model, out, granted_addresses(result.addresses), pdf=pdf, only=unit,
                                    model_root=root, date=build_date(root), workers=cpus(),
                                    progress=(lambda done, total: progress("records", done, total)) if progress
                                    else None)
    except OSError as exc:
        raise GovnetIOError(_("cannot write to {path}: {error}").format(path=out, error=exc.strerror or exc)) from None
    if not quiet:
        typer.echo(_("wrote {out}/records/ ({changed} file(s) changed, {unchanged} unchanged)").format(
            out=out, changed=written.changed, unchanged=written.unchanged), err=True)


def register(app: typer.Typer) -> None:
    """Add these commands to ``app``, in the order `govnet --help` lists them."""
    for command in (validate, build, records):
        app.command()(command)
