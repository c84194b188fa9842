"""Diagnostics: every user-facing mistake, with its code, place and hint."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from govnet.codes import CODES, Severity


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

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.code)

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
    return Diagnostic(code, CODES[code].severity, file, line, column, path, _escape(message),
                      _escape(hint) if hint else hint)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _escape(text: str) -> str:
    r"""Control characters as visible escapes.

    >>> _escape("a\nb")
    'a\\nb'
    """
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


def sorted_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(diagnostics), key=Diagnostic.sort_key)


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
