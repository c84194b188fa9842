"""`govnet init --villages all|<county codes>`: the villages of a new model, one file per county.

Villages go to topology/<city>/<county>.yaml, grouped by township (a county has up to ~1,500 of them, a city
file would run to tens of thousands of lines); the townships stay in the city's file.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping

from govnet.errors import UsageError
from govnet.reference import divisions
from govnet.text import names_division

_PLAIN = re.compile(r"^[^\s:#{}\[\],&*!|>'\"%@`?-][^:#{}\[\],]*$")
VILLAGE_V4 = 28  # one village block = one /28 unit subnet (the plan's size)


class SelectionError(UsageError):
    pass


def selected_counties(value: str, counties: Mapping[str, str]) -> set[str]:
    """The county codes ``--villages`` names: 'all', or county codes or names separated by commas (``counties``:
    code → name; a name may leave out its last character, 南昌 for 南昌县, as draw --county takes it).

    >>> known = {"360121": "南昌县", "360123": "安义县", "360124": "进贤县"}
    >>> sorted(selected_counties("360121, 安义县, 进贤", known))
    ['360121', '360123', '360124']
    >>> sorted(selected_counties("all", known))
    ['360121', '360123', '360124']
    """
    if value.strip() == "all":
        return set(counties)
    wanted, unknown = set(), []
    for part in (p.strip() for p in value.split(",")):
        if not part:
            continue
        if part in counties:
            wanted.add(part)
            continue
        named = [code for code, name in counties.items() if names_division(part, name)]
        if len(named) > 1:
            raise SelectionError(f"--villages: '{part}' names several counties; write one code: "
                                 + ", ".join(f"{code} {counties[code]}" for code in named))
        if named:
            wanted.add(named[0])
        else:
            unknown.append(part)
    if unknown or not wanted:
        raise SelectionError(f"--villages takes 'all' or county codes or names of the province; not counties: "
                             f"{', '.join(unknown) or repr(value)}")
    return wanted


def village_rows(townships: Iterable[str]) -> dict[str, tuple[tuple[str, str], ...]]:
    """The villages of each township (those the national table has), by township code."""
    return {t: found for t in townships if (found := divisions.villages_of(t))}


def county_bits(townships: int, villages: int, township_v4: int) -> int:
    """Bits a county block needs beyond a village block to hold its townships' and villages' blocks, with
    room for its own units.

    >>> county_bits(37, 609, 25)  # 37 townships of 8 village blocks each, 609 villages, 2 townships spare
    10
    """
    per_township = 2 ** (VILLAGE_V4 - township_v4)
    return max(1, math.ceil(math.log2(townships * per_township + villages + 2 * per_township)))


def county_file(county: str, county_name: str, townships: Mapping[str, str],
                villages: Mapping[str, tuple[tuple[str, str], ...]], profile: str | None = None) -> str:
    lines = [f"# {county_name}: the villages and communities (村/社区), by township; the townships are in",
             f"# topology/{county[:4]}.yaml.", f"county: {county}"]
    if profile:
        lines.append(f"profile: {profile}")
    lines.append("townships:")
    for township, name in townships.items():
        listed = villages.get(township)
        if not listed:
            continue
        lines += [f"  - code: {township}  # {name}", "    villages:"]
        lines += [f"      - {{code: {code}, name: {_q(village)}}}" for code, village in listed]
    lines.append("")
    return "\n".join(lines)


def _q(text: str) -> str:
    """A YAML scalar for a name: plain when safe, double-quoted (JSON is valid YAML) otherwise.

    >>> _q("莲塘村委会"), _q("a: b")
    ('莲塘村委会', '"a: b"')
    """
    return text if _PLAIN.match(text) and text.strip() == text else json.dumps(text, ensure_ascii=False)
