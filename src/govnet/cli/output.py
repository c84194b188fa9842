"""What every command shares: exit codes (and the one place errors become them), which model, printing
diagnostics."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from govnet.errors import GovnetError, ModelErrors, UsageError

if TYPE_CHECKING:
    from govnet.diagnostics import Diagnostic

EXIT_OK, EXIT_MODEL, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
# stdout's reader went away (`govnet registry list | head -c1`): 128 + SIGPIPE, what a shell reports for any command
# cut short so (`yes | head -c1`), as 130 (128 + SIGINT) is an interrupt's. Not 1: that says the model has errors.
EXIT_PIPE = 141
# Results kept alive until the process ends: freeing a model of millions of objects costs about 0.4 s on
# Jiangxi, and main() ends the process without that teardown once output is flushed.
KEPT: list[object] = []


def exit_code_for(error: GovnetError) -> int:
    """The one mapping from govnet's error kinds to exit codes: model errors 1, usage and I/O 2."""
    return EXIT_MODEL if isinstance(error, ModelErrors) else EXIT_USAGE


def report_error(error: GovnetError) -> int:
    """Print an error raised by a command (its diagnostics first) and return its exit code."""
    if error.diagnostics:
        print_diagnostics(error.diagnostics)
    from govnet.i18n import _
    from govnet.i18n.messages import translate

    code = exit_code_for(error)
    said = translate(str(error))  # a text another stage wrote, in the language of the run where a template knows it
    typer.echo(said if code == EXIT_MODEL else _("govnet: error: {message}").format(message=said), err=True)
    return code


def translated(text: str) -> str:
    """A text another stage wrote, in the language of the run where a template knows it (else as it is)."""
    from govnet.i18n.messages import translate

    return translate(text)


def fail_usage(message: str) -> UsageError:
    """A usage error to raise; main() prints it and exits 2."""
    return UsageError(message)


def resolve(model_dir: Path | None, *, quiet: bool = False, out: Path | None = None,
            out_file: Path | None = None, out_flag: str = "-o") -> Path:
    """The model folder a command works on (said on stderr unless ``quiet``). ``out``: the command's output folder,
    refused before any work when it is the model folder itself or inside its files (govnet.source.layout), or
    holds files govnet did not write (govnet.outfolder). ``out_file``: the one file a command writes, refused
    inside the model's files (whatif -o topology/3601.yaml replaced the user's city file); ``out_flag`` names its
    option."""
    from govnet.source.locate import resolve_model

    root, said = resolve_model(model_dir)
    if not quiet:
        from govnet.i18n.messages import translate

        typer.echo(translate(said), err=True)
    if out is not None:
        _refuse_output_in_model(root, out)
        _refuse_foreign_output(out)
    if out_file is not None:
        _refuse_file_in_model(root, out_file, out_flag)
    return root


def _refuse_file_in_model(root: Path, path: Path, flag: str) -> None:
    from govnet.i18n import _
    from govnet.source.layout import output_in_model

    part = output_in_model(root, path)
    if part is not None:
        raise fail_usage(_("{flag} {path} lies in the model's files ({part}): govnet would write over what you "
                           "wrote; give a path outside them").format(flag=flag, path=path, part=part or "."))


def _refuse_output_in_model(root: Path, out: Path) -> None:
    from govnet.i18n import _
    from govnet.source.layout import output_in_model

    part = output_in_model(root, out)
    if part == "":
        raise fail_usage(_("-o {out} is the model folder itself: the outputs would overwrite or mix with the model's "
                           "files; choose another folder, e.g. out/").format(out=out))
    if part is not None:
        raise fail_usage(_("-o {out} is inside the model's {part}: choose a folder outside the model's files, e.g. "
                           "out/").format(out=out, part=part))


def _refuse_foreign_output(out: Path) -> None:
    from govnet.i18n import _
    from govnet.outfolder import MARK, foreign_entries, shown

    entries = foreign_entries(out)
    if entries:
        raise fail_usage(_("-o {out} holds files govnet did not write ({entries}), which its outputs would replace or "
                           "delete; write to a new or empty folder, or create an empty file '{mark}' in it to let "
                           "govnet replace and delete files there").format(out=out, entries=shown(entries), mark=MARK))


_SEVERITY_STYLE = {"error": {"fg": "red", "bold": True}, "warning": {"fg": "yellow"}}


