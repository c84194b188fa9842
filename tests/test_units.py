from __future__ import annotations

import pytest

from govnet.reference.units import format_bandwidth, parse_bandwidth


@pytest.mark.parametrize("text, bits", [
    ("100M", 100_000_000), ("1G", 10**9), ("10G", 10**10), ("100G", 10**11), ("2.5G", 2_500_000_000),
    ("155M", 155_000_000), ("10Gbps", 10**10), ("100 Mbit/s", 100_000_000), ("512k", 512_000),
    (155_000_000, 155_000_000), ("1000000", 1_000_000),
])
def test_accepts_what_engineers_write(text: object, bits: int) -> None:
    assert parse_bandwidth(text) == bits


@pytest.mark.parametrize("text", ["fast", "", "10X", "-1G", "1.5", "0", 0, -5, True, None, 1.5, "G", "1e9"])
def test_rejects_everything_else(text: object) -> None:
    assert parse_bandwidth(text) is None


@pytest.mark.parametrize("bits", [10**8, 10**9, 2_500_000_000, 155_000_000, 1_000, 7])
def test_format_round_trips(bits: int) -> None:
    assert parse_bandwidth(format_bandwidth(bits)) == bits
