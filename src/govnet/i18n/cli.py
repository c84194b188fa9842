"""The command line's own help in the language of the run: command and option help texts are msgids, collected
from the command tree (tools/i18n.py adds them to the catalog) and translated in place before the CLI runs."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from govnet.i18n import _


def _commands(command: Any) -> Iterator[Any]:
    yield command
    for sub in getattr(command, "commands", {}).values():
        yield from _commands(sub)


def help_texts(command: Any) -> list[str]:
    """Every help text of a command tree (commands, options, arguments), in tree order, once each."""
    found: dict[str, None] = {}
    for c in _commands(command):
        for text in (c.help, *(getattr(p, "help", None) for p in c.params)):
            if text:
                found[text] = None
    return list(found)


def translate_help(command: Any) -> None:
    """Replace every help text of the tree by its translation (the tree is built per run)."""
    for c in _commands(command):
        if c.help:
            c.help = _(c.help)
        if getattr(c, "short_help", None):
            c.short_help = _(c.short_help)
        for p in c.params:
            if getattr(p, "help", None):
                p.help = _(p.help)


def language_in(argv: Sequence[str]) -> str | None:
    """The value of a global --lang option, if the command line has one (it precedes the command).

    >>> language_in(["--lang", "zh", "validate"]), language_in(["--lang=en"]), language_in(["validate"])
    ('zh', 'en', None)
    """
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
        if not arg.startswith("-"):
            return None  # the command: options after it are the command's
    return None
