"""The `management:` section of govnet.yaml: the services every device is configured to use.

Addresses only, never secrets: SNMP communities, RADIUS keys and local passwords come from the environment or a
secrets file outside git (see govnet.render.secrets)."""

from __future__ import annotations

from typing import Annotated, Literal

import netaddr
from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from govnet.schema.addresses import Prefix
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


class PlaneSpec(Strict):
    """How devices are reached for management. In-band: the global routing table, every router's management
    loopback in the IGP, the NOC network on a port of the NOC site's core routers (advertised in the IGP), and
    each firewall on a management sub-interface (VLAN ``firewall_vlan``) toward each router of its site, in the
    global table, with static routes to the NOC networks so its own traffic never follows a zone default route.
    Out-of-band (a management port per device) is not rendered yet."""

    mode: Literal["in-band"] = "in-band"
    networks: list[Prefix] = []  # the NOC: NMS, syslog, NTP, AAA servers and administrators; VTY/SNMP ACLs permit it
    site: str | None = None  # the site whose core routers connect the NOC network (default: the province)
    firewall_vlan: int = Field(default=4000, ge=2, le=4094)


class ManagementSpec(Strict):
    plane: PlaneSpec = PlaneSpec()
    domain: str = Field(default="extranet.local", pattern=r"^[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?$")  # SSH keys
    ntp: list[Address] = []
    syslog: list[Address] = []
    snmp: SnmpSpec = SnmpSpec()
    aaa: AaaSpec = AaaSpec()
