"""The names of a model's files: a module without imports, for callers that must start fast (registry add)."""

from __future__ import annotations

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
