"""The command line. Only this module prints or chooses exit codes; heavy imports happen inside commands."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:  # imported lazily at run time: `govnet --help` must stay fast
    from rich.progress import TaskID

    from govnet.draw import Highlight
    from govnet.model.types import Model
    from govnet.pipeline import Result
    from govnet.render import Selection
    from govnet.render.secrets import Secrets

from govnet.cli.export import export as export_command
from govnet.cli.output import (
    EXIT_INTERNAL,
    EXIT_MODEL,
    EXIT_OK,
    exit_code,
    fail_usage,
    print_diagnostics,
    report_error,
    resolve,
    translated,
)
from govnet.cli.schema import schema as schema_command
from govnet.errors import GovnetError, GovnetIOError, ModelErrors
from govnet.i18n import _

app = typer.Typer(
    name="govnet",
    help="Network-as-code for the provincial e-government extranet (电子政务外网).",
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion for bash, zsh, fish, PowerShell
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"govnet {version('govnet')}")
        except PackageNotFoundError:  # run from a source tree that was never installed
            typer.echo(_("govnet (not installed)"))
        raise typer.Exit()


@app.callback()
def _root(
    show_version: Annotated[bool, typer.Option("--version", "-V", callback=_version, is_eager=True,
                                               help="Print the version and exit.")] = False,
    lang: Annotated[str | None, typer.Option(
        "--lang", help="Language of messages: zh or en (default: from the locale, e.g. LANG=zh_CN.UTF-8).",
        show_default=False)] = None,
) -> None:
    """Network-as-code for the provincial e-government extranet (电子政务外网)."""
    from govnet.cli.options import choose_language

    choose_language(lang)

# Results kept alive until the process ends: freeing a model of millions of objects costs about 0.4 s on
# Jiangxi, and main() ends the process without that teardown once output is flushed.
_KEEP: list[object] = []


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"


class DrawView(StrEnum):
    province = "province"
    city = "city"
    county = "county"
    zone = "zone"


class DrawFormat(StrEnum):
    png = "png"
    svg = "svg"
    pdf = "pdf"
    dot = "dot"
    mermaid = "mermaid"


QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors: no warnings, no progress, no "
                                        "notes on stderr.")]
ErrorsOnlyOpt = Annotated[bool, typer.Option("--errors-only", help="Leave warnings out of the listing (the "
                                             "summary still counts them).")]
AllWarningsOpt = Annotated[bool, typer.Option("--all-warnings", help="List every warning, instead of one line "
                                              "per code that occurs three times or more.")]
ModelArg = Annotated[Path | None, typer.Argument(help="Model directory (default: current directory if it holds "
                                                 "a model, else the embedded Jiangxi example).", show_default=False)]


ModelDirsArg = Annotated[list[Path] | None, typer.Argument(
    help="Model directories (default: current directory if it holds a model, else the embedded Jiangxi example); "
    "several are validated side by side, each diagnostic's file prefixed by its folder.", show_default=False)]


@app.command()
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
    _KEEP.append(result)
    if fmt is OutputFormat.json:
        from govnet.records.summary import report_json

        typer.echo(report_json(str(root), result.model, result.diagnostics), nl=False)
    elif fmt is OutputFormat.sarif:
        from govnet.cli.formats import print_sarif

        print_sarif(result.diagnostics, root, sarif_help_base)
    else:
        print_diagnostics(result.diagnostics, quiet=quiet, errors_only=errors_only, every_warning=all_warnings)
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
    print_diagnostics(diagnostics, quiet=quiet, errors_only=errors_only, every_warning=all_warnings)
    return exit_code(diagnostics, strict)


def _shown(folder: Path) -> str:
    """A folder as the user gave it, for a file name's prefix ('models/41/' and 'models/41' alike)."""
    text = str(folder)
    return text.rstrip("/") or "/"


