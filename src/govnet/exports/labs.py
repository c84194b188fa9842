"""Lab topologies of a slice of the model (a city or a county) for containerlab and netlab.

Device kinds where a lab image exists: Huawei VRP routers as containerlab's `huawei_vrp` (vrnetlab NE40E image),
Cisco IOS XE as `cisco_c8000v`; H3C routers and every firewall have no lab image, so FRR stands in (`linux` with
the frrouting/frr image in containerlab, `frr` in netlab). Ports keep their order: the n-th physical port of a
device is the lab's eth<n> (containerlab's data ports start at eth1); each node's labels map them back to the
device's port names. netlab gets the model's own link and loopback addresses, so the lab is addressed as the
extranet is; a router-firewall patch carries only the zones' VLAN sub-interfaces, so in netlab it is a
layer-2-only link (the `l2only` address pool: no addresses of netlab's own that could clash with the model's),
and a firewall runs no routing module, as it runs no IGP in the model. References:
containerlab.dev/manual/kinds/huawei_vrp, /manual/topo-def-file; netlab.tools/nodes, /links (static interface
addressing), /addressing (l2only pool), /platforms.
"""

from __future__ import annotations

import re

import yaml

from govnet.exports.inventory import Cable, Inventory, Node

FRR_IMAGE = "quay.io/frrouting/frr:10.2.1"
CLAB_KINDS = {  # platform -> (kind, image); vrnetlab images are built locally from the vendor's disk image
    "huawei_vrp": ("huawei_vrp", "vrnetlab/huawei_vrp:ne40e"),
    "huawei_vrp8": ("huawei_vrp", "vrnetlab/huawei_vrp:ne40e"),
    "cisco_iosxe": ("cisco_c8000v", "vrnetlab/cisco_c8000v:17.13.01a"),
}
NETLAB_DEVICES = {"cisco_iosxe": "cat8000v"}  # netlab device type; FRR for the rest
NETLAB_NAME_LIMIT = 16  # netlab's default MAX_NODE_ID_LENGTH


def _physical(node: Node) -> list[str]:
    return [p.name for p in node.ports if p.physical and p.kind not in ("loopback", "management")]


def _eth(inv: Inventory) -> dict[tuple[str, str], str]:
    """Lab interface of each physical port: eth1, eth2 … in port order, per device."""
    return {(n.name, port): f"eth{i}" for n in inv.nodes for i, port in enumerate(_physical(n), 1)}


def _lab_cables(inv: Inventory) -> list[Cable]:
    names = {n.name for n in inv.nodes}
    return [c for c in inv.cables if c.a_device in names and c.b_device in names]


def _lab_name(inv: Inventory) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "-", f"govnet-{inv.root}").lower()


def _dump(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False)


def containerlab_files(inv: Inventory) -> dict[str, str]:
    eth = _eth(inv)
    nodes: dict[str, object] = {}
    for n in inv.nodes:
        kind, image = CLAB_KINDS.get(n.platform, ("linux", FRR_IMAGE))
        labels = {"govnet.site": n.site, "govnet.platform": n.platform, "govnet.role": n.role}
        labels |= {f"govnet.port.{eth[(n.name, p)]}": p for p in _physical(n)}
        nodes[n.name] = {"kind": kind, "image": image, "labels": labels}
    links = [{"endpoints": [f"{d}:{eth[(d, p)]}" for d, p in ((c.a_device, c.a_port), (c.b_device, c.b_port))]}
             for c in _lab_cables(inv)]
    topology = {"name": _lab_name(inv), "topology": {"nodes": nodes, "links": links}}
    head = f"# containerlab topology of {inv.site(inv.root).name} ({inv.root}), written by 'govnet export'.\n"
    return {f"{_lab_name(inv)}.clab.yml": head + _dump(topology)}


def netlab_node_name(device: str) -> str:
    """A netlab node name (an identifier): lower case, underscores for dashes.

    >>> netlab_node_name("JX-360102002-R01")
    'jx_360102002_r01'
    """
    return re.sub(r"\W", "_", device.lower(), flags=re.ASCII)


def netlab_files(inv: Inventory) -> dict[str, str]:
    name = {n.name: netlab_node_name(n.name) for n in inv.nodes}
    ports = {(p.device, p.name): p for n in inv.nodes for p in n.ports}
    nodes: dict[str, object] = {}
    for n in inv.nodes:
        node: dict[str, object] = {"device": NETLAB_DEVICES.get(n.platform, "frr")}
        if n.loopback:
            node["loopback"] = {"ipv4": n.loopback}
        if n.role == "firewall":
            node["module"] = []
        nodes[name[n.name]] = node
    links = []
    for c in _lab_cables(inv):
        link: dict[str, object] = {}
        for device, port in ((c.a_device, c.a_port), (c.b_device, c.b_port)):
            address = ports[(device, port)].ipv4
            link[name[device]] = {"ipv4": address} if address and c.kind != "site" else {}
        if c.kind == "site":
            link["pool"] = "l2only"
        if c.bandwidth:
            link["bandwidth"] = c.bandwidth // 1000  # kbps
        links.append(link)
    longest = max((len(v) for v in name.values()), default=0)
    topology: dict[str, object] = {"name": netlab_node_name(f"gn{inv.root}")[:NETLAB_NAME_LIMIT], "provider": "clab",
                                   "module": ["ospf"]}
    if longest > NETLAB_NAME_LIMIT:
        topology["defaults"] = {"const": {"MAX_NODE_ID_LENGTH": longest}}
    topology |= {"nodes": nodes, "links": links}
    head = f"# netlab topology of {inv.site(inv.root).name} ({inv.root}), written by 'govnet export'.\n"
    return {"topology.yml": head + _dump(topology)}
