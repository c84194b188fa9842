"""The national division-code tables shipped with govnet (NBS 2023 statistical division codes): townships and
villages.

Source and licences: govnet/data/README.md.
"""

from __future__ import annotations

import csv
import gzip
import io
import lzma
from dataclasses import dataclass
from functools import cache
from importlib import resources

LEVEL_BY_LENGTH = {2: "province", 4: "city", 6: "county", 9: "township", 12: "village"}
LENGTH_BY_LEVEL = {level: length for length, level in LEVEL_BY_LENGTH.items()}
PARENT_LEVEL = {"city": "province", "county": "city", "township": "county", "village": "township"}
# "City" rows that are placeholders for counties directly under a province or municipality.
PLACEHOLDER_CITY_NAMES = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})


@dataclass(frozen=True, slots=True)
class Row:
    province_code: str
    province: str
    city_code: str
    city: str
    county_code: str
    county: str
    township_code: str
    township: str


def level_of(code: str) -> str | None:
    """The level a division code's length implies.

    >>> level_of("3601"), level_of("360102002"), level_of("12345")
    ('city', 'township', None)
    """
    return LEVEL_BY_LENGTH.get(len(code)) if code.isdigit() and code.isascii() else None


def parent_code(code: str) -> str | None:
    """The code of the division one level up.

    >>> parent_code("360102002"), parent_code("3601"), parent_code("36")
    ('360102', '36', None)
    """
    lengths = sorted(LEVEL_BY_LENGTH)
    if len(code) not in LEVEL_BY_LENGTH or len(code) == lengths[0]:
        return None
    return code[: lengths[lengths.index(len(code)) - 1]]


def is_statistics_zone(county_code: str) -> bool:
    """County codes whose digits 5-6 are 71-79 are statistics-only zones (开发区/管理区)."""
    return 71 <= int(county_code[4:6]) <= 79


def is_special_township(township_code: str) -> bool:
    """Township digits 7-9 of 400 and above: farms, development zones and the like."""
    return int(township_code[6:9]) >= 400


_TABLES = "data/divisions"  # one <province code>.csv.gz per province (tools/split_divisions.py makes them)


@cache
def provinces() -> tuple[str, ...]:
    """The province codes the table covers, in code order."""
    folder = resources.files("govnet").joinpath(_TABLES)
    return tuple(sorted(entry.name.split(".")[0] for entry in folder.iterdir() if entry.name.endswith(".csv.gz")))


@cache
def _province_rows(province: str) -> tuple[tuple[str, ...], ...]:
    """The rows of one province as the table writes them; empty for a code the table does not have."""
    if province not in provinces():
        return ()
    blob = resources.files("govnet").joinpath(f"{_TABLES}/{province}.csv.gz").read_bytes()
    reader = csv.reader(io.StringIO(gzip.decompress(blob).decode("utf-8")))
    next(reader)
    return tuple(map(tuple, reader))


@cache
def rows() -> tuple[Row, ...]:
    return tuple(Row(*r) for province in provinces() for r in _province_rows(province))


@cache
def _province_names(province: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for province_code, province_name, city_code, city, county_code, county, township_code, township in (
            _province_rows(province)):
        table[province_code] = province_name
        table[city_code] = city
        table[county_code] = county
        table[township_code] = township
    return table


_VILLAGES = "data/villages"  # one <province code>.txt.xz per province (tools/split_villages.py makes them)


@cache
def _province_villages(province: str) -> dict[str, tuple[tuple[str, str], ...]]:
    """Village (code, name) pairs of one province by township code, in the table's order; empty for a province
    the table does not have. The file groups villages under '#<township>' lines (tools/split_villages.py)."""
    entry = resources.files("govnet").joinpath(f"{_VILLAGES}/{province}.txt.xz")
    if not (province.isdigit() and entry.is_file()):
        return {}
    found: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] = []
    township = ""
    for line in lzma.decompress(entry.read_bytes()).decode("utf-8").splitlines():
        if line.startswith("#"):
            township = line[1:]
            current = found.setdefault(township, [])
        else:
            current.append((township + line[:3], line[3:]))
    return {key: tuple(pairs) for key, pairs in found.items()}


def villages_of(township: str) -> tuple[tuple[str, str], ...]:
    """The (code, name) of every village and community of a township, in code order.

    >>> villages_of("360121100")[0], len(villages_of("360121100"))
    (('360121100001', '府前路社区居委会'), 48)
    """
    return _province_villages(township[:2]).get(township, ())


@cache
def _village_names(province: str) -> dict[str, str]:
    return {code: name for pairs in _province_villages(province).values() for code, name in pairs}


def is_community(village_code: str) -> bool:
    """Village digits 10-12 of 001-199 are communities (居委会), 200-399 villages (村委会).

    >>> is_community("360102002001"), is_community("360121100201")
    (True, False)
    """
    return int(village_code[9:12]) < 200


def official_name(code: str) -> str | None:
    """The official name of a division code of any of the five levels; None if the table does not have it.

    Only the province the code belongs to is read (once): validating one province's model reads 1/31 of the
    table, where reading all of it took a tenth of the time of validating Jiangxi.

    Village names (12 digits) come from the village table, read per province on first use.

    >>> official_name("36"), official_name("360102002"), official_name("369999"), official_name("x")
    ('江西省', '滕王阁街道', None, None)
    >>> official_name("360121100208")
    '墨山村委会'
    """
    if len(code) == 12:
        return _village_names(code[:2]).get(code)
    return _province_names(code[:2]).get(code)


def find_province(query: str) -> list[str]:
    """The province codes a code or name means (江西省, 江西 or 36): one, or none, or every province whose name
    begins so when the start is not one name's (江 → 江苏省 and 江西省). Blank means none.

    >>> find_province("江西"), find_province("36"), find_province(" 江西省 "), find_province("江"), find_province("")
    (['36'], ['36'], ['36'], ['32', '36'], [])
    """
    query = query.strip()
    if not query:
        return []
    by_code = {code: official_name(code) or "" for code in provinces()}
    if query in by_code:
        return [query]
    exact = [code for code, name in by_code.items() if query in (name, name.removesuffix("省").removesuffix("市"))]
    return exact or [code for code, name in by_code.items() if name.startswith(query)]


def normal_division(code: str) -> str | None:
    """A unit's division code as the model's site keys write it: 360000 → 36, 360100 → 3601; None if malformed.

    Township (9-digit) and village (12-digit) codes are site keys as they stand.

    >>> normal_division("360000"), normal_division("360100"), normal_division("360102"), normal_division("3601")
    ('36', '3601', '360102', None)
    >>> normal_division("360121100208")
    '360121100208'
    """
    if not (code.isascii() and code.isdigit()):
        return None
    if len(code) in (9, 12):
        return code
    if len(code) != 6:
        return None
    if code.endswith("0000"):
        return code[:2]
    return code[:4] if code.endswith("00") else code
