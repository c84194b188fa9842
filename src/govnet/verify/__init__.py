"""Stage 'verify': what the rendered configs do, judged from the configs themselves (read back line by line), not
from the model: layer-3 links, the IGP and LDP, BGP sessions and reflection, VPN routes by RD/RT against the
zones and the policy, firewall pairs and management reachability. Every finding is a GN9xx diagnostic.

``run`` takes the configs as rendered (device name -> Config); ``ScanCache`` keeps what a config's text was
read into, by content hash, so a rebuild in which nothing changed reads no config again.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Mapping
from pathlib import Path

from govnet.diagnostics import Diagnostic, sorted_diagnostics
from govnet.ipam.prefix import Net
from govnet.model.types import Model
from govnet.render import Config, config_path
from govnet.verify import bgp, blocks, firewall, management, underlay, vpn
from govnet.verify.context import VerifyContext
from govnet.verify.scan import Facts, scan

__all__ = ["CACHE_FILE", "ScanCache", "in_build", "run", "scan_configs"]

CACHE_FILE = Path(".cache") / "verify-scan.pickle"  # below a build's output directory

_VERSION = "9"  # bump when Facts or the scanner change: old cache entries are then ignored


class ScanCache:
    """Scanned configs by the hash of their text; kept in one file when given a path."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.entries: dict[str, Facts] = {}
        self.hits = 0
        self.used: set[str] = set()
        if path is not None and path.is_file():
            try:
                version, entries = pickle.loads(path.read_bytes())
                if version == _VERSION:
                    self.entries = entries
            except (OSError, pickle.UnpicklingError, ValueError, EOFError, AttributeError, TypeError):
                self.entries = {}  # a damaged cache is only a slower run

    def facts(self, config: Config) -> Facts:
        file = str(config_path(config))
        key = hashlib.sha256(f"{file}\0{config.device}\0{config.text}".encode()).hexdigest()
        self.used.add(key)
        found = self.entries.get(key)
        if found is not None:
            self.hits += 1
            return found
        found = scan(config.device, file, config.text)
        self.entries[key] = found
        return found

    def save(self) -> None:
        """Write the entries this run used (configs since removed or changed drop out)."""
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_bytes(pickle.dumps((_VERSION, {k: v for k, v in self.entries.items() if k in self.used})))
        temporary.replace(self.path)


def scan_configs(configs: Mapping[str, Config], cache: ScanCache | None = None) -> dict[str, Facts]:
    cache = cache if cache is not None else ScanCache()
    return {name: cache.facts(config) for name, config in configs.items()}


def run(model: Model, configs: Mapping[str, Config], cache: ScanCache | None = None,
        decisions: Mapping[str, Net] | None = None) -> list[Diagnostic]:
    """Every finding of verify on one model's rendered configs; with the address decisions, also whether every
    site block and active unit subnet of each zone is routed."""
    return verify_facts(model, scan_configs(configs, cache), decisions)


def verify_facts(model: Model, facts: Mapping[str, Facts],
                 decisions: Mapping[str, Net] | None = None) -> list[Diagnostic]:
    ctx = VerifyContext(model, facts)
    sessions = bgp.Sessions(ctx)
    found = underlay.check(ctx)
    found += bgp.check(ctx, sessions)
    found += vpn.check(ctx, sessions)
    found += firewall.check(ctx)
    found += management.check(ctx, sessions)
    if decisions is not None:
        found += blocks.check(ctx, decisions)
    return sorted_diagnostics(found)


def in_build(model: Model, configs: Mapping[str, Config], decisions: Mapping[str, Net], out: Path) -> list[Diagnostic]:
    """Verify as a stage of a build into ``out``: read-backs kept between builds by content hash, so a rebuild
    with no config changed reads none again. Raises OSError when the cache cannot be written."""
    cache = ScanCache(out / CACHE_FILE)
    found = run(model, configs, cache, decisions)
    cache.save()
    return found
