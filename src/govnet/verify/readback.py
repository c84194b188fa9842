"""Reading rendered configs back into facts: kept by content hash between runs (ScanCache), and spread over forked
worker processes when there are many to read (read_back). The read-back of one config depends on no other, so
the facts are the same whatever the number of workers; they come back in the order the configs were given.
"""

from __future__ import annotations

import copyreg
import io
import ipaddress
import multiprocessing
import os
import pickle
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import MISSING, dataclass, fields
from pathlib import Path
from typing import Any

from govnet.forked import die_with_parent
from govnet.i18n import N_
from govnet.render import Config, config_path
from govnet.render.parallel import fork_available
from govnet.verify.facts import Facts, Interface
from govnet.verify.scan import scan
from govnet.writer import content_hash

CHUNK = 300  # configs per task: enough tasks to balance two workers, few enough that each costs little to send

__all__ = ["CHUNK", "ConfigFile", "ScanCache", "fork_available", "read_back"]

_VERSION = "39"  # bump when Facts or the scanner change: old cache entries are then ignored


@dataclass(frozen=True)
class ConfigFile:
    """One config of a build: rendered again (its text), or not (how to read the file the last build wrote)."""

    device: str
    file: str  # below the output directory: configs/<site>/<device>.cfg
    digest: str  # govnet.writer.content_hash of its text
    text: str | Callable[[], str]

    @classmethod
    def of(cls, config: Config) -> ConfigFile:
        return cls(config.device, str(config_path(config)), content_hash(config.text), config.text)

    def read(self) -> Facts:
        return scan(self.device, self.file, self.text if isinstance(self.text, str) else self.text())


def _compact_interface(value: ipaddress.IPv4Interface | ipaddress.IPv6Interface) -> str | tuple[Any, ...]:
    if getattr(value, "scope_id", None):  # an int drops the zone of a scoped IPv6 address: kept as text
        return value.__reduce__()
    return type(value), ((int(value), value.network.prefixlen),)


def _compact_network(value: ipaddress.IPv4Network | ipaddress.IPv6Network) -> str | tuple[Any, ...]:
    if getattr(value.network_address, "scope_id", None):
        return value.__reduce__()
    return type(value), ((int(value.network_address), value.prefixlen),)


def _record_reducer(cls: type) -> Callable[[Any], tuple[Any, ...]]:
    """A reducer that pickles a facts dataclass without the fields still at their (immutable) defaults: loading
    leaves those out of the instance, which reads them from the class, as dataclasses keep such defaults there.
    Most of a port's or a config's fields are at their defaults, and every field costs the cache's unpickling."""
    defaults = {f.name: f.default for f in fields(cls) if f.default is not MISSING}
    missing = object()  # no field's default: a field without one (a default factory's) is always kept

    def reduce(value: Any) -> tuple[Any, ...]:
        state = {k: v for k, v in value.__dict__.items() if defaults.get(k, missing) != v}
        return copyreg.__newobj__, (cls,), state  # type: ignore[attr-defined]

    return reduce


# ipaddress pickles an address as its text, which loading parses again (most of a cache's cost): the cache keeps
# interfaces and networks as (int, length), which their classes take as they take text, to the same values.
_COMPACT: dict[type, Any] = {**copyreg.dispatch_table, ipaddress.IPv4Interface: _compact_interface,
            ipaddress.IPv6Interface: _compact_interface, ipaddress.IPv4Network: _compact_network,
            ipaddress.IPv6Network: _compact_network,
            Facts: _record_reducer(Facts), Interface: _record_reducer(Interface)}


