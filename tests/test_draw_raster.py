"""The PNG writer's fast paths (draw/raster.py) held to the plain computations they replace: the vectorised dashes
to a walk along each polyline, the RGBA canvas mapped to the palette to what Pillow's own quantize makes of the
same drawing on an RGB canvas."""

from __future__ import annotations

import itertools
import math
import random

import pytest

from govnet.draw.raster import _palette, _quantize, dashes

Point = tuple[float, float]


def walked(polylines: list[list[Point]], on: float, off: float, scale: float) -> list[list[float]]:
    """The dashes one polyline at a time: the pattern restarts at each polyline's first point and runs on round
    bends; a segment met again at the same distance along (a shared trunk) is drawn once."""
    found: list[list[float]] = []
    seen: set[tuple[float, ...]] = set()
    period = on + off
    for line in polylines:
        points = [(x * scale, y * scale) for x, y in line]
        along = 0.0
        for (x0, y0), (x1, y1) in itertools.pairwise(points):
            length = math.hypot(x1 - x0, y1 - y0)
            key = (x0, y0, x1, y1, along, along + length)
            if key not in seen and length > 0:
                seen.add(key)
                k = math.floor(along / period)
                while k * period < along + length:
                    lo, hi = max(k * period, along), min(k * period + on, along + length)
                    if hi > lo:
                        t0, t1 = (lo - along) / length, (hi - along) / length
                        found.append([x0 + (x1 - x0) * t0, y0 + (y1 - y0) * t0,
                                      x0 + (x1 - x0) * t1, y0 + (y1 - y0) * t1])
                    k += 1
            along += length
    return found


@pytest.mark.parametrize("seed", range(5))
def test_vectorised_dashes_match_a_walk_along_each_polyline(seed: int) -> None:
    rng = random.Random(seed)
    polylines: list[list[Point]] = []
    for _ in range(60):
        points = [(rng.uniform(0, 50), rng.uniform(0, 50)) for _ in range(rng.choice((1, 2, 2, 3, 5, 9)))]
        polylines.append(points)
        if rng.random() < 0.3:  # a route sharing its trunk with the one before, as a county view's villages do
            polylines.append([*points[:2], (rng.uniform(0, 50), rng.uniform(0, 50))])
    scale = rng.choice((1.0, 2.0833333333333335))
    fast = dashes(polylines, 4.0, 2.5, scale)
    slow = walked(polylines, 4.0, 2.5, scale)
    assert len(fast) == len(slow)
    for a, b in zip(fast, slow, strict=True):
        assert a == pytest.approx(b, abs=1e-9)


def test_rgba_canvas_maps_to_the_same_palette_image_as_rgb() -> None:
    aggdraw = pytest.importorskip("aggdraw")
    from PIL import Image

    from govnet.draw.fonts import font_path

    colours = ("#1f3b73", "#2e75b6", "#5a6b80", "#d7191c")
    images = []
    for mode, white in (("RGB", (255, 255, 255)), ("RGBA", (255, 255, 255, 255))):
        canvas = aggdraw.Draw(mode, (240, 160), white)
        canvas.line((5, 5, 230, 150, 20, 140), aggdraw.Pen(colours[2], 2.5, 230))
        canvas.ellipse((40, 40, 90, 90), aggdraw.Pen(colours[0], 1.5), aggdraw.Brush(colours[1]))
        canvas.polygon((120, 20, 200, 30, 160, 90), None, aggdraw.Brush("#ffffff", 217))
        canvas.text((100, 100), "南昌县 10G", aggdraw.Font(colours[3], str(font_path()), 22))
        images.append(Image.frombytes(mode, (240, 160), canvas.tobytes()))
    palette = _palette(colours)
    reference = images[0].quantize(palette=palette, dither=Image.Dither.NONE)
    fast = _quantize(images[1], palette)
    assert fast.mode == "P" and fast.getpalette() == reference.getpalette()
    assert fast.tobytes() == reference.tobytes()
    assert len(set(fast.tobytes())) > 4  # antialiased edges found blended entries, not just the base colours


def test_large_buffers_stay_in_the_heap_on_glibc() -> None:
    import platform

    from govnet.draw.memory import reuse_large_buffers

    if platform.libc_ver()[0] != "glibc":
        pytest.skip("mallopt is glibc's")
    assert reuse_large_buffers() is True
