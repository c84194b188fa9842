"""User text: control characters found once and escaped once, and names compared as their writer meant them."""

from __future__ import annotations

import re
import unicodedata

# C0/C1 controls (newline, tab, escape …) and Unicode line/paragraph separators: each can split a line of a
# device config or of a diagnostic.
CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def escape_controls(text: str) -> str:
    r"""Control characters as visible escapes.

    >>> escape_controls("a\nb")
    'a\\nb'
    """
    return CONTROL_CHARS.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def carrier_key(name: str | None) -> str | None:
    """A carrier as compared for diversity: '电信 ', '电\u200b信' and '电信' are one carrier, whatever spaces or
    invisible characters a copy-paste left in; an empty name is none.

    >>> carrier_key(" 电信\u00a0"), carrier_key("电\u200b信"), carrier_key("ＣＴ"), carrier_key("ct"), carrier_key(" ")
    ('电信', '电信', 'CT', 'CT', None)
    """
    if name is None:
        return None
    key = "".join(c for c in unicodedata.normalize("NFKC", name) if unicodedata.category(c) not in ("Cf", "Zs"))
    return key.strip().upper() or None


def names_division(given: str, name: str) -> bool:
    """``given`` names the division ``name`` as people write it: in full (南昌县), or without the last character
    that says its kind (南昌); a two-character name only in full (a lone 县 names nothing).

    >>> names_division("南昌", "南昌县"), names_division("南昌县", "南昌县"), names_division("东", "东区")
    (True, True, False)
    """
    return given == name or (len(name) > 2 and given == name[:-1])
