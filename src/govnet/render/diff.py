"""`govnet diff OLD [NEW]`: which devices' configs change between two models, and how.

A side is a model directory or a git revision of the model's repository (extracted with `git archive` into a
temporary directory, so the working tree is never touched). Both sides are rendered in memory with the same
secrets; every line shown passes through Secrets.mask. With remediation, hier_config computes the commands that
take the old config to the new one per device (drivers from the platform table), and negations that remove
interfaces, addresses, VPN instances, BGP peers, routing processes or security rules are flagged.
"""

from __future__ import annotations

import difflib
import io
import itertools
import re
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govnet.errors import UsageError
from govnet.i18n import N_, _
from govnet.reference.platforms import PLATFORMS
from govnet.render import Config, TemplateError, render_configs
from govnet.render.remediation import (
    DELETION_FORMS,
    FOLLOW_UPS,
    IN_PLACE,
    changed_in_place,
    definitions_last,
    rebound,
)
from govnet.render.secrets import Secrets
from govnet.source.modeldir import is_model_dir


class DiffError(UsageError):
    """A side of the comparison cannot be rendered (not a model, no such revision, model errors): exit 2."""


@dataclass(frozen=True)
class Report:
    text: str
    summary: str
    changed: tuple[str, ...]
    added: tuple[str, ...]
    removed: tuple[str, ...]
    dangerous: int


# Negations that take something away a device depends on; (pattern on the command after undo/no, reason).
DANGEROUS = tuple((re.compile(p), why) for p, why in (
    (r"^interface ", N_("removes an interface")),
    # 'address-family ...' is not an address: a VRF's BGP family goes with its VPN, VPNv4/VPNv6 with BGP.
    (r"^address-family .*\bvrf ", N_("removes a VPN instance")),
    (r"^address-family vpnv[46]", N_("removes BGP")),
    (r"^address |^ip address|^ipv6 address", N_("removes an interface address")),
    (r"^ip binding vpn-instance|^vrf forwarding", N_("unbinds an interface from its VPN (clears its addresses)")),
    (r"^ip vpn-instance|^vrf definition", N_("removes a VPN instance")),
    (r"^peer |^neighbor ", N_("removes or changes a BGP peer")),
    (r"^bgp |^router bgp", N_("removes BGP")),
    (r"^ospf |^router ospf|^isis|^router isis|^network ", N_("removes IGP configuration")),
    (r"^mpls", N_("removes MPLS/LDP")),
    (r"^rule ", N_("removes a security policy rule")),
    (r"^firewall zone|^security-zone|^add interface|^import interface", N_("changes a firewall zone")),
    (r"^security-policy|^nat", N_("removes security policy or NAT")),
    (r"^route-distinguisher|^rd |^vpn-target|^route-target", N_("changes a VPN's routing identity")),
    # The IGP keys (OSPF area and IS-IS area/domain keys on VRP and Comware, IS-IS's key chain and key on IOS XE;
    # the per-interface IS-IS key is caught above): until the neighbour holds the same key, the adjacency is down.
    (r"^authentication-mode (?:simple|md5|hmac-md5|hmac-sha256|keychain)\b|^(?:area|domain)-authentication-mode |"
     r"^key-string|^authentication (?:mode|key-chain) ",
     N_("changes routing authentication: neighbours drop until they hold the same key")),
))


def danger(line: str, negation: str) -> str | None:
    """Why a remediation line is dangerous, or None.

    >>> danger("undo peer 10.0.0.4 enable", "undo "), danger("undo description", "undo ")
    ('removes or changes a BGP peer', None)
    >>> danger("no address-family ipv4 vrf OFFICE", "no "), danger("no ip address 10.0.0.1 255.255.255.0", "no ")
    ('removes a VPN instance', 'removes an interface address')
    """
    text = line.strip()
    if not text.startswith(negation):
        return None
    command = text[len(negation):]
    return next((why for pattern, why in DANGEROUS if pattern.search(command)), None)