def dumps(value: object) -> bytes:
    """pickle.dumps, with ipaddress's interfaces and networks kept as numbers (loaded by the same classes)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _COMPACT
    pickler.dump(value)
    return buffer.getvalue()


def _record(found: object) -> bool:
    """A class of the facts: a dataclass, or a NamedTuple (a tuple subclass with its fields)."""
    from dataclasses import is_dataclass

    return is_dataclass(found) or (isinstance(found, type) and issubclass(found, tuple) and hasattr(found, "_fields"))


class _FactsUnpickler(pickle.Unpickler):
    """Loads only the classes a scan produces: the cache sits in an output folder anyone may hand over, and a plain
    pickle.loads would run whatever a planted file names (the pickle module's 'Restricting Globals' recipe)."""

    _ALLOWED = {"ipaddress": frozenset({"IPv4Interface", "IPv4Network", "IPv6Interface", "IPv6Network"}),
                "builtins": frozenset({"set", "frozenset"})}

    _allowed: dict[tuple[str, str], object] = {}  # what was allowed once (each entry is a pickle of its own)

    def find_class(self, module: str, name: str) -> object:
        found = self._allowed.get((module, name))
        if found is not None:
            return found
        scanned = sys.modules[Facts.__module__]  # the module of the facts' classes
        if (module == scanned.__name__ and _record(getattr(scanned, name, None))) or \
                name in self._ALLOWED.get(module, ()):
            found = self._allowed[module, name] = super().find_class(module, name)
            return found
        raise pickle.UnpicklingError(f"{module}.{name} is no part of a verify cache")


class ScanCache:
    """Scanned configs by the hash of their text; kept in one file when given a path. Each entry is kept there as
    its own pickle, read when a config asks for it and written again only when it is new: a build that changed
    one township's configs pickles those, not every config's facts."""

    def __init__(self, path: Path | None = None, *, owned: bool = False) -> None:
        self.path = path
        self.entries: dict[str, Facts] = {}  # read this run, or from the file when asked for
        self.stored: dict[str, bytes] = {}  # as the file holds them (each a pickle of one config's facts)
        self.hits = 0
        self.scanned = 0  # configs read this run (not in the cache)
        self.used: set[str] = set()
        # Why the file may not be replaced, or None: saving renames a new file over it, which turned
        # '--cache /dev/null' (run as root) into a regular file and '--cache govnet.yaml' into a pickle. ``owned``:
        # the path is govnet's own (a build's, in its output folder), where a damaged file is replaced.
        self.refused: str | None = None
        if path is not None and os.path.lexists(path) and not path.is_file():
            self.refused = N_("is not a regular file")
        elif path is not None and path.is_file():
            try:
                version, stored = _FactsUnpickler(io.BytesIO(path.read_bytes())).load()
                if version == _VERSION and isinstance(stored, dict):
                    self.stored = {k: v for k, v in stored.items() if isinstance(k, str) and isinstance(v, bytes)}
            except OSError:
                self.refused = N_("cannot be read")
            except Exception:  # arbitrary bytes make pickle raise almost anything (KeyError, struct.error …)
                if path.stat().st_size and not owned:  # a damaged cache is only a slower run, but is it ours?
                    self.refused = N_("is not a verify cache govnet wrote")

    def facts(self, config: Config) -> Facts:
        return self.read(config.device, str(config_path(config)), content_hash(config.text), config.text)

    def read(self, device: str, file: str, digest: str, text: str | Callable[[], str]) -> Facts:
        """The facts of one config whose text has the content hash ``digest`` (govnet.writer.content_hash, as a
        build records it); ``text`` is read only when the cache does not have them."""
        return read_back([ConfigFile(device, file, digest, text)], self)[device]

    def lookup(self, config: ConfigFile) -> Facts | None:
        key = _key(config)
        self.used.add(key)
        found = self.entries.get(key)
        if found is None and key in self.stored:
            try:
                found = _FactsUnpickler(io.BytesIO(self.stored[key])).load()
            except (pickle.UnpicklingError, ValueError, EOFError, AttributeError, TypeError):
                found = None
            if isinstance(found, Facts):
                self.entries[key] = found
            else:  # damaged or planted: read the config again
                found = None
                del self.stored[key]
        if found is not None:
            self.hits += 1
        return found

    def add(self, config: ConfigFile, facts: Facts) -> None:
        key = _key(config)
        self.entries[key] = facts
        self.stored.pop(key, None)
        self.scanned += 1

    def save(self) -> None:
        """Write the entries this run used (configs since removed or changed drop out); not at all when that is
        what the file holds already (a build's unchanged outputs stay untouched)."""
        if self.path is None or self.refused or (not self.scanned and self.used == set(self.stored)
                                                 and self.path.is_file()):
            return
        kept = {key: self.stored.get(key) or dumps(self.entries[key]) for key in sorted(self.used)
                if key in self.stored or key in self.entries}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_bytes(pickle.dumps((_VERSION, kept)))
        temporary.replace(self.path)


def _key(config: ConfigFile) -> str:
    return f"{config.file}\0{config.device}\0{config.digest}"


def read_back(configs: Sequence[ConfigFile], cache: ScanCache | None = None, workers: int = 1,
              chunk: int = CHUNK) -> dict[str, Facts]:
    """The facts of every config, by device, in the order given: from the cache where it has them, else read (in
    ``workers`` processes, this one and forked ones, when more than ``chunk`` configs are to be read and fork
    exists). Raises OSError when a config's text must be read from a file that cannot be."""
    cache = cache if cache is not None else ScanCache()
    found: dict[str, Facts | None] = {config.device: cache.lookup(config) for config in configs}
    missing = [config for config in configs if found[config.device] is None]
    if workers > 1 and len(missing) > chunk and fork_available():
        read = _in_workers(missing, workers, chunk)
    else:
        read = [config.read() for config in missing]
    for config, facts in zip(missing, read, strict=True):
        cache.add(config, facts)
        found[config.device] = facts
    return {device: facts for device, facts in found.items() if facts is not None}


_pending: Sequence[ConfigFile] = ()  # in a worker: the configs the parent had to read when it forked

# The share of the configs this process reads itself while the forked ones read the rest: it then loads what
# they send (compactly pickled: a quarter of the cost of reading), so it takes a little less than an equal share.
OWN_SHARE = 0.45


def _in_workers(configs: Sequence[ConfigFile], workers: int, chunk: int) -> list[Facts]:
    own = int(len(configs) * OWN_SHARE * 2 / workers)
    ranges = [(i, min(i + chunk, len(configs))) for i in range(own, len(configs), chunk)]
    with ProcessPoolExecutor(min(workers - 1, len(ranges)), mp_context=multiprocessing.get_context("fork"),
                             initializer=_adopt, initargs=(configs, os.getpid())) as pool:
        parts = [pool.submit(_read_range, bounds) for bounds in ranges]
        done = [config.read() for config in configs[:own]]  # meanwhile, this process reads its own share
        for part in parts:
            done += _FactsUnpickler(io.BytesIO(part.result())).load()
    return done


def _adopt(configs: Sequence[ConfigFile], parent: int) -> None:
    global _pending
    die_with_parent(parent)  # a killed build leaves no worker waiting for configs for ever
    _pending = configs


def _read_range(bounds: tuple[int, int]) -> bytes:
    """The facts of some configs, pickled compactly (dumps): loading them costs a quarter of reading them."""
    return dumps([config.read() for config in _pending[bounds[0]:bounds[1]]])