@app.command()
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
    """The main job: validate, then write the artefacts (summary, address plan, diagrams, configs, records) to
    OUT. Only what changed since the last build is computed again."""
    from govnet.pipeline import build as run
    from govnet.source.dating import ISO_DATE

    if date is not None and not ISO_DATE.match(date):
        raise fail_usage(_("--date must be YYYY-MM-DD, not '{date}'").format(date=date))
    root = resolve(model_dir, quiet=quiet)
    with _progress_bar(quiet) as progress:
        done = run(root, out, secrets=_secrets(root, secrets_file, quiet), date=date, strict=strict,
                   progress=progress, verify=verify)
    _KEEP.append(done)
    print_diagnostics(done.diagnostics, quiet=quiet, errors_only=errors_only, every_warning=all_warnings)
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


@app.command()
def records(
    model_dir: ModelArg = None,
    out: Annotated[Path, typer.Option("-o", "--out", help="Output directory.")] = Path("out"),
    pdf: Annotated[bool, typer.Option("--pdf", help="Also write each registration form as PDF.")] = False,
    unit: Annotated[list[str] | None, typer.Option("--unit", help="Only this unit's form (repeatable).",
                                                   show_default=False)] = None,
    quiet: QuietOpt = False,
) -> None:
    """Write the registry's records: ledger (XLSX, CSV, JSON), statistics, registration forms (HTML, PDF)."""
    from govnet.pipeline import cpus
    from govnet.pipeline import validate as run
    from govnet.records import granted_addresses, write_records
    from govnet.reports import build_date

    root = resolve(model_dir, quiet=quiet)
    with _progress_bar(quiet) as progress:  # validating the province takes seconds: a spinner says so
        if progress:
            progress("validate", 0, 0)
        result = run(root)
    _KEEP.append(result)
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
        with _progress_bar(quiet) as progress:
            written = write_records(result.model, out, granted_addresses(result.addresses), pdf=pdf, only=unit,
                                    model_root=root, date=build_date(root), workers=cpus(),
                                    progress=(lambda done, total: progress("records", done, total)) if progress
                                    else None)
    except OSError as exc:
        raise GovnetIOError(_("cannot write to {path}: {error}").format(path=out, error=exc.strerror or exc)) from None
    if not quiet:
        typer.echo(_("wrote {out}/records/ ({changed} file(s) changed, {unchanged} unchanged)").format(
            out=out, changed=written.changed, unchanged=written.unchanged), err=True)


SecretsOpt = Annotated[Path | None, typer.Option(
    "--secrets", help="File of secrets (name: value per line), kept outside git; default $GOVNET_SECRETS_FILE. "
    "GOVNET_SECRET_<NAME> variables override it.", show_default=False)]


def _secrets(root: Path, path: Path | None, quiet: bool = False) -> Secrets:
    from govnet.render.secrets import load_secrets

    secrets = load_secrets(path, root)  # a SecretsError is a usage error: main() reports it
    for warning in secrets.warnings:
        typer.echo(_("warning: {warning}").format(warning=warning), err=True)
    if secrets.missing and not quiet:
        typer.echo(_("warning: secrets not set ({names}): configs carry <SECRET:name> placeholders; set "
                     "GOVNET_SECRET_<NAME> or --secrets FILE").format(names=", ".join(secrets.missing)), err=True)
    return secrets


def _write_configs(root: Path, result: Result, out: Path, selection: Selection | None,
                   secrets: Secrets) -> list[bool]:
    """Render and write OUT/configs/<site>/<device>.cfg; a full run removes configs of removed devices."""
    from govnet.render import TemplateError, config_path, default_workers, render_configs, select_devices
    from govnet.writer import remove_stale, write_if_changed

    assert result.model is not None and result.addresses is not None
    names = select_devices(result.model, selection) if selection is not None else sorted(result.model.devices)
    try:
        with _progress(len(names), _("rendering")) as advance:
            configs = render_configs(result.model, result.addresses, secrets=secrets, model_root=root, names=names,
                                     progress=advance, workers=default_workers())
    except TemplateError as exc:
        print_diagnostics([exc.diagnostic])
        raise typer.Exit(EXIT_MODEL) from None
    mode = 0o600 if secrets.real else None  # a config with real secrets is for its owner's eyes only
    written = [write_if_changed(out / config_path(c), c.text, mode=mode) for c in configs.values()]
    if selection is None or selection.everything:
        remove_stale(out / "configs", {out / config_path(c) for c in configs.values()}, ".cfg")
    return written


