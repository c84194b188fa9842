"""PNG straight from the painted sheet (paint.py), drawn with aggdraw (anti-aliased lines, shapes and outline
text, glyph outlines cached by the font) on a Pillow image, then stored with a palette.

Why not matplotlib's Agg: most of its time went to laying out each label through its font fallback machinery;
the primitives here are already placed (bench/draw.py has the figures). Why a palette: a diagram has a dozen
colours, so each colour blended with white in up to 16 steps covers the anti-aliased edges, and one byte a pixel
instead of three makes the PNG a third of the size and its encoding (zlib) three times faster. Why tiles: 4 % of
a build's pixels are ink, so only the tiles that can hold some (ink.py, from the primitives' geometry) are mapped
to the palette, and the file is written by pngfile.py (Pillow's encoder cost twice the zlib it wraps).
"""

from __future__ import annotations

import io
import math
from functools import cache
from typing import Any

from govnet.draw.canvas import pixels
from govnet.draw.fonts import font_path
from govnet.draw.ink import ink_tiles
from govnet.draw.memory import reuse_large_buffers
from govnet.draw.metrics import ascender
from govnet.draw.paint import DASH, Line, Mark, Primitive, Text, paint
from govnet.draw.pngfile import palette_png
from govnet.draw.scene import Drawing
from govnet.draw.sheet import Sheet
from govnet.draw.svg import marker_outline

FONT_PIXELS = 100  # text is drawn from outlines at this size and scaled by the transform: exact sizes
METADATA = {"Software": "govnet"}
TILE = 32  # pixels: the side of the tiles the sparse PNG maps to the palette only where they can hold ink


