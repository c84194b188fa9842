"""Diagnostics: every user-facing mistake, with its code, place and hint."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from govnet.codes import CODES, Severity
from govnet.text import escape_controls


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    severity: Severity
    file: str
    line: int
    column: int
    path: str
    message: str
    hint: str | None = None

    def sort_key(self) -> tuple[str, int, int, str, str, str]:
        # Total order: output must not depend on hash seeds or on the order checks ran in.
        return (self.file, self.line, self.column, self.code, self.message, self.path)

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = str(self.severity)
        return data

    def as_text(self) -> str:
        head = f"{self.file}:{self.line}:{self.column}: {self.severity} {self.code}: {self.message}"
        return head if not self.hint else f"{head}\n    hint: {self.hint}"


def make(
    code: str,
    file: str,
    line: int,
    column: int,
    message: str,
    *,
    path: str = "",
    hint: str | None = None,
) -> Diagnostic:
    """A diagnostic whose severity comes from the code table (so it cannot disagree with the docs).

    Messages quote user data, so control characters are escaped: one diagnostic stays one line.
    """
    return Diagnostic(code, CODES[code].severity, file, line, column, path, escape_controls(message),
                      escape_controls(hint) if hint else hint)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


def sorted_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(dict.fromkeys(diagnostics), key=Diagnostic.sort_key)


SHOWN = 5


def some(keys: Sequence[str]) -> str:
    """A few keys, and how many more.

    >>> some(["1", "2"]), some([str(i) for i in range(8)])
    ('1, 2', '0, 1, 2, 3, 4 and 3 more')
    """
    shown = ", ".join(keys[:SHOWN])
    rest = len(keys) - SHOWN
    return f"{shown} and {rest} more" if rest > 0 else shown


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A "did you mean" hint for a misspelt name, or None.

    >>> did_you_mean("bandwith", ["bandwidth", "carrier"])
    "did you mean 'bandwidth'?"
    >>> did_you_mean("zzz", ["bandwidth"]) is None
    True
    """
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None


def format_path(path: tuple[str | int, ...]) -> str:
    """A data path as engineers read it.

    >>> format_path(("city", "counties", 3, "townships", 7, "code"))
    'city.counties[3].townships[7].code'
    """
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def summary_line(diagnostics: Iterable[Diagnostic]) -> str:
    items = list(diagnostics)
    errors = sum(d.severity is Severity.ERROR for d in items)
    warnings = len(items) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
