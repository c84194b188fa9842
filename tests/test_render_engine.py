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
    assert len(list((tmp_path / "compiled" / "direct").iterdir())) == len(TEMPLATES)
    second = environment(None, tmp_path / "compiled")
    _refuse_compiling(second)
    loaded = _load(second)
    assert [t.filename for t in loaded] == [t.filename for t in first]
    assert "bgp" in loaded[1].module.__dict__  # the macros are there


def test_damaged_cache_files_are_compiled_again(tmp_path: Path) -> None:
    folder = tmp_path / "compiled"
    _load(environment(None, folder))
    for i, path in enumerate(sorted((folder / "direct").iterdir())):  # truncated inside the checksum, or garbage
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



def test_sandboxed_and_trusted_renders_share_no_compiled_code(tmp_path: Path) -> None:
    """A model with templates of its own renders sandboxed: its compiled code calls environment.call for every call.
    It compiled the packaged files it imports into the same cache folder a trusted render (govnet's own templates)
    reads, and the trusted render then failed on the first macro call ("'Environment' object has no attribute
    'call'"); read the other way round, the sandbox's check would be skipped."""
    from conftest import copy_model
    from govnet.pipeline import validate
    from govnet.render import render_configs

    mini = Path(__file__).resolve().parent / "fixtures" / "mini"
    own = copy_model(mini, tmp_path / "own")
    (own / "templates" / "huawei_vrp").mkdir(parents=True)
    (own / "templates" / "huawei_vrp" / "core-router.j2").write_text('{% extends "huawei_vrp/router.j2" %}\n',
                                                                     encoding="utf-8")
    result = validate(mini)
    assert result.model is not None and result.addresses is not None
    folder = tmp_path / "compiled"
    sandboxed = render_configs(result.model, result.addresses, model_root=own, compiled=folder)
    trusted = render_configs(result.model, result.addresses, model_root=mini, compiled=folder)
    assert trusted.keys() == sandboxed.keys()
    assert all(trusted[name].text == sandboxed[name].text for name in trusted)
    assert sorted(p.name for p in folder.iterdir()) == ["direct", "sandboxed"]


def test_copies_of_the_packaged_templates_render_trusted_and_a_changed_byte_sandboxes(tmp_path: Path) -> None:
    """A clone of govnet's repository built by an installed govnet has a templates/ folder that is not the
    packaged one but holds the same files: it renders as govnet's own (unsandboxed, twice as fast). One changed
    byte, one file the package lacks or a symlink makes the folder the model's own again."""
    import shutil

    from govnet.source.templates import packaged_templates, sandboxed_environment

    model = tmp_path / "model"
    shutil.copytree(packaged_templates(), model / "templates")
    assert not sandboxed_environment(model).sandboxed
    router = model / "templates" / "huawei_vrp" / "router.j2"
    original = router.read_bytes()
    router.write_bytes(original.replace(b"\n", b" \n", 1))
    assert sandboxed_environment(model).sandboxed
    router.write_bytes(original)
    (model / "templates" / "huawei_vrp" / "extra.j2").write_text("{{ 1 }}\n", encoding="utf-8")
    assert sandboxed_environment(model).sandboxed
    (model / "templates" / "huawei_vrp" / "extra.j2").unlink()
    router.unlink()
    router.symlink_to(packaged_templates() / "huawei_vrp" / "router.j2")
    assert sandboxed_environment(model).sandboxed