GROUP_AT = 3  # this many warnings of one code or more are shown as one line unless every one is asked for
# What lists each warning of a grouped line, named on it: a command with the option says '--all-warnings'; the
# others print the model's warnings, which validate lists.
EVERY_WARNING = "--all-warnings"
VALIDATE_EVERY_WARNING = "govnet validate --all-warnings"


def print_diagnostics(diagnostics: list[Diagnostic], *, quiet: bool = False, errors_only: bool = False,
                      every_warning: bool = False, lister: str = VALIDATE_EVERY_WARNING) -> None:
    """Errors one line each (and their hints), then the summary; coloured only on a terminal and never with
    NO_COLOR set. Plain click styling: rich took 15 ms to import and as long again to print a few lines.

    Warnings of a code that occurs GROUP_AT times or more are one summary line (unless ``every_warning``), so
    that a user's own error is not buried among a model's known warnings. ``errors_only``: no warnings (the
    summary still counts them). ``quiet``: only errors, and nothing at all when there is none. ``lister``: what
    lists each warning of a grouped line (the command's own option, or validate's)."""
    from govnet.diagnostics import has_errors, summary_line
    from govnet.i18n import current

    english = current() == "en"
    if quiet and not has_errors(diagnostics):
        return
    per_code: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        if str(d.severity) != "error":
            per_code.setdefault(d.code, []).append(d)
    grouped = set() if every_warning else {code for code, found in per_code.items() if len(found) >= GROUP_AT}
    lines = []
    for d in diagnostics:
        if (quiet or errors_only) and str(d.severity) != "error":
            continue
        if d.code in grouped:
            if d is per_code[d.code][0]:
                lines.append(_grouped_line(d, len(per_code[d.code]), english, lister))
            continue
        lines += _lines(d) if english else _translated_lines(d)
    if english:
        lines.append(summary_line(diagnostics))
    else:
        from govnet.i18n.messages import summary

        errors = sum(str(d.severity) == "error" for d in diagnostics)
        lines.append(summary(errors, len(diagnostics) - errors))
    typer.echo("\n".join(lines), color=False if os.environ.get("NO_COLOR") else None)


def exit_code(diagnostics: list[Diagnostic], strict: bool) -> int:
    from govnet.diagnostics import has_errors

    if has_errors(diagnostics) or (strict and diagnostics):
        return EXIT_MODEL
    return EXIT_OK


def _lines(d: Diagnostic) -> list[str]:
    severity = typer.style(f"{d.severity} {d.code}", **_SEVERITY_STYLE[str(d.severity)])  # type: ignore[arg-type]
    found = [f"{d.file}:{d.line}:{d.column}: {severity}: {d.message}"]
    if d.hint:
        found.append(typer.style(f"    hint: {d.hint}", dim=True))
    return found


def _translated_lines(d: Diagnostic) -> list[str]:
    """The same lines in the language of the run: the code's title beside the code, messages and hints
    translated where a template knows them (govnet.i18n.messages); codes, files and values unchanged."""
    from govnet.i18n import _
    from govnet.i18n.messages import severity_word, title, translate

    head = typer.style(f"{severity_word(d.severity)} {d.code}", **_SEVERITY_STYLE[str(d.severity)])  # type: ignore[arg-type]
    found = [f"{d.file}:{d.line}:{d.column}: {head}（{title(d.code)}）: {translate(d.message)}"]
    if d.hint:
        found.append(typer.style(_("    hint: {hint}").format(hint=translate(d.hint)), dim=True))
    return found


def _grouped_line(d: Diagnostic, count: int, english: bool, lister: str) -> str:
    """One line for a code's many warnings: where the first one is, how many, the code's title, and what lists
    each."""
    from govnet.codes import CODES

    style = typer.style(f"warning {d.code}", **_SEVERITY_STYLE["warning"])  # type: ignore[arg-type]
    if english:
        title = CODES[d.code].title if d.code in CODES else d.message
        return f"{d.file}:{d.line}:{d.column}: {style}: {count} warnings: {title} ({lister} lists each)"
    from govnet.i18n.messages import severity_word
    from govnet.i18n.messages import title as title_of

    style = typer.style(f"{severity_word(d.severity)} {d.code}", **_SEVERITY_STYLE["warning"])  # type: ignore[arg-type]
    return f"{d.file}:{d.line}:{d.column}: {style}（{title_of(d.code)}）: ×{count} ({lister})"