def compare(root: Path, old: str, new: str | None, secrets: Secrets, *, remediation: bool = False,
            old_secrets: Secrets | None = None) -> Report:
    """The configs of ``old`` against those of ``new``; ``old_secrets``: the secrets the old configs were rendered
    with (a rotation), those it does not name being ``secrets``'."""
    before_secrets = Secrets({**secrets.values, **old_secrets.values}) if old_secrets else secrets
    with _side(root, old) as old_root:
        before = _render(old_root, before_secrets, old)
    if new is None:
        after = _render(root, secrets, "the current model")
    else:
        with _side(root, new) as new_root:
            after = _render(new_root, secrets, new)
    return _report(before, after, _masking(secrets, before_secrets), remediation, old, new or "current")


def _masking(secrets: Secrets, old: Secrets) -> Callable[[str], str]:
    """Every secret value of either side masked: the current ones as <SECRET:name>, the rotated-away ones as
    <OLD-SECRET:name>.

    >>> _masking(Secrets({"ntp_key": "N2"}), Secrets({"ntp_key": "N1"}))("undo ... cipher N1\\n... cipher N2")
    'undo ... cipher <OLD-SECRET:ntp_key>\\n... cipher <SECRET:ntp_key>'
    """
    rotated = Secrets({name: value for name, value in old.values.items() if secrets.values.get(name) != value})
    if not rotated.values:
        return secrets.mask
    return lambda text: rotated.mask(secrets.mask(text), lambda name: f"<OLD-SECRET:{name}>")


def _render(root: Path, secrets: Secrets, label: str) -> dict[str, Config]:
    from govnet.pipeline import validate

    result = validate(root)
    if not result.ok or result.model is None or result.addresses is None:
        raise DiffError(f"{label}: the model has errors; fix them before comparing", result.diagnostics)
    try:
        return render_configs(result.model, result.addresses, secrets=secrets, model_root=root)
    except TemplateError as exc:
        raise DiffError(f"{label}: {exc}") from None


@contextmanager
def _side(root: Path, spec: str) -> Iterator[Path]:
    """A model directory as given, or a git revision of the repository holding ``root`` extracted to a temp dir."""
    given = Path(spec)
    if given.is_dir() and is_model_dir(given):
        yield given
        return
    if spec.startswith("-"):  # no revision starts with '-' (git check-ref-format); git would take it as an option,
        # and 'git archive --output=FILE' writes wherever it names
        raise DiffError(f"'{spec}' is neither a model directory nor a git revision of {root}: a revision never "
                        "starts with '-'")
    top = _git(root, "rev-parse", "--show-toplevel", spec=spec).decode().strip()
    sub = root.resolve().relative_to(Path(top).resolve()).as_posix()
    archive = _git(Path(top), "archive", "--format=tar", spec, "--", sub if sub != "." else ".", spec=spec)
    with tempfile.TemporaryDirectory(prefix="govnet-diff-") as temp:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(temp, filter="data")
        model = Path(temp) / sub
        if not is_model_dir(model):
            raise DiffError(f"revision {spec} has no model at {sub}")
        yield model


def _git(where: Path, *args: str, spec: str) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(where), *args], capture_output=True, check=False)
    except OSError as exc:
        raise DiffError(f"cannot run git: {exc}") from None
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip().splitlines()
        # name what the user gave, not git's subcommand: 'rev-parse' fails when the model is in no repository
        raise DiffError(f"'{spec}' is neither a model directory nor a git revision of {where}: "
                        f"{message[-1] if message else 'git failed'}")
    return done.stdout


