"""`govnet export FORMAT`: files other tools import (NetBox, Infrahub, Ansible, Nornir, netlab, containerlab,
FreeRADIUS)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from govnet.cli.output import EXIT_MODEL, fail_usage, print_diagnostics, resolve
from govnet.i18n import _


def export(
    fmt: Annotated[str, typer.Argument(metavar="FORMAT",
                                       help="netbox, infrahub, ansible, nornir, netlab, containerlab or freeradius.")],
    model_dir: Annotated[Path | None, typer.Argument(help="Model directory (default: as for validate).",
                                                     show_default=False)] = None,
    out: Annotated[Path | None, typer.Option("-o", "--out", help="Output directory (default: out/exports/FORMAT).",
                                             show_default=False)] = None,
    city: Annotated[str | None, typer.Option("--city", help="Only this city (code or name) and what lies below it.",
                                             show_default=False)] = None,
    county: Annotated[str | None, typer.Option("--county",
                                               help="Only this county (code or name) and what lies below it.",
                                               show_default=False)] = None,
) -> None:
    """Write the model in a format another tool imports (on demand: `build` writes none of these)."""
    from govnet.exports.formats import FORMATS
    from govnet.exports.inventory import SliceError, build_inventory
    from govnet.outfolder import mark
    from govnet.pipeline import validate
    from govnet.writer import write_if_changed

    if fmt not in FORMATS:
        raise fail_usage(_("unknown export format '{format}'; choose one of: {choices}").format(
            format=fmt, choices=", ".join(FORMATS)))
    target = out if out is not None else Path("out") / "exports" / fmt
    root = resolve(model_dir, out=target)
    # by code or name, as draw takes them; a typo fails at once, with the choices
    from govnet.cli.choices import city_code, county_code

    city = city_code(root, city) if city is not None else None
    county = county_code(root, county) if county is not None else None
    result = validate(root)
    if not result.ok or result.model is None or result.addresses is None:
        print_diagnostics(result.diagnostics)
        typer.echo(_("export stopped: fix the errors above"), err=True)
        raise typer.Exit(EXIT_MODEL)
    try:
        inventory = build_inventory(result.model, result.addresses.outcome.decisions, city=city, county=county)
    except SliceError as exc:
        raise fail_usage(str(exc)) from None
    files = FORMATS[fmt](inventory)
    try:
        mark(target)
        changed = sum(write_if_changed(target / rel, text) for rel, text in files.items())
    except OSError as exc:
        raise fail_usage(_("cannot write to {path}: {error}").format(path=target, error=exc.strerror or exc)) from None
    typer.echo(_("{path}: {files} files ({changed} changed), {devices} devices, {sites} sites").format(
        path=target, files=len(files), changed=changed, devices=len(inventory.nodes), sites=len(inventory.sites)),
        err=True)
