"""Make govnet's shipped division tables: the national table, one gzip file per province.

Usage: python tools/split_divisions.py [--table china_townships.csv.xz] [-o OUT_DIR]

The source is the national township-level table (../shared/data/china_townships.csv.xz; where it comes from is
in src/govnet/data/README.md). Each province's rows go, unchanged and in the table's order, with the table's
header, to <province code>.csv.gz. Validation then reads only the provinces a model names (Jiangxi: 1/31 of
the table) and gzip decompresses three times faster than xz. The output is deterministic for the same source
(no timestamps in the gzip headers), so regenerating it changes nothing in git.
"""

from __future__ import annotations

import csv
import gzip
import io
import itertools
import lzma
from pathlib import Path

from split_cli import run

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TABLE = ROOT.parent / "shared" / "data" / "china_townships.csv.xz"
DEFAULT_OUT = ROOT / "src" / "govnet" / "data" / "divisions"
HEADER = ["province_code", "province", "city_code", "city", "county_code", "county", "township_code", "township"]


def split(table: Path, out: Path) -> dict[str, int]:
    reader = csv.reader(io.StringIO(lzma.decompress(table.read_bytes()).decode("utf-8")))
    header = next(reader)
    if header != HEADER:
        raise SystemExit(f"{table}: unexpected columns {header}; expected {HEADER}")
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.csv.gz"):
        old.unlink()
    counts: dict[str, int] = {}
    for province, rows in itertools.groupby(reader, key=lambda row: row[0]):
        if province in counts:
            raise SystemExit(f"{table}: province {province} appears in two runs; the table must be grouped")
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(header)
        listed = list(rows)
        writer.writerows(listed)
        (out / f"{province}.csv.gz").write_bytes(gzip.compress(text.getvalue().encode("utf-8"), 9, mtime=0))
        counts[province] = len(listed)
    return counts


def main() -> None:
    run(__doc__ or "", split, DEFAULT_TABLE, DEFAULT_OUT)


if __name__ == "__main__":
    main()
