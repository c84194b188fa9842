"""Stage 'site': ``out/index.html``, one offline page over everything the build wrote.

It opens from ``file://`` with nothing fetched: the data is a script (``site/data.js``; fetch and ES modules are
refused on file:// pages), the Chinese font a subset WOFF of the characters the data uses (``site/font.woff``), and
configs, forms and diagrams are relative links into the same ``out/``. The what-if page's data
(``site/whatif.js``) is an artefact of its own (govnet.site.whatif), fingerprinted by its inputs. Files are
written only when they change, and the font is re-subset only when the character set changes or the font is
not the one cut for it (both digests are kept beside it).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from govnet.diagnostics import Diagnostic
from govnet.ipam import Plan
from govnet.model.types import Model
from govnet.writer import content_hash, file_hash, write_if_changed

SITE_DIR = "site"
INDEX = "index.html"
FONT = "font.woff"
_FONT_KEY = ".font-chars"  # digest of the characters the font was cut for: unchanged text, no re-subsetting

PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} — govnet</title>
<style>@font-face {{ font-family: "Govnet Noto Sans SC"; src: url("site/font.woff") format("woff"); }}</style>
<link rel="stylesheet" href="site/style.css">
</head>
<body>
<header><b>{title}</b>
<a href="#/">概览</a><a href="#/site/{root}">节点</a><a href="#/zones">安全区域</a><a href="#/ipam">地址</a>
<a href="#/registry">接入单位</a><a href="#/whatif">容灾分析</a><a href="#/compliance">政策符合性</a>
<a href="#/diagrams">拓扑图</a>
<form id="top-search"><input name="q"
 placeholder="搜索：行政区划代码、名称、单位编号、信用代码、地址、IP"></form></header>
<main id="main">正在加载…</main>
<script src="site/data.js"></script>
<script src="site/whatif.js"></script>
<script src="site/app.js"></script>
</body>
</html>
"""


def revision(root: Path) -> str:
    """The model's git revision (short: its files' newest commit), or 未纳入 git."""
    from govnet.source.dating import model_revision

    return model_revision(root) or "未纳入 git"


def site_data(model: Model, plan: Plan | None, diagnostics: Sequence[Diagnostic], *, date: str,
              model_root: Path | None = None, usage: Mapping[str, Any] | None = None,
              compliance_html: str | None = None) -> dict[str, Any]:
    """What the site shows that the model alone decides (everything but the diagrams on disk): a build works it
    out in a worker process while the configs are rendered. ``usage`` and ``compliance_html``: the address plan's
    utilisation and the compliance report's fragment when the caller has them already, else worked out here."""
    from govnet.ipam.report import utilisation
    from govnet.reports.compliance import compliance
    from govnet.reports.compliance_text import html_fragment
    from govnet.site.data import gather

    if compliance_html is None:
        compliance_html = html_fragment(compliance(model, date=date))
    return gather(model, plan, diagnostics, date=date, revision=revision(model_root) if model_root else "—",
                  compliance_html=compliance_html, diagrams=(),
                  ipam_usage=usage if usage is not None else utilisation(plan) if plan else None)


# What the end of a build adds to the site's data: the diagrams on disk and verify's counts (summary.json), known
# only once every other file is written. They come last in data.js, after everything the model alone decides.
_LATE = ("diagrams", "verify", "verify_codes")


@dataclass(frozen=True)
class Prepared:
    """The site's data worked out beforehand (a build does it in a worker process) as the JSON text data.js holds,
    with the web font cut for the characters the data and the page use: at the end of the build only the diagrams
    on disk and verify's counts are added to the text, and the font is cut again only if they bring characters of
    their own. Text, not the data itself: 7 MB of UTF-8 cross the worker's pipe at once, where pickling the data's
    100,000 small objects and encoding them again at the end cost the build process a quarter second."""

    head: bytes  # the data's JSON object without the _LATE keys, in UTF-8
    chars: frozenset[str]  # the characters the font was cut for: those of head, app.js, the page, verify's codes
    font: bytes


def prepare(model: Model, data: Mapping[str, Any]) -> Prepared:
    """``data`` (what ``site_data`` returned) as data.js's text, with the font its page will most likely need."""
    from govnet.draw.webfont import subset
    from govnet.site.verified import code_table

    head = _head(data)
    # verify's counts (known only at the end) carry no character of their own: their titles are the code table's
    chars = _wide_utf8(head) | _wide(_json({"verify_codes": code_table()}), _asset("app.js"), _page(model))
    return Prepared(head, chars, subset(chars))


