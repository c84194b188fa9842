"""Diagnostics in the language of the run, translated where they are printed.

The checks write their messages and hints in English with the user's values in them. Rather than thread a
translator through every check, the common shapes are listed here once as templates (``{name}`` marks a value
the check fills in); a message that matches one is re-read into its values and written from the translated
template. A message no template matches keeps its English text, and every diagnostic still shows its code's
title in the language of the run.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from functools import cache

from govnet.codes import CODES, Severity
from govnet.i18n import N_, Lang, _, catalog, current

# Words the checks put into their messages as values (type names, levels, what a zone entry is): translated
# when a value is exactly one of them.
WORDS: tuple[str, ...] = (
    N_("text"), N_("a whole number"), N_("true or false"), N_("a number"), N_("a list"), N_("a mapping"),
    N_("empty"), N_("nothing (null)"), N_("province"), N_("city"), N_("county"), N_("township"), N_("village"),
    N_("internet exit"), N_("access platform"), N_("it has no link leading to it"),
    N_("a township code has 9 digits"), N_("technical contact"), N_("head"),
    N_("an octal number"), N_("a base-60 number"), N_("ports are 1-65535"), N_("a service is text such as tcp/443"),
    N_("it is not of the form protocol[/port[-port]]"),
    N_("SNMP trap"), N_("SSH server"),  # management protocols whose source verify judges (GN936)
)

# The tail of a shortened list inside a message (govnet.diagnostics.some): translated wherever a value ends so.
MORE = N_("{shown} and {rest} more")
_MORE = re.compile(r"(?P<shown>.+) and (?P<rest>\d+) more", re.DOTALL)
# A list of choices inside a message ("'a', 'b' or 'c'", "site:3601 or site:3602"): its words translated, its
# commas Chinese enumeration marks where the language has them.
EITHER = N_("{shown} or {last}")
CHOICES_SEPARATOR = N_(", ")
_EITHER = re.compile(r"(?P<shown>[^\s,]+(?:, [^\s,]+)*) or (?P<last>[^\s,]+)")

TEMPLATES: tuple[str, ...] = (
    # Loader and schema (GN1xx, GN2xx): the ones every user meets first.
    N_("unknown field '{field}'"),
    N_("missing required field '{field}' in '{where}'"),
    N_("missing required field '{field}'"),
    N_("'{path}' must be {expected}, not {got}"),
    N_("'{path}' cannot be {got}"),
    N_("the file must hold a mapping, but it is {got}"),
    N_("file holds more than one YAML document"),
    N_("duplicate key '{key}' in this mapping"),
    N_("file is not part of the model and is ignored"),
    N_("{count} diagnostic(s) about references withheld: {items} item(s) with schema errors were left out, and "
       "what refers to them would look broken too"),
    N_("fix the schema errors of the items left out, then run again to see them"),
    N_("YAML syntax: {problem}"),
    N_("cannot read bandwidth {value}"),
    N_("the model needs {file}"),
    N_("{file} cannot be read ({error})"),
    N_("{folder}/ cannot be listed ({error})"),
    N_("a model file must be a regular YAML file: replace it with one (git checkout restores it)"),
    N_("give the model's folders read and search permission (chmod u+rx)"),
    N_("model files end in lower-case .yaml or .yml: rename it to {name}"),
    # Which model a command uses (printed on stderr by every command).
    N_("model: {path} (current directory)"),
    N_("model: embedded example ({path})"),
    N_("model: {path}"),
    # Hints.
    N_("did you mean '{name}'?"),
    N_("did you mean {name}?"),
    N_("allowed here: {names}"),
    N_("add '{field}:' to this mapping"),
    N_("write {expected} here"),
    N_("expected {expected}"),
    N_("this file's top-level keys are {fields}"),
    N_("use a value of at least {value}"),
    N_("use a value of at most {value}"),
    N_("the value must match {pattern}"),
    N_("a value containing ': ' must be quoted"),
    N_("remove the '---' separator: one file is one document"),
    N_("run 'govnet init' to see the expected layout"),
    N_("run 'govnet allocate' and commit allocations.lock"),
    N_("run 'govnet allocate --prune' to release it once it is really gone"),
    N_("to renumber it, run 'govnet allocate --release {subject}'"),
    N_("restore allocations.lock from git; choose addresses with pins in zones/*.yaml, never by editing the lock"),
    N_("fine for a division created since 2023; otherwise check the code"),
    N_("each site appears once; remove or renumber one"),
    N_("one unit, one record: remove or merge the duplicate"),
    N_("make the two agree"),
    N_("use '{name}' unless the division was renamed"),
    N_("write 100M, 1G, 10G, 100G, or plain bit/s such as 155000000"),
    N_("city files are named by the city's 4-digit code, e.g. 3601.yaml"),
    # Messages of the checks.
    N_("site {code} is named '{name}'; the national table says '{official}'"),
    N_("unit {unit} attaches to site {site}, which is not a site of this model"),
    N_("unit {unit} is active but has no approval entry in its history"),
    N_("{type} {family} {kind} {subject} keeps {prefix}, though the plan now gives /{length}"),
    # The rest of the error corpus's messages and hints, by code.
    N_("YAML indentation must use spaces, not tabs"),
    N_("check the brackets, quotes and indentation on this line and the lines just before it"),
    N_("'{key}' appears earlier in the same mapping; keep one"),
    N_("this looks like an alias bomb; write the data out instead of nesting aliases"),
    N_("aliases expand to more than {count} values"),
    N_("save the file as UTF-8 (files saved as GBK/GB18030 by older editors need converting)"),
    N_("byte {byte} is not valid UTF-8"),
    N_("use a plain {kind}"),
    N_("unsupported YAML tag '{tag}'"),
    N_("flatten the structure; no govnet file needs this depth"),
    N_("collections nested deeper than {depth} levels"),
    N_("'{path}': String should match pattern '{pattern}' (got {got})"),
    N_("'{path}': Input should be greater than or equal to {value} (got {got})"),
    N_("'{path}': Input should be less than or equal to {value} (got {got})"),
    N_("'{path}': {prefix} has host bits set"),
    N_("site {site} uses profile '{profile}', which topology/profiles.yaml does not define"),
    N_("it must start with its parent's code {code}"),
    N_("{level} code '{code}' is malformed: {why}"),
    N_("a township under {parent} has a 9-digit code starting with {prefix}; move the site or fix its code"),
    N_("move it to {file}"),
    N_("city {code} is in the file of city {other}"),
    N_("{level} code {code} does not start with its parent's code {parent}"),
    N_("keep one file per city"),
    N_("city {code} already has the file {file}; this one is ignored"),
    N_("site code {code} is already used ({where})"),
    N_("names under one parent must be unique; check for a copy-paste"),
    N_("two sites under {parent} are named '{name}' ({a} and {b})"),
    N_("{level} code {code} ({name}) is not in the national division table ({year})"),
    N_("remove 'level:'; govnet derives it from the code"),
    N_("site {code} is declared '{declared}' but {why}"),
    N_("give its profile uplinks, or add a link under 'links:'"),
    N_("site {code} ({name}) has no path to the province core: {why}"),
    N_("province code {code} differs from govnet.yaml's province {other}"),
    N_("special site {id} homes to {parent}, which is not a site of this model"),
    N_("link endpoint '{end}' is neither a device nor a site"),
    N_("check the 'a' and 'b' endpoints"),
    N_("link connects {device} to itself"),
    N_("it is already implied by the uplinks of site {site}; remove it here"),
    N_("the same pair is linked at {where}; describe a bundle as one link with its total bandwidth"),
    N_("duplicate link {a} – {b}"),
    N_("raise the bandwidth to at least {bandwidth}"),
    N_("uplink bandwidth {bandwidth} is below the minimum {minimum} (sites {sites})"),
    N_("give the parent site a second core router, or reduce uplinks.count"),
    N_("dual-homed sites {sites} land all uplinks on one parent device {device}"),
    N_("list at least two carriers, e.g. carriers: [电信, 联通]"),
    N_("sites {sites} need diverse carriers but their uplinks do not use two different carriers"),
    N_("add a second, diverse link beside it"),
    N_("link {a} – {b} is a single point of failure: every path from dual-homed sites {sites} to the"
       " province core crosses it"),
    N_("lower the bandwidth or raise the device's port_speed"),
    N_("link {a} – {b} is {bandwidth} but {device}'s ports carry {speed}"),
    N_("hardware model '{model}' of {device} is not in the port table"),
    N_("hardware model '{model}' of {device} does not run platform '{platform}' (it runs {platforms})"),
    N_("models for {platform}: {models}; or describe it under 'hardware:' in {file}"),
    N_("models for {platform}: {models}"),
    N_("link {a} – {b}: no port speed in common ({ours} vs {theirs})"),
    N_("choose a hardware model with a card of the other end's speed, or a port_speed both ends have"),
    N_("hardware model '{model}' is not in the port table"),
    N_("hardware model '{model}' does not run platform '{platform}' (it runs {platforms})"),
    N_("{device} needs {count} {speed} ports, its hardware model {model} has {available} (and {more} more"
       " device(s) of this spec)"),  # before the short form, which would match it too
    N_("{device} needs {count} {speed} ports, its hardware model {model} has {available}"),
    N_("a model with more {speed} ports ({models}), or fewer links at this speed"),
    N_("a bigger hardware model, or fewer links at this speed"),
    N_("{device}: the lock puts a {speed} port at number {number}, past the {available} {speed2} ports of its "
       "hardware model {model}; ports reserved for removed links: {kept}"),
    N_("run 'govnet allocate --prune' to release the ports of removed links (GN627 lists them), or choose a "
       "hardware model with more ports"),
    N_("hardware '{name}': platform '{platform}' names {speed} ports {kind}, its first platform '{first}' "
       "{base}: one entry cannot give both their port names"),
    N_("give each vendor's software its own entry (one platform family per entry)"),
    N_("hardware '{name}': platform '{platform}' names {speed} ports {kind}, this card's are {speed2}"),
    N_("hardware '{name}': interface type '{kind}' is not one govnet names ports with on platform '{platform}'"),
    N_("{speed} ports on {platform} are {kind} (or leave 'type' out)"),
    N_("hardware '{name}': cards {a} and {b} both give port number(s) {numbers} on slot {slot}, subcard {subcard}"),
    N_("number this card's ports from {first} ('first:'), or put it on another slot or subcard"),
    N_("hardware '{name}': platform '{platform}' has no interface type for {speed} ports, so govnet cannot name "
       "them"),
    N_("port speeds govnet names on {platform}: {speeds}"),
    N_("{device}: the lock cables {count} {speed} port(s) past the {available} {speed2} ports its hardware model "
       "{model} has now (toward {fars}, the last at number {number}): those ports no longer exist"),
    N_("if the device still has the card, put it back in the hardware entry; otherwise 'govnet allocate "
       "--release {block}' gives its {speed} ports new numbers (re-cable them as the new configs say)"),
    N_("site {site}: {count} zones cross its firewalls, more than the {room} security zone priorities USG has"),
    N_("send fewer zones through the firewall at this site"),
    N_("site {site}: the lock numbers zone(s) {zones} past the {room} security zone priorities USG has; "
       "priorities reserved for removed zones: {kept}"),
    N_("run 'govnet allocate --prune' to release the priorities of removed zones (GN627 lists them)"),
    N_("run 'govnet allocate --release {block}' to number the site's zones afresh"),
    N_("add a device with role core-router or router, or set uplinks.count: 0"),
    N_("no router in this device list, but sites {sites} need one for their uplinks"),
    N_("remove line breaks and control characters"),
    N_("'{field}' contains control character {char}; it would break the device config"),
    N_("shorten it (Chinese characters count 3 bytes each)"),
    N_("shorten the name pattern"),
    N_("'{field}' is {size} bytes; configs allow {limit} here"),
    N_("hostname '{name}' is longer than {platform} allows ({limit})"),
    N_("use ASCII letters, digits and '-', starting with a letter"),
    N_("hostname '{name}' has characters devices do not accept"),
    N_("use the fields {{prefix}}, {{code}} and {{n}}, e.g. '{{prefix}}-{{code}}-R{{n:02d}}'"),
    N_("device name pattern '{pattern}' cannot be used: {why}"),
    N_("name patterns must differ, e.g. R{{n:02d}} for routers and FW{{n:02d}} for firewalls"),
    N_("device name '{name}' is already given to this site by the spec at {where}"),
    N_("a {role} must be on one of: {platforms}"),
    N_("an {role} must be on one of: {platforms}"),
    N_("platform '{platform}' has no {role} template, so device '{device}' (and every other device of this"
       " spec) cannot be configured"),
    N_("{what} names zone '{zone}', which zones/zones.yaml does not define"),
    N_("remove '{zone}' from this list, or add the level to the zone's 'levels' in zones/zones.yaml"),
    N_("zone '{zone}' is offered at {level} level by sites {sites}, but its definition allows only {levels}"),
    N_("remove the route leak"),
    N_("the office zone (办公业务区) is isolated from every other zone and the internet: remove the rule"),
    N_("rule '{rule}' connects the office zone '{office}' to zone '{zone}'"),
    N_("zone '{zone}' imports the routes of zone '{other}', but the office zone is isolated"),
    N_("add a rule from '{a}' to '{b}' (or the reverse) enforced at the levels where the two meet, or"
       " remove the route leak"),
    N_("zone '{zone}' imports the routes of zone '{other}', but no rule in zones/policy.yaml puts a"
       " firewall between them"),
    N_("consolidate it into a unified exit at an allowed level, or change exit_levels in the policy"),
    N_("internet exit at {level} site {site} ({name}); zones/policy.yaml allows exits only at {levels}"),
    N_("give the zone its own '{field}:'"),
    N_("VRF name {vrf} of zone '{zone}' is already used by zone '{other}' ({where})"),
    N_("route distinguisher {rd} of zone '{zone}' is already used by zone '{other}' ({where})"),
    N_("export a route target no other zone exports"),
    N_("export route target {rt} of zone '{zone}' is already used by zone '{other}' ({where})"),
    N_("add a firewall to those sites' profile, or enforce the rule at another level"),
    N_("rule '{rule}' is enforced at {level} level, but sites {sites} where '{a}' and '{b}' meet have no firewall"),
    N_("give each zone its own name"),
    N_("give each zone its own number: route distinguishers and targets derive from it"),
    N_("{field} {value} of zone '{zone}' is already used by zone '{other}' ({where})"),
    N_("add '{zone}' to the zones of site {site} or of its profile"),
    N_("{what} of zone '{zone}' is at site {site}, which is not a site of this model"),
    N_("{what} of zone '{zone}' is at site {site}, which does not offer the zone"),
    N_("remove 'nat: true'"),
    N_("rule '{rule}' uses address group '{group}', which the policy does not define"),
    N_("rule '{rule}' asks for NAT toward zone '{zone}', but NAT applies only toward the internet zone"),
    N_("add handoffs: {{{carrier}: {{address: <ours>/<len>, gateway: <theirs>}}}} from the ISP contract, or"
       " remove the carrier"),
    N_("did you mean '{name}'? it is listed in 'carriers' and has no handoff"),
    N_("carrier '{carrier}' of the internet exit at site {site} has no handoff: its circuit would end nowhere"),
    N_("handoff for carrier '{carrier}', which the internet exit at site {site} does not list in 'carriers'"),
    N_("copy address and gateway from the ISP contract: both are usable addresses of {subnet} ({first} to"
       " {last}), ours and the carrier's different"),
    N_("handoff of '{carrier}': gateway {gateway} is the broadcast address of {subnet}"),
    N_("handoff of '{carrier}': gateway {gateway} is outside the handoff subnet {subnet}"),
    N_("handoff addresses are the carrier's, from the ISP contract: they cannot also be in the province's"
       " own address plan"),
    N_("handoff of '{carrier}': {prefix} overlaps {pool}, a pool of zone '{zone}' ({where})"),
    N_("handoff of '{carrier}' at site {site} names device '{device}', which is not a router of the site"),
    N_("give the two pools disjoint blocks"),
    N_("pool '{pool}' {family} block {block} overlaps pool '{other}' block {other_block} ({where}): {why}"),
    N_("use a {level} length above {length}"),
    N_("use a length between {low} and {high}"),
    N_("use a size between {low} and {high}"),
    N_("pool '{pool}' {family}: {why}"),
    N_("make {level} blocks larger (lower delegate.{field}, now /{length}, at {where}), or make what is"
       " carved from them smaller"),
    N_("'{pool}' {family}: no free /{length} left in block {block} of site {site} ({free} of {total}"
       " addresses free) for {count} request(s): {subjects}"),
    N_("if the site moved, release its addresses with 'govnet allocate --release {subject}'; if this is a"
       " pin, pin an address inside the block"),
    N_("pin an address inside the pool, or add the legacy block to the pool"),
    N_("{key}: {prefix} lies outside {block}, the block of site {site} it must be carved from"),
    N_("{key}: {prefix} lies outside pool '{pool}' ({blocks})"),
    N_("pins must not reuse addresses already handed out; pick a free block"),
    N_("neither is a pin: the lock gives both the same addresses (edited by hand, or merged from two branches);"
       " give the one not in service yet addresses of its own with 'govnet allocate --reseal --release <subject>'"),
    N_("{key} {prefix} overlaps {other} {other_prefix}"),
    N_("pin a site code with a block in this pool, a unit id, a device name or a link (A~B)"),
    N_("pin for '{subject}' in pool '{pool}' names nothing that gets an address there"),
    N_("no addresses yet: {keys}"),
    N_("{key} {prefix} is reserved for something the model no longer has (removed, or a revoked unit)"),
    N_("allocations.lock was edited by hand: its digest does not match its entries"),
    N_("allocations.lock has an unresolved merge conflict (lines {first}-{last})"),
    N_("do not merge the lock by hand: take one side whole (git checkout --ours allocations.lock), then run"
       " 'govnet allocate', which gives what the other side added addresses of its own and moves nothing else"),
    N_("lock entry {key}: {value}: {why}"),
    N_("lock format {found} is not the format {expected} this govnet writes"),
    N_("a USCC has 18 characters from 0-9 and A-Z without I, O, S, V, Z"),
    N_("unit {unit}: USCC {uscc} has characters outside the USCC alphabet: {detail}"),
    N_("unit {unit}: USCC {uscc} has {count} characters; a USCC has 18"),
    N_("a typo somewhere in the code, or a wrong check character: compare with the licence"),
    N_("unit {unit}: USCC {uscc} check character is '{found}' but should be '{expected}'"),
    N_("characters 9-17 are the organisation code: compare them with the licence"),
    N_("unit {unit}: USCC {uscc} organisation-code check character (position 17) is '{found}' but should be"
       " '{expected}'"),
    N_("codes issued before a unit moved or a division was renamed keep the old code; otherwise check both"),
    N_("unit {unit}: the USCC carries division {division}, the unit's division is {own}"),
    N_("write the 6-digit GB/T 2260 code (360000 province, 360100 city, 360102 county), a 9-digit township or a "
       "12-digit village code"),
    N_("unit {unit}: division code {code} is not in the national division table"),
    N_("attach the unit to a site of its own division or one above it"),
    N_("unit {unit}: division {division} lies outside site {site} ({name})"),
    N_("site {site} offers: {zones}; attach the unit higher up, or add the zone to the site"),
    N_("unit {unit} joins zone '{zone}', which its site {site} ({name}) does not offer"),
    N_("a unit reaches the internet through 'internet: unified' (or 'own'), not by joining the zone"),
    N_("set 'access_class: {cls}', or change the zones or 'internet:'"),
    N_("unit {unit} lists the internet zone '{zone}' among its zones"),
    N_("unit {unit} is class {cls} ({what}), but its zones ({zones}) and internet exit ({exit}) make it"
       " class {other} ({other_what})"),
    N_("unit {unit}: the id is already registered ({where})"),
    N_("unit {unit}: the USCC is already registered ({where})"),
    N_("unit {unit}: the name at this site is already registered ({where})"),
    N_("write a mainland mobile number such as 13907910001 (a landline goes under 'phone:')"),
    N_("unit {unit}: mobile number '{number}' of the {who} is not 11 digits starting 13-19"),
    N_("new access from {date} on is approved before it is built: record the approval (govnet registry approve)"),
    N_("history is in date order, oldest first: fix the date or move the entry"),
    N_("swap or fix the dates"),
    N_("unit {unit}: period of use ends ({end}) before it starts ({start})"),
    N_("unit {unit}: history entry '{action}' of {date} comes after one of {later}"),
    N_("change status with 'govnet registry approve|activate|suspend|revoke', which also records the history entry"),
    N_("unit {unit} has status '{status}', but its history leads to '{expected}'"),
    N_("from {date} on, new access is approved before it is built"),
    N_("unit {unit} was activated on {activated}, before its approval of {approved}"),
    N_("record each re-registration as a 'reregister' history entry; the ledger's 重新登记 column lists them all"),
    N_("{count} unit(s) began before the re-registration campaign of {date} and have not re-registered since: {units}"),
    N_("grade and file the unit's system (等保定级备案) at the level the zone requires"),
    N_("unit {unit} joins zone '{zone}', which needs MLPS level {level} or higher; it has MLPS level {own}"),
    N_("level {level} is assessed every {months} months: schedule the assessment"),
    N_("unit {unit}: last MLPS assessment {date} is more than {months} months before {today}"),
    N_("upgrade the site's uplinks, or grant less bandwidth"),
    N_("site {site} ({name}): {count} unit(s) are granted {granted} in all, more than its uplinks"
       " ({uplinks}) × {factor} oversubscription = {limit}"),
    N_("site {site} ({name}): {units} unit(s) not revoked need {count} unit sub-interfaces (one per unit and zone),"
       " more than the {capacity} VLAN ids (2-4094) of one attach router; unit {unit} (zone {zone}) and those after"
       " it would get none"),
    N_("split the site (attach some units to a site below it), or give the site a second attach router"),
    N_("unit {unit}: the {field} holds the invisible character {char}; the text looks like one it is not, and a "
       "duplicate goes unnoticed"),
    N_("delete it: retype the text, or remove the character in an editor that shows it"),
    N_("unit {unit}: the PDF form cannot draw {chars} (the font govnet ships lacks it): the printout shows a box in "
       "its place"),
    N_("print the HTML form from a browser on a machine with a full CJK font, or write the character in by hand on "
       "the printout"),
    # Management plane and redundancy (GN411, GN507-GN509).
    N_("sites {sites} have a router without an uplink of its own: it reaches the core only through the"
       " site's other router"),
    N_("give every router of the site an uplink (uplinks.count at least the number of routers)"),
    N_("management server {server} ({service}) is outside the management networks, so no device has a route to it"),
    N_("add its network to management.plane.networks ({networks})"),
    N_("govnet.yaml declares no management network (management.plane.networks): no device's NTP, syslog,"
       " SNMP or AAA server is routed and no administrator may log in (the VTY ACLs permit only those"
       " networks)"),
    N_("declare the NOC prefixes, e.g. management: {{plane: {{networks: [{example}]}}}}"),
    N_("management plane site '{site}' has no core routers to connect the NOC network"),
    N_("set management.plane.site to a site with core routers (default: the province)"),
    # targets.yaml (GN74x).
    N_("target '{target}' cites document '{document}', which is not listed"),
    N_("documents listed: {keys}"),
    N_("centre '{site}' is not a site of the model"),
    N_("name a special site's id (e.g. CLOUD, DR) or a division code"),
    N_("{department} {network} has no migration plan"),
    N_("add 'plan:' (what moves onto the extranet, and by when)"),
    N_("{department} {network} was created {created}, after {date}: no new department private network is allowed"),
    N_("carry the business on a dedicated zone (专用网络区) of the extranet instead"),
    # Missing files, YAML 1.1 surprises, control characters, services (GN110-GN112, GN204, GN501).
    N_("without {file} the firewalls lose every rule and NAT: restore it from git, or write 'rules: []' to say"
       " there are none"),
    N_("the model has no {file}: no access unit is registered, and no unit gets addresses or a form"),
    N_("restore {file} from git, or write 'units: []' to say there are none"),
    N_("{value} reads as {reading} in YAML 1.1 ({result}); govnet keeps it as the text '{text}'"),
    N_("quote it to say it is text: '{value}'"),
    N_("{value} contains control character {char}; it would break a line of a device config, form or spreadsheet"),
    N_("remove line breaks and control characters (write it on one line)"),
    N_("'{path}': cannot read service {shown}: {why}"),
    N_("write tcp/443, udp/1000-2000 (a range, low first) or icmp; ports are 1-65535; no services means any"),
    # Villages and county files (GN311, GN412, GN413).
    N_("township {code} is not a township of county {county}: it sits under {parent}"),
    N_("township {code} is not a township of county {county}: {file} has no such township"),
    N_("write the township in its city's file first, under its county"),
    N_("{level} {site} ({name}) carries {count} villages' uplinks of {demand} on {own} of its own: {ratio}:1, more"
       " than the {allowed}:1 oversubscription its uplinks allow"),
    N_("raise its uplink bandwidth to {bandwidth} or 'oversubscription' to {ratio}, or home some villages on the"
       " county platform (uplinks 'to: county')"),
    N_("raise its uplink bandwidth to {bandwidth} or 'oversubscription' to {ratio}"),
    N_("uplinks 'to: county' on {level} {site}: only villages home on the county platform past their parent"),
    N_("remove 'to: county', or give the site a village profile"),
    N_("county {county} has two files, {first} and {second}; only {read} is read"),
    N_("merge the two into {first} and delete {second}"),
    # Shared risk (GN415, GN416).
    N_("dual-homed sites {sites} have two uplinks in conduit {conduit}: one cut takes both"),
    N_("dual-homed sites {sites} have two uplinks in shared-risk group {group}: one cut takes both"),
    N_("run one uplink in another conduit or shared-risk group"),
    N_("sites {sites} hang on one uplink: its failure cuts them off"),
    N_("give city and county sites two uplinks (uplinks.count: 2) on diverse carriers"),
    # Registry (GN705).
    N_("unit {unit}: division code {code} is malformed"),
    # A protected control-plane role on a platform that renders none (GN510).
    N_("{role} '{device}' protects no control plane although routing.control_plane names its role: platform "
       "'{platform}' renders none ({count} device(s) of this spec alike)"),
    N_("its config keeps only the VTY and SNMP ACLs (for VRP 5, public text gives no AR syntax of local attack "
       "defense); put the role on a platform that renders it, or take it out of routing.control_plane"),
    # Firewall duties and the secure access platform (GN513, GN514, GN617).
    N_("firewall '{device}' enforces no rule of zones/policy.yaml at {level} level ({count} device(s) of this spec "
       "alike), so no router sends traffic through it, and the model does not say what it is for"),
    N_("enforce a rule between zones it carries ('at: [{level}]'), or declare it out of the path: 'in_path: false' "
       "with a 'purpose:'"),
    N_("'in_path: false' on {role} '{device}': only a firewall can stand beside the traffic path"),
    N_("remove 'in_path'"),
    N_("firewall '{device}' is declared out of the traffic path without saying what it is for ({count} device(s) "
       "of this spec)"),
    N_("add 'purpose:' with the reason it is kept (e.g. a perimeter reserved for the county's own server segment)"),
    N_("firewall '{device}' is declared out of the traffic path, but zones/policy.yaml enforces {rules} at {level} "
       "level, so the routers send traffic through it"),
    N_("remove 'in_path: false', or enforce those rules at another level"),
    N_("access gateway '{device}' serves no secure access platform: no zone declares one"),
    N_("declare access_platform in the internet zone of zones/zones.yaml, or remove the gateway"),
    N_("access gateway '{device}' is at site {site}, but the secure access platform is at site {platform}"),
    N_("put the access gateways at the access_platform's site in zones/zones.yaml, or move the platform"),
    N_("the secure access platform declares {count} gateway(s), but site {site} has {have} device(s) of role "
       "access-gateway"),
    N_("give the site's profile (or the site) that many access-gateway devices on a platform that has the role "
       "(huawei_usg, h3c_secpath), or change 'gateways'"),
    N_("the secure access platform has gateways but no client_pool: its users would get no addresses and nothing "
       "routes back to them"),
    N_("add client_pool: [<prefix>] (an address group of the policy may name it)"),
    N_("rules '{rule}' and '{rule2}' both let zones reach '{zone}' at {level} level, from '{a}' and '{b}' whose "
       "addresses overlap: the firewall cannot route the replies back to both"),
    N_("narrow the rules' sources to address groups that do not overlap, or enforce them at different levels"),
)


class Shape:
    """A template as a regex (literal text, with {{ }} unescaped, and a lazy group per field, which may be empty:
    `whatif --fail ""` names an empty element), tried only on a text that holds every literal part in order. The
    lazy groups backtrack over each place a short literal (', ', ' (') occurs: a message listing a hundred
    counties took 10 s to be matched against the templates; most templates are refused by the literals at once."""

    def __init__(self, template: str) -> None:
        regex = ""
        self.literals: list[str] = []
        self.head = self.tail = ""
        parts = list(string.Formatter().parse(template))
        for literal, field, _spec, _conversion in parts:
            regex += re.escape(literal)
            if literal:
                self.literals.append(literal)
            if field is not None:
                regex += f"(?P<{field}>.*?)"
        if parts:
            self.head = parts[0][0]  # the text before the first field (all of it when there is none)
            self.tail = parts[-1][0] if parts[-1][1] is None else ""
        self.regex = re.compile(f"^{regex}$", re.DOTALL)

    def match(self, text: str) -> re.Match[str] | None:
        if not text.startswith(self.head) or not text.endswith(self.tail):
            return None
        at = 0
        for literal in self.literals:
            at = text.find(literal, at)
            if at < 0:
                return None
            at += len(literal)
        return self.regex.match(text)


@cache
def _compiled() -> tuple[tuple[str, Shape], ...]:
    from govnet.i18n.findings import FINDINGS
    from govnet.i18n.passed_on import PASSED_ON

    return tuple((t, Shape(t)) for t in (*TEMPLATES, *FINDINGS, *PASSED_ON))


@cache
def _words() -> frozenset[str]:
    return frozenset(WORDS)


def translate(text: str, lang: Lang | None = None) -> str:
    """A message or hint in ``lang`` (default: the language of the run); unchanged in English, or when no template
    matches. An output whose language is fixed (the site, in Chinese) names it: the run's language stays as it is
    for everything else, the progress lines another thread prints among them.

    >>> from govnet.i18n import use
    >>> _ = use("zh")
    >>> translate("unknown field 'profle'"), translate("did you mean 'profile'?"), translate("no such template")
    ("未知字段 'profle'", "是否应为 'profile'？", 'no such template')
    >>> _ = use("en")
    >>> translate("unknown field 'profle'"), translate("unknown field 'profle'", "zh")
    ("unknown field 'profle'", "未知字段 'profle'")
    """
    lang = lang or current()
    if lang == "en" or not text:
        return text
    gettext = _ if lang == current() else _gettext(lang)
    for template, pattern in _compiled():
        found = pattern.match(text)
        if found:
            translated = gettext(template)
            values = {k: translate(v, lang) if k == "hint" else gettext(v) if v in _words() else _listing(v, gettext)
                      for k, v in found.groupdict().items()}
            try:
                return translated.format(**values)
            except (KeyError, IndexError, ValueError):
                return text
    return text


def _listing(value: str, gettext: Callable[[str], str]) -> str:
    """``value`` with the tail some() gives a shortened list ('a, b and 3 more') or the 'or' of a list of choices
    in the run's language."""
    more = _MORE.fullmatch(value)
    if more:
        return gettext(MORE).format(**more.groupdict())
    either = _EITHER.fullmatch(value)
    if either:
        shown = either["shown"].replace(", ", gettext(CHOICES_SEPARATOR))
        return gettext(EITHER).format(shown=shown, last=either["last"])
    return value


@cache
def _gettext(lang: Lang) -> Callable[[str], str]:
    """The translations of ``lang`` when it is not the run's language: read once a process."""
    return catalog(lang).gettext


def title(code: str) -> str:
    info = CODES.get(code)
    return _(info.title) if info else code


def severity_word(severity: Severity | str) -> str:
    return _(N_("error")) if str(severity) == "error" else _(N_("warning"))


def summary(errors: int, warnings: int) -> str:
    """'3 errors, 0 warnings' in the language of the run."""
    if current() == "en":
        return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    return _(N_("{errors} errors, {warnings} warnings")).format(errors=errors, warnings=warnings)
