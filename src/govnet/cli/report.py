"""`govnet report ...`: the reports the office answers with (today: compliance against the policy targets)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from govnet.i18n import _

report_app = typer.Typer(help="Reports for the office: compliance with the policy documents.", no_args_is_help=True)


class ReportFormat(StrEnum):
    markdown = "markdown"
    json = "json"


@report_app.command("compliance")
def compliance_report(
    model_dir: Annotated[Path | None, typer.Argument(help="Model directory (default: as for validate).",
                                                     show_default=False)] = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", help="Output format.")] = ReportFormat.markdown,
    out: Annotated[Path | None, typer.Option("-o", "--out", help="Also write reports/compliance.{md,json} here.",
                                             show_default=False)] = None,
    date: Annotated[str | None, typer.Option("--date", help="Report date, YYYY-MM-DD (default: the model's last "
                                             "commit date).", show_default=False)] = None,
) -> None:
    """The model measured against targets.yaml, each line citing the demand it measures.

    Coverage, horizontal links, exits, private networks, MLPS, bandwidth, domestic devices, cloud and DR."""
    from govnet.cli.output import EXIT_MODEL, fail_usage, print_diagnostics, resolve
    from govnet.outfolder import mark
    from govnet.pipeline import validate
    from govnet.reports import build_date
    from govnet.reports.compliance import compliance
    from govnet.reports.compliance_text import markdown, to_json, write_compliance
    from govnet.source.dating import is_iso_date

    if date is not None and not is_iso_date(date):  # judged before the model, as build and draw do
        raise fail_usage(_("--date must be YYYY-MM-DD, not '{date}'").format(date=date))
    root = resolve(model_dir, out=out)
    result = validate(root)
    if not result.ok or result.model is None:
        print_diagnostics(result.diagnostics)
        typer.echo(_("no report: fix the errors above"), err=True)
        raise typer.Exit(EXIT_MODEL)
    when = date or build_date(root)
    report = compliance(result.model, date=when)
    typer.echo(to_json(report) if fmt is ReportFormat.json else markdown(report), nl=False)
    if out is not None:
        try:
            mark(out)
            written = write_compliance(result.model, out, date=when)
        except OSError as exc:
            raise fail_usage(_("cannot write to {path}: {error}").format(path=out, error=exc.strerror or exc)) from None
        typer.echo(_("wrote {out}/reports/ ({changed} file(s) changed)").format(
            out=out, changed=sum(c for _path, c in written)), err=True)
