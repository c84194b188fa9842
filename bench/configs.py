"""The build's configs stage, piece by piece: CPU seconds of the device contexts, of their fingerprints (the JSON
text, as govnet.artefacts.configs takes them) and of the templates, for every device of a model.

Usage: python bench/configs.py [--rounds N] [--model DIR]

A benchmark, not a test: it validates once, then builds, fingerprints and renders every device ``--rounds`` times
in this process and prints the first round (what a build pays: caches empty, templates loaded) and the fewest CPU
seconds of each piece over all rounds (the least disturbed by other work on the machine), with the load average.
Compare two versions back to back, each from its own checkout. The last line splits the templates' time: Jinja2
alone, and the tidying of its texts (govnet.render.engine) both ways, fast path and line loop, on the same texts.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--model", type=Path, default=REPO)
    args = parser.parse_args()

    from govnet.artefacts import fingerprint
    from govnet.gcpause import freeze_survivors, gc_paused
    from govnet.pipeline import validate
    from govnet.render.context import fingerprint_text
    from govnet.render.devices import build_contexts
    from govnet.render.engine import Renderer, _tidy, _tidy_lines
    from govnet.render.secrets import Secrets

    result = validate(args.model)
    if result.model is None or result.addresses is None or not result.ok:
        print(f"{args.model} does not validate", file=sys.stderr)
        return 1
    freeze_survivors()  # as the build does: what validation built is not scanned again
    book = result.addresses.book
    renderer = Renderer(args.model)
    rounds: list[tuple[float, float, float]] = []
    with gc_paused():
        for _ in range(args.rounds):
            start = time.process_time()
            contexts = build_contexts(result.model, book, Secrets())
            built = time.process_time()
            for context in contexts.values():
                fingerprint(fingerprint_text(context))
            printed = time.process_time()
            for context in contexts.values():
                renderer.render(context)
            rounds.append((built - start, printed - built, time.process_time() - printed))
    fewest = (min(r[0] for r in rounds), min(r[1] for r in rounds), min(r[2] for r in rounds))
    for title, (contexts_s, fingerprints_s, templates_s) in (("first round", rounds[0]),
                                                             (f"fewest of {args.rounds}", fewest)):
        total = contexts_s + fingerprints_s + templates_s
        print(f"{title:12s} CPU s: contexts {contexts_s:.3f}, fingerprints {fingerprints_s:.3f}, templates "
              f"{templates_s:.3f}, total {total:.3f} ({1000 * total / len(contexts):.3f} ms a device, "
              f"{len(contexts)} devices); load average {os.getloadavg()[0]:.2f}")
    with gc_paused():
        renderer.tidy = str  # Jinja2 alone: the texts as the templates give them
        texts, jinja_s = [], []
        for _ in range(args.rounds):
            start = time.process_time()
            texts = [renderer.render(context) for context in contexts.values()]
            jinja_s.append(time.process_time() - start)
        tidy_s: dict[str, list[float]] = {"fast": [], "loop": []}
        for _ in range(args.rounds):
            for way, tidy in (("fast", _tidy), ("loop", _tidy_lines)):
                start = time.process_time()
                for text in texts:
                    tidy(text)
                tidy_s[way].append(time.process_time() - start)
    print(f"templates split, fewest of {args.rounds}, CPU s: Jinja2 {min(jinja_s):.3f}; tidy {min(tidy_s['fast']):.3f} "
          f"(the line loop on the same texts: {min(tidy_s['loop']):.3f}); load average {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
