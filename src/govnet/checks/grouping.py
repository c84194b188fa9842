"""Many sites with one mistake (a profile, a parent) make one diagnostic, not hundreds."""

from __future__ import annotations

from collections.abc import Sequence

SHOWN = 5


def some(keys: Sequence[str]) -> str:
    """A few keys, and how many more.

    >>> some(["1", "2"]), some([str(i) for i in range(8)])
    ('1, 2', '0, 1, 2, 3, 4 and 3 more')
    """
    shown = ", ".join(keys[:SHOWN])
    rest = len(keys) - SHOWN
    return f"{shown} and {rest} more" if rest > 0 else shown
