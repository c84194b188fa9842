"""`govnet verify` and `govnet whatif`: what the rendered network does, and what breaks when a part fails."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from govnet.cli.options import AllWarningsOpt, ErrorsOnlyOpt, ModelArg, QuietOpt
from govnet.cli.output import EVERY_WARNING, EXIT_OK, exit_code, fail_usage, print_diagnostics, resolve
from govnet.i18n import _

if TYPE_CHECKING:
    from govnet.model.types import Model
    from govnet.pipeline import Result
    from govnet.whatif.analysis import Impact



class VerifyFormat(StrEnum):
    text = "text"
    json = "json"


class WhatifFormat(StrEnum):
    text = "text"
    json = "json"
    html = "html"
    png = "png"


def _validated(root: Path) -> Result:
    from govnet.pipeline import validate

    result = validate(root)
    if not result.ok or result.model is None or result.addresses is None:
        print_diagnostics(result.diagnostics)
        typer.echo(_("stopped: fix the errors above"), err=True)
        raise typer.Exit(exit_code(result.diagnostics, False))
    return result


def verify(
    model_dir: ModelArg = None,
    fmt: Annotated[VerifyFormat, typer.Option("--format", help="Output format.")] = VerifyFormat.text,
    cache: Annotated[Path | None, typer.Option("--cache", help="File that keeps read-back configs by content "
                                               "hash between runs.")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too.")] = False,
    quiet: QuietOpt = False,
    errors_only: ErrorsOnlyOpt = False,
    all_warnings: AllWarningsOpt = False,
) -> None:
    """Render the configs and judge the network they build: links, IGP, BGP, VPNs, zones, firewalls, management."""
    from govnet import verify as stage
    from govnet.diagnostics import sorted_diagnostics
    from govnet.gcpause import gc_paused
    from govnet.render import TemplateError, default_workers, render_configs

    root = resolve(model_dir, out_file=cache, out_flag="--cache")
    scans = stage.ScanCache(cache)
    if cache is not None and scans.refused:
        raise fail_usage(_("--cache {path} {why}: verify replaces the file it is given; name a new file or one an "
                           "earlier verify wrote").format(path=cache, why=_(scans.refused)))
    result = _validated(root)
    assert result.model is not None and result.addresses is not None
    workers = default_workers()  # render and read back in forked workers too: the findings do not depend on it
    with gc_paused():  # the configs and their read-backs only grow: collections would walk them again and again
        try:
            configs = render_configs(result.model, result.addresses.outcome.decisions, model_root=root,
                                     workers=workers)
        except TemplateError as exc:
            print_diagnostics([exc.diagnostic])
            raise typer.Exit(1) from None
        findings = stage.run(result.model, configs, scans, result.addresses.outcome.decisions, workers)
    found = sorted_diagnostics(result.diagnostics + findings)
    try:
        scans.save()
    except OSError as exc:
        raise fail_usage(_("cannot write the cache {path}: {error}").format(path=cache, error=exc.strerror or exc)) \
            from None
    if fmt is VerifyFormat.json:
        typer.echo(json.dumps({"configs": len(configs), "diagnostics": [d.as_json() for d in found]},
                              ensure_ascii=False, indent=1))
    else:
        print_diagnostics(found, quiet=quiet, errors_only=errors_only, every_warning=all_warnings,
                          lister=EVERY_WARNING)
    raise typer.Exit(exit_code(found, strict))


def whatif(
    model_dir: ModelArg = None,
    fail: Annotated[list[str] | None, typer.Option("--fail", help="An element that fails: a link END/END, a "
                                                   "device, a site, a carrier (电信) or an SRLG/conduit. Repeat "
                                                   "for a joint failure.")] = None,
    every: Annotated[bool, typer.Option("--all", help="Every single failure, ranked (the resilience report).")]
    = False,
    depth: Annotated[int, typer.Option("--depth", min=1, max=2, help="With --all: 2 adds every pair of "
                                       "province and city links.")] = 1,
    fmt: Annotated[WhatifFormat, typer.Option("--format", help="Output format (png: the highlighted diagram of "
                                              "one failure, written to --output).")] = WhatifFormat.text,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write to this file instead of standard "
                                                "output.")] = None,
) -> None:
    """What the province loses when a link, device, site, carrier or shared-risk group fails."""
    from govnet.pipeline import validate
    from govnet.whatif import AmbiguousElement, UnknownElement, exhaustive, report
    from govnet.whatif import fail as fail_elements

    if bool(fail) == every:
        raise fail_usage(_("give either --fail ELEMENT (one or more) or --all"))
    if fmt is WhatifFormat.png and (every or output is None):
        raise fail_usage(_("--format png draws one failure (--fail) into a file (--output FILE.png)"))
    root = resolve(model_dir, out_file=output)
    result = validate(root, addresses=False)
    if not result.ok or result.model is None:
        print_diagnostics(result.diagnostics)
        raise typer.Exit(exit_code(result.diagnostics, False))
    model = result.model
    if every:
        found = exhaustive(model, depth)
        _emit({WhatifFormat.text: report.all_text, WhatifFormat.json: report.all_json,
               WhatifFormat.html: report.all_html}[fmt](model, found).encode(), output)
    try:
        impact = fail_elements(model, list(fail or ()))
    except (UnknownElement, AmbiguousElement) as exc:
        raise fail_usage(str(exc)) from None
    if fmt is WhatifFormat.json:
        _emit((json.dumps(report.impact_json(model, impact), ensure_ascii=False, indent=1) + "\n").encode(), output)
    elif fmt is WhatifFormat.html:
        svg = _diagram(root, model, impact, "svg")
        _emit(report.one_html(model, impact, svg.decode() if svg else None).encode(), output)
    elif fmt is WhatifFormat.png:
        _emit(_diagram(root, model, impact, "png") or b"", output)
    _emit(report.one_text(model, impact).encode(), output)


def _emit(data: bytes, output: Path | None) -> None:
    """Print or write the result, then end the command."""
    if output is None:
        typer.echo(data.decode(), nl=False)
    else:
        from govnet.writer import write_if_changed

        try:
            if output.exists() and not output.is_file():  # /dev/null, /dev/stdout, a FIFO: written to, as '>' does;
                with output.open("wb") as stream:  # a rename would put a regular file in its place
                    stream.write(data)
            else:
                write_if_changed(output, data)
        except OSError as exc:
            raise fail_usage(_("cannot write {path}: {error}").format(path=output, error=exc.strerror or exc)) from None
        typer.echo(_("wrote {path}").format(path=output), err=True)
    raise typer.Exit(EXIT_OK)


def _diagram(root: Path, model: Model, impact: Impact, fmt: str) -> bytes | None:
    """The diagram with what the failure cuts off highlighted (draw's highlight API): the city's when everything
    lost lies in one city, else the province overview."""
    import datetime

    from govnet.draw import Highlight, ViewOptions, build_drawings, content
    from govnet.source.dating import commit_date
    from govnet.whatif import report

    links = frozenset(frozenset((link.a, link.b)) for link in model.links if impact.element.kind == "link"
                      and {link.a, link.b} == set(impact.element.name.split("/")))
    highlight = Highlight(frozenset(impact.sites), links)
    cities = {_city(model, key) for key in impact.sites}
    view, subject = ("city", cities.pop()) if len(cities) == 1 and None not in cities else ("province", None)
    date = commit_date(root) or datetime.date.today().isoformat()
    drawings = build_drawings(model, view, ViewOptions(date=date, subject=subject, highlight=highlight))
    # the image alone (a PNG mailed on) must say what failed: the red marks show only what it cuts off
    return content(report.captioned(drawings[0], impact), fmt) if drawings else None


def _city(model: Model, key: str) -> str | None:
    site = model.site_by_key.get(key)
    while site is not None and site.level not in ("city", "province", "special"):
        site = model.site_by_key.get(site.parent) if site.parent else None
    return site.key if site is not None and site.level == "city" else None


def register(app: typer.Typer) -> None:
    app.command()(verify)
    app.command()(whatif)
