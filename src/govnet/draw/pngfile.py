"""A palette PNG written from rows of palette indices: the chunks Pillow's PNG plugin writes for the diagrams
(IHDR, tEXt, PLTE, pHYs, IDAT in 64 KiB pieces, IEND), byte for byte, without its encoder.

Why not Image.save: for a palette image Pillow filters nothing (filter type 0 on every row, as the PNG spec
advises for palettes), so its encoder only copies rows into zlib, yet cost twice zlib itself. zlib-ng's Z_RLE at
level 1 writes the very bytes stock zlib writes (a test holds the two paths to the same file) at a third of its
CPU: most of a diagram is runs of white. Without zlib-ng installed, the standard library's zlib is used.
"""

from __future__ import annotations

import struct
from types import ModuleType
from typing import Any

SIGNATURE = b"\x89PNG\r\n\x1a\n"
IDAT_SIZE = 65536  # Pillow's ImageFile.MAXBLOCK: the size of each IDAT chunk it writes


def _zlib() -> ModuleType:
    try:
        from zlib_ng import zlib_ng

        return zlib_ng
    except ImportError:  # an install without the wheel: the same bytes, slower
        import zlib

        return zlib


def _chunk(kind: bytes, data: bytes | memoryview) -> bytes:
    import zlib

    crc = zlib.crc32(data, zlib.crc32(kind))
    return b"".join((struct.pack(">I", len(data)), kind, bytes(data), struct.pack(">I", crc)))


def palette_png(rows: Any, width: int, height: int, palette: bytes, dpi: float, text: dict[str, str]) -> bytes:
    """An 8-bit palette PNG. ``rows``: a buffer of ``height`` rows of 1 + ``width`` bytes, each a 0 (no filter)
    and the row's palette indices; ``palette``: RGB triples; ``text``: tEXt chunks."""
    zlib = _zlib()
    packer = zlib.compressobj(1, zlib.DEFLATED, 15, 9, zlib.Z_RLE)  # what Pillow's compress_level=1, Z_RLE asks
    stream = packer.compress(rows) + packer.flush()
    ppm = int(dpi / 0.0254 + 0.5)  # pixels a metre, rounded as Pillow rounds them
    parts = [SIGNATURE, _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0))]
    parts += [_chunk(b"tEXt", key.encode("latin-1") + b"\0" + value.encode("latin-1")) for key, value in text.items()]
    parts += [_chunk(b"PLTE", palette), _chunk(b"pHYs", struct.pack(">IIB", ppm, ppm, 1))]
    view = memoryview(stream)
    parts += [_chunk(b"IDAT", view[at:at + IDAT_SIZE]) for at in range(0, len(stream), IDAT_SIZE)]
    parts.append(_chunk(b"IEND", b""))
    return b"".join(parts)
