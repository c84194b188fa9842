"""What every device's context needs from the whole model, worked out once per render (RenderIndex): the ports,
the route reflectors and their clients, the OSPF area of each site, the management services every device shares,
and where the families most devices lack can be at all."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from ipaddress import IPv4Address

from govnet.ipam.plan import AddressBook
from govnet.ipam.prefix import Net
from govnet.model.attach import Attachment, attachments
from govnet.model.hierarchy import ancestors, nearest
from govnet.model.hierarchy import level_name as level_of
from govnet.model.types import SPECIAL, Device, Model, Site
from govnet.reference.platforms import ROUTING_ROLES
from govnet.render import ports as portmap
from govnet.render.context import (
    Ip,
    Services,
)
from govnet.render.imports import ImportPolicy, import_policies
from govnet.render.management import networks, peer_networks
from govnet.render.secrets import Secrets
from govnet.render.underlay import own_prefixes
from govnet.render.vpn import import_targets, vpnv6_carriers

BACKBONE = "0.0.0.0"


@dataclass
class RenderIndex:
    """What every device's context needs from the whole model, computed once."""

    model: Model
    addresses: AddressBook
    secrets: Secrets
    ports: dict[str, list[portmap.Port]]
    reflectors: dict[str, list[Device]]  # site key -> its route reflectors
    clients: dict[str, list[Device]]  # reflector site key -> the devices it reflects for
    areas: dict[str, str]  # site key -> OSPF area
    vpnv6: frozenset[str]  # routers that run VPNv6
    attached: dict[str, list[Attachment]]  # attach router -> its units' attachments
    own: dict[str, tuple[Ip, ...]]  # zone name -> its own IPv4 prefixes (per zone, not per device)
    services: Services  # the management services every device shares
    imports: dict[str, ImportPolicy]  # zone name -> its access edges' import policy
    # ... with a device's source interface and site: the same for the devices of a site, so built once per pair
    sourced: dict[tuple[str, str, bool], Services] = field(default_factory=dict)  # and its RADIUS source or none
    # a BGP peer's loopback (its number, for the session order, and its address) by device, as asked
    sessions: dict[str, tuple[int, str] | None] = field(default_factory=dict)
    # Where the families that most devices lack can be at all, so that a device elsewhere (the villages' and
    # townships' lone routers: nine devices in ten) skips asking for them: each family's own lookup scans the
    # model's zones, exits or site devices again for every device, to find nothing.
    shared: frozenset[str] = frozenset()  # sites of two or more devices: only they have legs (router-firewall pairs)
    exit_sites: frozenset[str] = frozenset()  # sites an internet exit names: only they have carrier handoffs
    backbone_ends: frozenset[str] = frozenset()  # devices at a backbone link's end: only they hand VPNs off
    facing: dict[str, dict[str, list[portmap.Port]]] = field(default_factory=dict)  # device -> far -> its ports
    serving: dict[str, str | None] = field(default_factory=dict)  # router -> its reflectors' site, as worked out
    targets: dict[str, tuple[str, ...]] = field(default_factory=dict)  # zone name -> its VPN's import targets

    @property
    def decisions(self) -> Mapping[str, Net]:
        """The decisions by key text, for the render modules that do not ask the book yet."""
        return self.addresses.decisions


def build_index(model: Model, addresses: AddressBook, secrets: Secrets, wanted: set[str] | None) -> RenderIndex:
    rr_levels = set(model.routing.route_reflectors) if model.routing else set()
    reflectors: dict[str, list[Device]] = {}
    for key in model.site_by_key:
        site = model.site_by_key[key]
        if level_of(site) in rr_levels:
            found = sorted((d for d in model.devices_of(key) if d.role == "core-router" and model.is_ours(d)),
                           key=lambda d: d.name)
            if found:
                reflectors[key] = found
    clients: dict[str, list[Device]] = {}
    routers = [d for d in sorted(model.devices.values(), key=lambda d: d.name)
               if d.role in ROUTING_ROLES and model.is_ours(d)]
    serving: dict[str, str | None] = {}  # router -> the site whose reflectors serve it (_reflector_site)
    for device in routers:
        above = serving[device.name] = reflector_site(model, reflectors, device)
        if above is not None:
            clients.setdefault(above, []).append(device)
    areas = {key: ospf_area(model, site) for key, site in model.site_by_key.items()}
    attached = attachments(model)  # once: the ports ask it too
    return RenderIndex(model, addresses, secrets, portmap.allocate(model, wanted, addresses.decisions, attached),
                  reflectors, clients, areas,
                  vpnv6_carriers(model, reflectors, clients, routers), attached,
                  {z.name: own_prefixes(z) for z in model.zones}, _shared_services(model, secrets),
                  import_policies(model, addresses), shared=frozenset(model.shared_sites),
                  exit_sites=frozenset(e.site for z in model.zones for e in z.spec.exits),
                  backbone_ends=frozenset(n for link in model.links_of_kind("backbone") for n in (link.a, link.b)),
                  serving=serving, targets={z.name: import_targets(model, z) for z in model.zones})


def is_reflector(index: RenderIndex, device: Device) -> bool:
    return device in index.reflectors.get(device.site, [])


def reflector_site(model: Model, reflectors: Mapping[str, list[Device]], device: Device) -> str | None:
    """The site whose reflectors serve this device: its own (unless it is one of them), else the nearest above."""
    key: str | None = device.site
    if device in reflectors.get(device.site, []):
        key = model.site_by_key[device.site].parent
    return nearest(model.site_by_key, key, reflectors)


def ospf_area(model: Model, site: Site) -> str:
    for current in (site, *ancestors(model.site_by_key, site)):
        if current.level in ("province", SPECIAL):
            return BACKBONE
        if current.level == "city":
            return str(IPv4Address(int(current.key))) if current.key.isdigit() and current is not site else BACKBONE
    return BACKBONE


def _shared_services(model: Model, secrets: Secrets) -> Services:
    spec = model.project.management
    return Services(
        source="",
        ntp=tuple(spec.ntp), syslog=tuple(spec.syslog),
        snmp_location="",
        snmp_contact=spec.snmp.contact,
        snmp_community=secrets.get("snmp_community"),
        trap_hosts=tuple(spec.snmp.trap_hosts),
        radius=tuple(spec.aaa.radius),
        radius_key=secrets.get("radius_key") if spec.aaa.radius else "",
        local_user=spec.aaa.local_user,
        local_password=secrets.get("local_password"),
        domain=spec.domain,
        routing_key=secrets.get("routing_key"), ntp_key=secrets.get("ntp_key") if spec.ntp else "",
        snmp_auth=secrets.get("snmp_auth_key"), snmp_priv=secrets.get("snmp_priv_key"),
        networks=networks(model), peers=peer_networks(model),
    )
