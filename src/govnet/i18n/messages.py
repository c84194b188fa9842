"""Diagnostics in the language of the run, translated where they are printed.

The checks write their messages and hints in English with the user's values in them. Rather than thread a
translator through every check, the common shapes are listed here once as templates (``{name}`` marks a value
the check fills in); a message that matches one is re-read into its values and written from the translated
template. A message no template matches keeps its English text, and every diagnostic still shows its code's
title in the language of the run.
"""

from __future__ import annotations

import re
from functools import cache

from govnet.codes import CODES, Severity
from govnet.i18n import N_, _, current

TEMPLATES: tuple[str, ...] = (
    # Loader and schema (GN1xx, GN2xx): the ones every user meets first.
    N_("unknown field '{field}'"),
    N_("missing required field '{field}' in '{where}'"),
    N_("missing required field '{field}'"),
    N_("'{path}' must be {expected}, not {got}"),
    N_("'{path}' cannot be {got}"),
    N_("the file must hold a mapping, but it is {got}"),
    N_("file holds more than one YAML document"),
    N_("duplicate key '{key}' in this mapping"),
    N_("file is not part of the model and is ignored"),
    N_("YAML syntax: {problem}"),
    N_("cannot read bandwidth {value}"),
    N_("the model needs {file}"),
    # Hints.
    N_("did you mean '{name}'?"),
    N_("did you mean {name}?"),
    N_("allowed here: {names}"),
    N_("add '{field}:' to this mapping"),
    N_("write {expected} here"),
    N_("expected {expected}"),
    N_("this file's top-level keys are {fields}"),
    N_("use a value of at least {value}"),
    N_("use a value of at most {value}"),
    N_("the value must match {pattern}"),
    N_("a value containing ': ' must be quoted"),
    N_("remove the '---' separator: one file is one document"),
    N_("run 'govnet init' to see the expected layout"),
    N_("run 'govnet allocate' and commit allocations.lock"),
    N_("run 'govnet allocate --prune' to release it once it is really gone"),
    N_("to renumber it, run 'govnet allocate --release {subject}'"),
    N_("restore allocations.lock from git; choose addresses with pins in zones/*.yaml, never by editing the lock"),
    N_("fine for a division created since 2023; otherwise check the code"),
    N_("each site appears once; remove or renumber one"),
    N_("one unit, one record: remove or merge the duplicate"),
    N_("make the two agree"),
    N_("use '{name}' unless the division was renamed"),
    N_("write 100M, 1G, 10G, 100G, or plain bit/s such as 155000000"),
    N_("city files are named by the city's 4-digit code, e.g. 3601.yaml"),
    # Messages of the checks.
    N_("site {code} is named '{name}'; the national table says '{official}'"),
    N_("unit {unit} attaches to site {site}, which is not a site of this model"),
    N_("unit {unit} is active but has no approval entry in its history"),
    N_("{type} {family} {kind} {subject} keeps {prefix}, though the plan now gives /{length}"),
)

def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", template)
    regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
    return re.compile(f"^{regex}$", re.DOTALL)


@cache
def _compiled() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((t, _pattern(t)) for t in TEMPLATES)


def translate(text: str) -> str:
    """A message or hint in the language of the run (unchanged in English, or when no template matches).

    >>> from govnet.i18n import use
    >>> _ = use("zh")
    >>> translate("unknown field 'profle'"), translate("did you mean 'profile'?"), translate("no such template")
    ("未知字段 'profle'", "是否应为 'profile'？", 'no such template')
    >>> _ = use("en")
    """
    if current() == "en" or not text:
        return text
    for template, pattern in _compiled():
        found = pattern.match(text)
        if found:
            translated = _(template)
            try:
                return translated.format(**found.groupdict())
            except (KeyError, IndexError, ValueError):
                return text
    return text


def title(code: str) -> str:
    info = CODES.get(code)
    return _(info.title) if info else code


def severity_word(severity: Severity | str) -> str:
    return _(N_("error")) if str(severity) == "error" else _(N_("warning"))


def summary(errors: int, warnings: int) -> str:
    """'3 errors, 0 warnings' in the language of the run."""
    if current() == "en":
        return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    return _(N_("{errors} errors, {warnings} warnings")).format(errors=errors, warnings=warnings)
