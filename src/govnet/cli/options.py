"""Options and arguments the commands share."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from govnet.cli.output import fail_usage

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


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"


def choose_language(lang: str | None) -> None:
    """--lang zh|en, else the locale."""
    from govnet.i18n import _, use

    if lang is not None and lang not in ("zh", "en"):
        raise fail_usage(_("--lang {lang}: choose zh or en").format(lang=lang))
    use(lang)

