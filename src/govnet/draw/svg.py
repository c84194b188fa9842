"""SVG straight from the painted sheet (paint.py): text stays text (searchable, with the shipped font embedded
as a subset web font), markers are paths, edges polylines. Written by hand rather than through matplotlib,
which spent most of a sheet's time laying out text that the browser lays out again anyway (bench/draw.py).

Numbers are written with two decimals (1/7200 inch), so the same drawing gives the same bytes.
"""

from __future__ import annotations

import base64
import math
import re
from functools import cache
from xml.sax.saxutils import escape, quoteattr

from govnet.draw.fonts import FALLBACK, FAMILY
from govnet.draw.paint import DASH, Line, Mark, Primitive, Text, paint
from govnet.draw.scene import Drawing, HAlign
from govnet.draw.sheet import Sheet
from govnet.draw.woff import woff

ASCII = frozenset(chr(c) for c in range(0x20, 0x7F))  # ids and addresses: kept like webfont.py keeps them
ANCHORS = {"left": "start", "center": "middle", "right": "end"}
_PLAIN = re.compile("[^&<>\"'\n\r\t]*")  # nothing quoteattr or escape would replace


def svg(drawing: Drawing, painted: tuple[Sheet, list[Primitive]] | None = None) -> bytes:
    """The drawing as a standalone SVG 1.1 document; ``painted``: what paint(drawing) gave, when the caller has
    it already (the PNG of the same drawing is drawn from the same primitives)."""
    sheet, primitives = painted or paint(drawing)
    width, height = sheet.width * 72, sheet.height * 72
    chars = {c for c in set("".join([p.text for p in primitives if isinstance(p, Text)])) if not c.isspace()}
    out = ['<?xml version="1.0" encoding="utf-8" standalone="no"?>\n',
           f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(width)}pt" height="{_n(height)}pt" '
           f'viewBox="0 0 {_n(width)} {_n(height)}" version="1.1">\n',
           f"<style>{_font_face(chars)}\n",
           f'text{{font-family:"{FAMILY}","{FALLBACK}",sans-serif;white-space:pre}}</style>\n',
           f"<title>{escape(drawing.title)}</title>\n",
           f'<rect width="{_n(width)}" height="{_n(height)}" fill="#ffffff"/>\n']
    for primitive in primitives:
        out.append(_element(primitive))
    out.append("</svg>\n")
    return "".join(out).encode("utf-8")


def _font_face(chars: set[str]) -> str:
    """The CSS rule that brings the subset of the shipped font the text needs (printable ASCII always)."""
    data = base64.b64encode(woff(chars | ASCII)).decode("ascii")
    return f'@font-face{{font-family:"{FAMILY}";src:url(data:font/woff;base64,{data}) format("woff");}}'


def _element(p: Primitive) -> str:
    if isinstance(p, Line):
        return _line(p)
    if isinstance(p, Mark):
        return _mark(p)
    return _text(p)


def _line(line: Line) -> str:
    points = " ".join([f"{_n(x)},{_n(y)}" for x, y in line.points])
    return f'<polyline points="{points}"{_line_look(line.color, line.width, line.alpha, line.dashed)}/>\n'


@cache
def _line_look(color: str, width: float, alpha: float, dashed: bool) -> str:
    """The attributes after a polyline's points: one string for each look (a county sheet has 5 looks and
    hundreds of lines)."""
    extra = f' stroke-opacity="{_n(alpha)}"' if alpha < 1 else ""
    if dashed:
        extra += f' stroke-dasharray="{_n(DASH[0] * width)},{_n(DASH[1] * width)}"'
    else:
        extra += ' stroke-linecap="round"'
    return f' fill="none" stroke="{color}" stroke-width="{_n(width)}" stroke-linejoin="round"{extra}'


def _mark(mark: Mark) -> str:
    style = _mark_look(mark.fill, mark.stroke, mark.stroke_width)
    if mark.marker == "circle":
        return f'<circle cx="{_n(mark.x)}" cy="{_n(mark.y)}" r="{_n(mark.size / 2)}" {style}/>\n'
    points = " ".join(f"{_n(x)},{_n(y)}" for x, y in marker_outline(mark))
    return f'<polygon points="{points}" {style} stroke-linejoin="miter"/>\n'


