"""The one guard for user text: no string of a model file may hold a line break or a control character.

Every string of the model can end up in a device config (names, titles, descriptions, services), a registration
form or a spreadsheet; a newline there splits a config line (``title: "x\\n quit"`` would inject commands) or a
record. Rather than list the fields that reach an output (and miss the next one), every string value and key of
every loaded file is checked here, once, right after loading, with the diagnostic at the string's own line.
"""

from __future__ import annotations

from govnet import diagnostics as dg
from govnet.diagnostics import Diagnostic, format_path
from govnet.source.loader import LoadedFile
from govnet.text import CONTROL_CHARS

_MAX_REPORTED = 50  # per file: one careless paste can put a control character in thousands of values


def control_characters(loaded: LoadedFile) -> list[Diagnostic]:
    """GN501 for each string (value or key) holding a control character, at its position in the file."""
    found: list[Diagnostic] = []
    stack: list[tuple[tuple[str | int, ...], object]] = [((), loaded.data)]
    search = CONTROL_CHARS.search
    while stack and len(found) < _MAX_REPORTED:
        path, value = stack.pop()
        if isinstance(value, str):
            bad = search(value)
            if bad:
                found.append(_diagnostic(loaded, path, bad.group(), key=False))
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str):
                    bad = search(key)
                    if bad:
                        found.append(_diagnostic(loaded, (*path, key), bad.group(), key=True))
                        continue
                stack.append(((*path, key if isinstance(key, str | int) else str(key)), item))
        elif isinstance(value, list):
            stack.extend(((*path, i), item) for i, item in enumerate(value))
    return sorted(found, key=lambda d: (d.line, d.column))


def _diagnostic(loaded: LoadedFile, path: tuple[str | int, ...], char: str, *, key: bool) -> Diagnostic:
    line, column = loaded.source.position(path, key=key)
    shown = format_path(path) or "the value"
    what = "key" if key else "value"
    return dg.make("GN501", loaded.file, line, column, f"{what} of '{shown}' contains control character "
                   f"U+{ord(char):04X}; it would break a device config, form or spreadsheet line",
                   path=format_path(path), hint="remove line breaks and control characters (write one line)")