@contextmanager
def _progress(total: int, what: str) -> Iterator[Callable[[int], None]]:
    """A progress bar on a terminal; nothing in CI or when piped."""
    if not sys.stderr.isatty():
        yield lambda n: None
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task(what, total=total)
        yield lambda n: bar.advance(task, n)


@contextmanager
def _progress_bar(quiet: bool) -> Iterator[Callable[[str, int, int], None] | None]:
    """Per-stage progress of a build on a terminal (one bar per stage, cleared when done); nothing with --quiet,
    in CI or when piped."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    tasks: dict[str, TaskID] = {}
    with Progress(SpinnerColumn(), TextColumn("{task.description:<12}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=Console(stderr=True), transient=True) as bar:
        def advance(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total or None)
            bar.update(tasks[stage], completed=done, total=total or None)

        yield advance


@app.command()
def render(
    model_dir: ModelArg = None,
    out: Annotated[Path, typer.Option("-o", "--out", help="Output directory.")] = Path("out"),
    site: Annotated[list[str] | None, typer.Option("--site", help="Only this site and the sites below it. "
                                                   "Repeatable.", show_default=False)] = None,
    device: Annotated[list[str] | None, typer.Option("--device", help="Only this device. Repeatable.",
                                                     show_default=False)] = None,
    platform: Annotated[list[str] | None, typer.Option("--platform", help="Only devices of this platform. "
                                                       "Repeatable.", show_default=False)] = None,
    secrets_file: SecretsOpt = None,
) -> None:
    """Write device configurations to OUT/configs/<site>/<device>.cfg (only files that changed)."""
    from govnet.pipeline import validate as run
    from govnet.render import Selection

    root = resolve(model_dir)
    result = run(root)
    _KEEP.append(result)
    if not result.ok or result.model is None or result.addresses is None:
        print_diagnostics(result.diagnostics)
        raise ModelErrors(_("render stopped: fix the errors above"))
    selection = Selection(tuple(site or ()), tuple(device or ()), tuple(platform or ()))
    unknown = [d for d in selection.devices if d not in result.model.devices]
    if unknown:
        raise fail_usage(_("no device {names} in the model").format(names=", ".join(unknown)))
    try:
        written = _write_configs(root, result, out, selection, _secrets(root, secrets_file))
    except OSError as exc:
        raise fail_usage(_("cannot write to {path}: {error}").format(path=out, error=exc.strerror or exc)) from None
    if not written:
        raise fail_usage(_("no device matches the selection"))
    typer.echo(_("wrote {out}/configs/ ({count} device(s): {changed} changed, {unchanged} unchanged)").format(
        out=out, count=len(written), changed=sum(written), unchanged=len(written) - sum(written)), err=True)


@app.command()
def diff(
    old: Annotated[str, typer.Argument(help="Old model: a git revision of the model's repository, or a model "
                                       "directory.")],
    new: Annotated[str | None, typer.Argument(help="New model (default: the current model).",
                                              show_default=False)] = None,
    model_dir: Annotated[Path | None, typer.Option("-m", "--model", help="The model (and its repository) that "
                                                   "revisions refer to.", show_default=False)] = None,
    remediation: Annotated[bool, typer.Option("--remediation", help="Print the commands that take each device "
                                              "from old to new, with dangerous ones flagged.")] = False,
    secrets_file: SecretsOpt = None,
) -> None:
    """Which devices' configs change between two models, as unified diffs (secrets masked)."""
    from govnet.render.diff import DiffError, compare

    root = resolve(model_dir)
    secrets = _secrets(root, secrets_file)
    try:
        report = compare(root, old, new, secrets, remediation=remediation)
    except DiffError as exc:
        print_diagnostics(exc.diagnostics) if exc.diagnostics else None
        raise fail_usage(str(exc)) from None
    typer.echo(report.text, nl=False)
    typer.echo(translated(report.summary), err=True)


