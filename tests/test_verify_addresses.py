"""verify reads addresses with the C library's parser where it can (govnet.verify.readers.address4/interface6,
scan._network4): the same values as ipaddress for every text, and the same refusals (a refused text is a line
verify does not read, as before)."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from pathlib import Path

import pytest

from govnet.verify.readback import ConfigFile, ScanCache, read_back
from govnet.verify.readers import address4, interface6
from govnet.verify.scan import _network4

V4 = ["10.1.2.3", "0.0.0.0", "255.255.255.255", "010.1.2.3", "1.2.3", "1.2.3.4.5", "256.1.1.1", "0x1.2.3.4",
      "1.2.3.4 ", " 1.2.3.4", "", "1..2.3", "١.2.3.4", "1.2.3.4\0"]
V6 = ["2409:8000::1/64", "2409:8000::1", "::/0", "::ffff:1.2.3.4/96", "::ffff:1.2.3.04/96", "fe80::1%eth0/64",
      "2409:0db8::1/064", "2409:00db8::1/64", "1:2:3:4:5:6:7:8/128", "1:2:3:4:5:6:7:8:9/64", "1::2::3/64",
      "2409:DB8::A/48", "2409::1/129", "2409::1/", "2409::1/x", "2409::1/６４", " ::1/64", "::1/64/1"]
MASKS = [("10.0.0.0", "255.0.0.0"), ("10.0.0.0", "8"), ("10.0.0.1", "8"), ("10.0.0.0", "0.255.255.255"),
         ("10.0.0.0", "255.0.255.0"), ("10.0.0.0", "33"), ("10.0.0.0", "008"), ("0.0.0.0", "0"),
         ("0.0.0.0", "0.0.0.0"), ("10.0.0.1", "255.255.255.255"), ("10.0.0.01", "32"), ("x", "24"), ("10.0.0.0", "")]


def _result(make: Callable[..., object], *args: str) -> object:
    try:
        return make(*args)
    except ValueError:
        return ValueError


@pytest.mark.parametrize("text", V4)
def test_an_ipv4_address_reads_as_ipaddress_reads_it(text: str) -> None:
    assert _result(address4, text) == _result(lambda t: int(ipaddress.IPv4Address(t)), text)


@pytest.mark.parametrize("text", V6)
def test_an_ipv6_interface_reads_as_ipaddress_reads_it(text: str) -> None:
    expected = _result(ipaddress.IPv6Interface, text)
    found = _result(interface6, text)
    assert found == expected and str(found) == str(expected)


@pytest.mark.parametrize(("address", "mask"), MASKS)
def test_a_static_route_prefix_reads_as_ipaddress_reads_it(address: str, mask: str) -> None:
    expected = _result(ipaddress.IPv4Network, f"{address}/{mask}")
    assert _network4(address, mask) == (None if expected is ValueError else expected)


def test_the_scan_cache_keeps_addresses_as_numbers_and_gives_back_the_same_facts(tmp_path: Path) -> None:
    text = ("sysname R\ninterface GE0/0/1\n ip address 10.0.0.1 255.255.255.252\n ipv6 address 2409:8000::1/64\n"
            "interface GE0/0/2\n ipv6 address fe80::1%eth0/64\nip route-static 10.9.0.0 16 10.0.0.2\n"
            "ipv6 route-static 2409:9000:: 48 2409:8000::2\nip ip-prefix P index 10 permit 10.0.0.0 8 less-equal 24\n")
    config = ConfigFile("R", "configs/r.cfg", "digest", text)
    first = ScanCache(tmp_path / "scan.cache")
    facts = read_back([config], first)["R"]
    first.save()
    again = ScanCache(tmp_path / "scan.cache")
    assert again.lookup(config) == facts and again.hits == 1
    assert str(facts.interfaces["GE0/0/2"].ipv6) == "fe80::1%eth0/64"  # its zone survives the cache too
    assert b"2409:8000::1" not in (tmp_path / "scan.cache").read_bytes()  # kept as a number, not as text
