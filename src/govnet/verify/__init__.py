"""Stage 'verify': what the rendered configs do, judged from the configs themselves (read back line by line), not
from the model: layer-3 links, the IGP and LDP, BGP sessions and reflection, VPN routes by RD/RT against the
zones and the policy, firewall pairs and management reachability. Every finding is a GN9xx diagnostic.

``run`` takes the configs as rendered (device name -> Config); ``ScanCache`` keeps what a config's text was
read into, by content hash, so a rebuild in which nothing changed reads no config again. ``in_build`` is the
stage of ``govnet build`` (govnet.pipeline): it takes the config files of the build, rendered again or not.
"""

from __future__ import annotations

import io
import pickle
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from govnet.diagnostics import Diagnostic, sorted_diagnostics
from govnet.ipam.prefix import Net
from govnet.model.types import Model
from govnet.render import Config, config_path
from govnet.verify import (
    bgp,
    blocks,
    exits,
    firewall,
    fwrules,
    ipv6,
    links,
    management,
    reach,
    tracking,
    underlay,
    vpn,
)
from govnet.verify.context import VerifyContext
from govnet.verify.scan import Facts, scan
from govnet.writer import content_hash

__all__ = ["CACHE_FILE", "ConfigFile", "ScanCache", "in_build", "run", "scan_configs"]

CACHE_FILE = Path(".cache") / "verify-scan.pickle"  # below a build's output directory

_VERSION = "16"  # bump when Facts or the scanner change: old cache entries are then ignored


class _FactsUnpickler(pickle.Unpickler):
    """Loads only the classes a scan produces: the cache sits in an output folder anyone may hand over, and a plain
    pickle.loads would run whatever a planted file names (the pickle module's 'Restricting Globals' recipe)."""

    _ALLOWED = {"ipaddress": frozenset({"IPv4Interface", "IPv4Network", "IPv6Interface", "IPv6Network"}),
                "builtins": frozenset({"set", "frozenset"})}

    def find_class(self, module: str, name: str) -> object:
        from dataclasses import is_dataclass

        scanned = sys.modules[Facts.__module__]  # the scanner's module (``scan`` here names its function)
        if (module == scanned.__name__ and is_dataclass(getattr(scanned, name, None))) or \
                name in self._ALLOWED.get(module, ()):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is no part of a verify cache")


class ScanCache:
    """Scanned configs by the hash of their text; kept in one file when given a path."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.entries: dict[str, Facts] = {}
        self.hits = 0
        self.scanned = 0  # configs read this run (not in the cache)
        self.used: set[str] = set()
        if path is not None and path.is_file():
            try:
                version, entries = _FactsUnpickler(io.BytesIO(path.read_bytes())).load()
                if version == _VERSION:
                    self.entries = entries
            except (OSError, pickle.UnpicklingError, ValueError, EOFError, AttributeError, TypeError):
                self.entries = {}  # a damaged cache is only a slower run

    def facts(self, config: Config) -> Facts:
        return self.read(config.device, str(config_path(config)), content_hash(config.text), config.text)

    def read(self, device: str, file: str, digest: str, text: str | Callable[[], str]) -> Facts:
        """The facts of one config whose text has the content hash ``digest`` (govnet.writer.content_hash, as a
        build records it); ``text`` is read only when the cache does not have them."""
        key = f"{file}\0{device}\0{digest}"
        self.used.add(key)
        found = self.entries.get(key)
        if found is not None:
            self.hits += 1
            return found
        found = scan(device, file, text if isinstance(text, str) else text())
        self.entries[key] = found
        self.scanned += 1
        return found

    def save(self) -> None:
        """Write the entries this run used (configs since removed or changed drop out); not at all when that is
        what the file holds already (a build's unchanged outputs stay untouched)."""
        if self.path is None or (not self.scanned and self.used == set(self.entries) and self.path.is_file()):
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
    found += links.check(ctx)
    found += ipv6.check(ctx)
    found += exits.check(ctx)
    found += tracking.check(ctx)
    found += bgp.check(ctx, sessions)
    found += vpn.check(ctx, sessions)
    found += firewall.check(ctx)
    found += fwrules.check(ctx)
    found += management.check(ctx, sessions)
    if decisions is not None:
        found += blocks.check(ctx, decisions)
        found += reach.check(ctx, sessions, decisions)
    return sorted_diagnostics(found)


@dataclass(frozen=True)
class ConfigFile:
    """One config of a build: rendered again (its text), or not (how to read the file the last build wrote)."""

    device: str
    file: str  # below the output directory: configs/<site>/<device>.cfg
    digest: str  # govnet.writer.content_hash of its text
    text: str | Callable[[], str]


def in_build(model: Model, files: Iterable[ConfigFile], decisions: Mapping[str, Net], cache: Path) -> list[Diagnostic]:
    """Verify as a stage of a build: read-backs kept in ``cache`` between builds by content hash, so a config
    whose text did not change is not read again. Raises OSError when a config or the cache cannot be read or
    written."""
    scans = ScanCache(cache)
    facts = {f.device: scans.read(f.device, f.file, f.digest, f.text) for f in files}
    found = verify_facts(model, facts, decisions)
    scans.save()
    return found