@app.command()
def allocate(
    model_dir: ModelArg = None,
    prune: Annotated[bool, typer.Option("--prune", help="Release lock entries of things no longer in the model.")]
    = False,
    release: Annotated[list[str] | None, typer.Option(
        "--release", help="Give up the addresses of this subject (site code, unit id, device, link A~B) and of "
        "everything carved from them, and allocate afresh. Repeatable.", show_default=False)] = None,
    reseal: Annotated[bool, typer.Option("--reseal", help="Accept a hand-edited allocations.lock after its entries "
                                         "pass every check.")] = False,
    check: Annotated[bool, typer.Option("--check", help="Write nothing; fail (exit 1) when allocations.lock is "
                                        "not what 'govnet allocate' would write (for pre-commit and CI).")] = False,
) -> None:
    """Assign every block, loopback and link address the model needs; record them in allocations.lock."""
    from govnet.pipeline import allocate as run
    from govnet.source.cache import default_dir
    from govnet.source.modeldir import LOCK_FILE
    from govnet.writer import LockStalled, ModelLock, write_if_changed

    root = resolve(model_dir)
    from govnet.ipam import UnknownSubject

    lock = ModelLock(root, waiting=lambda message: typer.echo(translated(message), err=True))
    try:  # the model's writer lock, from reading the model to writing the lock: no stale write-back
        lock.acquire()
    except (LockStalled, OSError) as exc:
        raise fail_usage(str(exc)) from None
    try:
        try:
            result, allocation = run(root, prune=prune, release=tuple(release or ()), reseal=reseal,
                                     cache=default_dir())
        except UnknownSubject as exc:
            raise fail_usage(str(exc)) from None
        print_diagnostics(result.diagnostics)
        if allocation is None:
            raise ModelErrors(_("allocate stopped: fix the errors above; {lock} is unchanged").format(lock=LOCK_FILE))
        if check:
            from govnet.cli.formats import lock_check

            raise typer.Exit(lock_check(allocation))
        try:
            write_if_changed(root / LOCK_FILE, allocation.text)
        except OSError as exc:
            raise fail_usage(_("cannot write {path}: {error}").format(path=root / LOCK_FILE,
                                                                    error=exc.strerror or exc)) from None
    finally:
        lock.release()
    outcome = allocation.plan.outcome
    kept = len(outcome.decisions) - len(outcome.new)
    said = _("{lock}: {new} allocated, {kept} kept, {stale} reserved for removed things, {pruned} released") \
        if allocation.changed else _("{lock}: {new} allocated, {kept} kept, {stale} reserved for removed things, "
                                     "{pruned} released (unchanged)")
    typer.echo(said.format(lock=LOCK_FILE, new=len(outcome.new), kept=kept, stale=len(outcome.stale),
                           pruned=len(outcome.pruned)), err=True)


ipam_app = typer.Typer(help="Address management reports.", no_args_is_help=True,
                       context_settings={"help_option_names": ["-h", "--help"]})
app.add_typer(ipam_app, name="ipam")


@ipam_app.command("report")
def ipam_report(
    model_dir: ModelArg = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", help="Output format.")] = OutputFormat.text,
) -> None:
    """Utilisation per pool and level, and the largest free blocks."""
    from govnet.ipam.report import report_json, utilisation
    from govnet.pipeline import validate as run
    from govnet.reports import build_date
    from govnet.reports.ipam import report_text

    root = resolve(model_dir)
    result = run(root)
    _KEEP.append(result)
    if result.addresses is None or not result.ok:
        print_diagnostics(result.diagnostics)
        raise ModelErrors(_("no report: fix the errors above (run 'govnet allocate' if the lock is missing entries)"))
    usage = utilisation(result.addresses)
    typer.echo(report_json(usage) if fmt is OutputFormat.json
               else report_text(usage, result.model.zones if result.model else (), date=build_date(root)), nl=False)


