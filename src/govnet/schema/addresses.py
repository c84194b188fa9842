"""Address values in model files: IPv4/IPv6 prefixes, read with netaddr and kept in canonical text form."""

from __future__ import annotations

from typing import Annotated

import netaddr
from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError


def canonical_prefix(value: object) -> str:
    """A prefix as canonical text; raises PydanticCustomError with a fix when it is not one.

    >>> canonical_prefix("10.32.0.0/11"), canonical_prefix("2001:DB8::/32")
    ('10.32.0.0/11', '2001:db8::/32')
    >>> canonical_prefix("10.32.1.0/11")
    Traceback (most recent call last):
    pydantic_core._pydantic_core.PydanticCustomError: 10.32.1.0/11 has host bits set
    """
    example = "write an address and a prefix length, e.g. 10.32.0.0/11 or 2001:db8::/32"
    if not isinstance(value, str) or "/" not in value:
        raise PydanticCustomError("govnet_prefix", "{value} is not an address prefix",
                                  {"value": repr(value), "hint": example})
    try:
        network = netaddr.IPNetwork(value.strip())
    except (netaddr.AddrFormatError, ValueError, TypeError):
        raise PydanticCustomError("govnet_prefix", "cannot read {value} as an address prefix",
                                  {"value": repr(value), "hint": example}) from None
    if network.ip != network.network:
        raise PydanticCustomError("govnet_prefix", "{value} has host bits set",
                                  {"value": value, "hint": f"did you mean {network.cidr}?"})
    return str(network.cidr)


# For editors: the shape of the text (the validators judge the address itself).
_PREFIX_TEXT = WithJsonSchema({"type": "string", "pattern": r"^\s*[0-9A-Fa-f:.]+/\d{1,3}\s*$",
                               "examples": ["10.32.0.0/11", "2001:db8::/32"]})
_ADDRESS_TEXT = WithJsonSchema({"type": "string", "pattern": r"^\s*[0-9A-Fa-f:.]+\s*$"})
Prefix = Annotated[str, BeforeValidator(canonical_prefix), _PREFIX_TEXT]


def _address_of(family: int, with_length: bool) -> BeforeValidator:
    """A validator for one family's address (``198.51.100.129``) or interface address with the length of its
    subnet (``198.51.100.130/30``, host bits expected), kept in canonical text form."""
    name = f"IPv{family} address" + (" with a prefix length" if with_length else "")
    example = {(4, True): "198.51.100.130/30", (4, False): "198.51.100.129",
               (6, True): "2001:db8:ffff::2/126", (6, False): "2001:db8:ffff::1"}[(family, with_length)]

    def check(value: object) -> str:
        hint = f"write an {name}, e.g. {example}"
        text = value.strip() if isinstance(value, str) else None
        if text is None or ("/" in text) != with_length:
            raise PydanticCustomError("govnet_prefix", "{value} is not an {name}",
                                      {"value": repr(value), "name": name, "hint": hint})
        try:
            found = netaddr.IPNetwork(text) if with_length else netaddr.IPAddress(text)
        except (netaddr.AddrFormatError, ValueError, TypeError):
            raise PydanticCustomError("govnet_prefix", "cannot read {value} as an {name}",
                                      {"value": repr(value), "name": name, "hint": hint}) from None
        if found.version != family:
            raise PydanticCustomError("govnet_prefix", "{value} is not an {name}",
                                      {"value": repr(value), "name": name, "hint": hint})
        return str(found)

    return BeforeValidator(check)


Ipv4Interface = Annotated[str, _address_of(4, True), _PREFIX_TEXT]
Ipv4Address = Annotated[str, _address_of(4, False), _ADDRESS_TEXT]
Ipv6Interface = Annotated[str, _address_of(6, True), _PREFIX_TEXT]
Ipv6Address = Annotated[str, _address_of(6, False), _ADDRESS_TEXT]
