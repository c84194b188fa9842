"""An access gateway's own context (issue 13 #11): the SSL VPN of the secure access platform (安全接入平台).

The gateway terminates remote users' SSL VPN sessions on its portal address (a loopback the routers route to the
active gateway in the access platform's VPN instance) and gives each client an address from the model's client
pool; the clients' traffic leaves toward the routers' legs in that VPN instance, where the province firewall's
rules whose source is the pool decide what it reaches. The gateway pushes to its clients the routes of exactly
those destinations. Certificates and the user directory are not in the model: the context names them, the
operator installs them under those names.
"""

from __future__ import annotations

from govnet.ipam.plan import AddressBook
from govnet.ipam.prefix import parse_net
from govnet.model.access import GATEWAY, access_platform
from govnet.model.types import Device, Model
from govnet.render.context import Gateway, Interface, host

NAME = "SAP"  # the virtual gateway's name on the device
PORTAL = "LoopBack2"  # LoopBack0 is the router ID, LoopBack1 management; verify finds the portal by it


def portal_interface(model: Model, addresses: AddressBook, device: Device) -> Interface | None:
    """The loopback holding the portal address of an access gateway (the routers send it to the active one), as
    the lock holds it (``<zone> ipv4 portal <site>``: the model's pin, or allocated from the zone's pool)."""
    if device.role != GATEWAY:  # asked for every device: the role first, the platform (a scan of the zones) after
        return None
    platform = access_platform(model)
    if platform is None:
        return None
    portal = addresses.portal(platform.zone.name, platform.site)
    if portal is None:
        return None
    return Interface(PORTAL, "SAP-PORTAL", "loopback", host(portal), security_zone=platform.zone.name)


def _reach(model: Model, pool: str) -> list[str]:
    """The IPv4 destinations of the permit rules whose source groups hold the client pool (the zone's pools when a
    rule names no destination group)."""
    groups = model.policy.address_groups
    found: list[str] = []
    for rule in model.policy.rules:
        if rule.action != "permit" or not any(pool in groups.get(g, []) for g in rule.source):
            continue
        zone = model.zone_by_name.get(rule.to)
        plan = zone.spec.addresses.ipv4 if zone is not None and zone.spec.addresses is not None else None
        found += [p for g in rule.destination for p in groups.get(g, [])] or (list(plan.pool) if plan else [])
    return [p for p in dict.fromkeys(found) if ":" not in p]


def gateway(model: Model, device: Device, interfaces: list[Interface]) -> Gateway | None:
    if device.role != GATEWAY:
        return None
    platform = access_platform(model)
    if platform is None or not platform.spec.client_pool:
        return None
    pool = parse_net(platform.spec.client_pool[0])
    if pool.family != 4 or pool.size < 4:
        return None
    portal = next((i for i in interfaces if i.name == PORTAL), None)
    # the pool's first address is the gateway's own side of the tunnels (the SSL VPN AC interface on SecPath);
    # clients get the rest, neither the network nor the broadcast address
    first, last = host(pool, 2), host(pool, pool.size - 2)
    return Gateway(NAME, portal, host(pool), host(pool, 1), first.address, last.address,
                   tuple(host(parse_net(p)) for p in _reach(model, platform.spec.client_pool[0])),
                   platform.spec.certificate, platform.spec.directory)
