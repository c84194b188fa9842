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

_PLAIN = re.compile(r"^[^\s:#{}\[\],&*!|>'\"%@`?-][^:#{}\[\],]*$")
VILLAGE_V4 = 28  # one village block = one /28 unit subnet (the plan's size)


class SelectionError(UsageError):
    pass


def selected_counties(value: str, counties: Iterable[str]) -> set[str]:
    """The county codes ``--villages`` names: 'all', or county codes separated by commas.

    >>> sorted(selected_counties("360121, 360123", ["360121", "360123", "360124"]))
    ['360121', '360123']
    >>> sorted(selected_counties("all", ["360121", "360123"]))
    ['360121', '360123']
    """
    known = set(counties)
    if value.strip() == "all":
        return known
    wanted = {part.strip() for part in value.split(",") if part.strip()}
    unknown = sorted(wanted - known)
    if unknown or not wanted:
        raise SelectionError(f"--villages takes 'all' or county codes of the province; not counties: "
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
