"""Deliberate edits of a copied fixture or golden model that several test files make (the fuzzers' random
mutations are tests/model_mutations.py)."""

from __future__ import annotations

import re
from pathlib import Path


def without_hrss(root: Path) -> None:
    """Zone hrss taken off every site of the model at ``root`` (and off the one unit that joined it): the change
    that shows what removing a zone renumbers or reorders elsewhere."""
    profiles = root / "topology" / "profiles.yaml"
    text = profiles.read_text(encoding="utf-8")
    profiles.write_text(re.sub(r"zones: \[([^\]]*)\]", lambda m: "zones: [" + ", ".join(
        z for z in m[1].split(", ") if z != "hrss") + "]", text), encoding="utf-8")
    registry = root / "registry.yaml"
    text = registry.read_text(encoding="utf-8")
    old = "    access_class: D\n    zones: [public, hrss]\n"
    assert old in text, f"{registry}: the unit that joins hrss is not where this edit expects it"
    registry.write_text(text.replace(old, "    access_class: B\n    zones: [public]\n", 1), encoding="utf-8")
