"""Unified social credit codes (统一社会信用代码, GB 32100-2015): pure functions, no model.

A code has 18 characters from ``ALPHABET``: 1 registering authority, 2 unit type, 3-8 the GB/T 2260 division
code, 9-17 the organisation code (GB 11714: 8 body characters and its own check character), 18 the check
character over the first 17. Positions 1-2 may be letters (N, Y, A ...): validators that require digits there
are wrong.

>>> problems("91350100M000100Y43")  # a published example
[]
>>> make("11", "360000", "MB123456")
'11360000MB12345626'
"""

from __future__ import annotations

import re
from operator import mul

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
VALUE = {c: i for i, c in enumerate(ALPHABET)}
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))  # 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
# GB 11714 uses 36 symbols (0-9, A-Z) for the organisation-code body: a letter's value is 10 + its place in A-Z.
ORG_VALUE = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")}
LENGTH = 18
# The fast path of problems(): one regex for the format, byte tables for the two weighted sums. A registry of
# 100,000 units checks 100,000 codes, nearly all valid; anything that fails it is judged by the full rules.
_WELL_FORMED = re.compile(f"[{ALPHABET}]{{2}}[0-9]{{6}}[{ALPHABET}]{{10}}")
_TABLE = bytes(VALUE.get(chr(b), 0) for b in range(256))
_ORG_TABLE = bytes(ORG_VALUE.get(chr(b), 0) for b in range(256))
_ORG_CHARACTER = {value: {10: "X", 11: "0"}.get(value, str(value)) for value in range(1, 12)}


def check_character(first17: str) -> str:
    """The GB 32100 check character (position 18) of the first 17 characters.

    >>> check_character("91350100M000100Y4")
    '3'
    """
    total = sum(VALUE[c] * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def organisation_check(body: str) -> str:
    """The GB 11714 check character of the 8-character organisation-code body (positions 9-16).

    10 is written 'X' and 11 is written '0'.

    >>> organisation_check("D2143569"), organisation_check("M000100Y")
    ('X', '4')
    """
    total = sum(ORG_VALUE[c] * w for c, w in zip(body, ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def make(prefix: str, division: str, body: str) -> str:
    """A valid code from its registering authority and type (2 characters), division (6 digits) and organisation
    code body (8 characters): both check characters are computed.

    >>> make("12", "360102", "49100017")
    '12360102491000178K'
    """
    first17 = prefix + division + body + organisation_check(body)
    return first17 + check_character(first17)


def problems(code: str) -> list[tuple[str, str]]:
    """What is wrong with a code, as (kind, sentence) pairs; empty when the code is valid.

    Kinds: ``format`` (length, alphabet, division digits), ``organisation`` (GB 11714 check at position 17),
    ``check`` (GB 32100 check at position 18). Format problems stop the check-character tests.

    >>> problems("11360000MB12345627")
    [('check', "check character is '7' but should be '6'")]
    >>> problems("91360000MA35OKX98K")[0][0]
    'format'
    >>> problems("11360000MB12345636")[0]
    ('organisation', "organisation-code check character (position 17) is '3' but should be '2'")
    """
    if _WELL_FORMED.fullmatch(code):
        values = code.encode("ascii")
        total = sum(map(mul, values[:17].translate(_TABLE), WEIGHTS))
        org = 11 - sum(map(mul, values[8:16].translate(_ORG_TABLE), ORG_WEIGHTS)) % 11
        if code[17] == ALPHABET[-total % 31] and code[16] == _ORG_CHARACTER[org]:
            return []
    return judged_in_full(code)


def judged_in_full(code: str) -> list[tuple[str, str]]:
    """problems() without its fast path: the rules one by one, with the sentences."""
    if len(code) != LENGTH:
        return [("format", f"has {len(code)} characters; a USCC has {LENGTH}")]
    bad = [f"'{c}' at position {i + 1}" for i, c in enumerate(code) if c not in VALUE]
    if bad:
        return [("format", f"has characters outside the USCC alphabet: {', '.join(bad[:3])}"
                           f"{' ...' if len(bad) > 3 else ''} (I, O, S, V, Z and lower case are never used)")]
    if not code[2:8].isdigit():
        return [("format", f"positions 3-8 must be a 6-digit division code, not '{code[2:8]}'")]
    found: list[tuple[str, str]] = []
    org = organisation_check(code[8:16])
    if code[16] != org:
        found.append(("organisation", f"organisation-code check character (position 17) is '{code[16]}' but "
                                      f"should be '{org}'"))
    check = check_character(code[:17])
    if code[17] != check:
        found.append(("check", f"check character is '{code[17]}' but should be '{check}'"))
    return found


def division_of(code: str) -> str:
    """The 6-digit GB/T 2260 division code inside a USCC (positions 3-8).

    >>> division_of("11360102MB1234567X")
    '360102'
    """
    return code[2:8]
