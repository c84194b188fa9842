"""Ansible and Nornir inventories: every device the province runs, grouped by level, city, platform and role.

Ansible's `ansible_network_os` per platform: Cisco IOS XE `cisco.ios.ios` (cisco.ios collection); Huawei VRP and
USG `community.network.ce` (the CloudEngine cliconf of community.network, VRP's CLI); H3C Comware has no
collection of its own, so `ansible.netcommon.default`, netcommon's general-purpose cliconf (netcommon >= 5.2).
Nornir's `platform` is the Netmiko device type (`cisco_xe`, `huawei`, `hp_comware`), what netmiko and scrapli
plugins read. Devices govnet does not configure (the national PoP's PEs) are left out.
"""

from __future__ import annotations

import re

import yaml

from govnet.exports.inventory import Inventory, Node, ancestors

# By vendor (the platform table's), so a platform added to the table is exported without a change here; a
# platform whose tools differ from its vendor's default is listed by name.
ANSIBLE_NETWORK_OS = {"Huawei": "community.network.ce", "H3C": "ansible.netcommon.default", "Cisco": "cisco.ios.ios"}
NETMIKO_PLATFORM = {"Huawei": "huawei", "H3C": "hp_comware", "Cisco": "cisco_xe", "huawei_vrp8": "huawei_vrpv8"}
GENERIC_NETWORK_OS = "ansible.netcommon.default"


def network_os(node: Node) -> str:
    return ANSIBLE_NETWORK_OS.get(node.platform) or ANSIBLE_NETWORK_OS.get(node.vendor, GENERIC_NETWORK_OS)


def netmiko_platform(node: Node) -> str:
    return NETMIKO_PLATFORM.get(node.platform) or NETMIKO_PLATFORM.get(node.vendor, "generic")


def group_name(text: str) -> str:
    """An Ansible group name (letters, digits, underscores; not starting with a digit).

    >>> group_name("role_core-router"), group_name("city_3601")
    ('role_core_router', 'city_3601')
    """
    return re.sub(r"\W", "_", text, flags=re.ASCII)


def _groups(inv: Inventory, node: Node) -> list[str]:
    level = inv.hierarchy[node.site][1]
    lineage = [node.site, *ancestors(inv.hierarchy, node.site)]
    groups = [f"level_{level}", f"platform_{node.platform}", f"role_{node.role}", f"vendor_{node.vendor.lower()}"]
    groups += [f"{inv.hierarchy[k][1]}_{k}" for k in lineage if inv.hierarchy[k][1] in ("city", "county")]
    return sorted(group_name(g) for g in groups)


def _address(node: Node) -> str | None:
    chosen = node.management or node.loopback
    return chosen.split("/")[0] if chosen else None


def _host_vars(inv: Inventory, node: Node) -> dict[str, object]:
    name, level, _ = inv.hierarchy[node.site]
    return {"ansible_host": _address(node), "ansible_network_os": network_os(node),
            "ansible_connection": "ansible.netcommon.network_cli", "govnet_platform": node.platform,
            "govnet_role": node.role, "govnet_site": node.site, "govnet_site_name": name, "govnet_level": level,
            "govnet_loopback": node.loopback}


# libyaml's emitter when PyYAML has it: the province's inventories dump several times faster.
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump(data: object, *, sort_keys: bool = True) -> str:
    return yaml.dump(data, Dumper=DUMPER, allow_unicode=True, sort_keys=sort_keys, default_flow_style=False)


def _dump(data: object) -> str:
    return dump(data)


def ansible_files(inv: Inventory) -> dict[str, str]:
    """hosts.yml (groups of hosts) and host_vars/<device>.yml."""
    nodes = [n for n in inv.nodes if n.ours]
    groups: dict[str, dict[str, None]] = {}
    for node in nodes:
        for group in _groups(inv, node):
            groups.setdefault(group, {})[node.name] = None
    hosts = {"all": {"children": {g: {"hosts": dict(sorted(h.items()))} for g, h in sorted(groups.items())}}}
    files = {"hosts.yml": "# Ansible inventory written by 'govnet export ansible'.\n" + _dump(hosts)}
    files.update({f"host_vars/{n.name}.yml": _dump(_host_vars(inv, n)) for n in nodes})
    return files


def nornir_files(inv: Inventory) -> dict[str, str]:
    """SimpleInventory's hosts.yaml, groups.yaml and defaults.yaml."""
    nodes = [n for n in inv.nodes if n.ours]
    hosts = {n.name: {"hostname": _address(n), "platform": netmiko_platform(n), "groups": _groups(inv, n),
                      "data": {k: v for k, v in _host_vars(inv, n).items() if k.startswith("govnet_")}}
             for n in nodes}
    groups = {g: {"data": {"govnet_group": g}} for g in sorted({g for n in nodes for g in _groups(inv, n)})}
    defaults = {"data": {"govnet_model": inv.name, "govnet_province": inv.province}}
    return {"hosts.yaml": _dump(hosts), "groups.yaml": _dump(groups), "defaults.yaml": _dump(defaults)}
