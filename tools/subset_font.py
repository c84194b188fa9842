"""Make the CJK font that govnet's diagrams ship with: a subset of Noto Sans CJK SC with TrueType outlines.

Usage: python tools/subset_font.py [SOURCE.ttc|.otf] [--table china_townships.csv.xz]
       [--villages china_villages.csv.xz] [--extra tgh|gbk|gb18030|none] [--unihan FILE] [-o OUT.ttf]

The source is Noto Sans CJK SC Regular (SIL Open Font License 1.1), e.g. Debian's `fonts-noto-cjk`
(/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc, version 2.004; the SC face is picked by name).
The subset keeps:
- every character of the national division table (all 41,352 township names and their parents) and of the
  national village table (620,573 village and community names: 423 characters more),
- the 6,763 hanzi and the symbol rows of GB 2312, so that ordinary names a user adds to a model render too,
- the 8,105 characters of 《通用规范汉字表》 (2013), the standard for people's names (堃, 镕, 赟 … of contacts),
  read from Unicode's Unihan database (field kTGH; Debian's `unicode-data`, --unihan); --extra gbk or gb18030
  keeps those sets instead, --extra none neither (the candidates measured in src/govnet/draw/fonts/README.md),
- every character of the repository's own model files and of the drawing code's labels,
- printable ASCII, Latin-1, general punctuation, CJK symbols and punctuation, full-width forms, arrows.
Its CFF outlines are converted to quadratic TrueType (glyf) outlines (cu2qu, max error 1 unit of 1000), which
matplotlib's PDF backend and reportlab embed as TrueType; hinting and OpenType layout features are dropped
(matplotlib lays text out glyph by glyph). The family is renamed "Govnet Noto Sans SC" so that it never
shadows a full Noto Sans CJK installed on the system. The result is deterministic for the same source.

Requires fontTools (a matplotlib dependency). The output, with the licence beside it, is committed as
package data in src/govnet/draw/fonts/.
"""

from __future__ import annotations

import argparse
import bz2
import lzma
import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def _shared(name: str) -> Path:
    """shared/data/NAME beside the repository, or beside a folder above it (a worktree in wt/NAME)."""
    for base in ROOT.parents:
        if (base / "shared" / "data" / name).is_file():
            return base / "shared" / "data" / name
    return ROOT.parent / "shared" / "data" / name


DEFAULT_TABLE = _shared("china_townships.csv.xz")
DEFAULT_VILLAGES = _shared("china_villages.csv.xz")
DEFAULT_OUT = ROOT / "src" / "govnet" / "draw" / "fonts" / "GovnetNotoSansSC-Regular.ttf"
# Unicode's Unihan database as Debian's `unicode-data` ships it; its kTGH field is 《通用规范汉字表》's number.
DEFAULT_UNIHAN = Path("/usr/share/unicode/Unihan_OtherMappings.txt.bz2")
FACE = "Noto Sans CJK SC"
FAMILY = "Govnet Noto Sans SC"
POSTSCRIPT = "GovnetNotoSansSC-Regular"

RANGES = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1
    (0x2010, 0x2027), (0x2030, 0x203B),  # dashes, quotes, bullets, per mille
    (0x2160, 0x216B),  # Roman numerals
    (0x2190, 0x2199),  # arrows
    (0x2460, 0x2473),  # circled numbers
    (0x25A0, 0x25CF),  # squares, triangles, circles
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0xFF01, 0xFF5E),  # full-width forms
]