def write_site(model: Model, plan: Plan | None, diagnostics: Sequence[Diagnostic], out: Path, *, date: str,
               model_root: Path | None = None, usage: Mapping[str, Any] | None = None,
               data: Mapping[str, Any] | Prepared | None = None) -> list[tuple[Path, bool]]:
    """Write out/index.html and out/site/; returns each file and whether it changed. Links point at what the
    build writes beside it (configs/, records/forms/, diagrams/). ``usage``: the address plan's utilisation when
    the caller has worked it out already (ipam.report.utilisation), else it is worked out here. ``data``: what
    ``site_data`` (or ``prepare``) returned for this model, when the caller has it already."""
    from govnet.draw.webfont import cut_elsewhere, subset

    found = (out / "diagrams").glob("*.svg") if (out / "diagrams").is_dir() else ()
    # the province first, then the cities, then the zones (as the build draws them)
    diagrams = sorted((p.name for p in found),
                      key=lambda n: (not n.startswith("province"), not n.startswith("city"), n))
    known: frozenset[str] | None = None  # the characters of the head, app.js and the page, when prepared
    if isinstance(data, Prepared):
        cut_elsewhere(data.chars, data.font)
        head, known = data.head, data.chars
    else:
        if data is None:
            data = site_data(model, plan, diagnostics, date=date, model_root=model_root, usage=usage)
        head = _head(data)
    from govnet.site.verified import verify_section

    late = _json({"diagrams": diagrams, **verify_section(out)}).encode("utf-8")
    script = b"window.GOVNET_DATA = " + _joined(head, late) + b";\n"  # UTF-8 as it is written, not copied again
    app = _asset("app.js")
    page = _page(model)
    base = out / SITE_DIR
    files: list[tuple[Path, str | bytes]] = [
        (out / INDEX, page), (base / "data.js", script), (base / "app.js", app),
        (base / "style.css", _asset("style.css"))]
    # the what-if report is its own artefact (govnet.site.whatif), written before this stage runs
    whatif = base / "whatif.js"
    report = whatif.read_text(encoding="utf-8") if whatif.is_file() else ""
    # the same characters either way: the prepared ones are those of the head, app.js and the page
    chars = sorted(known | _wide_utf8(late) | _wide(report) if known is not None else
                   _wide_utf8(script) | _wide(app, page, report))
    digest = hashlib.sha256("".join(chars).encode("utf-8")).hexdigest()
    key = base / _FONT_KEY
    # The key names the font's own hash too: a font.woff edited or damaged by hand, its characters unchanged, was
    # kept as it was (and recorded so) by every later build.
    font = file_hash(base / FONT)
    kept: list[tuple[Path, bool]] = [(base / FONT, False), (key, False)]  # named too: the build records them
    if font is None or not key.is_file() or key.read_text(encoding="utf-8") != f"{digest} {font}":
        cut = subset(chars)
        files += [(base / FONT, cut), (key, f"{digest} {content_hash(cut)}")]
        kept = []
    return [(path, write_if_changed(path, content)) for path, content in files] + kept


def _head(data: Mapping[str, Any]) -> bytes:
    """The JSON of ``data`` without what the end of a build adds (_LATE), in UTF-8."""
    return _json({key: value for key, value in data.items() if key not in _LATE}).encode("utf-8")


def _joined(head: bytes, late: bytes) -> bytes:
    """Two JSON objects as one, ``late``'s members after ``head``'s: the text ``_json({**a, **b})`` writes for
    ``head == _json(a)``, ``late == _json(b)`` and no key in both (in UTF-8).

    >>> _joined(b'{"a":1}', b'{"b":[2]}'), _joined(b"{}", b'{"b":2}'), _joined(b'{"a":1}', b"{}")
    (b'{"a":1,"b":[2]}', b'{"b":2}', b'{"a":1}')
    """
    if head == b"{}":
        return late
    if late == b"{}":
        return head
    return head[:-1] + b"," + late[1:]


def _json(data: Mapping[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _asset(name: str) -> str:
    return (resources.files("govnet.site") / "assets" / name).read_text(encoding="utf-8")


def _page(model: Model) -> str:
    return PAGE.format(title=_html(model.project.name), root=_html(model.province.key))


def _wide(*texts: str) -> frozenset[str]:
    """The characters beyond ASCII in ``texts`` (the ones the web font is cut for).

    >>> sorted(_wide("a南b", "昌 c南", chr(0xD800))) == ["南", "昌", chr(0xD800)]
    True
    """
    return _wide_utf8("".join(texts).encode("utf-8", "surrogatepass"))


def _wide_utf8(data: bytes) -> frozenset[str]:
    """The characters beyond ASCII in the UTF-8 ``data``: what is left without its ASCII bytes (dropped at memory
    speed) is all there is to look at, an eighth of data.js's 6.6 MB (a set of all its characters took 3x as long).

    >>> sorted(_wide_utf8("a南b昌 c南".encode()))
    ['南', '昌']
    """
    return frozenset(data.translate(None, _ASCII).decode("utf-8", "surrogatepass"))


_ASCII = bytes(range(128))


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

