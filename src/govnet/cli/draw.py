"""`govnet draw`: topology diagrams of one view, as images or DOT/Mermaid."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from govnet.draw import Highlight
    from govnet.model.types import Model

from govnet.cli.options import ModelArg
from govnet.cli.output import KEPT, exit_code, fail_usage, print_diagnostics, resolve
from govnet.errors import ModelErrors
from govnet.i18n import _


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
    county: Annotated[str | None, typer.Option("--county",
                                               help="Draw this county's villages: its code or name, e.g. 360121 or "
                                                    "南昌县.",
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
    from govnet.source.dating import is_iso_date

    if date is not None and not is_iso_date(date):
        raise fail_usage(_("--date must be YYYY-MM-DD, not '{date}'").format(date=date))
    if city is not None and zone is not None:
        raise fail_usage(_("give --city or --zone, not both"))
    if sum(given is not None for given in (city, zone, county)) > 1:
        raise fail_usage(_("give one of --city, --zone and --county"))
    root = resolve(model_dir, out=out)
    from govnet.cli.choices import city_code, county_code, zone_name

    city = city_code(root, city) if city is not None else None  # before validating: a typo fails at once
    zone = zone_name(root, zone) if zone is not None else None
    county = county_code(root, county) if county is not None else None
    result = run(root)
    KEPT.append(result)
    if result.diagnostics:
        print_diagnostics(result.diagnostics)
    if result.model is None:
        raise ModelErrors(_("draw stopped: fix the errors above"))
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
    from govnet.outfolder import mark
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
        mark(out)
        written += [write_if_changed(out / "diagrams" / name, data) for name, data in files.items()]
    return written


def register(app: typer.Typer) -> None:
    """Add these commands to ``app``, in the order `govnet --help` lists them."""
    app.command()(draw)