def _report(before: dict[str, Config], after: dict[str, Config], mask: Callable[[str], str], remediation: bool,
            old_label: str, new_label: str) -> Report:
    added = tuple(sorted(set(after) - set(before)))
    removed = tuple(sorted(set(before) - set(after)))
    changed = tuple(sorted(n for n in set(before) & set(after) if before[n].text != after[n].text))
    out: list[str] = []
    dangerous = 0
    for name in sorted((*added, *removed, *changed)):
        old_text = before[name].text if name in before else ""
        new_text = after[name].text if name in after else ""
        state = "added" if name in added else "removed" if name in removed else "changed"
        out.append(f"=== {name} ({state})\n")
        if remediation and name in removed:
            out.append("(removed from the model: decommission the device; no remediation is generated)\n")
        elif remediation:
            lines, flagged = remediate(after[name].platform, old_text, new_text)
            dangerous += flagged
            out += [mask(line) + "\n" for line in lines]
        else:
            old_path = f"a/{before[name].site}/{name}.cfg" if name in before else "/dev/null"
            new_path = f"b/{after[name].site}/{name}.cfg" if name in after else "/dev/null"
            out += [mask(line) for line in difflib.unified_diff(
                old_text.splitlines(keepends=True), new_text.splitlines(keepends=True), old_path, new_path)]
    summary = (f"{old_label} -> {new_label}: {len(changed)} device(s) changed, {len(added)} added, "
               f"{len(removed)} removed, {len(after) - len(changed) - len(added)} unchanged"
               + (f"; {dangerous} dangerous command(s) flagged" if remediation else ""))
    return Report("".join(out), summary, changed, added, removed, dangerous)


def remediate(platform: str, old_text: str, new_text: str) -> tuple[list[str], int]:
    """hier_config remediation lines from old to new, dangerous negations prefixed with '!! DANGER (...)'."""
    from hier_config import Platform, WorkflowRemediation, get_hconfig

    spec = PLATFORMS[platform]
    driver = Platform[spec.diff_driver.upper()]
    old, new = strip(old_text, spec.comment), strip(new_text, spec.comment)
    running = get_hconfig(driver, old)
    generated = get_hconfig(driver, new)
    negation = running.driver.negation_prefix
    intended = {line.strip() for line in new_text.splitlines()}  # 'undo' lines the new config itself states
    groups: list[list[str]] = []  # per top-level block of the remediation: its lines, notes included
    for child in WorkflowRemediation(running, generated).remediation_config.all_children_sorted():
        if child.depth() == 1 or not groups:
            groups.append([])
        group = _device_accepts(spec.os, child.cisco_style_text(), negation)
        for i, text in enumerate(group):
            why = danger(text, negation) if text.strip() not in intended else None
            if i == 0 and len(group) > 1:
                why = N_("resets a physical port to its defaults (it cannot be deleted)")
            if why:
                groups[-1].append(f"!! DANGER ({_(why)}):")  # the marker stays English: scripts grep for it
            groups[-1].append(text)
    ordered = definitions_last(rebound(groups, new), negation, old)
    lines = peer_removals([line for group in ordered for line in group], negation, _peer_lines(generated))
    if spec.os in IN_PLACE:  # before the deletion forms, which cut a negation down to its key
        lines = changed_in_place(lines, new, negation, IN_PLACE[spec.os])
    if spec.os in DELETION_FORMS:
        lines = DELETION_FORMS[spec.os](lines)
    for step in FOLLOW_UPS.get(spec.os, ()):
        lines = step(lines, new)
    flagged = sum(line.startswith("!! DANGER") for line in lines)
    return (with_quits(lines) if spec.comment == "#" else lines), flagged


# A BGP peer, its creation line ('peer P as-number N' on VRP and Comware, 'neighbor P remote-as N' on IOS XE).
_PEER = re.compile(r"^(\s*)(undo |no )?(?:peer|neighbor) (\S+) (.*)$")


