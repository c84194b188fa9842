"""The shipped font's tables straight from its file (the sfnt table directory), and its Unicode cmap as code point
→ glyph id, without fontTools.

Why: fontTools names every glyph before it hands out a cmap (the font has no glyph names, so it makes 9,423 from
the cmap itself), and a drawing process asked it three times (text metrics, the SVG's WOFF subset, the missing
characters), each a TTFont and a parse, after importing fontTools. The font's cmap is format 12 (every TrueType
font with characters past the BMP has one); another font falls back to fontTools' own best cmap.
tests/test_draw_sfnt.py holds these answers to fontTools'.
"""

from __future__ import annotations

import struct
from functools import cache

from govnet.draw.fonts import font_path

PREFERRED = ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0))  # fontTools' getBestCmap order


@cache
def tables() -> dict[str, bytes]:
    """Every table of the font by tag."""
    data = font_path().read_bytes()
    count = struct.unpack(">H", data[4:6])[0]
    found: dict[str, bytes] = {}
    for i in range(count):
        tag, _, offset, length = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
        found[tag.decode("latin-1")] = data[offset:offset + length]
    return found


@cache
def cmap() -> dict[int, int]:
    """Code point → glyph id, from the subtable fontTools' getBestCmap would pick."""
    table = tables()["cmap"]
    count = struct.unpack(">H", table[2:4])[0]
    subtables: dict[tuple[int, int], int] = {}
    for i in range(count):
        platform, encoding, offset = struct.unpack(">HHI", table[4 + 8 * i:12 + 8 * i])
        subtables.setdefault((platform, encoding), offset)
    best = next((subtables[key] for key in PREFERRED if key in subtables), None)
    if best is None or struct.unpack(">H", table[best:best + 2])[0] != 12:
        return _fonttools_cmap()
    groups = struct.unpack(">I", table[best + 12:best + 16])[0]
    found: dict[int, int] = {}
    for start, end, glyph in struct.iter_unpack(">III", table[best + 16:best + 16 + 12 * groups]):
        found.update(zip(range(start, end + 1), range(glyph, glyph + end - start + 1), strict=True))
    return found


def _fonttools_cmap() -> dict[int, int]:
    from fontTools.ttLib import TTFont

    with TTFont(font_path(), lazy=True) as font:
        index = {name: i for i, name in enumerate(font.getGlyphOrder())}
        return {cp: index[name] for cp, name in font.getBestCmap().items()}
