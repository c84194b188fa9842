"""The --secrets option and the secrets a command renders with (warnings for the missing ones)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from govnet.i18n import _

if TYPE_CHECKING:
    from govnet.render.secrets import Secrets


SecretsOpt = Annotated[Path | None, typer.Option(
    "--secrets", help="File of secrets (name: value per line), kept outside git; default $GOVNET_SECRETS_FILE. "
    "GOVNET_SECRET_<NAME> variables override it.", show_default=False)]


def secrets_for(root: Path, path: Path | None, quiet: bool = False) -> Secrets:
    """The secrets of ``path`` (default $GOVNET_SECRETS_FILE) and the environment, its warnings printed, and which
    secrets are missing unless ``quiet``."""
    from govnet.render.secrets import load_secrets

    secrets = load_secrets(path, root)  # a SecretsError is a usage error: main() reports it
    _warn(secrets)
    if secrets.missing and not quiet:
        typer.echo(_("warning: secrets not set ({names}): configs carry <SECRET:name> placeholders; set "
                     "GOVNET_SECRET_<NAME> or --secrets FILE").format(names=", ".join(secrets.missing)), err=True)
    return secrets


def old_secrets_for(root: Path, path: Path) -> Secrets:
    """The secrets of the file ``path`` alone (a rotation's old side: the environment holds the new ones), its
    warnings printed as those of --secrets are."""
    from govnet.render.secrets import load_secrets

    secrets = load_secrets(path, root, environ={})
    _warn(secrets)
    return secrets


def _warn(secrets: Secrets) -> None:
    for warning in secrets.warnings:  # a secrets file other users can read
        typer.echo(_("warning: {warning}").format(warning=warning), err=True)
