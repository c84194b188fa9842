"""`govnet export`: each format loaded back with the consuming tool's own library, or checked against the field
names and choices of its import (NetBox: tests/vendor/netbox-import.json, extracted from NetBox's source)."""

from __future__ import annotations

import csv
import dataclasses
import io
import ipaddress
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import govnet_in_process, render_shared
from govnet import verify
from govnet.exports.formats import FORMATS
from govnet.exports.freeradius import freeradius_files
from govnet.exports.inventory import Inventory, SliceError, build_inventory
from govnet.pipeline import validate
from govnet.verify.facts import Facts

TESTS = Path(__file__).resolve().parent
MINI = TESTS / "fixtures" / "mini"
NETBOX = json.loads((TESTS / "vendor" / "netbox-import.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def mini() -> tuple[object, object]:
    result = validate(MINI)
    assert result.ok and result.model is not None and result.addresses is not None
    return result.model, result.addresses.outcome.decisions


def _inventory(mini: tuple[object, object], **slice_: str) -> Inventory:
    model, decisions = mini
    return build_inventory(model, decisions, **slice_)  # type: ignore[arg-type]


def _write(files: dict[str, str], root: Path) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


# --- NetBox -------------------------------------------------------------------------------------------------------

# file -> (import form, the natural key it defines, {column: (file it refers to, key there)}, choice columns)
NETBOX_FILES = {
    "01-regions.csv": ("RegionImportForm", "slug", {"parent.slug": ("01-regions.csv", "slug")}, {}),
    "02-sites.csv": ("SiteImportForm", "slug", {"region.slug": ("01-regions.csv", "slug")},
                     {"status": "SiteStatusChoices"}),
    "03-manufacturers.csv": ("ManufacturerImportForm", "name", {}, {}),
    "04-platforms.csv": ("PlatformImportForm", "slug", {"manufacturer": ("03-manufacturers.csv", "name")}, {}),
    "05-device-types.csv": ("DeviceTypeImportForm", "slug", {"manufacturer": ("03-manufacturers.csv", "name"),
                                                             "default_platform.slug": ("04-platforms.csv", "slug")},
                            {}),
    "06-device-roles.csv": ("DeviceRoleImportForm", "slug", {}, {}),
    "07-devices.csv": ("DeviceImportForm", "name", {
        "role.slug": ("06-device-roles.csv", "slug"), "manufacturer": ("03-manufacturers.csv", "name"),
        "device_type.slug": ("05-device-types.csv", "slug"), "platform.slug": ("04-platforms.csv", "slug"),
        "site.slug": ("02-sites.csv", "slug")}, {"status": "DeviceStatusChoices"}),
    "10-interfaces.csv": ("InterfaceImportForm", None, {"device": ("07-devices.csv", "name"),
                                                        "vrf.name": ("09-vrfs.csv", "name")},
                          {"type": "InterfaceTypeChoices"}),
    "11-cables.csv": ("CableImportForm", None, {"side_a_device": ("07-devices.csv", "name"),
                                                "side_b_device": ("07-devices.csv", "name")},
                      {"type": "CableTypeChoices", "status": "LinkStatusChoices"}),
    "08-route-targets.csv": ("RouteTargetImportForm", "name", {}, {}),
    "09-vrfs.csv": ("VRFImportForm", "name", {}, {}),
    "12-ipam-roles.csv": ("RoleImportForm", "name", {}, {}),
    "13-prefixes.csv": ("PrefixImportForm", None, {"vrf.name": ("09-vrfs.csv", "name"),
                                                   "role": ("12-ipam-roles.csv", "name")},
                        {"status": "PrefixStatusChoices"}),
    "14-ip-addresses.csv": ("IPAddressImportForm", None, {"vrf.name": ("09-vrfs.csv", "name"),
                                                          "device": ("07-devices.csv", "name")},
                            {"status": "IPAddressStatusChoices", "role": "IPAddressRoleChoices"}),
    "15-management-addresses.csv": ("IPAddressImportForm", None, {"device": ("07-devices.csv", "name")},
                                    {"status": "IPAddressStatusChoices", "role": "IPAddressRoleChoices"}),
}
# Fields NetBox's models require (blank=False) for the objects exported.
REQUIRED = {"RegionImportForm": {"name", "slug"}, "SiteImportForm": {"name", "slug", "status"},
            "ManufacturerImportForm": {"name", "slug"}, "PlatformImportForm": {"name", "slug"},
            "DeviceTypeImportForm": {"manufacturer", "model", "slug"}, "DeviceRoleImportForm": {"name", "slug"},
            "DeviceImportForm": {"role", "device_type", "site", "status"}, "InterfaceImportForm": {"device", "name",
                                                                                                   "type"},
            "CableImportForm": {"side_a_device", "side_a_type", "side_a_name", "side_b_device", "side_b_type",
                                "side_b_name"}, "RouteTargetImportForm": {"name"}, "VRFImportForm": {"name"},
            "RoleImportForm": {"name", "slug"}, "PrefixImportForm": {"prefix", "status"},
            "IPAddressImportForm": {"address", "status"}}


def _rows(text: str) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    rows = [dict(zip(header, row, strict=True)) for row in reader]
    return header, rows


def test_netbox_bundle_imports_in_order_with_netbox_field_names_and_choices(mini: tuple[object, object]) -> None:
    files = FORMATS["netbox"](_inventory(mini))
    assert list(files) == sorted(NETBOX_FILES)  # file names give the import order
    defined: dict[str, set[str]] = {}
    interfaces: set[tuple[str, str]] = set()
    for name in sorted(files):
        form, key, refs, choices = NETBOX_FILES[name]
        header, rows = _rows(files[name])
        assert rows, f"{name} is empty"
        fields = [h.split(".", 1)[0] for h in header]
        assert len(set(fields)) == len(fields), f"{name}: duplicate column"
        assert set(fields) <= set(NETBOX["forms"][form]), (name, set(fields) - set(NETBOX["forms"][form]))
        assert REQUIRED[form] <= set(fields), (name, REQUIRED[form] - set(fields))
        for row in rows:
            for column, (other, other_key) in refs.items():
                if row.get(column):  # a reference resolves to an object of an earlier file (or the same one)
                    assert other <= name and row[column] in defined.get(f"{other}:{other_key}", set()) | (
                        {r[other_key] for r in rows[:rows.index(row)]} if other == name else set()), (name, row)
            for column, choice_set in choices.items():
                assert not row[column] or row[column] in NETBOX["choices"][choice_set], (name, column, row[column])
            for required in REQUIRED[form]:
                column = next(h for h in header if h.split(".", 1)[0] == required)
                assert row[column], (name, required, row)
        if key:
            values = [r[key] for r in rows]
            assert len(set(values)) == len(values), f"{name}: duplicate {key}"
            defined[f"{name}:{key}"] = set(values)
        if name == "10-interfaces.csv":
            interfaces = {(r["device"], r["name"]) for r in rows}
            assert all((r["device"], r["parent"]) in interfaces for r in rows if r["parent"])
        if name == "11-cables.csv":
            for r in rows:
                assert (r["side_a_device"], r["side_a_name"]) in interfaces
                assert (r["side_b_device"], r["side_b_name"]) in interfaces
        if name.endswith("addresses.csv"):
            assert all((r["device"], r["interface"]) in interfaces for r in rows)
    sites = _rows(files["02-sites.csv"])[1]
    assert len({s["name"] for s in sites}) == len(sites)  # NetBox wants unique site names


def test_netbox_content_matches_the_model(mini: tuple[object, object]) -> None:
    model, _ = mini
    files = FORMATS["netbox"](_inventory(mini))
    devices = {r["name"] for r in _rows(files["07-devices.csv"])[1]}
    assert devices == set(model.devices)  # type: ignore[attr-defined]
    cables = _rows(files["11-cables.csv"])[1]
    links = {frozenset((c["side_a_device"], c["side_b_device"])) for c in cables if c["description"] != "site"}
    assert links == {link.ends for link in model.links}  # type: ignore[attr-defined]
    vrfs = {r["name"]: r for r in _rows(files["09-vrfs.csv"])[1]}
    for zone in model.zones:  # type: ignore[attr-defined]
        assert vrfs[zone.vrf]["rd"] == zone.rd and vrfs[zone.vrf]["export_targets"] == ",".join(zone.rt_export)


# --- Ansible and Nornir ---------------------------------------------------------------------------------------------


def test_ansible_inventory_loads_with_ansible_core(mini: tuple[object, object], tmp_path: Path) -> None:
    pytest.importorskip("ansible")
    from ansible.inventory.manager import InventoryManager
    from ansible.parsing.dataloader import DataLoader
    from ansible.vars.manager import VariableManager

    inv = _inventory(mini, city="3601")
    root = _write(FORMATS["ansible"](inv), tmp_path / "ansible")
    loader = DataLoader()
    manager = InventoryManager(loader=loader, sources=[str(root / "hosts.yml")])
    variables = VariableManager(loader=loader, inventory=manager)
    hosts = {h.name for h in manager.get_hosts()}
    assert hosts == {n.name for n in inv.nodes if n.ours}
    assert {h.name for h in manager.get_hosts("county_360102")} == {
        n.name for n in inv.nodes if n.site.startswith("360102")}
    assert {h.name for h in manager.get_hosts("role_firewall")} == {n.name for n in inv.nodes if n.role == "firewall"}
    core = next(n for n in inv.nodes if n.role == "core-router")
    facts = variables.get_vars(host=manager.get_host(core.name))
    assert facts["ansible_host"] == (core.management or "").split("/")[0]
    assert facts["ansible_network_os"] == "community.network.ce" and facts["govnet_site"] == "3601"


def test_nornir_simple_inventory_loads(mini: tuple[object, object], tmp_path: Path) -> None:
    pytest.importorskip("nornir")
    from nornir.plugins.inventory.simple import SimpleInventory

    inv = _inventory(mini)
    root = _write(FORMATS["nornir"](inv), tmp_path / "nornir")
    loaded = SimpleInventory(str(root / "hosts.yaml"), str(root / "groups.yaml"), str(root / "defaults.yaml")).load()
    ours = [n for n in inv.nodes if n.ours]
    assert set(loaded.hosts) == {n.name for n in ours}
    for node in ours:
        host = loaded.hosts[node.name]
        assert host.hostname == (node.management or "").split("/")[0]
        assert host.platform in {"huawei", "huawei_vrpv8", "hp_comware", "cisco_xe"}
        assert host["govnet_role"] == node.role and host["govnet_model"] == inv.name  # host data, then defaults
        assert f"level_{inv.hierarchy[node.site][1]}" in {g.name for g in host.groups}


# --- Slices and the command ---------------------------------------------------------------------------------------


def test_a_county_slice_holds_that_county_only(mini: tuple[object, object]) -> None:
    inv = _inventory(mini, county="360103")
    assert {s.key for s in inv.sites} == {"360103", "360103001", "360103002"}
    assert all(n.site.startswith("360103") for n in inv.nodes)
    assert all(c.a_device in {n.name for n in inv.nodes} and c.b_device in {n.name for n in inv.nodes}
               for c in inv.cables)
    with pytest.raises(SliceError):
        _inventory(mini, city="3602", county="360103")


def test_export_command_writes_on_demand_and_refuses_unknown_formats(tmp_path: Path) -> None:
    done = govnet_in_process("export", "netbox", str(MINI), "-o", str(tmp_path / "nb"), "--city", "3602")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "nb").iterdir()) == sorted([".govnet-output", *NETBOX_FILES])
    bad = govnet_in_process("export", "visio", str(MINI))
    assert bad.returncode == 2 and "unknown export format" in bad.stderr


