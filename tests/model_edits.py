"""Deliberate edits of a copied fixture or golden model that several test files make, and the configs and
remediations they compare before and after (the fuzzers' random mutations are tests/model_mutations.py)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

from govnet.pipeline import validate
from govnet.render import Config, render_configs
from govnet.render.diff import remediate


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


def rendered(root: Path) -> dict[str, Config]:
    """The configs of the model at ``root``, rendered with its address decisions (no cache: for edited copies)."""
    result = validate(root)
    assert result.ok and result.model is not None and result.addresses is not None, \
        [d.as_text() for d in result.diagnostics if d.severity == "error"]
    return render_configs(result.model, result.addresses.outcome.decisions)


def before_and_after(source: Path, tmp_path: Path, edit: Callable[[Path], None]) -> tuple[
        dict[str, Config], dict[str, Config]]:
    """The configs of a copy of the model at ``source``, before and after ``edit`` changes the copy."""
    from conftest import copy_model

    root = copy_model(source, tmp_path / "model")
    before = rendered(root)
    edit(root)
    return before, rendered(root)


def moved_noc(root: Path) -> None:
    """The NOC moves from 10.4.0.0/24 to 10.5.0.0/24 (govnet.yaml: its network, NTP, syslog, SNMP trap and RADIUS
    servers): every device deletes the old servers and adds the new."""
    spec = root / "govnet.yaml"
    text = spec.read_text(encoding="utf-8")
    assert "10.4.0." in text, f"{spec}: no NOC address where this edit expects it"
    spec.write_text(text.replace("10.4.0.", "10.5.0."), encoding="utf-8")


def renamed_local_user(root: Path) -> None:
    """govnet.yaml's fallback account renamed to opsadmin (set where the model leaves the default, netadmin)."""
    spec = root / "govnet.yaml"
    text = spec.read_text(encoding="utf-8")
    if "local_user: netadmin" in text:
        text = text.replace("local_user: netadmin", "local_user: opsadmin")
    elif "management:\n" in text:
        text = text.replace("management:\n", "management:\n  aaa: {local_user: opsadmin}\n", 1)
    else:
        text += "management:\n  aaa: {local_user: opsadmin}\n"
    spec.write_text(text, encoding="utf-8")


def deletions(before: dict[str, Config], after: dict[str, Config], platform: str,
              starts: tuple[str, ...]) -> dict[str, list[str]]:
    """Per device of ``platform``, its remediation lines from ``before`` to ``after`` that start with ``starts``."""
    return {name: [line for line in remediate(platform, old.text, after[name].text)[0] if line.startswith(starts)]
            for name, old in before.items() if old.platform == platform}


def stripped_remediation(config: Config, comment: str) -> Iterator[str]:
    """The remediation lines of a config stripped of its top-level lines, then of every line below them, then of
    every line two levels down (``comment``: the characters that start its separator lines)."""
    text = "\n".join(line for line in config.text.splitlines() if line.strip() and line.strip()[0] not in comment)
    for depth in (0, 1, 2):
        new = "\n".join(line for line in text.splitlines() if len(line) - len(line.lstrip(" ")) < depth)
        yield from remediate(config.platform, config.text, new)[0]
