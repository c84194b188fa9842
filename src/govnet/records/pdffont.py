"""The CJK font as the canvas path of the PDF forms embeds it: ReportLab's own TrueType font, with the three steps
that cost most of a form's time done faster and to the same bytes.

A form costs a few milliseconds, and 3,072 of them are ``records --pdf``. Profiled, most of a form went to three
generic ReportLab steps that run once per form: drawing each text run through a text object (``drawString``), cutting
the font's subset (``TTFontFile.makeSubset`` walks the glyphs in Python, reading the 2 MB glyph table anew each time)
and writing the subset's /Widths array (every number formatted through the generic object writer). Here:

- ``text_op`` is the operator string ``Canvas.drawString`` appends for a TrueType font, written directly;
- ``_Face.makeSubset`` cuts the same subset from tables read once a process;
- ``_Font.addObjects`` is ReportLab's, with the widths written by ``_Widths`` (the same bytes, numbers formatted once).

The PDF is byte for byte what ReportLab writes without them: tests/test_records_pdffont.py holds each step to
ReportLab's own, and the whole form to a form drawn with ReportLab alone.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from contextlib import suppress
from functools import cache
from itertools import accumulate, groupby
from struct import pack, unpack_from
from typing import Any

from reportlab import rl_config
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import (
    GF_ARG_1_AND_2_ARE_WORDS,
    GF_MORE_COMPONENTS,
    GF_WE_HAVE_A_SCALE,
    GF_WE_HAVE_A_TWO_BY_TWO,
    GF_WE_HAVE_AN_X_AND_Y_SCALE,
    SUBSETN,
    TTFont,
    TTFontFace,
    TTFontMaker,
    _set_ushort,
    makeToUnicodeCMap,
)

FONT_COMPRESSION = "govnet_font_compression"  # a document's zlib level for its embedded font subsets
_COPIED = ("name", "OS/2", "cvt ", "fpgm", "prep")  # tables a subset takes over unchanged (makeSubset's list)


def text_op(font: TTFont, doc: Any, x: float, y: float, text: str, size: float) -> str:
    """What ``Canvas.drawString(x, y, text)`` appends to the page for ``font`` at ``size`` (leading 1.2 × size,
    as ``setFont`` sets it): one text object, the font named again at each subset it enters."""
    parts, current, tf = [], -1, ""
    for subset, chunk in font.splitString(text, doc):
        if subset != current:
            tf = tf or f"{fp_str(size)} Tf {fp_str(size * 1.2)} TL"
            parts.append(f"{font.getSubsetInternalName(subset, doc)} {tf}")
            current = subset
        parts.append(f"({escapePDF(chunk)}) Tj")
    return f"BT 1 0 0 1 {fp_str(x, y)} Tm {' '.join(parts)} T* ET"


class _Face(TTFontFace):  # type: ignore[misc]
    """The parsed font, cutting subsets from tables read once (ReportLab's makeSubset, same bytes)."""

    def makeSubset(self, subset: Sequence[int]) -> bytes:
        static, glyph = self._tables()
        char_to_glyph = self.charToGlyph
        glyph_map = [0]  # new glyph index -> old glyph index
        glyph_set = {0: 0}  # old -> new
        code_to_glyph = {}
        for code in subset:
            old = char_to_glyph.get(code, 0)
            if old not in glyph_set:
                glyph_set[old] = len(glyph_map)
                glyph_map.append(old)
            code_to_glyph[code] = glyph_set[old]
        n = 0
        while n < len(glyph_map):  # glyphs that are parts of composite glyphs come along
            for part in glyph(glyph_map[n])[1]:
                if part not in glyph_set:
                    glyph_set[part] = len(glyph_map)
                    glyph_map.append(part)
            n += 1
        glyphs = [glyph(old) for old in glyph_map]

        output = TTFontMaker()
        for tag in _COPIED:
            if tag in static:
                output.add(tag, static[tag])
        output.add("post", static["post"])
        hmtx = [value for entry in glyphs for value in entry[2]]
        n = len(hmtx) - 2
        while n and hmtx[n] == hmtx[n - 2]:
            n -= 2
        n += 2
        hmtx = hmtx[:n] + hmtx[n + 1::2]
        output.add("hmtx", pack(f">{len(hmtx)}H", *hmtx))
        output.add("hhea", _set_ushort(static["hhea"], 34, n >> 1))
        output.add("maxp", _set_ushort(static["maxp"], 4, len(glyph_map)))
        cmap = [0, 1, 1, 0, 0, 12, 6, 10 + len(subset) * 2, 0, 0, len(subset), *map(code_to_glyph.get, subset)]
        output.add("cmap", pack(f">{len(cmap)}H", *cmap))
        # each glyph padded to 4 bytes (so the padding does not depend on what precedes it); composites renumbered
        pieces = [_renumbered(data, glyph_set) if parts else data for data, parts, _ in glyphs]
        offsets = [0, *accumulate(map(len, pieces))]
        pos = offsets[-1]
        output.add("glyf", b"".join(pieces))
        if (pos + 1) >> 1 > 0xFFFF:
            long_format, loca = 1, pack(f">{len(offsets)}L", *offsets)
        else:
            long_format, loca = 0, pack(f">{len(offsets)}H", *(o >> 1 for o in offsets))
        output.add("loca", loca)
        output.add("head", _set_ushort(static["head"], 50, long_format))
        stream: bytes = output.makeStream()
        return stream

    def addSubsetObjects(self, doc: Any, fontname: str, subset: Sequence[int]) -> Any:
        """ReportLab's, with the embedded subset compressed at the document's ``govnet_font_compression`` zlib
        level when it has one (formpdf.pdf sets it; ReportLab's own is 6)."""
        found = super().addSubsetObjects(doc, fontname, subset)
        level = getattr(doc, FONT_COMPRESSION, None)
        stream = doc.idToObject[f"fontFile:{self.filename}({fontname})"]
        if level is not None and stream.filters:
            stream.filters = [_Flate(level)]
        return found

    def _tables(self) -> tuple[dict[str, bytes], Callable[[int], _Glyph]]:
        """The tables a subset copies or patches, and a glyph's entry (cached): read once a process."""
        found: tuple[dict[str, bytes], Callable[[int], _Glyph]] | None = getattr(self, "_govnet_tables", None)
        if found is None:
            static = {}
            for tag in (*_COPIED, "hhea", "maxp", "head"):
                with suppress(KeyError):  # cvt, fpgm and prep are optional
                    static[tag] = self.get_table(tag)
            static["post"] = b"\x00\x03\x00\x00" + self.get_table("post")[4:16] + b"\x00" * 16
            glyf, positions, metrics = self.get_table("glyf"), self.glyphPos, self.hmetrics

            @cache
            def glyph(index: int) -> _Glyph:
                start, end = positions[index], positions[index + 1]
                data = glyf[start:end] + b"\0" * (-(end - start) % 4)
                parts = _components(glyf, positions, index) if end - start > 2 else ()
                aw, lsb = metrics[index]
                return data, parts, (int(aw), int(lsb))

            found = static, glyph
            self._govnet_tables = found
        return found


_Glyph = tuple[bytes, tuple[int, ...], tuple[int, int]]  # data padded to 4 bytes, components, advance and lsb


class _Flate(pdfdoc.PDFStreamFilterZCompress):  # type: ignore[misc]
    """FlateDecode at a chosen zlib level (ReportLab's filter uses the default, 6)."""

    def __init__(self, level: int) -> None:
        self.level = level

    def encode(self, text: bytes | str) -> bytes:
        return zlib.compress(text.encode("utf8") if isinstance(text, str) else text, self.level)


def _components(glyf: bytes, glyph_pos: Sequence[int], glyph: int) -> tuple[int, ...]:
    """The glyphs a composite glyph is made of (none for a simple one), as makeSubset reads them."""
    start = glyph_pos[glyph]
    if glyph_pos[glyph + 1] == start or unpack_from(">h", glyf, start)[0] >= 0:
        return ()
    found, at, flags = [], start + 10, GF_MORE_COMPONENTS
    while flags & GF_MORE_COMPONENTS:
        flags, part = unpack_from(">HH", glyf, at)
        found.append(part)
        at += 4 + _argument_bytes(flags)
    return tuple(found)


def _argument_bytes(flags: int) -> int:
    """Bytes of a component's arguments and transform after its flags and glyph index."""
    size = 4 if flags & GF_ARG_1_AND_2_ARE_WORDS else 2
    if flags & GF_WE_HAVE_A_SCALE:
        size += 2
    elif flags & GF_WE_HAVE_AN_X_AND_Y_SCALE:
        size += 4
    elif flags & GF_WE_HAVE_A_TWO_BY_TWO:
        size += 8
    return size


def _renumbered(data: bytes, glyph_set: dict[int, int]) -> bytes:
    at, flags = 10, GF_MORE_COMPONENTS
    while flags & GF_MORE_COMPONENTS:
        flags, part = unpack_from(">HH", data, at)
        data = _set_ushort(data, at + 2, glyph_set[part])
        at += 4 + _argument_bytes(flags)
    return data


class _Widths(pdfdoc.PDFArray):  # type: ignore[misc]
    """A font's /Widths as PDFArray writes it, each distinct number formatted once."""

    def format(self, document: Any, IND: bytes = b"\n ") -> bytes:  # PDFArray.format's signature
        if (self.multiline and rl_config.pdfMultiLine) or self.multiline == "forced":
            found: bytes = super().format(document, IND)
            return found
        items = [_number(e) for e in self.sequence]
        for i in reversed(range(10, len(items), 10)):  # a line break after every ten, as PDFArray
            items.insert(i, b"\n ")
        return b"[ " + b" ".join(items) + b" ]"


@cache
def _number(value: int) -> bytes:
    found: bytes = pdfdoc.format(value, None)
    return found


class _Font(TTFont):  # type: ignore[misc]
    """ReportLab's TrueType font splitting text into subset codes in fewer steps and writing its widths with
    ``_Widths``; the rest is ReportLab's."""

    def splitString(self, text: str | bytes, doc: Any, encoding: str = "utf-8") -> list[tuple[int, bytes]]:
        """ReportLab's: (subset, codes) runs of ``text``, each new character given the next code of the document's
        subsets. Without the ASCII reservation (formpdf.font) only; ReportLab's own otherwise."""
        if self._asciiReadable or not isinstance(text, str):
            found: list[tuple[int, bytes]] = super().splitString(text, doc, encoding)
            return found
        try:
            state = self.state[doc]
        except KeyError:
            state = self.state[doc] = TTFont.State(self._asciiReadable, self)
        known, glyphs = state.assignments, self.face.charToGlyph
        codes = []
        for code in map(ord, text):
            if code == 0xA0:  # a no-break space is a space
                code = 32
            n = known.get(code)
            if n is None:
                n = _assign(state, code, self.fontName) if code in glyphs else 0
            codes.append(n)
        if not codes:
            return []
        if max(codes) < 256:  # the common case: one subset
            return [(0, bytes(codes))]
        return [(subset, bytes(n & 0xFF for n in run)) for subset, run in groupby(codes, key=lambda n: n >> 8)]

    def addObjects(self, doc: Any) -> None:
        try:
            state = self.state[doc]
        except KeyError:
            state = self.state[doc] = TTFont.State(self._asciiReadable)
        state.frozen = 1
        for n, subset in enumerate(state.subsets):
            internal = self.getSubsetInternalName(n, doc)[1:]
            base = (b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX))).decode("pdfdoc")
            font = pdfdoc.PDFTrueTypeFont()
            font.__Comment__ = f"Font {self.fontName} subset {n}"
            font.Name = internal
            font.BaseFont = base
            font.FirstChar = 0
            font.LastChar = len(subset) - 1
            font.Widths = _Widths(list(map(self.face.getCharWidth, subset)))
            cmap = pdfdoc.PDFStream()
            cmap.content = makeToUnicodeCMap(base, subset)
            if doc.compression:
                cmap.filters = [pdfdoc.PDFZCompress]
            font.ToUnicode = doc.Reference(cmap, "toUnicodeCMap:" + base)
            font.FontDescriptor = self.face.addSubsetObjects(doc, base, subset)
            doc.Reference(font, internal)
            doc.idToObject["BasicFonts"].dict[internal] = font
        del self.state[doc]


