"""`govnet allocate` and `govnet ipam report`: the address plan and its lock."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from govnet.cli.options import ModelArg
from govnet.cli.output import KEPT, fail_usage, print_diagnostics, resolve, translated
from govnet.errors import ModelErrors
from govnet.i18n import _


def allocate(
    model_dir: ModelArg = None,
    prune: Annotated[bool, typer.Option("--prune", help="Release lock entries of things no longer in the model.")]
    = False,
    release: Annotated[list[str] | None, typer.Option(
        "--release", help="Give up the addresses of this subject (site code, unit id, device, link A~B) and of "
        "everything carved from them, and allocate afresh; DEVICE@bfd, SITE@zones and DEVICE@10G renumber a "
        "device's BFD discriminators, a site's USG zone priorities and a device's ports of one speed. Repeatable.",
        show_default=False)] = None,
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


class ReportFormat(StrEnum):
    """The report's formats: SARIF is for diagnostics, and a utilisation report has none."""

    text = "text"
    json = "json"


ipam_app = typer.Typer(help="Address management reports.", no_args_is_help=True,
                       context_settings={"help_option_names": ["-h", "--help"]})


@ipam_app.command("report")
def ipam_report(
    model_dir: ModelArg = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", help="Output format.")] = ReportFormat.text,
) -> None:
    """Utilisation per pool and level, and the largest free blocks."""
    from govnet.ipam.report import report_json, utilisation
    from govnet.pipeline import validate as run
    from govnet.reports import build_date
    from govnet.reports.ipam import report_text

    root = resolve(model_dir)
    result = run(root)
    KEPT.append(result)
    if result.addresses is None or not result.ok:
        print_diagnostics(result.diagnostics)
        raise ModelErrors(_("no report: fix the errors above (run 'govnet allocate' if the lock is missing entries)"))
    usage = utilisation(result.addresses)
    typer.echo(report_json(usage) if fmt is ReportFormat.json
               else report_text(usage, result.model.zones if result.model else (), date=build_date(root)), nl=False)


def register(app: typer.Typer) -> None:
    """Add these commands to ``app``, in the order `govnet --help` lists them."""
    app.command()(allocate)
    app.add_typer(ipam_app, name="ipam")