def peer_removals(lines: list[str], negation: str = "undo ",
                  renewed: dict[str, list[str]] | None = None) -> list[str]:
    """A peer the new config drops is deleted with one line, as the device deletes one, and no other line names
    it: hier_config negates each line of the old peer ('undo peer P description ...'), and each is refused once
    the peer is gone (or, where the old config said 'undo peer P enable', re-enables it).
    - VRP: 'undo peer P' (NE40E V800R012C10 Command Reference, peer as-number: 'undo peer ipv4-address' ... 'all
      configurations related to the peer are deleted'; no 'undo peer P as-number N' form).
    - Comware 7: 'undo peer P' (H3C BGP command reference, peer as-number (for a BGP peer): 'undo peer
      { ip-address [ mask-length ] | ipv6-address [ prefix-length ] }' deletes the BGP peer).
    - IOS XE: 'no neighbor P' (what cisco.ios's ios_bgp_global module sends to delete a neighbor, its documented
      'replaced' example: '- no neighbor 198.0.2.1'; Cisco IOS IP Command Reference, neighbor remote-as: the no
      form removes the entry from the neighbor table). A shorter line than 'no neighbor P remote-as N' that cannot
      clash with a remote-as changed at the same time.
    A peer whose AS changes is deleted the same way and created again whole from ``renewed`` (its lines in the new
    config, in remediation form): Comware cannot change a peer's AS in place ("不能通过重复执行peer as-number命令修改
    对等体的AS号。只能先删除对等体，再为对等体配置新的AS号", H3C BGP command reference, peer as-number), and VRP has no
    'undo peer P as-number N' to take the old one away.

    >>> peer_removals(["bgp 1", "!! DANGER (x):", "  undo peer 10.0.0.9 as-number 1", "!! DANGER (x):",
    ...                "  undo peer 10.0.0.9 bfd enable", "  ipv4-family unicast", "    peer 10.0.0.9 enable",
    ...                "    peer 10.0.0.8 enable"])
    ['bgp 1', '!! DANGER (x):', '  undo peer 10.0.0.9', '  ipv4-family unicast', '    peer 10.0.0.8 enable']
    >>> peer_removals(["bgp 1", "  undo peer 10.0.0.9 as-number 1", "  ipv4-family vpnv4",
    ...                "    undo peer 10.0.0.9 enable", "  ipv4-family unicast", "    peer 10.0.0.8 enable"])
    ['bgp 1', '  undo peer 10.0.0.9', '  ipv4-family unicast', '    peer 10.0.0.8 enable']
    >>> peer_removals(["router bgp 1", "  no neighbor 10.0.0.9 remote-as 1", "  no neighbor 10.0.0.9 password x",
    ...                "  address-family vpnv4", "    no neighbor 10.0.0.9 activate"], "no ")
    ['router bgp 1', '  no neighbor 10.0.0.9']
    >>> print("\\n".join(peer_removals(["bgp 1", "  undo peer 10.0.0.9 as-number 1", "  peer 10.0.0.9 as-number 2",
    ...     "  undo peer 10.0.0.9 description A"], "undo ", {"10.0.0.9": ["  peer 10.0.0.9 as-number 2",
    ...     "  peer 10.0.0.9 description B", "  address-family vpnv4", "    peer 10.0.0.9 enable"]})))  # AS changed
    bgp 1
      undo peer 10.0.0.9
      peer 10.0.0.9 as-number 2
      peer 10.0.0.9 description B
      address-family vpnv4
        peer 10.0.0.9 enable
    """
    create = ("remote-as " if negation == "no " else "as-number ")
    word = "neighbor" if negation == "no " else "peer"
    created = [(m[2], m[3]) for line in lines if (m := _PEER.match(line)) and m[4].startswith(create)]
    again = {p for n, p in created if not n}
    gone = {p for n, p in created if n == negation}
    if renewed is None:  # no new config to create it again from: a peer whose AS changed is left as it is
        gone -= again
    if not gone:
        return lines
    commands = [i for i, line in enumerate(lines) if not line.startswith("!! ")]
    headers = {a for a, b in itertools.pairwise(commands) if _level(lines[b]) > _level(lines[a])}
    out: list[tuple[int, str]] = []
    for i, line in enumerate(lines):
        m = _PEER.match(line)
        if m is None or m[3] not in gone:
            out.append((i, line))
        elif m[2] == negation and m[4].startswith(create):
            out.append((i, f"{m[1]}{negation}{word} {m[3]}"))
            if m[3] in again and renewed is not None:
                out += [(-1, text) for text in renewed.get(m[3], [])]
        elif out and out[-1][1].startswith("!! DANGER"):
            out.pop()  # the note of a line that goes with the peer
    # A view whose every line went with the peer ('ipv4-family unicast') is not entered at all.
    kept: list[str] = []
    below: int | None = None  # the level of the next command kept
    for i, line in reversed(out):
        if i in headers and (below is None or below <= _level(line)):
            continue
        kept.append(line)
        if not line.startswith("!! "):
            below = _level(line)
    return kept[::-1]