def test_export_county_by_name_like_by_code_and_a_typo_lists_the_counties(tmp_path: Path) -> None:
    """--county took a code only (draw's --city and registry list's --county take names too); a wrong one failed
    after the whole validation with 'no site X in the model' and no choices."""
    written = {}
    for given in ("西湖区", "西湖", "360103"):
        done = govnet_in_process("export", "nornir", str(MINI), "-o", str(tmp_path / given), "--county", given)
        assert done.returncode == 0, done.stderr
        written[given] = (tmp_path / given / "hosts.yaml").read_text(encoding="utf-8")
    assert written["西湖区"] == written["西湖"] == written["360103"]
    typo = govnet_in_process("export", "nornir", str(MINI), "-o", str(tmp_path / "typo"), "--county", "西胡区")
    assert typo.returncode == 2
    assert "no county '西胡区' in the model; did you mean '西湖区'?; choose one of: 360102 东湖区, 360103 西湖区" \
        in typo.stderr
    assert not (tmp_path / "typo").exists()


# --- Labs -----------------------------------------------------------------------------------------------------------


def test_containerlab_topology_matches_containerlabs_schema(mini: tuple[object, object]) -> None:
    import jsonschema
    import yaml

    inv = _inventory(mini, city="3601")
    files = FORMATS["containerlab"](inv)
    (text,) = files.values()
    topology = yaml.safe_load(text)
    schema = json.loads((TESTS / "vendor" / "containerlab-clab.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(topology)
    nodes = topology["topology"]["nodes"]
    assert set(nodes) == {n.name for n in inv.nodes}
    kinds = {n.platform: nodes[n.name]["kind"] for n in inv.nodes}
    assert kinds["huawei_vrp"] == "huawei_vrp" and kinds["h3c_comware"] == "linux"
    endpoints = [e for link in topology["topology"]["links"] for e in link["endpoints"]]
    assert len(endpoints) == len(set(endpoints))  # no port used twice
    for endpoint in endpoints:  # every endpoint maps back to a port of the device
        device, eth = endpoint.split(":")
        assert nodes[device]["labels"][f"govnet.port.{eth}"]
    assert len(topology["topology"]["links"]) == len(inv.cables)


def test_netlab_create_accepts_the_topology_with_the_models_addresses(mini: tuple[object, object],
                                                                     tmp_path: Path) -> None:
    pytest.importorskip("netsim")
    import yaml

    inv = _inventory(mini, county="360102")
    root = _write(FORMATS["netlab"](inv), tmp_path)
    done = subprocess.run([str(Path(sys.executable).with_name("netlab")), "create", "topology.yml", "-o",
                           "yaml=out.yml"], capture_output=True, text=True, cwd=root, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    created = yaml.safe_load((root / "out.yml").read_text(encoding="utf-8"))
    # Every cable of the slice, the router-firewall patches too: the firewall is in the lab with its links.
    assert sum(len(n.get("interfaces", [])) for n in created["nodes"].values()) == 2 * len(inv.cables)
    patches = {frozenset((c.a_device, c.b_device)) for c in inv.cables if c.kind == "site"}
    assert patches
    firewalls = [n for n in inv.nodes if n.role == "firewall"]
    assert firewalls
    for fw in firewalls:
        lab = created["nodes"][fw.name.lower().replace("-", "_")]
        assert lab.get("module") in (None, [])  # a firewall runs no IGP, in the lab as in the model
        neighbours = {x["node"] for i in lab["interfaces"] for x in i["neighbors"]}
        expected = {end for pair in patches if fw.name in pair for end in pair} - {fw.name}
        assert neighbours == {e.lower().replace("-", "_") for e in expected}
        assert not any(i.get("ipv4") for i in lab["interfaces"])  # layer 2 only: no addresses of netlab's own
    for node in inv.nodes:
        lab = created["nodes"][node.name.lower().replace("-", "_")]
        assert lab["loopback"]["ipv4"] == node.loopback
        ours = {p.ipv4 for p in node.ports if p.ipv4 and p.kind not in ("loopback", "management")}
        assert {i["ipv4"] for i in lab.get("interfaces", []) if i.get("ipv4")} <= ours


# --- Infrahub -------------------------------------------------------------------------------------------------------


def test_infrahub_schema_and_object_files_pass_the_sdks_validation(mini: tuple[object, object],
                                                                   tmp_path: Path) -> None:
    pytest.importorskip("infrahub_sdk")
    import asyncio

    import yaml
    from infrahub_sdk.exceptions import ValidationError
    from infrahub_sdk.schema.main import SchemaRoot
    from infrahub_sdk.schema.validate import validate_schema
    from infrahub_sdk.spec.object import ObjectFile

    inv = _inventory(mini, city="3601")
    files = FORMATS["infrahub"](inv)
    root = _write(files, tmp_path)
    schema = yaml.safe_load((root / "00-schema.yml").read_text(encoding="utf-8"))
    assert validate_schema(schema).valid, validate_schema(schema)
    kinds = {api.kind: api for api in (n.convert_api() for n in SchemaRoot(**schema).nodes)}

    class Schemas:  # what the SDK asks a server for, answered from the exported schema
        async def get(self, kind: str, branch: str | None = None) -> object:
            return kinds[kind]

    class Client:
        schema = Schemas()

    loaded = {}
    for name in sorted(files)[1:]:
        for document in ObjectFile.load_file_from_disk(root / name):
            asyncio.run(document.validate_format(client=Client()))  # type: ignore[arg-type]
            loaded[document.spec.kind] = document.spec.data
    assert {d["name"] for d in loaded["GovnetDevice"]} == {n.name for n in inv.nodes}
    assert sum(len(d["interfaces"]["data"]) for d in loaded["GovnetDevice"]) == sum(len(n.ports) for n in inv.nodes)
    codes = [s["code"] for s in loaded["GovnetSite"]]
    assert all(s["parent"] in codes[:i] for i, s in enumerate(loaded["GovnetSite"]) if "parent" in s)
    # The validation reaches the interfaces inside each device: a wrong field there is refused.
    devices = yaml.safe_load((root / "03-devices.yml").read_text(encoding="utf-8"))
    devices["spec"]["data"][0]["interfaces"]["data"][0]["colour"] = "red"
    (root / "03-devices.yml").write_text(yaml.safe_dump(devices, allow_unicode=True), encoding="utf-8")
    (broken,) = ObjectFile.load_file_from_disk(root / "03-devices.yml")
    with pytest.raises(ValidationError):
        asyncio.run(broken.validate_format(client=Client()))  # type: ignore[arg-type]


# --- What the exports say of a unit matches its registration --------------------------------------------------------

_SUSPENDED = """    status: suspended
    history:
      - {date: 2016-04-10, action: activate, by: 东湖区信息中心}
      - {date: 2018-11-05, action: reregister, by: 东湖区政务服务数据管理局, document: 东政网登〔2018〕3号}
      - {date: 2024-05-01, action: suspend, by: 东湖区政务服务数据管理局, remark: 欠费停机}
"""


@pytest.fixture(scope="module")
def suspended(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, object]:
    """The mini model with MINI-0002 suspended: its attach router's config shuts its sub-interface down."""
    from conftest import copy_model

    root = copy_model(MINI, tmp_path_factory.mktemp("suspended") / "model")
    text = (root / "registry.yaml").read_text(encoding="utf-8")
    head, _, tail = text.partition("  - id: MINI-0002")
    old = tail[tail.index("    status: active"):tail.index("\n\n")] + "\n"
    (root / "registry.yaml").write_text(head + "  - id: MINI-0002" + tail.replace(old, _SUSPENDED, 1),
                                        encoding="utf-8")
    result = validate(root)
    assert result.ok and result.model is not None and result.addresses is not None, result.diagnostics
    assert {u.id: u.status for u in result.model.registry.units}["MINI-0002"] == "suspended"  # type: ignore[union-attr]
    return result.model, result.addresses.outcome.decisions


def test_a_suspended_units_sub_interface_is_exported_disabled_as_its_config_shuts_it(
        suspended: tuple[object, object]) -> None:
    import yaml

    from govnet.ipam.plan import AddressBook
    from govnet.render.devices import build_contexts
    from govnet.render.secrets import Secrets

    model, decisions = suspended
    contexts = build_contexts(model, AddressBook(decisions), Secrets(), list(model.devices))  # type: ignore
    shut = {(name, i.name): i.shutdown for name, c in contexts.items() for i in c.interfaces if i.kind == "unit"}
    assert True in shut.values() and False in shut.values()  # MINI-0002's is shut, MINI-0001's is not
    rows = _rows(FORMATS["netbox"](_inventory(suspended))["10-interfaces.csv"])[1]
    exported = {(r["device"], r["name"]): r["enabled"] for r in rows if (r["device"], r["name"]) in shut}
    assert exported == {key: "false" if down else "true" for key, down in shut.items()}
    devices = yaml.safe_load(FORMATS["infrahub"](_inventory(suspended))["03-devices.yml"])["spec"]["data"]
    enabled = {(d["name"], i["name"]): i.get("enabled", True) for d in devices for i in d["interfaces"]["data"]}
    assert {key: enabled[key] for key in shut} == {key: not down for key, down in shut.items()}


def test_a_unit_subnet_is_active_in_netbox_only_once_a_config_holds_it(mini: tuple[object, object]) -> None:
    model, _ = mini
    status = {u.id: u.status for u in model.registry.units}  # type: ignore[attr-defined]
    rows = _rows(FORMATS["netbox"](_inventory(mini))["13-prefixes.csv"])[1]
    units = {(r["description"].split()[-1], r["status"]) for r in rows if r["role"] == "unit-subnet"}
    assert {s for _, s in units} == {"active", "reserved"}  # the mini model has both kinds
    for unit, state in units:  # applied/approved units have no sub-interface in any config yet
        assert state == ("active" if status[unit] in ("active", "suspended") else "reserved"), unit
    assert {r["status"] for r in rows if r["role"] == "site-block"} == {"active"}


# --- FreeRADIUS ---------------------------------------------------------------------------------------------------

HUAWEI_H3C = TESTS / "golden" / "huawei-h3c" / "model"
_CLIENT = re.compile(r"^client (\S+) \{\n\tipaddr = (\S+)\n\tsecret = (\S+)\n\tshortname = (\S+)\n", re.M)


def _asked_from(facts: Facts, servers: list[str]) -> set[str]:
    """What the config TEXT says a device's RADIUS requests leave from (verify's read-back, not the export's
    inventory): the address of its RADIUS source, or without one the addresses of the ports that hold the next hops
    of its best global-table routes toward the servers."""
    named = [s for s in facts.sources if s.service == "RADIUS"]
    if named:
        return {s.address or str(facts.interfaces[s.port].ipv4.ip) for s in named  # type: ignore[union-attr]
                if s.address or facts.interfaces.get(s.port)}
    found = set()
    for server in map(ipaddress.IPv4Address, servers):
        routes = [r for r in facts.routes if not r.vrf and not r.discard and server in r.prefix]
        longest = max((r.prefix.prefixlen for r in routes), default=-1)
        best = min((r.preference for r in routes if r.prefix.prefixlen == longest), default=0)
        for route in (r for r in routes if r.prefix.prefixlen == longest and r.preference == best):
            hop = ipaddress.IPv4Address(route.next_hop)
            found |= {str(p.ipv4.ip) for p in facts.interfaces.values()
                      if p.ipv4 is not None and not p.vrf and hop in p.ipv4.network}
    return found


def test_freeradius_clients_are_the_addresses_the_configs_ask_from() -> None:
    """Each device is a RADIUS client under exactly the addresses its rendered config sends RADIUS requests from:
    the routers and SecPath firewalls their named source (Loopback1), each USG (no source keyword) both of its
    management legs, whichever its ECMP routes toward the server pick. A client the server lacks is dropped."""
    result, configs = render_shared(HUAWEI_H3C)
    assert result.model is not None and result.addresses is not None
    servers = list(result.model.project.management.aaa.radius)
    assert servers
    facts = verify.scan_configs(configs)
    text = freeradius_files(build_inventory(result.model, result.addresses.outcome.decisions))["clients.conf"]
    listed: dict[str, set[str]] = {}
    for name, address, secret, short in _CLIENT.findall(text):
        assert secret == "$ENV{GOVNET_RADIUS_KEY}" and name.startswith(short)
        listed.setdefault(short, set()).add(address)
    asked = {device: _asked_from(f, servers) for device, f in facts.items() if f.radius_line}
    assert listed == asked
    usg = [d for d, c in configs.items() if c.platform == "huawei_usg"]
    assert usg and all(len(listed[d]) == 2 for d in usg)
    assert all(len(addresses) == 1 for d, addresses in listed.items() if d not in usg)
    assert len(set().union(*listed.values())) == sum(map(len, listed.values()))  # no address is two clients


def test_freeradius_without_radius_servers_defines_no_client(mini: tuple[object, object]) -> None:
    inventory = _inventory(mini)
    text = freeradius_files(dataclasses.replace(inventory, radius_servers=()))["clients.conf"]
    assert not _CLIENT.findall(text) and "names no RADIUS server" in text


@pytest.mark.skipif(shutil.which("freeradius") is None or not os.access("/etc/freeradius/3.0/radiusd.conf", os.R_OK),
                    reason="FreeRADIUS is not installed (Debian: freeradius) or its configuration is not readable")
def test_freeradius_accepts_the_clients_file(tmp_path: Path) -> None:
    """FreeRADIUS 3 checks its configuration with our clients.conf in place of its own: accepted with the secret
    in the environment, refused without it."""
    result, _ = render_shared(HUAWEI_H3C)
    assert result.model is not None and result.addresses is not None
    files = freeradius_files(build_inventory(result.model, result.addresses.outcome.decisions))
    raddb = tmp_path / "raddb"
    shutil.copytree("/etc/freeradius/3.0", raddb, symlinks=True)
    (raddb / "clients.conf").write_text(files["clients.conf"], encoding="utf-8")
    conf = raddb / "radiusd.conf"  # run as whoever runs the test: no switch to the freerad user, who cannot read it
    conf.write_text(re.sub(r"^\s*(user|group) = .*$", "", conf.read_text(encoding="utf-8"), flags=re.M),
                    encoding="utf-8")
    check = ["freeradius", "-XC", "-d", str(raddb)]
    env = {**os.environ, "GOVNET_RADIUS_KEY": "a-shared-secret"}
    accepted = subprocess.run(check, capture_output=True, text=True, env=env, check=False)
    assert accepted.returncode == 0 and "Configuration appears to be OK" in accepted.stdout, accepted.stdout[-2000:]
    assert accepted.stdout.count("shortname = \"JX-36-FW01\"") == 2
    env.pop("GOVNET_RADIUS_KEY")
    refused = subprocess.run(check, capture_output=True, text=True, env=env, check=False)
    assert refused.returncode != 0 and "secret must be at least 1 character long" in refused.stdout
