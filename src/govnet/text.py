"""Control characters in user text: found once, escaped once."""

from __future__ import annotations

import re

# C0/C1 controls (newline, tab, escape …) and Unicode line/paragraph separators: each can split a line of a
# device config or of a diagnostic.
CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def escape_controls(text: str) -> str:
    r"""Control characters as visible escapes.

    >>> escape_controls("a\nb")
    'a\\nb'
    """
    return CONTROL_CHARS.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