@app.command()
def draw(
    model_dir: ModelArg = None,
    out: Annotated[Path, typer.Option("-o", "--out", help="Output directory; diagrams go to OUT/diagrams/.")] = Path(
        "out"),
    view: Annotated[DrawView, typer.Option("--view", help="What to draw: the province overview, city detail "
                                           "(every city, or the one given with --city) or zone views (every zone, "
                                           "or the one given with --zone).")] = DrawView.province,
    city: Annotated[str | None, typer.Option("--city", help="Draw this city's detail view: its code or name, e.g. "
                                             "3601 or 南昌市.", show_default=False)] = None,
    zone: Annotated[str | None, typer.Option("--zone", help="Draw this zone's view, e.g. public, internet, office "
                                             "or a dedicated VPN's name.", show_default=False)] = None,
    county: Annotated[str | None, typer.Option("--county", help="Draw this county's villages, e.g. 360121.",
                                               show_default=False)] = None,
    fmt: Annotated[DrawFormat, typer.Option("--format", help="Image (png, svg, pdf) or text (dot, mermaid).")] = (
        DrawFormat.png),
    highlight: Annotated[str | None, typer.Option(
        "--highlight", metavar="CODE[,CODE...]", show_default=False,
        help="Draw these emphasised: site codes or ids, device names, or links as END/END.")] = None,
    date: Annotated[str | None, typer.Option("--date", metavar="YYYY-MM-DD", show_default=False,
                                             help="Date in the title (default: the model's last git commit "
                                                  "date, else today).")] = None,
) -> None:
    """Draw topology diagrams: the province overview, city detail or zone views, as images or DOT/Mermaid."""
    from govnet.pipeline import validate as run
    from govnet.source.dating import ISO_DATE

    if date is not None and not ISO_DATE.fullmatch(date):
        raise fail_usage(_("--date must be YYYY-MM-DD, not '{date}'").format(date=date))
    if city is not None and zone is not None:
        raise fail_usage(_("give --city or --zone, not both"))
    root = resolve(model_dir)
    from govnet.cli.choices import city_code, zone_name

    city = city_code(root, city) if city is not None else None  # before validating: a typo fails at once
    zone = zone_name(root, zone) if zone is not None else None
    result = run(root)
    _KEEP.append(result)
    if result.diagnostics:
        print_diagnostics(result.diagnostics)
    if result.model is None:
        raise ModelErrors(_("draw stopped: fix the errors above"))
    if sum(given is not None for given in (city, zone, county)) > 1:
        raise fail_usage(_("give one of --city, --zone and --county"))
    chosen = DrawView.city if city is not None else DrawView.zone if zone is not None else \
        DrawView.county if county is not None else view
    marked = _highlight(result.model, highlight)
    try:
        written = _write_diagrams(result.model, root, out, [chosen.value], [fmt.value], subject=city or zone or county,
                                  highlight=marked, date=date)
    except OSError as exc:
        raise fail_usage(_("cannot write to {path}: {error}").format(path=out, error=exc.strerror or exc)) from None
    typer.echo(_("wrote {out}/diagrams/ ({changed} file(s) changed, {unchanged} unchanged)").format(
        out=out, changed=sum(written), unchanged=len(written) - sum(written)), err=True)
    if not result.ok:
        typer.echo(_("drawn from a model with errors: the diagrams show what was built"), err=True)
    raise typer.Exit(exit_code(result.diagnostics, False))


def _highlight(model: Model, given: str | None) -> Highlight:
    """Parse --highlight: site keys, device names (meaning their site) and END/END links."""
    from govnet.draw import Highlight

    if not given:
        return Highlight()
    sites: set[str] = set()
    links: set[frozenset[str]] = set()
    for item in (part.strip() for part in given.split(",")):
        if not item:
            continue
        ends = [end.strip() for end in item.split("/")]
        for end in ends:
            if end not in model.site_by_key and end not in model.devices:
                raise fail_usage(_("--highlight: '{end}' is neither a site code/id nor a device name in the model")
                                 .format(end=end))
        if len(ends) == 2:
            links.add(frozenset(ends))
        elif len(ends) == 1:
            device = model.devices.get(ends[0])
            sites.add(device.site if device else ends[0])
        else:
            raise fail_usage(_("--highlight: a link is written END/END, not '{item}'").format(item=item))
    return Highlight(frozenset(sites), frozenset(links))


