"""Bandwidth values as engineers write them."""

from __future__ import annotations

import re

BANDWIDTH_PATTERN = r"^\s*(\d+(?:\.\d+)?)\s*([kKmMgGtT]?)(?:bps|bit/s|b/s)?\s*$"
_BANDWIDTH = re.compile(BANDWIDTH_PATTERN)
_FACTOR = {"": 1, "K": 10**3, "M": 10**6, "G": 10**9, "T": 10**12}


def parse_bandwidth(value: object) -> int | None:
    """Bits per second from '100M', '1G', '2.5G', '10Gbps' or a plain integer; None when unparseable.

    >>> parse_bandwidth("100M"), parse_bandwidth("10G"), parse_bandwidth(155_000_000)
    (100000000, 10000000000, 155000000)
    >>> parse_bandwidth("fast") is None, parse_bandwidth(0) is None, parse_bandwidth(True) is None
    (True, True, True)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value > 0 else None
    if not isinstance(value, str):
        return None
    match = _BANDWIDTH.fullmatch(value)
    if not match:
        return None
    bits = float(match.group(1)) * _FACTOR[match.group(2).upper()]
    return int(bits) if bits >= 1 and bits == int(bits) else None


def format_bandwidth(bits: int) -> str:
    """The shortest exact engineering form.

    >>> format_bandwidth(10**10), format_bandwidth(155_000_000), format_bandwidth(2_500_000_000)
    ('10G', '155M', '2.5G')
    """
    for unit in ("T", "G", "M", "K"):
        factor = _FACTOR[unit]
        if bits >= factor:
            value = bits / factor
            return f"{value:g}{unit}" if value * factor == bits else str(bits)
    return str(bits)
