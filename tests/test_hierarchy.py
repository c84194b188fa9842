"""The site hierarchy's shared walks (govnet.model.hierarchy) and the platform table as the schema's one list."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from govnet.model.hierarchy import ancestors, chain, is_under, level_name, nearest
from govnet.model.types import SPECIAL, Origin, Site
from govnet.reference.platforms import PLATFORMS, ROLES
from govnet.schema.topology import DeviceSpec

HERE = Origin("topology/province.yaml", ())


def _site(key: str, parent: str | None, level: str = "county", virtual: bool = False) -> Site:
    return Site(key, key, level, parent, None, HERE, virtual=virtual)


SITES = {s.key: s for s in (_site("36", None, "province"), _site("3601", "36", "city"),
                            _site("360100", "3601", virtual=True), _site("360102", "3601"),
                            _site("360102002", "360102", "township"), _site("CLOUD", "36", SPECIAL))}


def test_walks_go_up_nearest_first_and_stop_at_an_unknown_parent() -> None:
    assert list(chain(SITES, "360102002")) == ["360102002", "360102", "3601", "36"]
    assert [s.key for s in ancestors(SITES, SITES["360102002"])] == ["360102", "3601", "36"]
    assert list(chain(SITES | {"9": _site("9", "nowhere")}, "9")) == ["9", "nowhere"]
    assert nearest(SITES, "360102002", {"3601", "36"}) == "3601"
    assert nearest(SITES, "360102002", set()) is None
    assert is_under(SITES, "360102002", "3601") and is_under(SITES, "3601", "3601")
    assert not is_under(SITES, "3601", "360102")
    assert level_name(SITES["CLOUD"]) == "special" and level_name(SITES["3601"]) == "city"


def test_a_cycle_in_a_broken_model_ends_the_walk() -> None:
    loop = {"A": _site("A", "B"), "B": _site("B", "A")}
    assert len(list(chain(loop, "A"))) == 16
    assert not is_under(loop, "A", "C")


def test_the_schema_accepts_exactly_the_platform_table() -> None:
    for platform in PLATFORMS.values():
        for role in platform.roles:
            DeviceSpec(name="X{n}", role=role, platform=platform.name)
    assert set(ROLES) == {r for p in PLATFORMS.values() for r in p.roles}
    with pytest.raises(ValidationError) as caught:
        DeviceSpec(name="X", role="router", platform="huawei_vpr")
    error = caught.value.errors()[0]
    assert error["type"] == "literal_error" and "'huawei_vrp'" in error["ctx"]["expected"]
    with pytest.raises(ValidationError):
        DeviceSpec(name="X", role="switch", platform="huawei_vrp")
    with pytest.raises(ValidationError):
        DeviceSpec(name="X", role="router", platform=5)
