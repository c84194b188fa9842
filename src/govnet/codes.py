"""The table of diagnostic codes: one stable code per kind of mistake.

docs/diagnostics.md is generated from this table (``python -m govnet.codes``) and a test keeps the two equal,
so the documentation cannot drift from what the tool reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class CodeInfo:
    code: str
    severity: Severity
    family: str
    title: str


_E, _W = Severity.ERROR, Severity.WARNING

CODES: dict[str, CodeInfo] = {
    info.code: info
    for info in (
        # Loading: the bytes of one file, before any meaning is given to them.
        CodeInfo("GN101", _E, "load", "YAML syntax error"),
        CodeInfo("GN102", _E, "load", "duplicate key in a mapping"),
        CodeInfo("GN103", _E, "load", "anchor/alias expansion too large (possible alias bomb)"),
        CodeInfo("GN104", _E, "load", "file too large"),
        CodeInfo("GN105", _E, "load", "file is not valid UTF-8"),
        CodeInfo("GN106", _E, "load", "unsupported YAML tag or value type"),
        CodeInfo("GN107", _E, "load", "nesting too deep"),
        CodeInfo("GN108", _E, "load", "file must hold exactly one YAML document"),
        CodeInfo("GN109", _E, "load", "file cannot be read"),
        CodeInfo("GN110", _E, "load", "required model file is missing"),
        CodeInfo("GN111", _W, "load", "the model has no registry (registry.yaml deleted?)"),
        CodeInfo("GN112", _W, "load", "unquoted 0360111 or 1:30 (YAML 1.1 octal, base 60): kept as text"),
        CodeInfo("GN113", _E, "load", "one county has two files (.yaml and .yml)"),
        # Schema: the shape of the data.
        CodeInfo("GN201", _E, "schema", "unknown field"),
        CodeInfo("GN202", _E, "schema", "wrong type"),
        CodeInfo("GN203", _E, "schema", "missing required field"),
        CodeInfo("GN204", _E, "schema", "invalid value"),
        CodeInfo("GN205", _E, "schema", "unknown site profile"),
        CodeInfo("GN206", _W, "schema", "file in topology/ is not part of the model"),
        CodeInfo("GN207", _W, "schema", "diagnostics withheld: they may follow from items left out for schema errors"),
        # Hierarchy: sites and their division codes.
        CodeInfo("GN301", _E, "hierarchy", "malformed division code"),
        CodeInfo("GN302", _E, "hierarchy", "division code contradicts its file or parent"),
        CodeInfo("GN303", _E, "hierarchy", "duplicate site code or id"),
        CodeInfo("GN304", _E, "hierarchy", "duplicate site name under one parent"),
        CodeInfo("GN305", _W, "hierarchy", "division code not in the national table"),
        CodeInfo("GN306", _W, "hierarchy", "site name differs from the national table"),
        CodeInfo("GN307", _E, "hierarchy", "declared level contradicts the division code"),
        CodeInfo("GN308", _E, "hierarchy", "site has no path to the province core"),
        CodeInfo("GN309", _E, "hierarchy", "province code does not match the model"),
        CodeInfo("GN310", _E, "hierarchy", "special site's parent is not a site of the model"),
        CodeInfo("GN311", _E, "hierarchy", "county file contradicts its folder, or names a township the model lacks"),
        # Links and redundancy.
        CodeInfo("GN401", _E, "links", "unknown link endpoint"),
        CodeInfo("GN402", _E, "links", "link connects a device to itself"),
        CodeInfo("GN403", _E, "links", "duplicate link"),
        CodeInfo("GN404", _E, "links", "unparseable bandwidth"),
        CodeInfo("GN405", _E, "links", "uplink below the profile's minimum bandwidth"),
        CodeInfo("GN406", _E, "links", "dual-homed site lands on a single parent device"),
        CodeInfo("GN407", _E, "links", "dual-homed site uses one carrier where diversity is required"),
        CodeInfo("GN408", _E, "links", "dual-homed site depends on a single link (bridge) to the core"),
        CodeInfo("GN409", _E, "links", "link faster than the ports at its ends"),
        CodeInfo("GN410", _E, "links", "site profile needs uplinks but the site has no parent device"),
        CodeInfo("GN411", _W, "links", "router of a multi-router site has no uplink of its own"),
        CodeInfo("GN412", _W, "links", "uplink capacity below its villages' uplinks ÷ allowed oversubscription"),
        CodeInfo("GN413", _E, "links", "uplinks to the county platform on a site that is not a village"),
        CodeInfo("GN415", _W, "links", "dual-homed site with its uplinks in one shared-risk group or conduit"),
        CodeInfo("GN416", _W, "links", "city or county site on a single uplink"),
        CodeInfo("GN417", _E, "links", "hardware model unknown, or not one its platform runs on"),
        CodeInfo("GN418", _E, "links", "link ends share no port speed"),
        CodeInfo("GN419", _E, "links", "device needs more ports of a speed than its hardware model has"),
        CodeInfo("GN420", _E, "links", "hardware entry names an interface type its platform does not use for that "
                 "speed"),
        CodeInfo("GN421", _E, "links", "hardware entry gives one port number twice on a slot and subcard"),
        CodeInfo("GN422", _E, "links", "hardware entry has ports of a speed its platform has no interface type for"),
        CodeInfo("GN423", _E, "links", "port in allocations.lock no longer exists on its device's hardware"),
        # Strings that end up in device configurations.
        CodeInfo("GN501", _E, "strings", "newline or control character in any string of the model"),
        CodeInfo("GN502", _E, "strings", "string longer than a vendor allows"),
        CodeInfo("GN503", _E, "strings", "hostname has characters devices do not accept"),
        CodeInfo("GN504", _E, "strings", "device name pattern is invalid"),
        CodeInfo("GN505", _E, "strings", "duplicate device name"),
        CodeInfo("GN506", _E, "devices", "device role has no template on its platform (e.g. a Cisco firewall)"),
        CodeInfo("GN507", _E, "devices", "management server outside the declared management networks"),
        CodeInfo("GN508", _W, "devices", "no management network declared: no device can be reached or logged into"),
        CodeInfo("GN509", _E, "devices", "management plane site is not a site with core routers"),
        CodeInfo("GN510", _W, "devices", "role whose control plane the model protects is on a platform that renders "
                 "no control-plane protection"),
        CodeInfo("GN513", _W, "devices", "firewall enforces no rule and the model does not say what it is for"),
        CodeInfo("GN514", _E, "devices", "firewall declared out of the path without a purpose, or while it enforces "
                 "rules"),
        # Security zones and the inter-zone policy.
        CodeInfo("GN601", _E, "zones", "unknown zone name"),
        CodeInfo("GN602", _E, "zones", "zone offered at a level its definition forbids"),
        CodeInfo("GN603", _E, "zones", "office zone connected to another zone"),
        CodeInfo("GN604", _E, "zones", "internet zone routed to a dedicated or office zone without a firewall rule"),
        CodeInfo("GN605", _E, "zones", "internet exit at a level the policy does not allow"),
        CodeInfo("GN606", _E, "zones", "duplicate VRF name"),
        CodeInfo("GN607", _E, "zones", "duplicate route distinguisher"),
        CodeInfo("GN608", _E, "zones", "duplicate route target"),
        CodeInfo("GN609", _E, "zones", "rule enforced where no firewall stands"),
        CodeInfo("GN610", _E, "zones", "duplicate zone name or number"),
        CodeInfo("GN611", _E, "zones", "zone entry names a site that does not exist or does not offer the zone"),
        CodeInfo("GN612", _E, "zones", "unknown address group, or a rule option that does not apply"),
        CodeInfo("GN613", _E, "zones", "exit carrier without a handoff, or a handoff for a carrier not listed"),
        CodeInfo("GN614", _E, "zones", "carrier handoff gateway not a usable address of the handoff subnet"),
        CodeInfo("GN615", _E, "zones", "carrier handoff address inside the province's own address pools"),
        CodeInfo("GN616", _E, "zones", "carrier handoff names a device that is not a router of the exit site"),
        CodeInfo("GN617", _E, "zones", "access gateways and the secure access platform disagree (site, count, pool)"),
        CodeInfo("GN618", _E, "zones", "rules into one zone from zones whose addresses overlap: replies cannot return"),
        # Addresses: pools, the allocation plan and the lock file.
        CodeInfo("GN620", _E, "addresses", "address pools overlap within one routing domain"),
        CodeInfo("GN621", _E, "addresses", "prefix length plan is impossible"),
        CodeInfo("GN622", _E, "addresses", "address pool exhausted"),
        CodeInfo("GN623", _E, "addresses", "allocation or pin outside its pool or its site's block"),
        CodeInfo("GN624", _E, "addresses", "allocations overlap"),
        CodeInfo("GN625", _E, "addresses", "pin names nothing in the model"),
        CodeInfo("GN626", _E, "addresses", "no allocation yet: run 'govnet allocate'"),
        CodeInfo("GN627", _W, "addresses", "lock entry for something that no longer exists (still reserved)"),
        CodeInfo("GN628", _E, "addresses", "allocations.lock was edited by hand, is malformed or has a merge conflict"),
        CodeInfo("GN629", _W, "addresses", "allocation size differs from the plan (kept, not renumbered)"),
        CodeInfo("GN630", _E, "addresses", "security zone numbered past the last USG zone priority"),
        # Device templates (a model's own templates/ folder, or the packaged ones).
        CodeInfo("GN801", _E, "templates", "template syntax error"),
        CodeInfo("GN802", _E, "templates", "template missing, or it uses a value the device context lacks"),
        CodeInfo("GN803", _E, "templates", "template refused: outside templates/, not a regular file, or unsafe"),
        # The access registry: units, their codes, classes and lifecycle.
        CodeInfo("GN701", _E, "registry", "malformed unified social credit code (length, alphabet, division digits)"),
        CodeInfo("GN702", _E, "registry", "USCC check character (GB 32100) is wrong"),
        CodeInfo("GN703", _E, "registry", "USCC organisation-code check character (GB 11714) is wrong"),
        CodeInfo("GN704", _W, "registry", "division code inside the USCC differs from the unit's division"),
        CodeInfo("GN705", _W, "registry", "unit's division code is malformed or not in the national table"),
        CodeInfo("GN706", _E, "registry", "unit's division lies outside its attach site's area"),
        CodeInfo("GN707", _E, "registry", "unit attaches to a site the model does not have"),
        CodeInfo("GN708", _E, "registry", "unit joins a zone its attach site does not offer"),
        CodeInfo("GN709", _E, "registry", "access class contradicts the unit's zones and internet exit"),
        CodeInfo("GN710", _E, "registry", "duplicate unit id"),
        CodeInfo("GN711", _E, "registry", "duplicate unit: same USCC, or same name at one site"),
        CodeInfo("GN712", _E, "registry", "malformed mobile number"),
        CodeInfo("GN713", _E, "registry", "unit in service without an approval entry"),
        CodeInfo("GN714", _E, "registry", "history dates out of order, or period ends before it starts"),
        CodeInfo("GN715", _E, "registry", "status disagrees with the unit's history"),
        CodeInfo("GN716", _E, "registry", "new access activated before it was approved"),
        CodeInfo("GN717", _W, "registry", "units not re-registered since the campaign date (one count)"),
        CodeInfo("GN718", _E, "registry", "MLPS level below a joined zone's minimum, or not recorded"),
        CodeInfo("GN719", _W, "registry", "MLPS assessment older than the configured period, or missing"),
        CodeInfo("GN720", _W, "registry", "granted bandwidth of a site's units exceeds its uplinks × oversubscription"),
        CodeInfo("GN721", _E, "registry", "more unit sub-interfaces at one site than its attach router has VLAN ids"),
        CodeInfo("GN722", _E, "registry", "unit name, address or contact holds an invisible or direction-changing "
                 "character"),
        CodeInfo("GN723", _W, "registry", "unit name, address or contact has a character the shipped font cannot "
                 "draw (the PDF form prints a box)"),
        # targets.yaml: the policy targets and the department private networks still to migrate.
        CodeInfo("GN741", _E, "targets", "target cites a document that targets.yaml does not list"),
        CodeInfo("GN742", _E, "targets", "department private network created after the date no new ones are allowed"),
        CodeInfo("GN743", _W, "targets", "department private network still running without a migration plan"),
        CodeInfo("GN744", _E, "targets", "target names a site the model does not have"),
        # Verify: what the rendered configs do, read back from the configs.
        CodeInfo("GN901", _E, "verify", "link end has no up partner in its subnet at the device it faces"),
        CodeInfo("GN902", _W, "verify", "ports of different speeds at the two ends of a link"),
        CodeInfo("GN903", _E, "verify", "port between two routers left out of the IGP, or OSPF areas differ"),
        CodeInfo("GN904", _E, "verify", "router loopback not reachable through the IGP"),
        CodeInfo("GN905", _E, "verify", "LDP on one end of a link only"),
        CodeInfo("GN906", _E, "verify", "links of the model and adjacencies of the configs differ"),
        CodeInfo("GN907", _E, "verify", "BGP session configured on one end only, or AS or address mismatch"),
        CodeInfo("GN908", _E, "verify", "BGP peer's address not reachable through the IGP"),
        CodeInfo("GN909", _E, "verify", "VPNv4 or VPNv6 enabled on one end of a BGP session only, or sent without "
                 "route targets"),
        CodeInfo("GN910", _E, "verify", "VPN routes of a PE never reach another PE (reflector hierarchy incomplete)"),
        CodeInfo("GN911", _E, "verify", "route distinguisher missing, or shared by VPN instances of different VPNs"),
        CodeInfo("GN912", _E, "verify", "VPN instance's route targets differ from its zone's"),
        CodeInfo("GN913", _E, "verify", "PE of a zone learns no routes of another PE of the zone"),
        CodeInfo("GN914", _E, "verify", "office zone routes exchanged with another zone"),
        CodeInfo("GN915", _E, "verify", "internet zone reaches a dedicated zone past the firewalls"),
        CodeInfo("GN916", _E, "verify", "traffic spread over two firewalls that share no sessions (no HRP/RBM)"),
        CodeInfo("GN917", _E, "verify", "management server reachable from no device"),
        CodeInfo("GN918", _E, "verify", "device's management address unreachable from the management servers"),
        CodeInfo("GN919", _E, "verify", "NAT pool used for traffic leaving by a carrier that does not announce it, or "
                 "traffic toward a carrier translated to no pool"),
        CodeInfo("GN920", _E, "verify", "site blocks or active unit subnets of a zone routed by no PE"),
        CodeInfo("GN921", _E, "verify", "one address on ports of two devices"),
        CodeInfo("GN922", _E, "verify", "IGP active (not passive) on a segment with no router neighbour"),
        CodeInfo("GN923", _E, "verify", "firewall rule missing, or its zones, addresses, services or action differ; "
                 "firewall port in no or another security zone"),
        CodeInfo("GN924", _E, "verify", "site block or active unit subnet of a zone reaches no route on a member PE"),
        CodeInfo("GN925", _E, "verify", "carrier handoff without a default route (IPv4 or IPv6) toward the carrier"),
        CodeInfo("GN926", _W, "verify", "route-policy of a VPN instance matches on what verify cannot evaluate"),
        CodeInfo("GN927", _E, "verify", "static route toward a firewall or access gateway not tracked by BFD"),
        CodeInfo("GN929", _E, "verify", "one router leg of an HRP firewall down splits the routers over the pair"),
        CodeInfo("GN930", _E, "verify", "flow a rule permits does not cross the firewall holding the rule both ways"),
        CodeInfo("GN931", _E, "verify", "secure access platform's client pool not routed to a gateway, or past the "
                 "firewalls"),
        CodeInfo("GN932", _W, "verify", "one router leg of an RBM firewall down sends a router to the RBM standby "
                 "(unproven)"),
        CodeInfo("GN933", _E, "verify", "VTY logins not restricted to the management networks, or refusing them; a "
                 "VTY line left out or without the ACL; a firewall's policy refusing them"),
        CodeInfo("GN934", _E, "verify", "VRP VLAN tag termination sub-interface without ARP broadcast: it resolves no "
                 "address"),
        CodeInfo("GN935", _E, "verify", "the two ends of a link differ in IP MTU"),
        CodeInfo("GN936", _E, "verify", "management protocol sourced from a missing or unaddressed interface, or one "
                 "the management servers cannot reach; RADIUS servers configured with no source"),
        CodeInfo("GN937", _E, "verify", "the two ends of a BFD session that static routes follow disagree, or a route "
                 "tracks a session that does not watch its next hop"),
        CodeInfo("GN938", _E, "verify", "VTY lines not authenticating through AAA, or taking logins over more (or "
                 "other) than SSH"),
    )
}


def markdown_table() -> str:
    """The code table as Markdown, the body of docs/diagnostics.md."""
    lines = [
        "# Diagnostic codes",
        "",
        "Every mistake govnet reports carries one of these stable codes. Generated from `govnet/codes.py`",
        "by `python -m govnet.codes > docs/diagnostics.md`; a test keeps the two equal.",
        "",
        "| code | severity | family | meaning |",
        "|---|---|---|---|",
    ]
    # The anchor lets a link (SARIF's helpUri, docs/diagnostics.md#gn201) land on the code's row.
    lines += [f'| <a id="{c.code.lower()}"></a>{c.code} | {c.severity} | {c.family} | {c.title} |'
              for c in CODES.values()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown_table(), end="")
