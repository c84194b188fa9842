"""What `govnet verify` finds in the rendered configs (GN901-GN938), as templates for
govnet.i18n.messages.translate: the messages and hints of src/govnet/verify/, with ``{name}`` for a value that
is kept (devices, ports, addresses, route targets, lists of them)."""

from __future__ import annotations

from govnet.i18n import N_

FINDINGS: tuple[str, ...] = (
    # Underlay (GN901-GN906, GN921, GN922).
    N_("{device} {port} ({address}) faces {far}, but no port of {far2} is in its subnet"),
    N_("give {far}'s port toward {device} the other address of the subnet"),
    N_("the link {device} {port} – {far} is shut down at one end"),
    N_("remove 'shutdown' from both ends"),
    N_("{device} {port} sends {tag} toward {far}, whose port in its subnet takes {tags}: no frame crosses"),
    N_("use one VLAN id at both ends of the sub-interface"),
    N_("{device} has {count} link(s) to ports of another speed ({fars}): the two ends of a link differ"),
    N_("use ports of one speed at both ends (or set the faster port's speed)"),
    N_("{device} {port} is left out of the IGP, so no adjacency forms toward {far}"),
    N_("cover the port's address with a network statement (OSPF) or enable IS-IS on it"),
    N_("{device} {port} is passive (silent) in the IGP, so no adjacency forms toward {far}"),
    N_("make only ports without an IGP neighbour passive"),
    N_("IGP authentication differs on {a} {pa} ({auth_a}) and {b} {pb} ({auth_b}): no adjacency forms"),
    N_("configure one authentication mode (and key) on both ends"),
    N_("{a} {pa} ({type_a}) and {b} {pb} ({type_b}) differ in IGP network type: the adjacency does not carry routes"),
    N_("set one network type on both ends"),
    N_("IS-IS on {a} is {level_a} only and on {b} {level_b} only: no adjacency forms on {port}"),
    N_("run one level on both (the plan is one level-2 domain)"),
    N_("{a} {pa} is in OSPF area {area_a} but {b} {pb} in area {area_b}: no adjacency forms"),
    N_("put both ends of a link in one area"),
    N_("IS-IS level-2 LSPs are authenticated with {auth_a} on {a} and {auth_b} on {b}: each drops the other's LSPs, "
       "so no routes cross {port}"),
    N_("authenticate the LSPs alike on every router of the domain"),
    N_("LDP runs on one end of {a} {pa} – {b} {pb} only: labelled VPN traffic stops there"),
    N_("enable MPLS LDP on both ends"),
    N_("{device}'s Loopback0 is not in the IGP: no router reaches it"),
    N_("advertise Loopback0 in the IGP"),
    N_("the IGP of {devices} is cut off from the province core: their loopbacks are unreachable from the other "
       "routers"),
    N_("check the IGP on the links that join them to the rest"),
    N_("link {a} – {b}: the model has {wanted}, the configs build {built}"),
    N_("render the configs again, or fix the ports' addresses"),
    N_("the configs join {pair} {built} time(s), the model {wanted}"),
    N_("a link the model does not have: remove the addresses or add the link to topology/"),
    N_("unit {unit} in {vrf} on {router} ({state}): the model attaches it, the configs do not"),
    N_("render the configs again"),
    N_("{device} {port} attaches unit {unit} in {vrf} ({state}), which the model does not"),
    N_("a unit is attached by registry.yaml (active, in the zone, at the site): render the configs again"),
    N_("{device} {port} has {address}, which {first} has too"),
    N_("give each port its own address (render from one lock)"),
    N_("{device} {port} runs the IGP actively on {network}, a segment that faces no router of ours: hellos go to "
       "the hosts there, and any of them can form an adjacency"),
    N_("make the port passive (silent-interface, isis silent, passive-interface): its subnet is still advertised"),
    # The IPv6 underlay (GN903, GN904).
    N_("IS-IS on {device} carries IPv6 on its ports but the process has no IPv6 (no IPv6 topology): no IPv6 route "
       "is exchanged"),
    N_("enable IPv6 in the IS-IS process (Huawei 'ipv6 enable topology ipv6', Comware and IOS XE 'address-family "
       "ipv6' with 'multi-topology')"),
    N_("{device} {port} ({address}) is left out of the IPv6 IGP, so no IPv6 adjacency forms toward {far}"),
    N_("enable OSPFv3 (ospfv3 1 area A) or IS-IS IPv6 (isis ipv6 enable) on the port"),
    N_("{device} {port} names OSPFv3 area {area}, but {device2} has no OSPFv3 process"),
    N_("configure the OSPFv3 process (ospfv3 1, router-id)"),
    N_("{a} {pa} and {b} {pb} run different IPv6 IGPs (OSPFv3 and IS-IS): no IPv6 adjacency forms"),
    N_("run one IPv6 IGP on both ends"),
    N_("{a} {pa} is in OSPFv3 area {area_a} but {b} {pb} in area {area_b}: no IPv6 adjacency forms"),
    N_("IS-IS carries IPv6 in its own topology on one of {a} and {b} and in the IPv4 topology on the other: no IPv6 "
       "routes cross {port}"),
    N_("use multi-topology on both"),
    N_("{device}'s IPv6 Loopback0 ({address}) is not in the IPv6 IGP: no router reaches it over IPv6"),
    N_("advertise Loopback0 in OSPFv3 or IS-IS IPv6"),
    N_("the IPv6 IGP of {devices} is cut off from the province core: their IPv6 loopbacks are unreachable from the "
       "other routers"),
    N_("check OSPFv3 / IS-IS IPv6 on the links that join them to the rest"),
    # VRP termination sub-interfaces without ARP broadcast (GN934).
    N_("{device} {port} terminates VLAN {vlan} without 'arp broadcast enable': it sends no ARP request and drops the "
       "packets toward any address it has not learnt"),
    N_("add 'arp broadcast enable' to the sub-interface"),
    # The two ends of a link at different MTUs (GN935).
    N_("{a} {pa} has an IP MTU of {mtu_a} bytes and {b} {pb} of {mtu_b}: the smaller end drops the IS-IS hellos the "
       "larger end pads beyond its MTU (no adjacency), and every packet larger than its MTU"),
    N_("{a} {pa} has an IP MTU of {mtu_a} bytes and {b} {pb} of {mtu_b}: the smaller end refuses the OSPF DD packets "
       "that announce the larger MTU, so the adjacency stays in ExStart"),
    N_("{a} {pa} has an IP MTU of {mtu_a} bytes and {b} {pb} of {mtu_b}: the adjacency forms, but the smaller end "
       "drops the IGP's full-size packets (LSUs among them) and every other packet larger than its MTU"),
    N_("{a} {pa} has an IP MTU of {mtu_a} bytes and {b} {pb} of {mtu_b}: the smaller end drops every packet larger "
       "than its MTU"),
    N_("set one MTU at both ends of the link (or leave both at the default)"),
    N_("{a} {pa} has an IPv6 MTU of {mtu_a} bytes and {b} {pb} of {mtu_b}: the smaller end drops every IPv6 packet "
       "the larger sends beyond its MTU (IPv6 routers do not fragment)"),
    N_("set one 'ipv6 mtu' at both ends of the link (or leave both at the default)"),
    # A management protocol's source (GN936).
    N_("{device}'s {service} source {port} is no interface of the device: {service2} toward the management servers "
       "fails"),
    N_("{device}'s {service} source {address} is no address of the device: {service2} toward the management servers "
       "fails"),
    N_("{device}'s {service} source {port} has no address up: {service2} toward the management servers fails"),
    N_("{device}'s {service} source {port} ({address}) is unreachable from every management server: nothing they "
       "send back to it arrives"),
    N_("source it from the management address (Loopback1), which the management servers reach"),
    N_("{device} names no source for RADIUS: its requests leave from the outgoing interface's address, which the "
       "RADIUS servers do not know as a client and drop; no RADIUS account can log in (only the local users, once the "
       "servers time out)"),
    N_("source RADIUS from the management address (Loopback1), the address the RADIUS servers know the device by"),
    N_("{device} names no source for RADIUS server {server}: a server line's source is its own, so requests to this "
       "server leave from the outgoing interface's address, which it does not know as a client and drops; no RADIUS "
       "account can log in while it is the server asked"),
    N_("add 'source LoopBack 1' to this server's line, as on the others"),
    # The two ends of a BFD session that static routes follow (GN937).
    N_("{device}'s BFD session toward {peer} is bound to {port}, which the config does not define: the session never "
       "comes up"),
    N_("{device}'s BFD session toward {peer} is bound to {port}, which has no address up: the session never comes up"),
    N_("{device}'s BFD session toward {peer} is sent from {source}, which is not the address of {port} ({address}): "
       "the far end answers no such session"),
    N_("{device}'s BFD session toward {peer} is bound to {port} ({address}), whose subnet does not hold the peer: a "
       "single-hop session never comes up"),
    N_("{device}'s BFD session toward {peer} ({name}) lacks its local or remote discriminator or its commit: the "
       "session is not created"),
    N_("{device}'s BFD session toward {peer}: {address} is an address of no device"),
    N_("{device}'s BFD session toward {peer}: {far} runs no BFD session back toward {address}, so the session never "
       "comes up and the routes that follow it are withdrawn"),
    N_("{device}'s BFD session toward {peer} has static discriminators, but {far} negotiates them: the session never "
       "comes up"),
    N_("{device}'s BFD session toward {peer}: the discriminators are not crossed (local {local}, remote {remote} "
       "here; local {local2}, remote {remote2} on {far}): the session never comes up"),
    N_("{device}'s BFD session toward {peer} ({name}) is configured without BFD enabled globally ('bfd'): the "
       "session is not created"),
    N_("{device}'s BFD session toward {peer} runs on {port}, which has no BFD timers ('bfd interval'): the session "
       "does not come up"),
    N_("configure the session alike at both ends (govnet renders both)"),
    N_("{device}'s route to {prefix} tracks BFD session {name}, which the config does not define: the route follows "
       "nothing"),
    N_("{device}'s route to {prefix} via {hop} tracks BFD session {name}, which watches {peer}: the route stays while "
       "its next hop is dead"),
    N_("track the session toward the route's next hop"),
    # VTY lines without AAA or SSH alone (GN938).
    N_("{device}'s VTY lines {lines} name no authentication mode: no default of the platform is known to be AAA, so "
       "logins may skip RADIUS"),
    N_("{device}'s VTY lines {lines} log in through AAA list {name}, which the config does not define (with 'aaa "
       "new-model'): logins skip RADIUS"),
    N_("{device}'s VTY lines {lines} authenticate by '{mode}', not AAA: logins skip RADIUS and the local users"),
    N_("{device}'s VTY lines {lines} name no inbound protocol: no default of the platform is known to be SSH alone, "
       "so telnet may reach them"),
    N_("{device}'s VTY lines {lines} take logins over no protocol: the NOC is locked out"),
    N_("{device}'s VTY lines {lines} take logins over '{protocols}', not SSH alone: clear-text telnet logins are kept "
       "out only while the telnet server stays off"),
    N_("{device}'s VTY lines {lines} take logins over '{protocols}', not SSH alone: telnet reaches them in clear "
       "text"),
    N_("authenticate the VTY lines through AAA: 'authentication-mode aaa' (Comware 'authentication-mode scheme', IOS "
       "XE 'login authentication default' under 'aaa new-model')"),
    N_("take logins over SSH alone: 'protocol inbound ssh' (IOS XE 'transport input ssh')"),
    # A hot standby peer that is no device (GN916).
    N_("{device}'s hot standby peer {address} is an address of no device: the pair shares no sessions"),
    N_("{device}'s hot standby peer {address} is {other}, which does not name {device2} as its peer: the pair shares "
       "no sessions"),
    N_("name the heartbeat address of the other firewall of the pair"),
    # NAT rules and pools per carrier (GN919).
    N_("{device} translates traffic to NAT pool {pool}, which the config does not define: it leaves untranslated "
       "and the carrier drops it"),
    N_("define the pool, or name the carrier's pool in the rule"),
    N_("{device} sends traffic out by carrier {carrier} translated to no NAT pool: the carrier drops its extranet "
       "source addresses"),
    N_("a NAT rule per carrier, translating what leaves toward that carrier to its pool"),
    # Firewall ports and their security zones (GN923).
    N_("{device} {port} ({address}) is in no security zone: the firewall passes no traffic to or from it"),
    N_("bind the port to its zone ('add interface' / 'import interface')"),
    N_("{device} {port} carries zone {zone} (VLAN {vlan}) but is bound to security zone {other}: its traffic meets "
       "the rules of another zone"),
    N_("bind the port to security zone {zone}"),
    # Login (GN933).
    N_("{device}'s VTY lines take logins from any address: no ACL restricts them to the management networks"),
    N_("apply the management ACL to the VTY lines (acl … inbound, access-class … in)"),
    N_("{device}'s VTY lines name ACL {acl}, which the config does not define: logins are not filtered"),
    N_("define the management ACL the VTY lines name"),
    N_("{device}'s VTY ACL {acl} refuses logins from the management network(s) {networks}: the NOC is locked out"),
    N_("permit every management network in the ACL, before any deny"),
    N_("{device}'s VTY lines {lines} are not configured: they take logins with the device's defaults (any "
       "address, telnet)"),
    N_("configure every VTY line like the others: management ACL, SSH only, AAA"),
    N_("{device}'s VTY lines {lines} take logins from any address: only other VTY lines name the management ACL"),
    N_("apply the management ACL to every VTY block"),
    N_("{device}'s security policy lets no traffic from the management network(s) {networks} reach the firewall "
       "itself (zone local): the NOC is locked out"),
    N_("permit the management networks from the management legs' zone to local, before any deny"),
    # BGP (GN907-GN910).
    N_("{device}'s BGP peer {address} is no address of any configured device"),
    N_("peer with the far router's Loopback0"),
    N_("{device} peers with {far} ({address}), but {far2} has no session back to {source}"),
    N_("add the peer to {far}'s BGP"),
    N_("{device} expects AS {asn} at {far}, which runs AS {far_asn}"),
    N_("use the province's AS on both ends"),
    N_("{device}'s BGP session to {far} ({address}) cannot come up: the IGP has no route between their loopbacks"),
    N_("see the IGP findings"),
    N_("VPNv6 is enabled toward {device} on {far} but not toward {far2} on {device2}"),
    N_("enable the peer in the VPNv6 family"),
    N_("VPNv4 is enabled toward {device} on {far} but not toward {far2} on {device2}"),
    N_("enable the peer in the VPNv4 family"),
    N_("{device} opens its session to {far} ({address}) from {port}, but {far2} peers with {source}: the session "
       "never comes up"),
    N_("source the session from Loopback0 (connect-interface / update-source)"),
    N_("TCP MD5 authentication is configured toward {far} on {device} only: {other} answers unsigned, so the session "
       "never comes up"),
    N_("set the peer's password on both ends, or on neither"),
    N_("{device} sends its VPNv4 routes to {far} ({address}) without extended communities: they reach {far2} "
       "without route targets, and no VPN instance imports them"),
    N_("add 'neighbor … send-community extended' in the VPNv4 family"),
    N_("the VPN routes of {count} PE(s) ({pes}) never reach {device} over BGP"),
    N_("peer with a route reflector that reaches them"),
    # VPNs, zones and firewalls (GN911-GN916, GN919, GN920).
    N_("RD {rd} of {vrf} on {device} is also the RD of {other} on {other_device}, another VPN"),
    N_("give each VPN its own RD (per PE: router-id:number)"),
    N_("{vrf} on {device} has no route distinguisher: the family is not active, so its routes are neither "
       "announced nor learned"),
    N_("give the VPN instance its RD (router-id:number)"),
    N_("{vrf} on {device} exports {exports} and imports {imports}; zone {zone} exports {zone_exports} and imports "
       "{zone_imports}"),
    N_("the zone is defined at {where}; render the configs again"),
    N_("{vrf} on {device} learns no routes of {vrf2} on {devices}"),
    N_("import the zone's route target on every PE of the zone"),
    # Isolation per prefix (GN914, GN915): what each VPN instance learns, static routes.
    N_("{vrf} on {device} learns {count} office routes ({prefixes})"),
    N_("the office zone is isolated: remove the import of its route target, or deny its prefixes in the import "
       "route-policy"),
    N_("{vrf} on {device} learns {count} routes of dedicated zones past every firewall ({prefixes})"),
    N_("let the internet zone reach a dedicated zone only through a firewall rule: remove the import of the "
       "dedicated zone's route target"),
    N_("{hint} (zone {zone} at {where} imports {zones})"),
    N_("{device} routes the office zone's {prefix} in {table}"),
    N_("the office zone is isolated: remove the route"),
    N_("{device} routes the internet zone ({vrf}) to {prefix} of {zone} past every firewall"),
    N_("route it through a firewall with a rule that permits it, or remove it"),
    N_("{device} routes the internet zone ({vrf}) to {prefix} of {zone} through {firewall}, which has no rule "
       "permitting {rule}"),
    N_("{device} routes the internet zone ({vrf}) to {prefix} of {zone} through {firewall}, whose rules permitting "
       "{rule} ({names}) do not cover it"),
    N_("{device} sends {vrfs} traffic through both {pair}, which share no sessions (no HRP/RBM): a flow that "
       "returns through the other firewall is dropped"),
    N_("configure hot standby on the pair, or route each zone through one firewall"),
    N_("{vrf} at site {site}: {a} sends it through {fw_a}, {b} through {fw_b}, which share no sessions (no HRP/RBM): "
       "a flow that leaves by one and returns by the other is dropped"),
    N_("route every router of the site to the same firewall, or configure hot standby"),
    N_("{device} translates to {count} NAT pool(s) ({pools}) traffic that leaves by {carriers} carriers "
       "({names}): each carrier drops the others' addresses"),
    N_("one NAT pool per carrier, and traffic translated to it routed to that carrier"),
    N_("zone {zone}: {parts} are routed in {vrf} by no PE: no member of the zone reaches them"),
    N_("attach each site's block and each unit's subnet in the zone's VPN instance (a sub-interface or a static "
       "route to the unit's CE)"),
    # VPN prefixes per route target, route-policy and PE (GN924).
    N_("zone {zone}: {count} prefix(es) ({prefixes}) reach no route in {vrf} on {members} member PE(s) ({pes})"),
    N_("zone {zone}: {count} IPv6 prefix(es) ({prefixes}) reach no route in {vrf} on {members} member PE(s) "
       "({pes})"),
    # Route-policy matches verify cannot evaluate (GN926).
    N_("route-policy {policy} on {device} ({use}) matches '{match}', which verify cannot evaluate: it judges the "
       "node as matching no route"),
    N_("route-policy {policy} on {device} ({use}) matches {what}, which the config does not define: verify judges "
       "the node as matching no route"),
    N_("route-policy {policy} on {device} ({use}) matches {what}, whose regular expression verify cannot read: it "
       "judges the node as matching no route"),
    N_("match on prefix lists, AS-path or community filters, or tags that the config defines"),
    N_("route-policy {policy} on {device} ({use}) is not defined in the config: verify lets every route through it"),
    N_("define the route-policy, or remove its use"),
    N_("check the route targets, the export and import route-policies (their prefix lists) and the BGP sessions of "
       "those PEs"),
    # Carrier handoffs (GN925).
    N_("{device} {port} hands off to {carrier} but has no address: no default route reaches the carrier"),
    N_("give the handoff the address of the carrier's contract"),
    N_("{device} {port} hands off to {carrier}, but {table} has no IPv4 default route toward it ({network})"),
    N_("route 0.0.0.0/0 to the carrier's address on the handoff"),
    N_("{device} {port} hands off to {carrier}, but {table} has no IPv6 default route toward it ({network})"),
    N_("route ::/0 to the carrier's address on the handoff"),
    # Static routes toward the firewalls without BFD (GN927).
    N_("{device} routes {prefix} in {vrf} to {far} ({next_hop}) without BFD: a firewall that hangs with its ports up "
       "keeps the route, and the standby never takes over"),
    N_("tie the route to a BFD session toward its next hop (Huawei 'track bfd-session', Comware 'bfd "
       "control-packet', IOS XE 'ip route static bfd')"),
    # One router leg of an HRP firewall down: the routers part between the pair (GN929).
    N_("when {device} loses {port} (toward {failed}), {moved} sends {vrf} traffic for {prefix} to {peer}, which HRP "
       "makes active, while {router} still sends it to {device2}: a flow's two directions part"),
    N_("put the firewall's ports toward the routers in one link group ('link-group 1' on each, as govnet render does) "
       "and follow every route toward it with BFD"),
    # One router leg of an RBM firewall down: a router sent to the RBM standby (GN932).
    N_("when {device} loses {port} (toward {failed}), {moved} sends {vrf} traffic for {prefix} to {peer}, its RBM "
       "standby, while {router} still sends it to {device2}: what the standby does with that traffic is unproven (no "
       "RBM interface monitoring is rendered: its command could not be confirmed)"),
    N_("check on the device that the standby forwards such traffic with the sessions RBM copied to it, or monitor the "
       "legs from RBM by hand, after your firmware's RBM configuration guide (see templates/h3c_secpath/firewall.j2)"),
    # Firewall rules against the policy (GN923).
    N_("{device} has no rule {rule} ({source} -> {destination}) in its security policy"),
    N_("the rule is written at {where}; render the configs again"),
    N_("{device} has no rule {rule} ({source} -> {destination}) in its IPv6 security policy"),
    N_("rule {rule} on {device} differs from the policy: {differences}"),
    N_("rule {rule} on {device} differs from the policy in IPv6: {differences}"),
    # Management (GN917, GN918).
    N_("{service} server {address} is in no config: no device connects or routes its subnet, so no device reaches "
       "it"),
    N_("attach the management servers to a router (management VPN or global table) and advertise their subnet"),
    N_("{device}'s management address ({address}) is unreachable from every management server"),
    N_("advertise it in the IGP or the management VPN, or route it toward the device"),
    # Policy paths through the firewalls and the secure access platform (GN930, GN931).
    N_("{device} does not send {vrf} traffic to {net} through a firewall that holds rule '{rule}' ({a} -> {b}), "
       "which this site enforces"),
    N_("{device} does not send {vrf} replies to {net} back through {firewall} or its HA peer (rule '{rule}', "
       "{a} -> {b}): the firewall drops what it holds no session for"),
    N_("route the rule's destinations and sources to the site's active firewall (govnet render does), or enforce "
       "the rule at another level"),
    N_("{device} does not route {net} of the secure access platform to an access gateway in {vrf}: its users get "
       "no replies"),
    N_("give the platform's site access-gateway devices (access_platform.gateways)"),
    N_("{device} routes {net} of the secure access platform's clients in {vrf} past every firewall"),
    N_("the client pool is reached only through a firewall rule whose source it is"),
)
