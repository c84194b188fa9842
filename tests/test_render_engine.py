"""The render engine's compiled-template cache: used when present, harmless when damaged or unwritable."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import pytest

from govnet.render.engine import compiled_dir, environment

TEMPLATES = ("huawei_vrp/router.j2", "common/huawei.j2")


def _load(env: jinja2.Environment) -> list[jinja2.Template]:
    return [env.get_template(name) for name in TEMPLATES]


def _refuse_compiling(env: jinja2.Environment) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("compiled again although the cache holds it")

    env.compile = refuse  # type: ignore[method-assign,assignment]


def test_second_run_loads_compiled_templates(tmp_path: Path) -> None:
    first = _load(environment(None, tmp_path / "compiled"))
    assert len(list((tmp_path / "compiled").iterdir())) == len(TEMPLATES)
    second = environment(None, tmp_path / "compiled")
    _refuse_compiling(second)
    loaded = _load(second)
    assert [t.filename for t in loaded] == [t.filename for t in first]
    assert "bgp" in loaded[1].module.__dict__  # the macros are there


def test_damaged_cache_files_are_compiled_again(tmp_path: Path) -> None:
    folder = tmp_path / "compiled"
    _load(environment(None, folder))
    for i, path in enumerate(sorted(folder.iterdir())):  # truncated inside the checksum, or garbage
        path.write_bytes(path.read_bytes()[:40] if i == 0 else b"\x00garbage")
    assert "bgp" in _load(environment(None, folder))[1].module.__dict__


def test_unwritable_cache_is_no_cache(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert "bgp" in _load(environment(None, blocked / "compiled"))[1].module.__dict__
    assert blocked.read_text(encoding="utf-8") == "not a folder"


def test_cache_folder_follows_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert compiled_dir() == tmp_path / "govnet" / "templates"
