"""The build process's own path after validate, piece by piece: CPU seconds of what `govnet build` does in its own
process while the forked jobs (diagrams, records, the site's data, what-if) run beside it.

Usage: python bench/build_path.py [--rounds N] [--model DIR] [--dir DIR]

A benchmark, not a test: it validates once, then ``--rounds`` times runs the pieces in this process as the build
runs them (govnet.pipeline._write): the address plan's outcome (read once a build, before the jobs fork), the
summary, the configs stage (each device's context, its fingerprint and its template: govnet.artefacts.configs)
and the staging of every config (a build without verify stages them in its own process, then takes the forked
jobs no worker has started: govnet.workers), into a fresh folder below
``--dir`` (default: the system's temporary folder; /dev/shm keeps the disk out of it). It prints the first round
(caches empty) and the fewest CPU seconds of each piece over all rounds, with the load average. Compare two
versions back to back, each from its own checkout, with the CPU time of a fixed loop before and after (the
machine's speed drifts).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PIECES = ("outcome", "summary", "configs", "staging")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--model", type=Path, default=REPO)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()

    from govnet import artefacts
    from govnet.artefacts import Built, stage_outputs
    from govnet.gcpause import freeze_survivors, gc_paused
    from govnet.pipeline import validate
    from govnet.render.secrets import Secrets
    from govnet.writer import Staging

    rounds: list[dict[str, float]] = []
    for _ in range(args.rounds):
        result = validate(args.model)  # again each round: the plan's outcome is read once per plan
        if result.model is None or result.addresses is None or not result.ok:
            print(f"{args.model} does not validate", file=sys.stderr)
            return 1
        freeze_survivors()  # as the build does: what validation built is not scanned again
        built = Built(args.model, result.model, result.addresses, result.diagnostics, Secrets(), "2024-06-30", 2)
        found: dict[str, float] = {}
        with gc_paused(), tempfile.TemporaryDirectory(dir=args.dir) as scratch:
            start = time.process_time()
            built.addresses.outcome  # noqa: B018 (resolved lazily, as pipeline._write asks for it)
            found["outcome"] = time.process_time() - start
            start = time.process_time()
            artefacts.summary(built, lambda path, inputs: False, lambda *_: None)
            found["summary"] = time.process_time() - start
            start = time.process_time()
            outputs = artefacts.configs(built, lambda path, inputs: False, lambda *_: None)
            found["configs"] = time.process_time() - start
            start = time.process_time()
            stage_outputs(Staging(Path(scratch) / "out"), outputs)
            found["staging"] = time.process_time() - start
        rounds.append(found)
    fewest = {piece: min(r[piece] for r in rounds) for piece in PIECES}
    for title, figures in (("first round", rounds[0]), (f"fewest of {args.rounds}", fewest)):
        print(f"{title:12s} CPU s: " + ", ".join(f"{piece} {figures[piece]:.3f}" for piece in PIECES)
              + f", total {sum(figures.values()):.3f}; load average {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
