"""Text extents from the shipped font's own tables: advance widths (hmtx) and glyph bounds (the glyf headers),
so that alignment, label boxes and the overlap tests use what the renderers draw, without laying text out.

The line box follows matplotlib's rule (text.py, ``_get_layout``): a line is at least as tall and as deep as
"lp", so labels of one size share a baseline grid whatever their glyphs. The font has no kerning or layout
tables (fonts/README.md), so a run's advance is the sum of its glyphs' advances.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from functools import cache, lru_cache


@dataclass(frozen=True, slots=True)
class Extent:
    """One line of text at one size, in points: advance width, ink left/right of the origin, and the line box
    above (ascent) and below (descent) the baseline."""

    advance: float
    ink_left: float
    ink_right: float
    ascent: float
    descent: float

    @property
    def height(self) -> float:
        return self.ascent + self.descent


@dataclass(frozen=True)
class _Font:
    upem: int
    advance: dict[int, int]  # code point → advance (font units)
    bounds: dict[int, tuple[int, int, int, int]]  # code point → xMin, yMin, xMax, yMax (an empty glyph: zeros)
    missing: tuple[int, tuple[int, int, int, int]]  # .notdef's advance and bounds


@cache
def _font() -> _Font:
    """The font's advances (hmtx) and glyph bounds (the glyf headers) by code point, read from its tables."""
    from govnet.draw.sfnt import cmap, tables

    found = tables()
    upem = struct.unpack(">H", found["head"][18:20])[0]
    long_loca = struct.unpack(">h", found["head"][50:52])[0] == 1
    glyphs = struct.unpack(">H", found["maxp"][4:6])[0]
    metrics = struct.unpack(">H", found["hhea"][34:36])[0]  # numberOfHMetrics: later glyphs share the last advance
    advances = [a for a, _ in struct.iter_unpack(">Hh", found["hmtx"][:4 * metrics])]
    advances += [advances[-1]] * (glyphs - metrics)
    locations = (struct.unpack(f">{glyphs + 1}I", found["loca"][:4 * (glyphs + 1)]) if long_loca else
                 [2 * v for v in struct.unpack(f">{glyphs + 1}H", found["loca"][:2 * (glyphs + 1)])])
    raw = found["glyf"]
    boxes: list[tuple[int, int, int, int]] = []
    for i in range(glyphs):
        start, end = locations[i], locations[i + 1]
        # a glyph's header: numberOfContours, then its bounds (OpenType glyf table)
        boxes.append(struct.unpack(">4h", raw[start + 2:start + 10]) if end > start else (0, 0, 0, 0))
    mapped = cmap()
    return _Font(upem, {cp: advances[gid] for cp, gid in mapped.items()},
                 {cp: boxes[gid] for cp, gid in mapped.items()}, (advances[0], boxes[0]))


@cache
def _unit_extent(text: str) -> tuple[float, float, float, float, float]:
    """advance, ink left, ink right, ink top, ink bottom of ``text`` at 1 em (y up)."""
    font = _font()
    pen = 0
    left = right = top = bottom = 0.0
    inked = False
    for char in text:
        cp = ord(char)
        width = font.advance.get(cp, font.missing[0])
        x0, y0, x1, y1 = font.bounds.get(cp, font.missing[1])
        if x1 > x0:
            if not inked:
                left, right, top, bottom = pen + x0, pen + x1, y1, y0
                inked = True
            else:
                left, right, top, bottom = min(left, pen + x0), max(right, pen + x1), max(top, y1), min(bottom, y0)
        pen += width
    scale = 1 / font.upem
    return pen * scale, left * scale, right * scale, top * scale, bottom * scale


@lru_cache(maxsize=1 << 15)
def extent(text: str, size: float) -> Extent:
    """The extent of one line of ``text`` at ``size`` points (kept: a build asks four times for each of its 5,600
    labels, for the PNG, its ink tiles, the SVG and the label boxes).

    >>> e = extent("南昌", 10.0)
    >>> round(e.advance, 3), e.ascent >= extent("lp", 10.0).ascent
    (20.0, True)
    """
    advance, left, right, top, bottom = _unit_extent(text)
    _, _, _, lp_top, lp_bottom = _unit_extent("lp")
    return Extent(advance * size, left * size, right * size, max(top, lp_top) * size,
                  max(-bottom, -lp_bottom) * size)


@cache
def ascender() -> float:
    """The font's ascender (hhea) in ems: where a renderer that places text by its line box puts the baseline."""
    from govnet.draw.sfnt import tables

    found = tables()
    return float(struct.unpack(">h", found["hhea"][4:6])[0] / struct.unpack(">H", found["head"][18:20])[0])
