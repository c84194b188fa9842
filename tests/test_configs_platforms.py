"""Per-platform syntax: what each software accepts (issue 13 #1 and the login/management items), checked on the
rendered configs of the small golden models (fast) and of the default model's platform table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from govnet.pipeline import validate
from govnet.reference.platforms import PLATFORMS
from govnet.render import Config, render_configs

GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture(scope="module")
def configs() -> dict[str, Config]:
    found: dict[str, Config] = {}
    for case in ("huawei-h3c", "cisco-isis"):
        result = validate(GOLDEN / case / "model")
        assert result.ok and result.model is not None and result.addresses is not None
        found.update({f"{case}/{n}": c for n, c in
                      render_configs(result.model, result.addresses.outcome.decisions).items()})
    return found


def _of(configs: dict[str, Config], *platforms: str) -> list[Config]:
    chosen = [c for c in configs.values() if c.platform in platforms]
    assert chosen, platforms
    return chosen


def test_ne_core_routers_run_vrp8_and_ar_routers_vrp5(repo_model: Path) -> None:
    result = validate(repo_model)
    assert result.model is not None
    huawei_routers = [d for d in result.model.devices.values() if d.role != "firewall" and d.platform.startswith(
        "huawei_vrp")]
    assert {d.platform for d in huawei_routers if d.role == "core-router"} == {"huawei_vrp8"}
    assert {d.platform for d in huawei_routers if d.role == "router"} == {"huawei_vrp"}
    assert PLATFORMS["huawei_vrp8"].os == "vrp8" and PLATFORMS["huawei_vrp"].os == "vrp5"


def test_vrp8_configs_have_none_of_the_vrp5_only_forms(configs: dict[str, Config]) -> None:
    for config in _of(configs, "huawei_vrp8"):
        text = config.text
        assert "radius-server template" not in text and not re.search(r"radius-server authentication .* secondary",
                                                                       text), config.device
        assert "privilege level 15" not in text, config.device
        assert not re.search(r"^info-center loghost \S+ source-interface", text, re.M), config.device
        assert "info-center loghost source-interface LoopBack" in text
        assert re.search(r"^ local-user \S+ level 3$", text, re.M)
        assert "radius-server group GOVNET" in text


def test_vrp5_configs_keep_the_ar_forms(configs: dict[str, Config]) -> None:
    for config in _of(configs, "huawei_vrp"):
        assert re.search(r"^info-center loghost \S+ source-interface LoopBack", config.text, re.M), config.device
        assert "privilege level 15" in config.text
