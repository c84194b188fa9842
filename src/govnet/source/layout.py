"""The files a model directory consists of. Plain names, no parsing: cheap to import (a build with nothing
changed reads only these before it knows it is done)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable
from pathlib import Path

PROJECT_FILE = "govnet.yaml"
PROFILES_FILE = "topology/profiles.yaml"
PROVINCE_FILE = "topology/province.yaml"
REGISTRY_FILE = "registry.yaml"
REGISTRY_DIR = "registry.d"
ZONES_FILE = "zones/zones.yaml"
POLICY_FILE = "zones/policy.yaml"
INFRASTRUCTURE_FILE = "zones/infrastructure.yaml"
LOCK_FILE = "allocations.lock"
TARGETS_FILE = "targets.yaml"  # policy targets and legacy networks (optional): what the compliance report measures
# Everything a model directory consists of (registry.d and templates are optional): what to copy to move a
# model, or to ship the embedded one.
MODEL_PARTS = ("govnet.yaml", "registry.yaml", "registry.d", LOCK_FILE, "topology", "zones", "templates",
               TARGETS_FILE)
CITY_FILE = re.compile(r"^\d{4}\.ya?ml$")
CITY_DIR = re.compile(r"^\d{4}$")  # topology/<city>/: one file per county, for the villages (<county>.yaml)
COUNTY_FILE = re.compile(r"^\d{6}\.ya?ml$")


def is_model_dir(path: Path) -> bool:
    return (path / PROJECT_FILE).is_file()


def output_in_model(root: Path, out: Path) -> str | None:
    """Where ``out`` falls in the model at ``root``, when it may not take its outputs: "" for the model folder
    itself, else the part it is inside (topology, zones, templates …), where an output would overwrite what the
    user wrote (a summary.md of their own) or become part of the model's input; None when it may.

    >>> output_in_model(Path("/m"), Path("/m/out")), output_in_model(Path("/m"), Path("/m/zones/x"))
    (None, 'zones')
    >>> output_in_model(Path("/m"), Path("/m/topology/..")), output_in_model(Path("/m"), Path("/"))
    ('', None)
    """
    model, target = root.resolve(), out.resolve()
    if target == model:
        return ""
    return next((part for part in MODEL_PARTS if target.is_relative_to(model / part)), None)


def copy_model(source: Path, target: Path, parts: Iterable[str] = MODEL_PARTS) -> Path:
    """Every part of the model at ``source`` (those it has) copied to ``target``, which is created: a copy to edit
    or break without touching the original (the tests and the benchmarks make one)."""
    target.mkdir(parents=True, exist_ok=True)
    for part in parts:
        if (source / part).is_dir():
            shutil.copytree(source / part, target / part)
        elif (source / part).is_file():
            shutil.copy2(source / part, target / part)
    return target
