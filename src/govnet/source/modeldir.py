"""Stages 1-2 for a whole model directory: find its files, load and parse each one."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from govnet import diagnostics as dg
from govnet.diagnostics import Diagnostic
from govnet.reference import divisions
from govnet.schema.registry import RegistryFile, RegistryPart
from govnet.schema.targets import TargetsFile
from govnet.schema.topology import CityFile, CountyFile, ProfilesFile, ProjectFile, ProvinceFile
from govnet.schema.zones import InfrastructureFile, PolicyFile, ZonesFile
from govnet.source.cache import LoadedCache
from govnet.source.files import Unreadable, read_limited
from govnet.source.layout import (
    CITY_DIR,
    CITY_FILE,
    COUNTY_FILE,
    INFRASTRUCTURE_FILE,
    LOCK_FILE,
    MODEL_PARTS,
    POLICY_FILE,
    PROFILES_FILE,
    PROJECT_FILE,
    PROVINCE_FILE,
    REGISTRY_DIR,
    REGISTRY_FILE,
    TARGETS_FILE,
    ZONES_FILE,
    is_model_dir,
)
from govnet.source.loader import load_file, load_text
from govnet.source.parse import parse_file
from govnet.source.prefetch import Prefetch
from govnet.source.sourcemap import SourceMap

_MISSING_HINTS = {POLICY_FILE: f"without {POLICY_FILE} the firewalls lose every rule and NAT: restore it from git, "
                               "or write 'rules: []' to say there are none"}
__all__ = [
    "CITY_DIR",
    "CITY_FILE",
    "COUNTY_FILE",
    "INFRASTRUCTURE_FILE",
    "LOCK_FILE",
    "MODEL_PARTS",
    "POLICY_FILE",
    "PROFILES_FILE",
    "PROJECT_FILE",
    "PROVINCE_FILE",
    "REGISTRY_DIR",
    "REGISTRY_FILE",
    "TARGETS_FILE",
    "ZONES_FILE",
    "ParsedModel",
    "is_model_dir",
    "load_model",
]

M = TypeVar("M", bound=BaseModel)


@dataclass
class ParsedModel:
    """Every model file, parsed; None where a file failed (its diagnostics say why)."""

    project: ProjectFile | None = None
    profiles: ProfilesFile | None = None
    province: ProvinceFile | None = None
    cities: list[tuple[str, CityFile]] = field(default_factory=list)
    counties: list[tuple[str, CountyFile]] = field(default_factory=list)  # topology/<city>/<county>.yaml
    zones: ZonesFile | None = None
    policy: PolicyFile | None = None
    infrastructure: InfrastructureFile | None = None
    registry: RegistryFile | None = None
    registry_parts: list[tuple[str, RegistryPart]] = field(default_factory=list)  # registry.d/*.yaml, by name
    lock_text: str | None = None  # allocations.lock as read; None when the model has none yet
    complete: bool = True  # False when a file could not be read or parsed at all (its items are missing)
    lock_committed: str | None = None  # git HEAD's allocations.lock, read only when lock_text's digest fails
    targets: TargetsFile | None = None  # targets.yaml, when the model has one
    sources: dict[str, SourceMap] = field(default_factory=dict)
    dropped: list[tuple[str, int, int]] = field(default_factory=list)  # items the schema stage left out whole


def load_model(root: Path, overrides: Mapping[str, str] | None = None, cache: LoadedCache | None = None,
               prefetched: Prefetch | None = None) -> tuple[ParsedModel, list[Diagnostic]]:
    """Load every file of the model at ``root``; ``overrides`` (relative path → text) stand in for files on disk,
    so that a candidate edit can be validated before it is written. ``cache``: files loaded by earlier runs
    (govnet.source.cache), the same answers sooner. ``prefetched``: the large files, being loaded in another
    process (govnet.source.prefetch.start, for the same root, overrides and cache)."""
    try:
        return _load_model(root, overrides, cache, prefetched)
    finally:
        if prefetched is not None:
            prefetched.close()


def _load_model(root: Path, overrides: Mapping[str, str] | None, cache: LoadedCache | None,
                prefetched: Prefetch | None) -> tuple[ParsedModel, list[Diagnostic]]:
    model = ParsedModel()
    problems: list[Diagnostic] = []
    replaced = dict(overrides or {})

    def read(rel: str, schema: type[M], *, required: bool) -> M | None:
        path = root / rel
        if rel not in replaced and _absent(path):
            if required:
                model.complete = False
                hint = _MISSING_HINTS.get(rel, "run 'govnet init' to see the expected layout")
                problems.append(dg.make("GN110", rel, 1, 1, f"the model needs {rel}", hint=hint))
            return None
        if rel in replaced:
            loaded, found = load_text(replaced[rel], rel, cache)
        else:
            taken = prefetched.take(rel) if prefetched is not None else None
            loaded, found = taken if taken is not None else load_file(path, rel, cache)
        problems.extend(found)
        if loaded is None:
            model.complete = False
            return None
        parsed = parse_file(loaded, schema)
        model.sources[rel] = parsed.source  # without the items the schema stage left out, like the data
        problems.extend(parsed.diagnostics)
        model.dropped += [(rel, line, column) for line, column in parsed.dropped]
        if parsed.value is None:
            model.complete = False
        return parsed.value

    model.project = read(PROJECT_FILE, ProjectFile, required=True)
    model.profiles = read(PROFILES_FILE, ProfilesFile, required=True)
    model.province = read(PROVINCE_FILE, ProvinceFile, required=True)
    topology = root / "topology"
    known = {Path(PROFILES_FILE).name, Path(PROVINCE_FILE).name}
    city_files: dict[str, str] = {}
    for path in _entries(topology, "topology", model, problems):
        rel = f"topology/{path.name}"
        if CITY_FILE.fullmatch(path.name):
            if path.stem in city_files:  # 3601.yaml and 3601.yml: one city, two files
                problems.append(dg.make("GN303", rel, 1, 1, f"city {path.stem} already has the file "
                                        f"{city_files[path.stem]}; this one is ignored", hint="keep one file per city"))
                continue
            city_files[path.stem] = rel
            city = read(rel, CityFile, required=True)
            if city is not None:
                model.cities.append((rel, city))
        elif CITY_DIR.match(path.name) and path.is_dir():
            _county_files(path, rel, read, model, problems)
        elif path.suffix.lower() in (".yaml", ".yml") and path.suffix not in (".yaml", ".yml"):
            problems.append(_wrong_case(rel, path))  # 3601.YAML is no city file
        elif path.suffix in (".yaml", ".yml") and path.name not in known:
            problems.append(dg.make("GN206", rel, 1, 1, "file is not part of the model and is ignored",
                                    hint="city files are named by the city's 4-digit code, e.g. 3601.yaml"))
    model.zones = read(ZONES_FILE, ZonesFile, required=True)
    # Required: without it the firewalls lose every rule and NAT; a model with no rules says so in the file.
    model.policy = read(POLICY_FILE, PolicyFile, required=True) or PolicyFile()
    model.infrastructure = read(INFRASTRUCTURE_FILE, InfrastructureFile, required=True)
    zones_dir = root / "zones"
    known_zone_files = {ZONES_FILE, POLICY_FILE, INFRASTRUCTURE_FILE}
    for path in _entries(zones_dir, "zones", model, problems):
        rel = f"zones/{path.name}"
        if path.suffix.lower() in (".yaml", ".yml") and rel not in known_zone_files:
            problems.append(dg.make("GN206", rel, 1, 1, "file is not part of the model and is ignored",
                                    hint="zones/ holds zones.yaml, policy.yaml and infrastructure.yaml"))
    model.registry = read(REGISTRY_FILE, RegistryFile, required=False)
    part_names = {f"{REGISTRY_DIR}/{p.name}" for p in _yaml_files(root / REGISTRY_DIR, REGISTRY_DIR, model, problems)}
    part_names |= {rel for rel in replaced if rel.startswith(f"{REGISTRY_DIR}/")}
    if not part_names and REGISTRY_FILE not in replaced and not os.path.lexists(root / REGISTRY_FILE):
        problems.append(dg.make("GN111", REGISTRY_FILE, 1, 1, f"the model has no {REGISTRY_FILE}: no access "
                                "unit is registered, and no unit gets addresses or a form",
                                hint=f"restore {REGISTRY_FILE} from git, or write 'units: []' to say there are none"))
    for rel in sorted(part_names):
        part = read(rel, RegistryPart, required=True)
        if part is not None:
            model.registry_parts.append((rel, part))
    model.targets = read(TARGETS_FILE, TargetsFile, required=False)
    model.lock_text, problem = _read_lock(root)
    problems += problem
    from govnet.ipam import lockfile  # here: govnet.ipam imports this module's file names

    if model.lock_text is not None and not lockfile.sealed(model.lock_text):  # hand-edited: find the lines
        model.lock_committed = _committed(root, LOCK_FILE)
    identity = _province_identity(model)
    if identity:  # every code and name derives from it: nothing built on a wrong one is worth reporting
        model.complete = False
    problems += identity
    return model, problems


def _county_files(directory: Path, rel_dir: str, read: Callable[..., CountyFile | None], model: ParsedModel,
                  problems: list[Diagnostic]) -> None:
    """topology/<city>/<county>.yaml: villages, one file per county (a city has thousands of them)."""
    seen: dict[str, str] = {}  # county code -> the file read for it
    for path in _yaml_files(directory, rel_dir, model, problems):
        rel = f"{rel_dir}/{path.name}"
        if COUNTY_FILE.match(path.name) and path.stem in seen:  # 360121.yaml and 360121.yml: which is meant?
            problems.append(dg.make("GN113", rel, 1, 1, f"county {path.stem} has two files, {seen[path.stem]} and "
                                    f"{rel}; only {seen[path.stem]} is read",
                                    hint=f"merge the two into {seen[path.stem]} and delete {rel}"))
            continue
        if not COUNTY_FILE.match(path.name):
            problems.append(dg.make("GN206", rel, 1, 1, "file is not part of the model and is ignored",
                                    hint="county files are named by the county's 6-digit code, e.g. "
                                    f"topology/{directory.name}/{directory.name}21.yaml"))
            continue
        seen[path.stem] = rel
        county = read(rel, CountyFile, required=True)
        if county is not None:
            model.counties.append((rel, county))


def _absent(path: Path) -> bool:
    """No such file; a file its folder's mode hides (lexists says False) is there, and its read says why it fails."""
    try:
        os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return True
    except OSError:
        return False
    return False


