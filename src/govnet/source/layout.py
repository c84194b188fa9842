"""The files a model directory consists of. Plain names, no parsing: cheap to import (a build with nothing
changed reads only these before it knows it is done)."""

from __future__ import annotations

import re
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
