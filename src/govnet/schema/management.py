"""The `management:` section of govnet.yaml: the services every device is configured to use.

Addresses only, never secrets: SNMP communities, RADIUS keys and local passwords come from the environment or a
secrets file outside git (see govnet.render.secrets)."""

from __future__ import annotations

from typing import Annotated

import netaddr
from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from govnet.schema.base import Strict


def _address(value: object) -> str:
    if isinstance(value, str):
        try:
            return str(netaddr.IPAddress(value.strip()))
        except (netaddr.AddrFormatError, ValueError):
            pass
    raise PydanticCustomError("govnet_address", "expected an IP address such as 10.2.0.1, got {value!r}",
                              {"value": value})


Address = Annotated[str, BeforeValidator(_address)]
# Text that goes into device configs as is: printable ASCII, no quotes (vendors differ on quoting).
ConfigText = Annotated[str, Field(pattern=r"^[A-Za-z0-9 @._:/()-]{1,64}$")]


class SnmpSpec(Strict):
    contact: ConfigText | None = None
    trap_hosts: list[Address] = []  # SNMPv2c trap receivers; the community is a secret


class AaaSpec(Strict):
    radius: list[Address] = []  # RADIUS servers for administrator login; the key is a secret
    local_user: str = Field(default="netadmin", pattern=r"^[a-z][a-z0-9_-]{0,31}$")  # fallback account


class ManagementSpec(Strict):
    ntp: list[Address] = []
    syslog: list[Address] = []
    snmp: SnmpSpec = SnmpSpec()
    aaa: AaaSpec = AaaSpec()
