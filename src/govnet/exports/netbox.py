"""NetBox: CSV files for its bulk import (Import tab or `POST …/?format=csv`), numbered in import order.

Field names and choice values are those of NetBox 4.6's import forms (netbox/*/forms/bulk_import.py, checked by
tests/test_exports.py against tests/vendor/netbox-import.json). Related objects are referenced by natural keys
with NetBox's `field.attr` headers (`region.slug`, `site.slug`, …), so names that repeat in the hierarchy
(市辖区, 城关镇) cannot be confused: slugs are built from division codes. Sites are named `名称 (code)` because
NetBox wants site names unique.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from govnet.exports.inventory import SPECIAL_LEVEL, Inventory, Port, ancestors

# Nominal device types: the model does not record hardware models, only the platform (OS family).
DEVICE_TYPES = {
    "huawei_vrp": "NetEngine router (VRP)",
    "huawei_vrp8": "NetEngine router (VRP8)",
    "huawei_usg": "USG firewall",
    "h3c_comware": "Comware 7 router",
    "h3c_secpath": "SecPath firewall",
    "cisco_iosxe": "IOS XE router",
}
ROLE_COLOURS = {"core-router": "c0392b", "router": "2980b9", "firewall": "e67e22"}
G = 1_000_000_000


def slug(text: str) -> str:
    """A NetBox slug (letters, digits, - and _).

    >>> slug("360102"), slug("gov-cloud"), slug("huawei_vrp"), slug("CLOUD")
    ('360102', 'gov-cloud', 'huawei-vrp', 'cloud')
    """
    return "".join(c if c.isascii() and (c.isalnum() or c == "-") else "-" for c in text.lower()).strip("-")


def interface_type(port: Port) -> str:
    """NetBox's InterfaceTypeChoices value for a port."""
    if not port.physical or port.speed is None:
        return "virtual"
    if port.speed >= 100 * G:
        return "100gbase-x-qsfp28"
    if port.speed >= 40 * G:
        return "40gbase-x-qsfpp"
    if port.speed >= 10 * G:
        return "10gbase-x-sfpp"
    return "1000base-t"


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else str(v).lower() if isinstance(v, bool) else v for v in row])
    return out.getvalue()


def region_slug(key: str) -> str:
    return f"cn-{key}"


def site_slug(key: str) -> str:
    return f"site-{slug(key)}"


def netbox_files(inv: Inventory) -> dict[str, str]:
    """The CSV files, by name; the number in front of each is its place in the import order."""
    files: dict[str, str] = {}
    all_sites = inv.hierarchy
    keys = [k for k in ancestors(all_sites, inv.root)[::-1] if k != inv.root] + [s.key for s in inv.sites]
    divisions = [k for k in keys if all_sites[k][1] != SPECIAL_LEVEL]
    files["01-regions.csv"] = _csv(("name", "slug", "parent.slug", "description"), (
        (all_sites[k][0], region_slug(k), region_slug(p) if (p := all_sites[k][2]) in divisions else None,
         f"{all_sites[k][1]} {k}") for k in divisions))

    def region_of(key: str) -> str:
        for k in [key, *ancestors(all_sites, key)]:
            if all_sites[k][1] != SPECIAL_LEVEL:
                return region_slug(k)
        return region_slug(inv.province)

    files["02-sites.csv"] = _csv(("name", "slug", "status", "region.slug", "description"), (
        (f"{s.name} ({s.key})", site_slug(s.key), "active", region_of(s.key), s.description or s.kind or s.level)
        for s in inv.sites))
    platforms = sorted({(n.platform, n.vendor) for n in inv.nodes})
    files["03-manufacturers.csv"] = _csv(("name", "slug"), sorted({(v, slug(v)) for _, v in platforms}))
    files["05-device-types.csv"] = _csv(("manufacturer", "model", "slug", "u_height", "default_platform.slug"), (
        (v, DEVICE_TYPES.get(p, p), slug(p), 1, slug(p)) for p, v in platforms))
    # default_platform refers to a platform, so platforms come before device types in import order.
    files["04-platforms.csv"] = _csv(("name", "slug", "manufacturer"), ((p, slug(p), v) for p, v in platforms))
    roles = sorted({n.role for n in inv.nodes})
    files["06-device-roles.csv"] = _csv(("name", "slug", "color"), ((r, slug(r), ROLE_COLOURS.get(r, "9e9e9e"))
                                                                     for r in roles))
    files["07-devices.csv"] = _csv(
        ("name", "role.slug", "manufacturer", "device_type.slug", "platform.slug", "site.slug", "status",
         "description"),
        ((n.name, slug(n.role), n.vendor, slug(n.platform), slug(n.platform), site_slug(n.site),
          "active" if n.ours else "planned", None if n.ours else "not managed by govnet") for n in inv.nodes))
    ports = [p for n in inv.nodes for p in sorted(n.ports, key=lambda p: p.parent is not None)]
    files["10-interfaces.csv"] = _csv(
        ("device", "name", "parent", "type", "speed", "enabled", "mgmt_only", "vrf.name", "description"),
        ((p.device, p.name, p.parent, interface_type(p), p.speed // 1000 if p.speed else None, p.enabled,
          p.kind == "management", p.vrf, p.description) for p in ports))
    files["11-cables.csv"] = _csv(
        ("side_a_device", "side_a_type", "side_a_name", "side_b_device", "side_b_type", "side_b_name", "type",
         "status", "label", "description"),
        ((c.a_device, "dcim.interface", c.a_port, c.b_device, "dcim.interface", c.b_port, "smf", "connected",
          c.carrier, c.kind) for c in inv.cables))
    targets = sorted({t for v in inv.vrfs for t in (*v.rt_import, *v.rt_export)})
    files["08-route-targets.csv"] = _csv(("name", "description"), ((t, "route target") for t in targets))
    files["09-vrfs.csv"] = _csv(("name", "rd", "enforce_unique", "import_targets", "export_targets", "description"),
                                ((v.name, v.rd, True, ",".join(v.rt_import), ",".join(v.rt_export),
                                  f"{v.title} ({v.zone})") for v in inv.vrfs))
    files["12-ipam-roles.csv"] = _csv(("name", "slug"), (("site-block", "site-block"), ("unit-subnet", "unit-subnet")))
    files["13-prefixes.csv"] = _csv(("prefix", "vrf.name", "status", "role", "description"), (
        (b.prefix, b.vrf, "active" if b.configured else "reserved", b.role, f"{b.role} {b.subject}")
        for b in inv.blocks))
    addresses = [(p, a) for n in inv.nodes for p in n.ports for a in (p.ipv4, p.ipv6) if a]
    header = ("address", "vrf.name", "status", "role", "device", "interface", "description")
    files["14-ip-addresses.csv"] = _csv(header, (
        (a, p.vrf, "active", "loopback" if p.kind == "loopback" else None, p.device, p.name, p.kind)
        for p, a in addresses if p.kind != "management"))
    # A file of its own: an is_primary column, even blank, makes NetBox clear the primary address of the rows
    # without it (IPAddressImportForm.clean_is_primary).
    files["15-management-addresses.csv"] = _csv((*header, "is_primary"), (
        (a, p.vrf, "active", "loopback", p.device, p.name, "management", True)
        for p, a in addresses if p.kind == "management"))
    return dict(sorted(files.items()))