def _peer_lines(config: Any) -> dict[str, list[str]]:
    """Each BGP peer's lines of a config (hier_config), in remediation form: the views below the BGP process that
    hold them entered once, each line indented two spaces a level."""
    found: dict[str, list[str]] = {}
    opened: dict[str, tuple[str, ...]] = {}
    for child in config.all_children_sorted():
        m = _PEER.match(child.text)
        path = tuple(child.path())
        if m is None or len(path) < 2:  # its "undo peer P enable" lines too (VRP: IPv4 unicast is on by default)
            continue
        views = path[1:-1]
        block = found.setdefault(m[3], [])
        if views and opened.get(m[3]) != views:
            block += ["  " * (n + 1) + view for n, view in enumerate(views)]
        opened[m[3]] = views
        block.append("  " * len(path[:-1]) + child.text)
    return found


_VIRTUAL = re.compile(r"^(loopback|tunnel|vlanif|vlan-interface|null|nve|eth-trunk|bridge-aggregation|"
                      r"route-aggregation|port-channel|bdif|vbdif)", re.I)


def _device_accepts(os: str, text: str, negation: str) -> list[str]:
    """A physical port cannot be deleted: its removal becomes a reset to defaults and a shutdown (VRP
    'clear configuration interface', NE40E/AR command references; Comware 7 'default' in interface view;
    IOS XE 'default interface'). Sub-interfaces and logical interfaces are deleted as hier_config says.

    >>> _device_accepts("vrp8", "undo interface 100GE0/1/2", "undo ")
    ['clear configuration interface 100GE0/1/2', 'Y', 'interface 100GE0/1/2', '  shutdown']
    >>> _device_accepts("iosxe", "no interface Loopback9", "no ")
    ['no interface Loopback9']
    """
    prefix = f"{negation}interface "
    if not text.startswith(prefix):
        return [text]
    name = text[len(prefix):].strip()
    if "." in name or ":" in name or _VIRTUAL.match(name):
        return [text]
    if os.startswith("vrp") or os == "usg":
        # The command asks 'Continue? [Y/N]' (NE40E V800R012C10 Command Reference, clear configuration interface,
        # its example: 'Warning: All running configurations of the interface will be cleared immediately.
        # Continue? [Y/N]:y'): a pasted block answers it, or the next line is read as the answer.
        return [f"clear configuration interface {name}", "Y", f"interface {name}", "  shutdown"]
    if os == "comware7":
        return [f"interface {name}", "  default", "  shutdown"]
    return [f"default interface {name}", f"interface {name}", "  shutdown"]


def with_quits(lines: list[str]) -> list[str]:
    """VRP and Comware leave a view with 'quit': one per indented level (hier_config indents 2 per level) before
    a line at a shallower level, and at the end, so the block loads as it reads. A '!! DANGER' note stays just
    above the command it flags.

    >>> with_quits(["ospf 1", "  area 0.0.0.0", "    network 10.0.0.2 0.0.0.1", "!! DANGER (x):", "sysname B"])
    ['ospf 1', '  area 0.0.0.0', '    network 10.0.0.2 0.0.0.1', '    quit', '  quit', '!! DANGER (x):', 'sysname B']
    """
    commands = [(i, line) for i, line in enumerate(lines) if not line.startswith("!! ")]
    out: list[str] = []
    notes: list[str] = []
    depth = 0
    position = 0
    for line in lines:
        if line.startswith("!! "):
            notes.append(line)
            continue
        level = _level(line)
        while depth > level:
            out.append("  " * depth + "quit")
            depth -= 1
        out += [*notes, line]
        notes = []
        position += 1
        following = commands[position][1] if position < len(commands) else None
        depth = level + 1 if following is not None and _level(following) > level else level
    while depth > 0:
        out.append("  " * depth + "quit")
        depth -= 1
    return out + notes


def _level(line: str) -> int:
    return (len(line) - len(line.lstrip(" "))) // 2


def strip(text: str, comment: str) -> str:
    """A config as hier_config reads it: no separator/comment lines, no closing 'return'/'end'.

    >>> strip("#\\nsysname A\\n#\\n!x\\nreturn\\n", "#")
    'sysname A'
    """
    keep = [line for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith((comment, "!", "#")) and line not in ("return", "end")]
    return "\n".join(keep)