def marker_outline(mark: Mark) -> list[tuple[float, float]]:
    """The polygon of a non-circle marker on the sheet, shaped and sized as matplotlib's markers.py draws them
    ('s' a square of side ``size``, 'D' that square turned 45°, 'h' a hexagon, '*' a star and '^' a triangle of
    radius ``size``/2)."""
    r = mark.size / 2
    if mark.marker == "square":
        unit = [(-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0)]
    elif mark.marker == "diamond":
        unit = [(0.0, -math.sqrt(2)), (math.sqrt(2), 0.0), (0.0, math.sqrt(2)), (-math.sqrt(2), 0.0)]
    elif mark.marker == "triangle":
        unit = [(0.0, -2.0), (-2.0, 2.0), (2.0, 2.0)]
        r /= 2
    elif mark.marker == "hexagon":
        unit = [_polar(2.0, 90 + 60 * i) for i in range(6)]
        r /= 2
    else:  # star: five points, inner radius 0.381966 of the outer (matplotlib's unit_regular_star)
        unit = [_polar(2.0 if i % 2 == 0 else 2.0 * 0.381966, 90 + 36 * i) for i in range(10)]
        r /= 2
    return [(mark.x + x * r, mark.y + y * r) for x, y in unit]


def _polar(radius: float, angle: float) -> tuple[float, float]:
    """A point at ``angle`` degrees anticlockwise from east, on a y-down sheet."""
    return radius * math.cos(math.radians(angle)), -radius * math.sin(math.radians(angle))


def _text(text: Text) -> str:
    out = ""
    _, base = text.origin()
    if text.box is not None:
        corners = text.corners(text.box_pad * text.size)
        points = " ".join(f"{_n(x)},{_n(y)}" for x, y in corners)
        opacity = f' fill-opacity="{_n(text.box_alpha)}"' if text.box_alpha < 1 else ""
        out += f'<polygon points="{points}" fill="{text.box}"{opacity} stroke="none"/>\n'
    place = f'x="{_n(text.x)}" y="{_n(text.y + base)}"'
    if text.rotation:
        place = f'transform="translate({_n(text.x)} {_n(text.y)}) rotate({_n(-text.rotation)})" y="{_n(base)}"'
    ident = f" id={_quoted(text.id)}" if text.id else ""
    title = f"<title>{_escaped(text.title)}</title>" if text.title else ""
    return (f"{out}<text{ident} {place}{_text_look(text.size, text.color, text.ha)}>{_escaped(text.text)}{title}"
            "</text>\n")


@cache
def _mark_look(fill: str, stroke: str, stroke_width: float) -> str:
    return f'fill="{fill}" stroke="{stroke}" stroke-width="{_n(stroke_width)}"'


@cache
def _text_look(size: float, color: str, ha: HAlign) -> str:
    return f' font-size="{_n(size)}" fill="{color}" text-anchor="{ANCHORS[ha]}"'


def _quoted(value: str) -> str:
    """quoteattr(value), without its six replacements where none applies (node ids are plain)."""
    return f'"{value}"' if _PLAIN.fullmatch(value) else quoteattr(value)


def _escaped(value: str) -> str:
    """escape(value), without its three replacements where none applies (most labels)."""
    return value if _PLAIN.fullmatch(value) else escape(value)


def _n(value: float) -> str:
    """A coordinate: two decimals, no trailing zeros, no '-0' (140,000 calls for the sheets of a build: one
    slice instead of two strips).

    >>> [_n(v) for v in (12.3, 10.0, 100.0, -0.001, 0.5, -2.25, 3.14159)]
    ['12.3', '10', '100', '0', '0.5', '-2.25', '3.14']
    """
    text = f"{value:.2f}"
    if text[-1] == "0":
        text = text[:-3] if text[-2] == "0" else text[:-1]
        if text == "-0":
            return "0"
    return text
