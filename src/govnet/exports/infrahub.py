"""Infrahub: a schema for the extranet's objects and the object files that fill it, loaded in file-name order
(`infrahubctl schema load 00-schema.yml`, then `infrahubctl object load 01-*.yml …`).

Object files are Infrahub's `apiVersion: infrahub.app/v1, kind: Object` format (docs.infrahub.app, "Object
files"); every node kind has a human-friendly ID from natural keys (site code, device name, VRF name), so files
reload idempotently and refer to each other by those keys. Interfaces are components of their device and load
with it.
"""

from __future__ import annotations

from typing import Any

from govnet.exports.automation import dump
from govnet.exports.inventory import Inventory

NAMESPACE = "Govnet"


def _attr(name: str, kind: str = "Text", *, optional: bool = False, unique: bool = False,
          default: object = None) -> dict[str, Any]:
    found: dict[str, Any] = {"name": name, "kind": kind, "optional": optional}
    return found | ({"unique": True} if unique else {}) | ({"default_value": default} if default is not None else {})


SCHEMA: dict[str, Any] = {
    "version": "1.0",
    "nodes": [
        {"name": "Site", "namespace": NAMESPACE, "label": "Site 站点", "human_friendly_id": ["code__value"],
         "display_label": "{{ name__value }}",
         "attributes": [_attr("code", unique=True), _attr("name"), _attr("level"),
                        _attr("kind", optional=True), _attr("description", optional=True)],
         "relationships": [{"name": "parent", "peer": f"{NAMESPACE}Site", "cardinality": "one", "optional": True,
                            "kind": "Attribute", "identifier": "site__parent", "direction": "outbound"}]},
        {"name": "Device", "namespace": NAMESPACE, "label": "Device 设备", "human_friendly_id": ["name__value"],
         "display_label": "{{ name__value }}",
         "attributes": [_attr("name", unique=True), _attr("role"), _attr("platform"), _attr("vendor"),
                        _attr("managed", "Boolean"), _attr("loopback", "IPHost", optional=True),
                        _attr("management", "IPHost", optional=True)],
         "relationships": [
             {"name": "site", "peer": f"{NAMESPACE}Site", "cardinality": "one", "optional": False,
              "kind": "Attribute", "identifier": "device__site", "direction": "outbound"},
             {"name": "interfaces", "peer": f"{NAMESPACE}Interface", "cardinality": "many", "optional": True,
              "kind": "Component", "identifier": "device__interface"}]},
        {"name": "Interface", "namespace": NAMESPACE, "label": "Interface 接口",
         "human_friendly_id": ["device__name__value", "name__value"], "display_label": "{{ name__value }}",
         "uniqueness_constraints": [["device", "name__value"]],
         "attributes": [_attr("name"), _attr("kind"), _attr("description", optional=True),
                        _attr("speed", "Number", optional=True), _attr("ipv4", "IPHost", optional=True),
                        _attr("ipv6", "IPHost", optional=True), _attr("vrf", optional=True),
                        _attr("vlan", "Number", optional=True), _attr("parent_port", optional=True),
                        _attr("enabled", "Boolean", optional=True, default=True)],
         "relationships": [{"name": "device", "peer": f"{NAMESPACE}Device", "cardinality": "one",
                            "optional": False, "kind": "Parent", "identifier": "device__interface"}]},
        {"name": "Cable", "namespace": NAMESPACE, "label": "Cable 链路", "human_friendly_id": ["label__value"],
         "attributes": [_attr("label", unique=True), _attr("a_device"), _attr("a_port"), _attr("b_device"),
                        _attr("b_port"), _attr("bandwidth", "Number", optional=True),
                        _attr("carrier", optional=True), _attr("kind")]},
        {"name": "Vrf", "namespace": NAMESPACE, "label": "VRF", "human_friendly_id": ["name__value"],
         "attributes": [_attr("name", unique=True), _attr("zone"), _attr("title"), _attr("route_distinguisher"),
                        _attr("import_targets", "List"), _attr("export_targets", "List")]},
        {"name": "Prefix", "namespace": NAMESPACE, "label": "Prefix 网段",
         "human_friendly_id": ["vrf__name__value", "prefix__value"],
         "uniqueness_constraints": [["vrf", "prefix__value"]],
         "attributes": [_attr("prefix", "IPNetwork"), _attr("role"), _attr("subject")],
         "relationships": [
             {"name": "vrf", "peer": f"{NAMESPACE}Vrf", "cardinality": "one", "optional": False,
              "kind": "Attribute", "identifier": "prefix__vrf", "direction": "outbound"},
             {"name": "site", "peer": f"{NAMESPACE}Site", "cardinality": "one", "optional": True,
              "kind": "Attribute", "identifier": "prefix__site", "direction": "outbound"}]},
    ],
}


def _objects(kind: str, data: list[dict[str, Any]]) -> str:
    document = {"apiVersion": "infrahub.app/v1", "kind": "Object", "spec": {"kind": f"{NAMESPACE}{kind}",
                                                                            "data": data}}
    return "---\n" + dump(document, sort_keys=False)


def _clean(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if v is not None}


def infrahub_files(inv: Inventory) -> dict[str, str]:
    keys = {s.key for s in inv.sites}
    sites = [_clean({"code": s.key, "name": s.name, "level": s.level, "kind": s.kind, "description": s.description,
                     "parent": s.parent if s.parent in keys else None}) for s in inv.sites]
    devices = [_clean({
        "name": n.name, "role": n.role, "platform": n.platform, "vendor": n.vendor, "managed": n.ours,
        "loopback": n.loopback, "management": n.management, "site": n.site,
        "interfaces": {"data": [_clean({"name": p.name, "kind": p.kind, "description": p.description,
                                        "speed": p.speed // 1_000_000 if p.speed else None, "ipv4": p.ipv4,
                                        "ipv6": p.ipv6, "vrf": p.vrf, "vlan": p.vlan, "parent_port": p.parent,
                                        "enabled": None if p.enabled else False})  # shut down in the config
                                for p in n.ports]}}) for n in inv.nodes]
    cables = [_clean({"label": f"{c.a_device}:{c.a_port}~{c.b_device}:{c.b_port}", "a_device": c.a_device,
                      "a_port": c.a_port, "b_device": c.b_device, "b_port": c.b_port,
                      "bandwidth": c.bandwidth // 1_000_000 if c.bandwidth else None, "carrier": c.carrier,
                      "kind": c.kind}) for c in inv.cables]
    vrfs = [{"name": v.name, "zone": v.zone, "title": v.title, "route_distinguisher": v.rd,
             "import_targets": list(v.rt_import), "export_targets": list(v.rt_export)} for v in inv.vrfs]
    prefixes = [{"prefix": b.prefix, "role": b.role, "subject": b.subject, "vrf": b.vrf, "site": b.site}
                for b in inv.blocks if b.vrf]
    head = "# Infrahub schema for 'govnet export infrahub': load it before the object files.\n---\n"
    return {
        "00-schema.yml": head + dump(SCHEMA, sort_keys=False),
        "01-sites.yml": _objects("Site", sites),
        "02-vrfs.yml": _objects("Vrf", vrfs),
        "03-devices.yml": _objects("Device", devices),
        "04-cables.yml": _objects("Cable", cables),
        "05-prefixes.yml": _objects("Prefix", prefixes),
    }
