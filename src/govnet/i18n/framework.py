"""The command-line framework's own texts in the language of the run: Typer's help headings and usage errors.

Typer marks its texts with the standard library's ``gettext.gettext``, which takes its language from the
environment (LANGUAGE, LANG …) and one process-wide domain: `--lang zh` under LANG=en_US could not reach it
without changing the environment that git and other subprocesses inherit. So the names Typer looks its texts
up by are bound to this run's govnet catalog instead: its `_` in typer.core and typer.rich_utils (called at
run time) and the headings rich_utils computed once at import. The Click that Typer ships (typer._click)
writes its usage errors and the help option's text in plain English, without gettext; rich_utils prints every
one of them through one highlighter, which is wrapped to translate a whole text that matches one of the
shapes below. Everything here is a msgid of govnet's catalog (tests/test_i18n.py checks both languages).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from govnet.i18n import N_, _, current
from govnet.i18n.messages import Shape

# typer.rich_utils computes these once at import, with gettext: name → English text.
RICH_CONSTANTS: dict[str, str] = {
    "DEPRECATED_STRING": N_("(deprecated) "),
    "DEFAULT_STRING": N_("[default: {}]"),
    "ENVVAR_STRING": N_("[env var: {}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "ERRORS_PANEL_TITLE": N_("Error"),
    "ABORTED_TEXT": N_("Aborted."),
    "RICH_HELP": N_("Try [blue]'{command_path} {help_option}'[/] for help."),
}

# What typer.core asks gettext for at run time (listed so that the catalog has them).
TYPER_CORE: tuple[str, ...] = (
    N_("(dynamic)"), N_("Aborted!"), N_("default: {default}"), N_("required"), N_("env var: {var}"),
    N_("Missing command."), N_("No such command {name!r}."),
)

# Plain-English texts of typer._click (and of the pydantic coercion Typer uses for option values), as
# templates: {field} stands for a value that is kept. Longest shapes first where one extends another.
CLICK_TEXTS: tuple[str, ...] = (
    N_("Show this message and exit."),
    N_("Usage: {usage}"),
    N_("No such option: {name} (Possible options: {options})"),
    N_("No such option: {name}"),
    N_("Missing argument {name}. {message}"),
    N_("Missing argument {name}."),
    N_("Missing option {name}. {message}"),
    N_("Missing option {name}."),
    N_("Missing parameter {name}."),
    N_("Missing parameter: {name}"),
    N_("Invalid value for {name}: {message}"),
    N_("Invalid value: {message}"),
    N_("Got unexpected extra argument(s) ({args})"),
    N_("Got unexpected extra argument ({args})"),  # the wording of Click 8 before Typer shipped its own
    N_("Got unexpected extra arguments ({args})"),
    N_("Option {name} requires an argument."),
    N_("Option {name} requires {count} arguments."),
    N_("Option {name} does not take a value."),
    N_("Argument {name} takes {count} values."),
    N_("Value error, {message}"),
    N_("{value} is not one of {choices}."),
    N_("Input should be a valid integer, unable to parse string as an integer"),
    N_("Input should be greater than or equal to {limit}"),
    N_("Input should be less than or equal to {limit}"),
    N_("Error: {message}"),
)
_NESTED = frozenset({"message"})  # fields that hold another text of the framework


@cache
def _compiled() -> tuple[tuple[str, Shape], ...]:
    return tuple((t, Shape(t)) for t in CLICK_TEXTS)


def translate(text: str) -> str:
    """A text of the framework in the language of the run; a text no shape matches is kept.

    >>> from govnet.i18n import use
    >>> _lang = use("zh")
    >>> translate("Invalid value for '--depth': Input should be less than or equal to 2")
    "'--depth' 的值无效：应小于或等于 2"
    >>> translate("Usage: govnet validate [OPTIONS]"), translate("what else")
    ('用法：govnet validate [OPTIONS]', 'what else')
    >>> _lang = use("en")
    """
    if current() == "en" or not text:
        return text
    for template, regex in _compiled():
        found = regex.match(text)
        if found:
            values = {k: translate(v) if k in _NESTED else v for k, v in found.groupdict().items()}
            return _(template).format(**values)
    return text


def _translating_highlighter() -> Any:
    """rich_utils' highlighter, translating a plain text (or a Text whose whole text is one message) first."""
    from rich.text import Text
    from typer.rich_utils import OptionHighlighter

    class Translating(OptionHighlighter):
        def __call__(self, text: str | Text) -> Text:
            if isinstance(text, str):
                text = translate(text)
            elif (said := translate(text.plain)) != text.plain:
                text = Text(said, style=text.style)
            shown = super().__call__(text)
            # Rich wraps a cell at spaces and cuts a longer 'word' with '…': a Chinese sentence has no spaces, so
            # its help was cut at the column's width. Chinese breaks between any two characters: fold it there.
            shown.overflow = "fold"
            return shown

    return Translating()


_english_highlighter: Any = None


def bind() -> None:
    """Point Typer's texts at the language of the run (after govnet.i18n.use). In English nothing is bound
    unless an earlier call bound another language, which is then undone."""
    global _english_highlighter
    if current() == "en" and _english_highlighter is None:
        return
    from typer import core, rich_utils

    for module in (core, rich_utils):
        module._ = _  # type: ignore[attr-defined]
    for name, english in RICH_CONSTANTS.items():
        setattr(rich_utils, name, _(english))
    if _english_highlighter is None:
        _english_highlighter = rich_utils.highlighter
    rich_utils.highlighter = _english_highlighter if current() == "en" else _translating_highlighter()
