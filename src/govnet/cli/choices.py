"""Values of command-line options checked before the model is validated: a typo in --city fails at once, with
the valid choices, instead of after the whole model has been checked. Read from the model's file names and
first lines only; where that cannot say, the view itself refuses an unknown subject later."""

from __future__ import annotations

import re
from pathlib import Path

from govnet.diagnostics import did_you_mean
from govnet.errors import UsageError
from govnet.i18n import _
from govnet.source.layout import CITY_FILE, ZONES_FILE
from govnet.text import names_division

_NAME = re.compile(r"^\s+name:\s*['\"]?([^'\"#\s]+)", re.MULTILINE)
# A county entry of a city file, block or flow style: '- code: 360102' then 'name: 东湖区', or '{code: …, name: …}'.
_COUNTY = re.compile(r"^\s*-\s*\{?\s*code:\s*['\"]?(\d{6})['\"]?\s*[,\n]\s*name:\s*['\"]?([^'\"#\s,}]+)", re.MULTILINE)
_ZONE = re.compile(r"^\s*-\s+name:\s*['\"]?([A-Za-z0-9_.-]+)", re.MULTILINE)


def cities(root: Path) -> dict[str, str]:
    """City code → name, from topology/<code>.yaml (the first 'name:'), else the national table."""
    from govnet.reference.divisions import official_name

    found = {}
    topology = root / "topology"
    try:
        paths = sorted(topology.iterdir()) if topology.is_dir() else []
    except OSError:  # unlistable: validation says so (GN109); no choices to check against here
        return {}
    for path in paths:
        if CITY_FILE.match(path.name):
            try:
                head = path.read_text(encoding="utf-8", errors="replace")[:2000]
            except OSError:  # unreadable (GN109 later), a directory, a FIFO …: its code still names the city
                head = ""
            match = _NAME.search(head)
            found[path.stem] = match.group(1) if match else official_name(path.stem) or ""
    return found


def counties(root: Path) -> dict[str, str]:
    """County code → name, from the city files' county entries (townships have 9-digit codes: not matched)."""
    found: dict[str, str] = {}
    for code in cities(root):
        try:
            text = (root / "topology" / f"{code}.yaml").read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        found.update(_COUNTY.findall(text))
    return found


def county_code(root: Path, given: str) -> str:
    """--county by code (360121) or name (南昌县, or 南昌); refused with the choices when no county of the model's
    city files is so named. A 6-digit code passes as it is: the view refuses it later if the model lacks it."""
    known = counties(root)
    if not known or given in known or re.fullmatch(r"\d{6}", given):
        return given
    named = [code for code, name in known.items() if names_division(given, name)]
    if len(named) == 1:
        return named[0]
    if named:
        raise UsageError(_("--county: '{county}' names several counties; write one code: {choices}").format(
            county=given, choices=", ".join(f"{code} {known[code]}" for code in named)))
    hint = did_you_mean(given, [*known, *known.values()])
    raise UsageError(_("--county: no county '{county}' in the model").format(county=given) + _hint(hint)
                     + _("; choose one of: {choices}").format(
                         choices=", ".join(f"{code} {name}" for code, name in known.items())))


def zones(root: Path) -> list[str]:
    try:
        text = (root / ZONES_FILE).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    # Every '- name:' of the file: a superset of the zones at worst, so a real zone is never refused.
    return sorted(set(_ZONE.findall(text)))


def city_code(root: Path, given: str) -> str:
    """--city by code (3601) or name (南昌市, or 南昌); refused with the choices when the model has no such city."""
    known = cities(root)
    if not known or given in known:
        return given
    for code, name in known.items():
        if given in (name, name.removesuffix("市")):
            return code
    choices = [f"{code} {name}".strip() for code, name in known.items()]
    hint = did_you_mean(given, [*known, *known.values()])
    raise UsageError(_("--city: no city '{city}' in the model").format(city=given) + _hint(hint)
                     + _("; choose one of: {choices}").format(choices=", ".join(choices)))


def zone_name(root: Path, given: str) -> str:
    known = zones(root)
    if not known or given in known:
        return given
    hint = did_you_mean(given, known)
    raise UsageError(_("--zone: no zone '{zone}' in the model").format(zone=given) + _hint(hint)
                     + _("; choose one of: {choices}").format(choices=", ".join(known)))


def _hint(hint: str | None) -> str:
    from govnet.i18n.messages import translate

    return _("; {hint}").format(hint=translate(hint)) if hint else ""