def _yaml_files(directory: Path, rel: str, model: ParsedModel, problems: list[Diagnostic]) -> list[Path]:
    # Not only regular files: a directory or FIFO named like a part is reported by read(), not skipped.
    found = []
    for path in _entries(directory, rel, model, problems):
        if path.suffix in (".yaml", ".yml"):
            found.append(path)
        elif path.suffix.lower() in (".yaml", ".yml"):  # registry.d/3602.YAML: its units were silently missing
            problems.append(_wrong_case(f"{rel}/{path.name}", path))
    return found


def _wrong_case(rel: str, path: Path) -> Diagnostic:
    return dg.make("GN206", rel, 1, 1, "file is not part of the model and is ignored",
                   hint=f"model files end in lower-case .yaml or .yml: rename it to {path.stem}{path.suffix.lower()}")


def _entries(directory: Path, rel: str, model: ParsedModel, problems: list[Diagnostic]) -> list[Path]:
    """A model folder's entries, sorted; a folder that cannot be listed (no read permission) is GN109 and its
    files are missing from the model, instead of an internal error."""
    if not directory.is_dir():
        return []
    try:
        return sorted(directory.iterdir())
    except OSError as exc:
        problems.append(dg.make("GN109", rel, 1, 1, f"{rel}/ cannot be listed ({exc.strerror or exc})",
                                hint="give the model's folders read and search permission (chmod u+rx)"))
        model.complete = False
        return []


