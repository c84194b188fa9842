"""The page every renderer draws: the drawing area (1 unit = 1 inch, origin at its centre) with a title band above
and a legend panel on the right, so the legend never covers a node; and how notes wrap to the panel's width."""

from __future__ import annotations

import re
from dataclasses import dataclass

from govnet.draw.layout import text_width
from govnet.draw.scene import Drawing

TITLE_BAND = 1.0  # inches above the drawing area
PANEL = 3.4  # inches right of it
MARGIN = 0.3
PANEL_FONT = 10.0
ROW = 0.3  # legend row height, inches
MAX_PIXELS = 4200  # longest PNG side: a 24-inch city sheet at 175 dpi
# The longest site names the diagrams draw, in ems, cut with '…' beyond (the SVG keeps the whole name as the
# label's <title>): a county's label points inwards across a city and ran over the next county's townships, and
# one 40-character name doubled the sheet and shrank every other label with it. Jiangxi's longest names (17
# characters) stay whole.
COUNTY_EMS = 12
TOWN_EMS = 20


@dataclass(frozen=True)
class Sheet:
    """The whole page: the drawing area plus title band and legend panel, scaled up with big drawings so the
    title and legend stay in proportion on a wall-sized sheet."""

    width: float
    height: float
    scale: float

    @classmethod
    def of(cls, drawing: Drawing) -> Sheet:
        scale = min(1.6, max(1.0, drawing.height / 12))
        panel = PANEL * scale
        lines = sum(len(wrap(n, panel, (PANEL_FONT - 1) * scale)) for n in drawing.notes)
        rows = len(drawing.legend) + 2 + lines * 0.85
        return cls(drawing.width + panel + 2 * MARGIN,
                   max(drawing.height, ROW * scale * rows + 1.0) + TITLE_BAND * scale + 2 * MARGIN, scale)

    @property
    def panel(self) -> float:
        return PANEL * self.scale

    @property
    def line(self) -> float:
        """The width a title line may take: the sheet less its margins, inches."""
        return self.width - 2 * MARGIN

    def png_dpi(self, dpi: float) -> float:
        """The resolution of the PNG: ``dpi``, or less where the longest side would exceed MAX_PIXELS."""
        return min(dpi, MAX_PIXELS / max(self.width, self.height))


def wrap(text: str, panel: float, size: float = PANEL_FONT - 1) -> list[str]:
    """Break a note into lines that fit the panel (by the same estimate the layouts use), only at spaces, after
    separators and between Chinese characters: ``65036:100`` or ``2001:db8::/33`` is never split, and no line starts
    with a closing mark. A single token wider than the panel is the one thing cut."""
    width = panel - MARGIN - 0.1
    lines, current = [], ""
    for token in tokens(text):
        if current and not current.isspace() and text_width(current + token.rstrip(), size) > width:
            lines.append(current.rstrip())
            current = "  "
            if token.isspace():
                continue
        current += token
        while text_width(current, size) > width and len(current) > 3:  # an overlong token: cut it, nothing else
            cut = len(current) - 1
            while cut > 3 and text_width(current[:cut], size) > width:
                cut -= 1
            lines.append(current[:cut])
            current = "  " + current[cut:]
    return [*lines, current.rstrip()] if current.strip() else lines


def fit(text: str, width: float, size: float) -> str:
    """``text`` as one line no wider than ``width`` inches at ``size`` points (measured with the shipped font's
    advances, as drawn): cut with a closing '…' where it is longer, so a long zone or unit title never runs off
    the sheet. The SVG's <title> keeps the whole text.

    >>> fit("江西省", 5.0, 20.0), fit("江西省电子政务外网", 1.0, 20.0)
    ('江西省', '江西…')
    """
    from govnet.draw.metrics import extent

    limit = width * 72
    if extent(text, size).advance <= limit:
        return text
    cut = len(text) - 1
    while cut > 1 and extent(text[:cut].rstrip() + ELLIPSIS, size).advance > limit:
        cut -= 1
    return text[:cut].rstrip() + ELLIPSIS


ELLIPSIS = "…"
_TOKEN = re.compile(r"\s+|[\x21-\x7e]+|.")
_CLOSING = set("，。、；：！？）》」』】〕·,;:)")  # stays on the line of what precedes it
_OPENING = set("（《「『【〔(")  # stays on the line of what follows it


def tokens(text: str) -> list[str]:
    """The pieces a line may break between (doctest: a separator stays with the token before it).

    >>> tokens("RD 65036:100，导出 2001:db8::/33")
    ['RD', ' ', '65036:100，', '导', '出', ' ', '2001:db8::/33']
    """
    found: list[str] = []
    glue = False
    for piece in _TOKEN.findall(text):
        if found and (glue or piece in _CLOSING):
            found[-1] += piece
        else:
            found.append(piece)
        glue = piece in _OPENING
    return found
