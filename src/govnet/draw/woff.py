"""A WOFF 1.0 subset of the shipped TrueType font, written directly from its tables: the glyphs a document
uses keep their glyph ids, every other glyph becomes empty, and the cmap lists only the characters kept.

Why not fontTools' subsetter (webfont.py): it decodes the font's 8,000-glyph cmap and glyph table for every
subset, which made the font most of an SVG diagram's cost; this copies bytes (bench/draw.py has the figures).
tests/test_draw.py holds it to fontTools: the subset opens there, maps the same characters to the same outlines.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from govnet.draw.sfnt import tables as sfnt_tables

_ARG_WORDS, _HAS_SCALE, _MORE, _XY_SCALE, _TWO_BY_TWO = 0x0001, 0x0008, 0x0020, 0x0040, 0x0080
_COPIED = ("OS/2", "hhea", "hmtx", "maxp", "name", "post")


@dataclass(frozen=True)
class _Source:
    tables: dict[str, bytes]
    glyphs: list[bytes]  # glyph data by glyph id
    cmap: dict[int, int]  # code point → glyph id


@cache
def _source() -> _Source:
    from govnet.draw.sfnt import cmap

    tables = sfnt_tables()
    glyph_count = struct.unpack(">H", tables["maxp"][4:6])[0]
    long_loca = struct.unpack(">h", tables["head"][50:52])[0] == 1
    loca = (struct.unpack(f">{glyph_count + 1}I", tables["loca"][:4 * (glyph_count + 1)]) if long_loca else
            tuple(2 * v for v in struct.unpack(f">{glyph_count + 1}H", tables["loca"][:2 * (glyph_count + 1)])))
    glyf = tables["glyf"]
    glyphs = [glyf[loca[i]:loca[i + 1]] for i in range(glyph_count)]
    return _Source(tables, glyphs, cmap())


def woff(chars: Iterable[str]) -> bytes:
    """The WOFF font of the glyphs of ``chars`` (characters the font lacks are left out); same characters,
    same bytes."""
    source = _source()
    mapped = {ord(c): source.cmap[ord(c)] for c in set(chars) if ord(c) in source.cmap}
    import numpy as np

    kept = sorted(_with_components({0, *mapped.values()}, source.glyphs))
    padded = [source.glyphs[gid] + b"\0" * (-len(source.glyphs[gid]) % 4) for gid in kept]
    glyf = b"".join(padded)
    sizes = np.zeros(len(source.glyphs), dtype=np.int64)  # every other glyph is empty: zero bytes in glyf
    sizes[kept] = [len(glyph) for glyph in padded]
    loca = np.concatenate(([0], np.cumsum(sizes))).astype(">u4").tobytes()
    head = bytearray(source.tables["head"])
    head[8:12] = b"\0\0\0\0"  # checkSumAdjustment: a whole-font checksum that nothing reading a WOFF checks
    head[50:52] = struct.pack(">h", 1)  # long loca offsets
    tables = {tag: source.tables[tag] for tag in _COPIED}
    tables |= {"head": bytes(head), "glyf": glyf, "loca": loca, "cmap": _cmap(mapped)}
    return _container(tables)


def _with_components(kept: set[int], glyphs: list[bytes]) -> set[int]:
    """``kept`` plus the glyphs that composite glyphs among them are made of (the shipped font has none today)."""
    todo = list(kept)
    while todo:
        glyph = glyphs[todo.pop()]
        if len(glyph) < 10 or struct.unpack(">h", glyph[:2])[0] >= 0:
            continue
        at, flags = 10, _MORE
        while flags & _MORE:
            flags, component = struct.unpack(">HH", glyph[at:at + 4])
            at += 4 + (4 if flags & _ARG_WORDS else 2)
            at += 2 if flags & _HAS_SCALE else 4 if flags & _XY_SCALE else 8 if flags & _TWO_BY_TWO else 0
            if component not in kept:
                kept.add(component)
                todo.append(component)
    return kept


def _cmap(mapped: dict[int, int]) -> bytes:
    """A cmap with a format 4 subtable (Windows BMP, one segment per character) and a format 12 one
    (Windows full repertoire), as browsers and FreeType look for them."""
    bmp = sorted(cp for cp in mapped if cp < 0xFFFF)
    ends, starts, deltas = [*bmp, 0xFFFF], [*bmp, 0xFFFF], [(mapped[cp] - cp) % 0x10000 for cp in bmp] + [1]
    segments = len(ends)
    search = 2 ** (segments.bit_length() - 1) * 2
    body = struct.pack(f">4H{segments}HH{segments}H{segments}H{segments}H", segments * 2, search,
                       search.bit_length() - 2, segments * 2 - search, *ends, 0, *starts, *deltas, *[0] * segments)
    format4 = struct.pack(">3H", 4, 6 + len(body), 0) + body
    groups = sorted(mapped.items())
    format12 = struct.pack(">HHIII", 12, 0, 16 + 12 * len(groups), 0, len(groups))
    format12 += b"".join(struct.pack(">3I", cp, cp, gid) for cp, gid in groups)
    header = struct.pack(">HH", 0, 2) + struct.pack(">HHI", 3, 1, 20) + struct.pack(">HHI", 3, 10, 20 + len(format4))
    return header + format4 + format12


def _pack(data: bytes) -> bytes:
    """A table as the WOFF stores it: zlib-compressed, or as it is where that is not smaller."""
    packed = zlib.compress(data, 6)
    return packed if len(packed) < len(data) else data


@cache
def _packed(data: bytes) -> bytes:
    """_pack of a table every subset copies unchanged (hmtx, name, …): compressed once a process."""
    return _pack(data)


def _checksum(data: bytes) -> int:
    """The sfnt table checksum: the sum of the table's big-endian 32-bit words (zero-padded), modulo 2**32.

    >>> _checksum(b"\\0\\0\\0\\1\\xff\\xff\\xff\\xff\\x02"), hex(_checksum(b"\\xff" * 4 * 3))
    (33554432, '0xfffffffd')
    """
    import numpy as np

    padded = data + b"\0" * (-len(data) % 4)
    # numpy sums the words at once (the glyf of a sheet is 15,000 of them); 64 bits hold any table's sum
    return int(np.frombuffer(padded, dtype=">u4").sum(dtype=np.uint64)) & 0xFFFFFFFF


@cache
def _copied_checksum(data: bytes) -> int:
    """_checksum of a table every subset copies unchanged: summed once a process."""
    return _checksum(data)


def _container(tables: dict[str, bytes]) -> bytes:
    """The WOFF 1.0 file (W3C WOFF File Format 1.0): header, table directory sorted by tag, each table
    zlib-compressed where that is smaller, 4-byte aligned."""
    tags = sorted(tables)
    offset = 44 + 20 * len(tags)
    directory, blobs = [], []
    for tag in tags:
        data = tables[tag]
        stored = _packed(data) if tag in _COPIED else _pack(data)
        checksum = _copied_checksum(data) if tag in _COPIED else _checksum(data)
        directory.append(struct.pack(">4sIIII", tag.encode("latin-1"), offset, len(stored), len(data), checksum))
        blobs.append(stored + b"\0" * (-len(stored) % 4))
        offset += len(blobs[-1])
    sfnt_size = 12 + 16 * len(tags) + sum(len(tables[t]) + (-len(tables[t]) % 4) for t in tags)
    header = struct.pack(">4sIIHHIHHIIIII", b"wOFF", 0x00010000, offset, len(tags), 0, sfnt_size, 1, 0,
                         0, 0, 0, 0, 0)
    return header + b"".join(directory) + b"".join(blobs)
