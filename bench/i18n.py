"""Benchmark: what Chinese costs the command line — `govnet --help`, a usage error and `govnet validate` of the
embedded Jiangxi model, each in English and in Chinese, and the message translation itself.

Usage: python bench/i18n.py [RUNS]

Each command runs RUNS times (default 5) as a fresh process; the median wall time is printed. A benchmark, not
a test: run it on a quiet machine (the figures include interpreter start-up and imports).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

COMMANDS = {
    "--help": ["--help"],
    "usage error": ["validate", "--bogus"],
    "validate Jiangxi": ["validate", str(ROOT)],
    # a message listing the ~100 counties as choices: matched against every template (10 s before Shape's
    # literal pre-check, govnet.i18n.messages)
    "unknown county": ["draw", str(ROOT), "--county", "nowhere-county", "-o", "/tmp/govnet-bench-i18n"],
}


def _median(args: list[str], runs: int) -> float:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120"}
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "govnet", *args], capture_output=True, env=env, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    for name, args in COMMANDS.items():
        en, zh = (_median(["--lang", lang, *args], runs) for lang in ("en", "zh"))
        print(f"{name:<18} en {en:6.3f} s   zh {zh:6.3f} s   ({(zh - en) * 1000:+.0f} ms)")
    from govnet.i18n import use
    from govnet.i18n.framework import translate as framework
    from govnet.i18n.messages import translate

    use("zh")
    texts = ["unknown field 'carier'", "did you mean 'carrier'?", "no such template at all, kept as it is"] * 1000
    start = time.perf_counter()
    for text in texts:
        translate(text)
    per = (time.perf_counter() - start) / len(texts) * 1e6
    start = time.perf_counter()
    for _ in range(1000):
        framework("Invalid value for '--depth': Input should be less than or equal to 2")
    print(f"translate a message {per:.1f} µs, a framework text {(time.perf_counter() - start) * 1000:.1f} µs")


if __name__ == "__main__":
    main()
