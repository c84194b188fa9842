"""The command line: the app, its commands in the order `govnet --help` lists them (each group in a module of
this folder), and the one place where errors become exit codes. Heavy imports happen inside commands."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from pathlib import Path
from typing import Annotated

import typer

from govnet.cli import addresses, build, configs, draw
from govnet.cli.export import export as export_command
from govnet.cli.output import (
    EXIT_INTERNAL,
    EXIT_MODEL,
    EXIT_OK,
    EXIT_PIPE,
    EXIT_USAGE,
    fail_usage,
    report_error,
    translated,
)
from govnet.cli.schema import schema as schema_command
from govnet.errors import GovnetError
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


build.register(app)  # validate, build, records
configs.register(app)  # render, diff
addresses.register(app)  # allocate, ipam report
draw.register(app)


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Where to write the new model (must be empty or absent).")],
    province: Annotated[str, typer.Option("--province", help="Province name or code, e.g. 江西省 or 36.")],
    with_special_zones: Annotated[bool, typer.Option(
        "--with-special-zones",
        help="Include statistics-only zones (county codes 71-79) and townships coded 400 and above.")] = False,
    villages: Annotated[str | None, typer.Option(
        "--villages", help="Write villages too: 'all', or county codes or names separated by commas (pilot "
                           "counties).")] = None,
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
    try:
        sys.stdout.flush()
    except OSError as exc:  # what was printed did not all arrive (a full disk, a reader gone): not a success
        code = _cannot_write(exc) if exc.errno in _FULL else EXIT_PIPE if exc.errno == errno.EPIPE else code
    sys.stderr.flush()
    os._exit(code)


# Output that cannot be written (stdout to a full disk or /dev/full, a failing device): the user's I/O, exit 2.
_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EROFS, errno.EFBIG})


def _cannot_write(exc: OSError) -> int:
    with contextlib.suppress(OSError):
        typer.echo(_("govnet: error: cannot write the output: {error}").format(error=exc.strerror or exc), err=True)
    return EXIT_USAGE


def run(args: list[str] | None = None) -> int:
    """Run the command line (``args``, default sys.argv) and return its exit code; the one place where errors
    become exit codes: 0 ok, 1 model errors, 2 usage or I/O, 3 a bug in govnet, 130 interrupted, 141 stdout's
    reader went away (quietly: the reader wanted no more)."""
    try:
        return _run(args)
    except KeyboardInterrupt:
        return 130
    except GovnetError as exc:  # every error govnet raises on purpose: its kind says the exit code
        return report_error(exc)
    except Exception as exc:  # a bug in govnet, never a model mistake: those are diagnostics
        if isinstance(exc, OSError) and exc.errno in _FULL:
            return _cannot_write(exc)
        if os.environ.get("GOVNET_DEBUG"):
            raise
        typer.echo(_("govnet: internal error: {kind}: {error}").format(kind=type(exc).__name__, error=exc), err=True)
        typer.echo(_("this is a bug in govnet; rerun with GOVNET_DEBUG=1 for the traceback and report it"), err=True)
        return EXIT_INTERNAL


def _pipe_out() -> int | None:
    """A copy of stdout's descriptor when stdout is a pipe (or socket), to ask at the end whether its reader left."""
    try:
        mode = os.fstat(1).st_mode
        return os.dup(1) if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) else None
    except OSError:
        return None


def _reader_went_away(pipe: int | None) -> bool:
    """Whether the pipe ``pipe`` (_pipe_out) has no reader any more. Rich and Typer meet EPIPE each their own way
    (rich points stdout at /dev/null, Typer wraps it), and both exit 1, which here says 'model errors': the pipe
    itself tells (poll reports an error on a pipe's writing end once its reader is gone)."""
    import select

    if pipe is None or not hasattr(select, "poll"):
        return False
    poller = select.poll()
    poller.register(pipe, select.POLLOUT)
    return any(events & (select.POLLERR | select.POLLHUP) for _, events in poller.poll(0))


def _run(args: list[str] | None) -> int:
    """Run typer; the exit code it chose (typer ends every run with SystemExit)."""
    from govnet.i18n import use
    from govnet.i18n.cli import language_in, translate_help
    from govnet.i18n.framework import bind

    command = typer.main.get_command(app)
    if use(language_in(sys.argv[1:] if args is None else args)) != "en":  # an unknown --lang: the option says so
        translate_help(command)
    bind()  # Typer's own headings and usage errors
    pipe = _pipe_out()
    try:
        command(args=args, prog_name="govnet")
    except SystemExit as exc:
        if exc.code == EXIT_MODEL and _reader_went_away(pipe):  # what rich and Typer exit with on EPIPE
            return EXIT_PIPE
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or EXIT_OK
        typer.echo(str(exc.code), err=True)
        return EXIT_MODEL
    finally:
        if pipe is not None:
            os.close(pipe)
    return EXIT_OK
