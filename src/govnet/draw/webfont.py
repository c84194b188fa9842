"""The shipped CJK font as a web font: a subset holding only the characters a document uses, so that SVG diagrams
and HTML pages render Chinese on a machine with no CJK font installed (and nothing is fetched from a network).

WOFF (zlib) rather than WOFF2: fontTools writes WOFF2 only with brotli installed, and every browser reads WOFF.
"""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Iterable
from functools import lru_cache

from govnet.draw.fonts import FAMILY, font_path

# Every printable ASCII character is kept: digits, Latin letters and punctuation of ids and addresses.
_ASCII = frozenset(chr(c) for c in range(0x20, 0x7F))
_SVG_TEXT = re.compile(r">([^<]+)<")


def subset(chars: Iterable[str]) -> bytes:
    """A WOFF font with the glyphs of ``chars`` (plus printable ASCII); the same characters give the same bytes."""
    key = frozenset(chars) | _ASCII
    cut = _CUT_ELSEWHERE.get(key)
    return cut if cut is not None else _subset(key)


def cut_elsewhere(chars: Iterable[str], font: bytes) -> None:
    """Remember ``font`` as ``subset(chars)``: a subset another process cut (a build's worker, beforehand), which
    this process then need not cut again. Only the last one is kept (a build hands over one)."""
    _CUT_ELSEWHERE.clear()
    _CUT_ELSEWHERE[frozenset(chars) | _ASCII] = font


_CUT_ELSEWHERE: dict[frozenset[str], bytes] = {}


@lru_cache(maxsize=8)
def _subset(chars: frozenset[str]) -> bytes:
    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTFont

    # recalcTimestamp=False keeps head.modified as shipped: a build date in the font would break byte-identity.
    # recalcBBoxes=False: each glyph keeps its shipped bounds (a subset does not change a glyph), so its outline is
    # copied as bytes instead of decoded and encoded again, which was two thirds of the time of a subset.
    options = ft_subset.Options()
    options.flavor = "woff"
    options.layout_features = []  # no shaping needed for CJK and ASCII; keeps the subset small
    options.name_IDs = ["*"]  # keep the licence and family names (OFL 1.1 asks that the notice stays)
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in chars))
    out = io.BytesIO()
    with TTFont(font_path(), recalcTimestamp=False, recalcBBoxes=False, lazy=True) as font:  # lazy: keeps the file open
        subsetter.subset(font)
        font.flavor = "woff"
        font.save(out)
    return out.getvalue()


def font_face(chars: Iterable[str], family: str = FAMILY) -> str:
    """A CSS ``@font-face`` rule with the subset inline as a data URI."""
    data = base64.b64encode(subset(chars)).decode("ascii")
    return f'@font-face{{font-family:"{family}";src:url(data:font/woff;base64,{data}) format("woff");}}'


def embed_in_svg(svg: bytes) -> bytes:
    """An SVG (text kept as text) with a subset of the font its text needs, inline, so that a browser shows its
    Chinese without a CJK font installed; the text stays searchable and selectable."""
    text = svg.decode("utf-8")
    chars = {c for run in _SVG_TEXT.findall(text) for c in run if not c.isspace()}
    style = f"<style>{font_face(chars)}</style>"
    # Right after the root element's opening tag: the first '>' after '<svg'.
    start = text.index("<svg")
    end = text.index(">", start) + 1
    return (text[:end] + "\n" + style + text[end:]).encode("utf-8")
