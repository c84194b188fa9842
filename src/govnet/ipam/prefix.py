"""Prefixes as integers: the allocator handles tens of thousands of them, so the hot path avoids objects
heavier than a tuple. netaddr reads what users write (schema.addresses) and decomposes ranges for reports."""

from __future__ import annotations

import socket
from typing import NamedTuple

BITS = {4: 32, 6: 128}
FAMILY_OF = {"ipv4": 4, "ipv6": 6}
FAMILY_NAME = {4: "ipv4", 6: "ipv6"}


class Net(NamedTuple):
    """One prefix: ``start`` is the network address as an integer, ``length`` the prefix length.

    A named tuple rather than a frozen dataclass: a national lock holds 240,000 of them, and a tuple is built
    and compared several times faster. Ordering is (family, start, length), as before."""

    family: int  # 4 or 6
    start: int
    length: int

    @property
    def size(self) -> int:
        return 1 << ((32 if self.family == 4 else 128) - self.length)

    @property
    def end(self) -> int:  # exclusive
        return self.start + (1 << ((32 if self.family == 4 else 128) - self.length))

    def contains(self, other: Net) -> bool:
        return self.family == other.family and self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Net) -> bool:
        return self.family == other.family and self.start < other.end and other.start < self.end

    def __str__(self) -> str:
        return f"{address_text(self.family, self.start)}/{self.length}"


def address_text(family: int, value: int) -> str:
    """An address in the canonical text form (RFC 5952 for IPv6), as Python's ipaddress writes it.

    >>> address_text(4, 167772161), address_text(6, 0x20010db8000000000000000000000001), address_text(6, 0xFFFF0A000001)
    ('10.0.0.1', '2001:db8::1', '::ffff:a00:1')
    """
    if family == 4:
        return socket.inet_ntop(socket.AF_INET, value.to_bytes(4, "big"))
    if value >> 48 == 0:  # the C library writes these with a dotted IPv4 tail (::ffff:1.2.3.4); ipaddress does not
        import ipaddress

        return str(ipaddress.IPv6Address(value))
    return socket.inet_ntop(socket.AF_INET6, value.to_bytes(16, "big"))


def parse_net(text: str) -> Net:
    """A prefix in canonical or plain form; ValueError when it is not one (or has host bits set).

    >>> str(parse_net("10.64.0.0/10")), str(parse_net("2001:DB8::/32")), parse_net("10.0.0.0/8").size
    ('10.64.0.0/10', '2001:db8::/32', 16777216)
    >>> parse_net("10.64.0.1/10")
    Traceback (most recent call last):
    ValueError: 10.64.0.1/10 has host bits set
    """
    address, slash, length_text = text.partition("/")
    if not slash or not length_text.isdigit():
        raise ValueError(f"{text} is not a prefix")
    family = 6 if ":" in address else 4
    try:
        packed = socket.inet_pton(socket.AF_INET6 if family == 6 else socket.AF_INET, address)
    except OSError:
        raise ValueError(f"{text} is not a prefix") from None
    length = int(length_text)
    if length > BITS[family]:
        raise ValueError(f"{text}: prefix length above {BITS[family]}")
    start = int.from_bytes(packed, "big")
    if start & ((1 << (BITS[family] - length)) - 1):
        raise ValueError(f"{text} has host bits set")
    return Net(family, start, length)


def first_fit(free: list[tuple[int, int]], size: int) -> int | None:
    """Take the lowest aligned block of ``size`` addresses from sorted free intervals [start, end); the
    list is updated in place. None when nothing fits.

    >>> free = [(0, 8), (16, 64)]
    >>> first_fit(free, 16), free
    (16, [(0, 8), (32, 64)])
    >>> first_fit(free, 4), free, first_fit(free, 64)
    (0, [(4, 8), (32, 64)], None)
    """
    for i, (low, high) in enumerate(free):
        aligned = (low + size - 1) & ~(size - 1)
        if aligned + size <= high:
            pieces = [(a, b) for a, b in ((low, aligned), (aligned + size, high)) if a < b]
            free[i:i + 1] = pieces
            return aligned
    return None


def subtract(start: int, end: int, used: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The free intervals of [start, end) once the sorted ``used`` intervals (which may nest) are taken.

    >>> subtract(0, 100, [(10, 20), (12, 14), (50, 60)])
    [(0, 10), (20, 50), (60, 100)]
    """
    free = []
    cursor = start
    for low, high in used:
        if low > cursor:
            free.append((cursor, min(low, end)))
        cursor = max(cursor, high)
        if cursor >= end:
            break
    if cursor < end:
        free.append((cursor, end))
    return [(a, b) for a, b in free if a < b]
