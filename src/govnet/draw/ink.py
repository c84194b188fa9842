"""Which tiles of a PNG sheet can hold ink, from the painted primitives' geometry alone (no pixel is read).

A diagram is mostly white (4 % of a Jiangxi build's 187 Mpx are ink): the PNG writer maps only the tiles
marked here to the palette, and leaves the rest index 0 (white). Every mark errs on the side of ink: a line's
tiles are those within twice its width (a miter join reaches out four half-widths) of any of its segments, a
label's those of its glyphs' extent grown by a quarter of its size (the font is hinted at another size than the
metrics'), a marker's those of its outline grown by twice its stroke; each plus two pixels of anti-aliasing.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from govnet.draw.metrics import extent
from govnet.draw.paint import Line, Mark, Primitive, Text
from govnet.draw.svg import marker_outline

AA = 2.0  # pixels of anti-aliasing (and rounding) around every shape

Box = tuple[float, float, float, float]  # left, top, right, bottom (pixels)


def ink_tiles(primitives: list[Primitive], k: float, tile: int, shape: tuple[int, int]) -> Any:
    """A (rows, columns) bool array over tiles of ``tile`` pixels: True where a primitive drawn at ``k`` pixels
    a point may leave a pixel other than white."""
    import numpy as np

    boxes: list[Box] = []
    segments: list[tuple[float, float, float, float, float]] = []  # x0, y0, x1, y1, reach (pixels)
    for p in primitives:
        if isinstance(p, Line):
            reach = 2 * p.width * k + AA
            points = [(x * k, y * k) for x, y in p.points]
            segments += [(x0, y0, x1, y1, reach) for (x0, y0), (x1, y1) in pairwise(points)]
            if len(points) == 1:
                segments.append((*points[0], *points[0], reach))
        elif isinstance(p, Mark):
            grow = 2 * p.stroke_width + (p.size / 2 if p.marker == "circle" else 0)
            boxes.append(_bounds([(p.x, p.y)] if p.marker == "circle" else marker_outline(p), grow, k))
        else:
            boxes.append(_text(p, k))
    found = np.array(boxes, dtype=float).reshape(-1, 4)
    if segments:
        found = np.concatenate((found, _along(np.array(segments, dtype=float), tile)))
    return _cover(found, tile, shape)


def _bounds(points: list[tuple[float, float]], grow: float, k: float) -> Box:
    """The bounding box (pixels) of ``points`` (points) grown by ``grow`` points and the anti-aliasing."""
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return (min(xs) - grow) * k - AA, (min(ys) - grow) * k - AA, (max(xs) + grow) * k + AA, (max(ys) + grow) * k + AA


def _text(text: Text, k: float) -> Box:
    """The bounding box of a label's glyphs and of its box, rotated as it is drawn."""
    found = extent(text.text, text.size)
    dx, base = text.origin()
    pad, box = text.size / 4, text.box_pad * text.size if text.box is not None else 0.0
    left, right = dx + min(found.ink_left - pad, -box), dx + max(found.ink_right + pad, found.advance + box)
    top = base - max(found.ascent + pad, found.ascent + box)
    bottom = base + max(found.descent + pad, found.descent + box)
    return _bounds([text.place(x, y) for x, y in ((left, top), (right, top), (right, bottom), (left, bottom))], 0, k)


def _along(segments: Any, tile: int) -> Any:
    """Boxes covering every pixel within each segment's reach: around points every half tile along it, each
    grown by its reach plus a quarter tile (no point of the segment is further than that from one of them)."""
    import numpy as np

    x0, y0, x1, y1, reach = segments.T
    step = tile / 2
    count = np.floor(np.hypot(x1 - x0, y1 - y0) / step).astype(np.intp) + 2  # both ends and every half tile
    which = np.repeat(np.arange(len(segments)), count)
    t = (np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)) / np.repeat(count - 1, count)
    x = x0[which] + (x1 - x0)[which] * t
    y = y0[which] + (y1 - y0)[which] * t
    grow = reach[which] + step / 2
    return np.stack([x - grow, y - grow, x + grow, y + grow], axis=1)


def _cover(boxes: Any, tile: int, shape: tuple[int, int]) -> Any:
    """The tiles any of ``boxes`` (n × [left, top, right, bottom] pixels) touches: each box adds one at its first
    tile and takes it away past its last, in both directions, and the running sums count the boxes over a tile."""
    import numpy as np

    rows, columns = shape
    left = np.clip(np.floor(boxes[:, 0] / tile), 0, columns).astype(np.intp)
    top = np.clip(np.floor(boxes[:, 1] / tile), 0, rows).astype(np.intp)
    right = np.clip(np.floor(boxes[:, 2] / tile) + 1, 0, columns).astype(np.intp)  # one past the last tile
    bottom = np.clip(np.floor(boxes[:, 3] / tile) + 1, 0, rows).astype(np.intp)
    keep = (left < right) & (top < bottom)  # boxes off the sheet touch nothing
    left, top, right, bottom = left[keep], top[keep], right[keep], bottom[keep]
    wide, cells = columns + 1, (rows + 1) * (columns + 1)
    edges = (np.bincount(top * wide + left, minlength=cells) - np.bincount(top * wide + right, minlength=cells)
             - np.bincount(bottom * wide + left, minlength=cells) + np.bincount(bottom * wide + right, minlength=cells))
    return edges.reshape(rows + 1, wide).cumsum(axis=0).cumsum(axis=1)[:rows, :columns] > 0