def _assign(state: Any, code: int, font: str) -> int:
    """The next code of the document's subsets for a new character, as TTFont.splitString gives it (code 32 of
    each subset stays a space; code 0 of each new subset is the missing glyph)."""
    if state.frozen:
        raise pdfdoc.PDFError(f"Font {font} is already frozen, cannot add new character U+{code:04X}")
    subsets = state.subsets
    n = state.nextCode
    if n & 0xFF == 32:
        if n != 32:
            subsets[n >> 8].append(32)
        state.nextCode += 1
        n = state.nextCode
    if n > 32:
        if not n & 0xFF:
            subsets.append([0])
            state.nextCode += 1
            n = state.nextCode
        subsets[n >> 8].append(code)
    else:
        subsets[0][n] = code
    state.nextCode += 1
    state.assignments[code] = n
    return int(n)


def make_font(name: str, path: str, *, fast: bool = True) -> TTFont:
    """The TrueType font at ``path`` for ReportLab under ``name`` (asciiReadable=False: see formpdf.font);
    ``fast=False`` gives ReportLab's own, the reference the tests compare with."""
    if not fast:
        return TTFont(name, path, asciiReadable=False)
    font = _Font(name, path, asciiReadable=False)
    font.face.__class__ = _Face  # parsed by TTFont's own constructor; only makeSubset differs
    return font