def png(drawing: Drawing, dpi: float = 150.0, painted: tuple[Sheet, list[Primitive]] | None = None,
        sparse: bool = True, in_place: bool = True) -> bytes:
    """The drawing as PNG at ``dpi`` (less for a sheet whose longest side would pass sheet.MAX_PIXELS);
    ``painted``: what paint(drawing) gave, when the caller has it already. ``sparse``: map only the tiles that
    can hold ink to the palette and write the PNG here (pngfile.py); False maps every pixel and saves through
    Pillow, the plain way the sparse one is held to (the same file, byte for byte). ``in_place``: the sparse
    path reads the ink tiles straight from aggdraw's canvas (canvas.py) rather than from a copy of it."""
    import aggdraw
    from PIL import Image, PngImagePlugin

    reuse_large_buffers()
    sheet, primitives = painted or paint(drawing)
    dpi = sheet.png_dpi(dpi)
    size = (int(sheet.width * dpi), int(sheet.height * dpi))
    # No background: aggdraw then fills the canvas with one memset of 255, opaque white in RGBA (given a colour,
    # it stores the four bytes of every pixel one at a time, a tenth of the PNG's CPU)
    pen = _Painter(aggdraw.Draw("RGBA", size), dpi / 72)
    run: list[Line] = []  # consecutive lines of one look go to aggdraw as one path
    for primitive in primitives:
        if run and not (isinstance(primitive, Line) and _look(primitive) == _look(run[0])):
            pen.lines(run)
            run = []
        if isinstance(primitive, Line):
            run.append(primitive)
        else:
            pen.draw(primitive)
    if run:
        pen.lines(run)
    colours = sorted({c for p in primitives for c in _colours(p)})
    palette = _palette(tuple(colours))
    if sparse:
        tiles = (-(-size[1] // TILE), -(-size[0] // TILE))
        ink = ink_tiles(primitives, dpi / 72, TILE, tiles)
        rows = _indexed_rows(pixels(pen.canvas, size, in_place), ink, palette)
        return palette_png(rows, *size, bytes(palette.getpalette() or []), dpi, METADATA)
    # RGBA is Pillow's own layout, so the canvas's bytes become an image without a copy (RGB was unpacked into
    # four bytes a pixel: a pass over the sheet). The sheet is opaque, so the alpha channel is 255 throughout.
    image = Image.frombuffer("RGBA", size, pen.canvas.tobytes(), "raw", "RGBA", 0, 1)
    indexed = _quantize(image, palette)
    info = PngImagePlugin.PngInfo()
    for key, value in METADATA.items():
        info.add_text(key, value)
    buffer = io.BytesIO()
    indexed.save(buffer, format="png", pnginfo=info, dpi=(dpi, dpi), compress_level=1, compress_type=3)  # Z_RLE
    return buffer.getvalue()


def _indexed_rows(pixels: Any, ink: Any, palette: Any) -> Any:
    """The PNG rows (a 0 filter byte, then a row's palette indices) of the RGBA canvas ``pixels`` (a (height,
    width) uint32 array, canvas.py): the whole
    tiles marked in ``ink`` gathered into one strip, mapped to the palette at once and put back, and the strips
    of part tiles along the right and bottom edges mapped whole; every other pixel white (index 0, as the palette
    maps white). Pillow maps each pixel by its colour alone, so piece by piece gives what the whole sheet would."""
    import numpy as np
    from PIL import Image

    height, width = pixels.shape
    across, down = width // TILE, height // TILE
    rows = np.zeros((height, 1 + width), dtype=np.uint8)  # column 0: each row's filter byte (none)
    indices = rows[:, 1:]

    def tiled(array: Any) -> Any:  # the whole tiles of a (height, width) array as (down, across, TILE, TILE)
        line, item = array.strides
        return np.lib.stride_tricks.as_strided(array, shape=(down, across, TILE, TILE),
                                               strides=(TILE * line, TILE * item, line, item), writeable=True)

    def mapped(block: Any) -> Any:  # an (…, w) block of RGBA pixels as palette indices of the same shape
        flat = np.ascontiguousarray(block)
        image = Image.frombuffer("RGBA", (flat.shape[-1], flat.size // flat.shape[-1]), flat, "raw", "RGBA", 0, 1)
        return np.frombuffer(_quantize(image, palette).tobytes(), dtype=np.uint8).reshape(flat.shape)

    inked = ink[:down, :across]
    if inked.any():
        tiled(indices)[inked] = mapped(tiled(pixels)[inked])
    if across * TILE < width:
        indices[:, across * TILE:] = mapped(pixels[:, across * TILE:])
    if down * TILE < height:
        indices[down * TILE:, :across * TILE] = mapped(pixels[down * TILE:, :across * TILE])
    return rows


def _quantize(image: Any, palette: Any) -> Any:
    """``image`` (RGB or RGBA) mapped to the nearest entries of ``palette``, without dithering: what
    Image.quantize(palette=…) does, which accepts RGB only (converting RGBA first would be another pass); Pillow's
    converter maps RGBA like RGB, ignoring alpha."""
    palette.load()  # puts the palette the Python side holds into the image core
    indexed = image._new(image.im.convert("P", 0, palette.im))
    indexed.palette = palette.palette.copy()
    return indexed


class _Painter:
    """Draws primitives given in points onto an aggdraw canvas at ``k`` pixels a point."""

    def __init__(self, canvas: Any, k: float) -> None:
        self.canvas, self.k = canvas, k

    def draw(self, p: Mark | Text) -> None:
        if isinstance(p, Mark):
            self.mark(p)
        else:
            self.text(p)

    def lines(self, lines: list[Line]) -> None:
        """Lines of one look (colour, width, opacity, dashes) as one path."""
        import aggdraw

        k, first = self.k, lines[0]
        path = aggdraw.Path()
        if first.dashed:
            moveto, lineto = path.moveto, path.lineto
            for x0, y0, x1, y1 in dashes([list(line.points) for line in lines], DASH[0] * first.width * k,
                                         DASH[1] * first.width * k, k):
                moveto(x0, y0)
                lineto(x1, y1)
        else:
            for line in lines:
                (x, y), *rest = line.points
                path.moveto(x * k, y * k)
                for x, y in rest:
                    path.lineto(x * k, y * k)
        self.canvas.path(path, aggdraw.Pen(first.color, first.width * k, round(first.alpha * 255)))

    def mark(self, mark: Mark) -> None:
        import aggdraw

        k = self.k
        pen = aggdraw.Pen(mark.stroke, mark.stroke_width * k) if mark.stroke_width > 0 else None
        brush = aggdraw.Brush(mark.fill)
        if mark.marker == "circle":
            r = mark.size / 2 * k
            self.canvas.ellipse((mark.x * k - r, mark.y * k - r, mark.x * k + r, mark.y * k + r), pen, brush)
            return
        self.canvas.polygon([c for x, y in marker_outline(mark) for c in (x * k, y * k)], pen, brush)

    def text(self, text: Text) -> None:
        import aggdraw

        k = self.k
        if text.box is not None:
            corners = text.corners(text.box_pad * text.size)
            self.canvas.polygon([c for x, y in corners for c in (x * k, y * k)], None,
                                aggdraw.Brush(text.box, round(text.box_alpha * 255)))
        dx, base = text.origin()
        rad = math.radians(text.rotation)
        cos, sin = math.cos(rad), math.sin(rad)
        top = base - ascender() * text.size  # aggdraw puts the top of the font's line box at the origin
        m = k * text.size / FONT_PIXELS
        self.canvas.settransform((m * cos, m * sin, k * (text.x + cos * dx + sin * top),
                                  -m * sin, m * cos, k * (text.y - sin * dx + cos * top)))
        self.canvas.text((0, 0), text.text, _font(text.color))
        self.canvas.settransform()


@cache
def _font(colour: str) -> Any:
    import aggdraw

    return aggdraw.Font(colour, str(font_path()), FONT_PIXELS)


def dashes(polylines: list[list[tuple[float, float]]], on: float, off: float,
           scale: float = 1.0) -> list[list[float]]:
    """The dashes of polylines (their points multiplied by ``scale``) as straight pieces [x0, y0, x1, y1]: ``on``
    long with ``off`` gaps, the pattern starting at each polyline's first point and running on round bends (a
    dash over a bend is two pieces). Vectorised over every segment at once: a county view has 50,000 dashes.

    >>> dashes([[(0.0, 0.0), (10.0, 0.0), (10.0, 3.0)], [(0.0, 1.0), (3.0, 1.0)]], 4.0, 2.0)
    [[0.0, 0.0, 4.0, 0.0], [6.0, 0.0, 10.0, 0.0], [10.0, 2.0, 10.0, 3.0], [0.0, 1.0, 3.0, 1.0]]
    """
    import numpy as np

    # Polylines of one length go through numpy as one block (a city view has 1,000 of two points): the same
    # arithmetic as one polyline at a time, cumulative sums included, so the same dashes to the last bit.
    sizes = np.fromiter(map(len, polylines), dtype=np.intp, count=len(polylines))
    first = np.concatenate(([0], np.cumsum(np.maximum(sizes - 1, 0))))  # each polyline's first segment
    rows = np.empty((int(first[-1]), 6))  # x0, y0, x1, y1, distance along at the start, at the end
    for n in np.unique(sizes[sizes > 1]).tolist():
        which = np.flatnonzero(sizes == n)
        p = np.array([polylines[i] for i in which], dtype=float) * scale  # (polylines, n, 2)
        along = np.cumsum(np.hypot(p[:, 1:, 0] - p[:, :-1, 0], p[:, 1:, 1] - p[:, :-1, 1]), axis=1)
        at = (first[which][:, None] + np.arange(n - 1)).ravel()
        rows[at, 0:2] = p[:, :-1].reshape(-1, 2)
        rows[at, 2:4] = p[:, 1:].reshape(-1, 2)
        rows[at, 4] = np.concatenate((np.zeros((len(which), 1)), along[:, :-1]), axis=1).ravel()
        rows[at, 5] = along.ravel()
    # Links that share a trunk from one node share its segments at the same distance along, hence the same
    # dashes: one copy draws the same pixels (the path is filled by coverage, not painted twice), and a county
    # view's 471 village links cut a sixth of the dashes.
    _, first_seen = np.unique(rows.view(np.dtype((np.void, rows.itemsize * 6))).ravel(), return_index=True)
    rows = rows[np.sort(first_seen)]
    a, b, s0, s1 = rows[:, 0:2], rows[:, 2:4], rows[:, 4], rows[:, 5]  # each segment's span along its polyline
    period = on + off
    start = np.floor(s0 / period).astype(int)
    counts = np.floor(s1 / period).astype(int) - start + 1  # the dashes each segment meets
    segment = np.repeat(np.arange(len(s0)), counts)
    dash = np.repeat(start, counts) + np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    lo = np.maximum(dash * period, s0[segment])
    hi = np.minimum(dash * period + on, s1[segment])
    length = (s1 - s0)[segment]
    keep = (hi > lo) & (length > 0)
    segment, lo, hi, length = segment[keep], lo[keep], hi[keep], length[keep]
    step = (b[segment] - a[segment]) / length[:, None]
    found: list[list[float]] = np.hstack([a[segment] + step * (lo - s0[segment])[:, None],
                                          a[segment] + step * (hi - s0[segment])[:, None]]).tolist()
    return found


def _look(line: Line) -> tuple[str, float, float, bool]:
    return line.color, line.width, line.alpha, line.dashed


def _colours(p: Primitive) -> tuple[str, ...]:
    if isinstance(p, Line):
        return (p.color,)
    if isinstance(p, Mark):
        return (p.fill, p.stroke)
    return (p.color,) if p.box is None else (p.color, p.box)


@cache
def _palette(colours: tuple[str, ...]) -> Any:
    """A palette image: white, black, and each colour blended with white in even steps (as many as fit in
    256 entries), so anti-aliased pixels find a close entry."""
    from PIL import Image, ImageColor

    bases = [ImageColor.getrgb(c)[:3] for c in colours if c.lower() not in ("#ffffff", "white")]
    steps = max(2, min(16, 254 // max(1, len(bases))))
    entries: list[tuple[int, int, int]] = [(255, 255, 255), (0, 0, 0)]
    for r, g, b in bases:
        for i in range(1, steps + 1):
            t = i / steps
            entry = (round(255 + (r - 255) * t), round(255 + (g - 255) * t), round(255 + (b - 255) * t))
            # Pillow maps pixels to entries through a coarse colour cache: an entry this close to white would
            # take the white background's pixels
            if max(255 - c for c in entry) >= 16 and entry not in entries:
                entries.append(entry)
    entries = entries[:256]
    image = Image.new("P", (1, 1))
    image.putpalette([c for entry in entries for c in entry] + [0] * 3 * (256 - len(entries)))
    return image