def _write_diagrams(model: Model, root: Path, out: Path, views: list[str], formats: list[str], *,
                    subject: str | None = None, highlight: Highlight | None = None,
                    date: str | None = None) -> list[bool]:
    """Render the views and write OUT/diagrams/*; one changed-or-not flag per file."""
    import datetime

    from govnet.draw import Highlight, UnknownSubject, ViewOptions, diagram_files
    from govnet.source.dating import commit_date
    from govnet.writer import write_if_changed

    stamp = date or commit_date(root) or datetime.date.today().isoformat()
    options = ViewOptions(date=stamp, subject=subject, highlight=highlight or Highlight())
    written = []
    for view in views:
        try:
            files = diagram_files(model, view, formats, options)
        except UnknownSubject as exc:
            raise fail_usage(str(exc)) from None
        written += [write_if_changed(out / "diagrams" / name, data) for name, data in files.items()]
    return written


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Where to write the new model (must be empty or absent).")],
    province: Annotated[str, typer.Option("--province", help="Province name or code, e.g. 江西省 or 36.")],
    with_special_zones: Annotated[bool, typer.Option(
        "--with-special-zones",
        help="Include statistics-only zones (county codes 71-79) and townships coded 400 and above.")] = False,
    villages: Annotated[str | None, typer.Option(
        "--villages", help="Write villages too: 'all', or county codes separated by commas (pilot counties).")] = None,
) -> None:
    """Write a new model skeleton for a province from the national division table."""
    from govnet.scaffold.province import ScaffoldError, scaffold

    try:
        stats = scaffold(directory, province, with_special_zones=with_special_zones, villages=villages)
    except ScaffoldError as exc:
        raise fail_usage(str(exc)) from None
    typer.echo(_("wrote {directory}: {stats}").format(directory=directory, stats=translated(stats)), err=True)


def _add_registry_commands() -> None:
    from govnet.cli.registry import registry_app

    app.add_typer(registry_app, name="registry")
    from govnet.cli.report import report_app

    app.add_typer(report_app, name="report")


_add_registry_commands()
app.command("schema")(schema_command)
app.command("export")(export_command)


def _add_analysis_commands() -> None:
    from govnet.cli.analysis import register

    register(app)


_add_analysis_commands()


def main() -> None:
    from govnet.gcpause import freeze_survivors

    freeze_survivors()
    code = run()
    # Every file is written and closed by now; tearing down a model of a few million objects took 0.8 s of
    # a 2.5 s Jiangxi validation, so the process ends without it once its output is flushed.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def run(args: list[str] | None = None) -> int:
    """Run the command line (``args``, default sys.argv) and return its exit code; the one place where errors
    become exit codes: 0 ok, 1 model errors, 2 usage or I/O, 3 a bug in govnet, 130 interrupted."""
    try:
        return _run(args)
    except KeyboardInterrupt:
        return 130
    except GovnetError as exc:  # every error govnet raises on purpose: its kind says the exit code
        return report_error(exc)
    except Exception as exc:  # a bug in govnet, never a model mistake: those are diagnostics
        if os.environ.get("GOVNET_DEBUG"):
            raise
        typer.echo(_("govnet: internal error: {kind}: {error}").format(kind=type(exc).__name__, error=exc), err=True)
        typer.echo(_("this is a bug in govnet; rerun with GOVNET_DEBUG=1 for the traceback and report it"), err=True)
        return EXIT_INTERNAL


def _run(args: list[str] | None) -> int:
    """Run typer; the exit code it chose (typer ends every run with SystemExit)."""
    from govnet.i18n import use
    from govnet.i18n.cli import language_in, translate_help
    from govnet.i18n.framework import bind

    command = typer.main.get_command(app)
    if use(language_in(sys.argv[1:] if args is None else args)) != "en":  # an unknown --lang: the option says so
        translate_help(command)
    bind()  # Typer's own headings and usage errors
    try:
        command(args=args, prog_name="govnet")
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or EXIT_OK
        typer.echo(str(exc.code), err=True)
        return EXIT_MODEL
    return EXIT_OK
