"""The offline site (out/index.html): what it holds, incremental writes, and — in headless Chromium when it is
installed — that pages load without console errors, search finds a unit by IP address and by name, and Chinese
is drawn with the embedded font (the machine running the tests has no CJK font of its own)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from govnet.pipeline import Result, validate
from govnet.records import granted_addresses, write_records
from govnet.site import write_site

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def mini() -> Result:
    result = validate(MINI)
    assert result.model is not None and result.addresses is not None
    return result


@pytest.fixture(scope="module")
def out(mini: Result, tmp_path_factory: pytest.TempPathFactory) -> Path:
    assert mini.model is not None
    directory = tmp_path_factory.mktemp("out")
    write_records(mini.model, directory, granted_addresses(mini.addresses))
    write_site(mini.model, mini.addresses, mini.diagnostics, directory, date="2026-11-30")
    return directory


def _data(out: Path) -> dict[str, object]:
    text = (out / "site" / "data.js").read_text(encoding="utf-8")
    found: dict[str, object] = json.loads(text.removeprefix("window.GOVNET_DATA = ").removesuffix(";\n"))
    return found


def test_site_is_offline_and_holds_the_model(out: Path, mini: Result) -> None:
    page = (out / "index.html").read_text(encoding="utf-8")
    # nothing fetched from a network: every reference is relative
    assert not re.search(r"(src|href)=\"(https?:)?//", page) and 'url("site/font.woff")' in page
    for name in ("data.js", "app.js", "style.css", "font.woff"):
        assert (out / "site" / name).is_file()
    assert "http" not in (out / "site" / "app.js").read_text(encoding="utf-8")
    data = _data(out)
    assert mini.model is not None and mini.model.registry is not None
    assert [u["id"] for u in data["units"]] == [u.id for u in mini.model.registry.units]  # type: ignore[index]
    sites = data["sites"]
    assert isinstance(sites, dict) and set(sites) == {s.key for s in mini.model.sites}
    unit = next(u for u in data["units"] if u["id"] == "MINI-0001")  # type: ignore[attr-defined]
    assert unit["addresses"] and all(a.split(" ")[0] in ("公用网络区", "人社专网") for a in unit["addresses"])
    assert any(p[2] == "unit" and p[3] == "MINI-0001" for p in data["prefixes"])  # type: ignore[attr-defined]


def test_font_covers_the_site_and_is_cut_again_only_when_the_text_changes(out: Path, mini: Result) -> None:
    import io

    from fontTools.ttLib import TTFont

    cmap = set(TTFont(io.BytesIO((out / "site" / "font.woff").read_bytes())).getBestCmap())
    text = (out / "site" / "data.js").read_text(encoding="utf-8") + (out / "index.html").read_text(encoding="utf-8")
    assert not {c for c in text if ord(c) > 0x2000 and ord(c) not in cmap}
    assert mini.model is not None
    again = write_site(mini.model, mini.addresses, mini.diagnostics, out, date="2026-11-30")
    assert not any(changed for _, changed in again)
    later = write_site(mini.model, mini.addresses, mini.diagnostics, out, date="2026-12-01")
    assert [p.name for p, changed in later if changed] == ["data.js"]


def _chromium(url: str, tmp_path: Path) -> tuple[str, str]:
    assert CHROMIUM is not None
    done = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr",
                           "--v=0", f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=5000",
                           "--dump-dom", url], capture_output=True, text=True, timeout=120, check=False)
    return done.stdout, done.stderr


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium)")
@pytest.mark.parametrize(("view", "expected"), [
    ("", "校验结果"), ("site/3601", "南昌市"), ("zones", "公用网络区"), ("ipam", "顶层下放"),
    ("registry", "个单位"), ("compliance", "政策符合性"), ("diagrams", "拓扑图"), ("unit/MINI-0001", "人社专网"),
    # search: who owns an address inside MINI-0001's public subnet, and a unit by (part of) its name
    ("search/10.128.8.5", "MINI-0001"), ("search/滕王阁", "MINI-0002"),
    # by USCC, by division code, by (the start of) a unit id
    ("search/11360102MB0102BB7G", "MINI-0002"), ("search/360102", "MINI-0003"), ("search/mini-000", "MINI-0004"),
])
def test_pages_load_in_a_browser(out: Path, tmp_path: Path, view: str, expected: str) -> None:
    dom, log = _chromium((out / "index.html").as_uri() + "#/" + view, tmp_path)
    main = re.search(r'<main id="main">(.*)</main>', dom, flags=re.S)
    assert main and expected in main.group(1), dom[-2000:]
    assert not re.search(r"CONSOLE.*(Uncaught|Error)|Uncaught|Failed to load resource", log), log[-2000:]
    # document.fonts.check() answered for the embedded face: no system CJK font is needed to draw the page
    assert 'data-font="embedded"' in dom
