"""Address values in model files: IPv4/IPv6 prefixes, read with netaddr and kept in canonical text form."""

from __future__ import annotations

from typing import Annotated

import netaddr
from pydantic import BeforeValidator
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


Prefix = Annotated[str, BeforeValidator(canonical_prefix)]
