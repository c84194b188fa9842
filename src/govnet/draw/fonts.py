"""The CJK font shipped with govnet (a subset of Noto Sans CJK SC, SIL OFL 1.1, see fonts/README.md), and its
registration with matplotlib, so Chinese renders on a machine that has no CJK font installed."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

FONT_FILE = "GovnetNotoSansSC-Regular.ttf"
FAMILY = "Govnet Noto Sans SC"
FALLBACK = "DejaVu Sans"  # matplotlib's own font: symbols the subset lacks


def font_path() -> Path:
    return Path(str(resources.files("govnet.draw") / "fonts" / FONT_FILE))


@cache
def register() -> list[str]:
    """Add the shipped font to matplotlib's font manager (once per process); the font families to use."""
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(font_path()))
    return [FAMILY, FALLBACK]


def missing(text: str) -> set[str]:
    """The characters of ``text`` that the shipped font lacks (empty when it covers them all)."""
    return {c for c in text if c.isprintable() and ord(c) not in _cmap()} - {" "}


@cache
def drawable() -> frozenset[str]:
    """The characters the shipped font has a glyph for: ``set(text) - drawable()`` finds the others in one pass
    of C, for texts by the hundred thousand (a registry's names)."""
    return frozenset(map(chr, _cmap()))


@cache
def _cmap() -> frozenset[int]:
    from govnet.draw.sfnt import cmap

    return frozenset(cmap())
