"""`govnet render` and `govnet diff`: the device configs, and what changes between two models."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from govnet.pipeline import Result
    from govnet.render import Selection
    from govnet.render.secrets import Secrets

from govnet.cli.options import ModelArg
from govnet.cli.output import EXIT_MODEL, KEPT, fail_usage, print_diagnostics, resolve, translated
from govnet.cli.progress import progress_of
from govnet.cli.secrets import SecretsOpt, old_secrets_for, secrets_for
from govnet.errors import ModelErrors
from govnet.i18n import _


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

    root = resolve(model_dir, out=out)
    result = run(root)
    KEPT.append(result)
    if not result.ok or result.model is None or result.addresses is None:
        print_diagnostics(result.diagnostics)
        raise ModelErrors(_("render stopped: fix the errors above"))
    selection = Selection(tuple(site or ()), tuple(device or ()), tuple(platform or ()))
    unknown = [d for d in selection.devices if d not in result.model.devices]
    if unknown:
        raise fail_usage(_("no device {names} in the model").format(names=", ".join(unknown)))
    try:
        written = _write_configs(root, result, out, selection, secrets_for(root, secrets_file))
    except OSError as exc:
        raise fail_usage(_("cannot write to {path}: {error}").format(path=out, error=exc.strerror or exc)) from None
    if not written:
        raise fail_usage(_("no device matches the selection"))
    typer.echo(_("wrote {out}/configs/ ({count} device(s): {changed} changed, {unchanged} unchanged)").format(
        out=out, count=len(written), changed=sum(written), unchanged=len(written) - sum(written)), err=True)


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
    old_secrets_file: Annotated[Path | None, typer.Option(
        "--old-secrets", help="File of the secrets the old configs hold, for a rotation: the secrets it names "
        "(name: value per line, kept outside git) are the old side's, the others are --secrets'. The "
        "GOVNET_SECRET_<NAME> variables apply to the new side only.", show_default=False)] = None,
) -> None:
    """Which devices' configs change between two models, as unified diffs (secrets masked)."""
    from govnet.render.diff import DiffError, compare

    root = resolve(model_dir)
    secrets = secrets_for(root, secrets_file)
    old_secrets = old_secrets_for(root, old_secrets_file) if old_secrets_file else None
    try:
        report = compare(root, old, new, secrets, remediation=remediation, old_secrets=old_secrets)
    except DiffError as exc:
        print_diagnostics(exc.diagnostics) if exc.diagnostics else None
        raise fail_usage(str(exc)) from None
    typer.echo(report.text, nl=False)
    typer.echo(translated(report.summary), err=True)


def _write_configs(root: Path, result: Result, out: Path, selection: Selection | None,
                   secrets: Secrets) -> list[bool]:
    """Render and write OUT/configs/<site>/<device>.cfg; a full run removes configs of removed devices."""
    from govnet.outfolder import mark
    from govnet.render import TemplateError, config_path, default_workers, render_configs, select_devices
    from govnet.writer import remove_stale, write_if_changed

    assert result.model is not None and result.addresses is not None
    names = select_devices(result.model, selection) if selection is not None else sorted(result.model.devices)
    try:
        with progress_of(len(names), _("rendering")) as advance:
            configs = render_configs(result.model, result.addresses, secrets=secrets, model_root=root, names=names,
                                     progress=advance, workers=default_workers())
    except TemplateError as exc:
        print_diagnostics([exc.diagnostic])
        raise typer.Exit(EXIT_MODEL) from None
    mode = 0o600 if secrets.real else None  # a config with real secrets is for its owner's eyes only
    mark(out)
    written = [write_if_changed(out / config_path(c), c.text, mode=mode) for c in configs.values()]
    if selection is None or selection.everything:
        remove_stale(out / "configs", {out / config_path(c) for c in configs.values()}, ".cfg")
    return written


def register(app: typer.Typer) -> None:
    """Add these commands to ``app``, in the order `govnet --help` lists them."""
    for command in (render, diff):
        app.command()(command)