def gb2312() -> set[str]:
    """Every character of GB 2312: symbol rows 1-9 and hanzi rows 16-87."""
    found = set()
    for first in range(0xA1, 0xF8):
        for second in range(0xA1, 0xFF):
            try:
                found.add(bytes((first, second)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return found


def tgh(unihan: Path) -> set[str]:
    """The 8,105 characters of 《通用规范汉字表》 (2013): the Unihan entries with a kTGH field."""
    if not unihan.is_file():
        sys.exit(f"{unihan}: no Unihan database (Debian: apt-get install unicode-data), or give --unihan FILE")
    found = set()
    with bz2.open(unihan, "rt", encoding="utf-8") as handle:
        for line in handle:
            fields = line.split("\t")
            if len(fields) == 3 and fields[1] == "kTGH":
                found.add(chr(int(fields[0][2:], 16)))
    if len(found) != 8105:
        sys.exit(f"{unihan}: {len(found)} kTGH entries, expected the table's 8,105")
    return found


def gbk() -> set[str]:
    """Every character of GBK (GB 2312 plus the rest of the BMP's unified hanzi of 1995, 21,886 codes)."""
    found = set()
    for first in range(0x81, 0xFF):
        for second in range(0x40, 0xFF):
            try:
                found.add(bytes((first, second)).decode("gbk"))
            except UnicodeDecodeError:
                continue
    return found


def gb18030_hanzi() -> set[str]:
    """GB 18030's hanzi of the BMP: CJK Unified Ideographs U+4E00-9FA5 and Extension A U+3400-4DB5."""
    return {chr(c) for low, high in ((0x3400, 0x4DB5), (0x4E00, 0x9FA5)) for c in range(low, high + 1)}


EXTRA = ("none", "tgh", "gbk", "gb18030")


def wanted(tables: list[Path], extra: str = "tgh", unihan: Path = DEFAULT_UNIHAN) -> set[int]:
    chars = gb2312()
    if extra == "tgh":
        chars |= tgh(unihan)
    elif extra == "gbk":
        chars |= gbk()
    elif extra == "gb18030":
        chars |= gb18030_hanzi()
    for table in tables:
        with lzma.open(table, "rt", encoding="utf-8") as handle:
            chars |= set(handle.read())
    for pattern in ("*.yaml", "topology/*.yaml", "topology/*/*.yaml", "zones/*.yaml", "src/govnet/draw/*.py",
                    "src/govnet/**/*.yaml"):
        for path in ROOT.glob(pattern):
            chars |= set(path.read_text(encoding="utf-8"))
    codes = {ord(c) for c in chars if c.isprintable() and c != "\ufeff"}
    for low, high in RANGES:
        codes.update(range(low, high + 1))
    return codes


def open_face(source: Path) -> TTFont:
    if source.suffix.lower() == ".ttc":
        for font in TTCollection(source).fonts:
            if font["name"].getDebugName(1) == FACE:
                return font
        sys.exit(f"{source}: no face named {FACE!r}")
    return TTFont(source)


def to_truetype(font: TTFont) -> None:
    """Replace the CFF table by glyf/loca with quadratic outlines (the fontTools otf2ttf recipe)."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    glyf.compile(font)
    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    font["head"].indexToLocFormat = 0
    font["post"].formatType = 3.0  # no glyph names: they only cost space
    font.sfntVersion = "\x00\x01\x00\x00"


def rename(font: TTFont) -> None:
    names = font["name"]
    version = names.getDebugName(5) or ""
    for record in list(names.names):
        if record.nameID in (1, 3, 4, 6, 16, 17, 21, 22):
            names.removeNames(nameID=record.nameID)
    names.setName(FAMILY, 1, 3, 1, 0x409)
    names.setName(f"{FAMILY};{version.split(';')[0]};subset", 3, 3, 1, 0x409)
    names.setName(f"{FAMILY} Regular", 4, 3, 1, 0x409)
    names.setName(POSTSCRIPT, 6, 3, 1, 0x409)
    names.setName("Regular", 2, 3, 1, 0x409)
    names.setName(f"{version}; subset of Noto Sans CJK SC for govnet (tools/subset_font.py)", 5, 3, 1, 0x409)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--table", type=Path, default=DEFAULT_TABLE)
    parser.add_argument("--villages", type=Path, default=DEFAULT_VILLAGES)
    parser.add_argument("--extra", choices=EXTRA, default="tgh",
                        help="the hanzi kept beyond GB 2312 and the tables (default: 通用规范汉字表, 'tgh')")
    parser.add_argument("--unihan", type=Path, default=DEFAULT_UNIHAN)
    parser.add_argument("-o", "--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()

    font = open_face(args.source)
    options = subset.Options()
    options.layout_features = []  # matplotlib does no shaping
    options.hinting = False
    options.desubroutinize = True
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx", "DSIG"]
    subsetter = subset.Subsetter(options)
    codes = wanted([args.table, args.villages], args.extra, args.unihan)
    subsetter.populate(unicodes=codes)
    subsetter.subset(font)
    to_truetype(font)
    rename(font)
    font["head"].created = font["head"].modified = 0x7C259DC0  # fixed timestamp: 2014-01-01 (byte-identical runs)
    font.recalcTimestamp = False
    args.out.parent.mkdir(parents=True, exist_ok=True)
    font.save(args.out, reorderTables=True)
    kept = len(TTFont(args.out)["cmap"].getBestCmap())
    print(f"wrote {args.out}: {kept} characters, {len(font.getGlyphOrder())} glyphs, "
          f"{args.out.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
