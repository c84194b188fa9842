"""Services of a policy rule (``tcp/443``, ``udp/1000-2000``, ``icmp``): parsed into a typed value at the
boundary, so nothing but a known protocol and numbers in range can reach a firewall config."""

from __future__ import annotations

import re
from typing import Annotated, NamedTuple

from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

PROTOCOLS = ("tcp", "udp", "icmp")
_FORM = re.compile(r"(?P<protocol>[a-z]+)(?:/(?P<low>[0-9]{1,5})(?:-(?P<high>[0-9]{1,5}))?)?")
_HINT = "write tcp/443, udp/1000-2000 (a range, low first) or icmp; ports are 1-65535; no services means any"


class Service(NamedTuple):
    """One service: a protocol and, for TCP and UDP, a destination port range (None: every port)."""

    protocol: str
    low: int | None = None
    high: int | None = None

    def __str__(self) -> str:
        """The canonical text: tcp/443, udp/1000-2000, icmp."""
        if self.low is None:
            return self.protocol
        return f"{self.protocol}/{self.low}" + (f"-{self.high}" if self.high != self.low else "")


def parse_service(value: object) -> Service:
    """The typed service written as ``value``; raises PydanticCustomError (a GN204 at the item's line).

    >>> parse_service("tcp/443"), str(parse_service("udp/1000-2000")), parse_service("icmp").low
    (Service(protocol='tcp', low=443, high=443), 'udp/1000-2000', None)
    """
    if isinstance(value, Service):
        return value
    if not isinstance(value, str):
        raise _refused(value, "a service is text such as tcp/443")
    match = _FORM.fullmatch(value)  # fullmatch: a trailing newline is not part of a valid service
    if match is None:
        raise _refused(value, "it is not of the form protocol[/port[-port]]")
    protocol = match["protocol"]
    if protocol not in PROTOCOLS:
        raise _refused(value, f"unknown protocol '{protocol}' (known: {', '.join(PROTOCOLS)})")
    if match["low"] is None:
        return Service(protocol)
    if protocol == "icmp":
        raise _refused(value, "ICMP types are not rendered by the firewall templates yet; write 'icmp' (all ICMP)")
    low, high = int(match["low"]), int(match["high"] or match["low"])
    if not 1 <= low <= 65535 or not 1 <= high <= 65535:
        raise _refused(value, "ports are 1-65535")
    if high < low:
        raise _refused(value, f"the range runs backwards ({low} > {high}); write {protocol}/{high}-{low}")
    return Service(protocol, low, high)


def _refused(value: object, why: str) -> PydanticCustomError:
    shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
    return PydanticCustomError("govnet_service", "cannot read service {shown}: {why}",
                               {"shown": shown, "why": why, "hint": _HINT})


# Editors see the text form (govnet schema): a string of the shape parse_service reads, ports 1-65535; that a
# range runs low to high is judged by govnet alone.
_PORT = r"(?:6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3})"
_EDITOR_SCHEMA = {"type": "string", "pattern": rf"^(?:(?:tcp|udp)(?:/{_PORT}(?:-{_PORT})?)?|icmp)$"}
ServiceSpec = Annotated[Service, BeforeValidator(parse_service), WithJsonSchema(_EDITOR_SCHEMA)]
