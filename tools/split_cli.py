"""The command line both table splitters share: --table SOURCE, -o OUT_DIR, one summary line."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path


def run(doc: str, split: Callable[[Path, Path], dict[str, int]], table: Path, out: Path) -> None:
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--table", type=Path, default=table)
    parser.add_argument("-o", "--out", type=Path, default=out)
    args = parser.parse_args()
    counts = split(args.table, args.out)
    print(f"{len(counts)} provinces, {sum(counts.values()):,} rows -> {args.out}")