# The lock of a 100,000-unit registry is ~30 MB; a lock far beyond that is not one (a symlink to /dev/zero).
MAX_LOCK_BYTES = 256 * 1024 * 1024


def _read_lock(root: Path) -> tuple[str | None, list[Diagnostic]]:
    path = root / LOCK_FILE
    if not os.path.lexists(path):
        return None, []
    hint = "restore it from git: it records every address already handed out"
    try:
        # A byte-order mark (a Windows editor's save of the file) is not an entry: the entries are what count.
        return read_limited(path, MAX_LOCK_BYTES, root=root).decode("utf-8-sig"), []
    except Unreadable as exc:
        return None, [dg.make("GN109", LOCK_FILE, 1, 1, f"{LOCK_FILE} {exc}", hint=hint)]
    except UnicodeDecodeError as exc:
        return None, [dg.make("GN109", LOCK_FILE, 1, 1, f"cannot read {LOCK_FILE}: {exc}", hint=hint)]


def _committed(root: Path, rel: str) -> str | None:
    """The file as git HEAD has it, or None (not in git, no git, not committed)."""
    try:
        done = subprocess.run(["git", "-C", str(root), "show", f"HEAD:./{rel}"], capture_output=True, timeout=20,
                              check=False, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0 or len(done.stdout) > MAX_LOCK_BYTES:
        return None
    try:
        return done.stdout.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _province_identity(model: ParsedModel) -> list[Diagnostic]:
    """The province's code must agree with govnet.yaml before anything is built on it: every other code
    and device name derives from it, so a typo here would otherwise surface as dozens of follow-on errors."""
    if model.project is None or model.province is None:
        return []
    code, expected = model.province.province.code, model.project.province
    if code == expected:
        return []
    if expected not in divisions.provinces():  # the mistake is in govnet.yaml: say so there
        line, column = model.sources[PROJECT_FILE].position(("province",))
        return [dg.make("GN309", PROJECT_FILE, line, column, f"province {expected!r} is not a province code",
                        path="province", hint=f"write the 2-digit GB/T 2260 code, e.g. {code!r} as "
                        f"{PROVINCE_FILE} says (quote it: province: '{code}')")]
    line, column = model.sources[PROVINCE_FILE].position(("province", "code"))
    return [dg.make("GN309", PROVINCE_FILE, line, column, f"province code {code} differs from govnet.yaml's "
                    f"province {expected}", path="province.code", hint="make the two agree")]
