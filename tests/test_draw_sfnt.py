"""The font's tables read by hand (draw/sfnt.py, and the text metrics built on them) held to what fontTools
reads from the same file: the same characters to the same glyphs, advances, bounds and ascender."""

from __future__ import annotations

from fontTools.ttLib import TTFont

from govnet.draw import metrics, sfnt
from govnet.draw.fonts import font_path


def test_the_cmap_maps_what_fonttools_best_cmap_maps() -> None:
    assert sfnt.cmap() == sfnt._fonttools_cmap()
    assert len(sfnt.cmap()) > 8000


def test_the_text_metrics_are_fonttools_advances_and_glyph_bounds() -> None:
    with TTFont(font_path()) as font:
        upem, ascent = font["head"].unitsPerEm, font["hhea"].ascent
        glyf, hmtx = font["glyf"], font["hmtx"]
        expected = {}
        for cp, name in font.getBestCmap().items():
            glyph = glyf[name]
            box = (glyph.xMin, glyph.yMin, glyph.xMax, glyph.yMax) if glyph.numberOfContours else (0, 0, 0, 0)
            expected[cp] = (hmtx[name][0], box)
    found = metrics._font()
    assert found.upem == upem
    assert {cp: (found.advance[cp], found.bounds[cp]) for cp in found.advance} == expected
    assert metrics.ascender() == ascent / upem
