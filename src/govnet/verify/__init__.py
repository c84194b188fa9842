"""Stage 'verify': what the rendered configs do, judged from the configs themselves (read back line by line), not
from the model: layer-3 links, the IGP and LDP, BGP sessions and reflection, VPN routes by RD/RT against the
zones and the policy, firewall pairs and management reachability. Every finding is a GN9xx diagnostic.

``run`` takes the configs as rendered (device name -> Config); ``ScanCache`` keeps what a config's text was
read into, by content hash, so a rebuild in which nothing changed reads no config again. ``read_back`` reads
configs (rendered again or files of the last build) into facts, in forked workers when asked, with the same
facts whatever their number. ``in_build`` is the stage of ``govnet build`` (govnet.pipeline).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from govnet.diagnostics import Diagnostic, sorted_diagnostics
from govnet.forked import fork_answering, receive_pickled
from govnet.ipam.prefix import Net
from govnet.model.types import Model
from govnet.render import Config
from govnet.verify import (
    bfdpeers,
    bgp,
    blocks,
    exits,
    firewall,
    fwrules,
    hapair,
    ipv6,
    links,
    login,
    management,
    mtu,
    reach,
    termination,
    tracking,
    underlay,
    vpn,
    vtyauth,
    zonebind,
)
from govnet.verify.context import VerifyContext
from govnet.verify.facts import Facts
from govnet.verify.readback import ConfigFile, ScanCache, read_back
from govnet.verify.scan import scan  # one config's facts (read_back calls it through govnet.verify.readback)

__all__ = ["CACHE_FILE", "ConfigFile", "Facts", "ScanCache", "in_build", "read_back", "run", "scan", "scan_configs",
           "verify_facts"]

CACHE_FILE = Path(".cache") / "verify-scan.pickle"  # below a build's output directory


def scan_configs(configs: Mapping[str, Config], cache: ScanCache | None = None, workers: int = 1) -> dict[str, Facts]:
    """The facts of rendered configs, by device (read in ``workers`` forked processes when there are many)."""
    return read_back([ConfigFile.of(config) for config in configs.values()], cache, workers)


def run(model: Model, configs: Mapping[str, Config], cache: ScanCache | None = None,
        decisions: Mapping[str, Net] | None = None, workers: int = 1) -> list[Diagnostic]:
    """Every finding of verify on one model's rendered configs; with the address decisions, also whether every
    site block and active unit subnet of each zone is routed. The findings do not depend on ``workers``."""
    return verify_facts(model, scan_configs(configs, cache, workers), decisions)


def verify_facts(model: Model, facts: Mapping[str, Facts], decisions: Mapping[str, Net] | None = None,
                 workers: int = 1, meanwhile: Callable[[], None] | None = None) -> list[Diagnostic]:
    """Every finding of the checks on the configs' facts. With ``workers`` > 1 and fork, the routing checks (blocks,
    reach: the longest) run in a forked child beside the others and ``meanwhile`` (e.g. writing the scan cache):
    the same findings, in about half the time on two cores. A child that fails leaves its checks to this process."""
    ctx = VerifyContext(model, facts)
    sessions = bgp.Sessions(ctx)
    found = underlay.check(ctx)  # builds the IGP graph and the adjacencies every later check reads: before any fork
    found += links.check(ctx)

    def routing() -> list[Diagnostic]:
        if decisions is None:
            return []
        return blocks.check(ctx, decisions) + reach.check(ctx, sessions, decisions)

    forked = None
    if workers > 1 and decisions is not None and hasattr(os, "fork"):
        forked = fork_answering(routing)
    found += ipv6.check(ctx)
    found += mtu.check(ctx)
    found += exits.check(ctx)
    found += tracking.check(ctx)
    found += bfdpeers.check(ctx)
    found += bgp.check(ctx, sessions)
    found += vpn.check(ctx, sessions)
    found += firewall.check(ctx)
    found += hapair.check(ctx)
    found += fwrules.check(ctx)
    found += zonebind.check(ctx)
    found += termination.check(ctx)
    found += management.check(ctx, sessions)
    found += login.check(ctx)
    found += vtyauth.check(ctx)
    if meanwhile is not None:
        meanwhile()
    routed = receive_pickled(forked[1], forked[0]) if forked is not None else None
    found += routed if isinstance(routed, list) else routing()
    return sorted_diagnostics(found)


def in_build(model: Model, files: Iterable[ConfigFile], decisions: Mapping[str, Net], cache: Path,
             workers: int = 1) -> list[Diagnostic]:
    """Verify as a stage of a build: read-backs kept in ``cache`` between builds by content hash, so a config
    whose text did not change is not read again. The configs are read in this process (a forked reader's facts
    cost as much to unpickle here as to read); with ``workers`` > 1 the judge is split over two processes and the
    cache is written meanwhile. Raises OSError when a config or the cache cannot be read or written."""
    scans = ScanCache(cache, owned=True)
    facts = read_back(list(files), scans)
    return verify_facts(model, facts, decisions, workers, meanwhile=scans.save)
