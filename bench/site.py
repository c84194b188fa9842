"""How long the offline site takes and how big it is: the what-if page's artefact (its fingerprint, and the
N-1 analysis when that is stale), the site stage written cold and again unchanged, and the site's size.

Usage: python bench/site.py [MODEL_DIR] [--out DIR]

With --out DIR (a directory `govnet build` wrote) it also reports that build's total size beside the site's.
A benchmark, not a test: it measures and prints. Targets (issue 16): the site <= 30 MB for the default model,
written within the build's time target + 2 s. Figures taken while others share the machine are noise: the
load average is printed with them.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size


def main(argv: list[str]) -> None:
    from govnet.artefacts import fingerprint
    from govnet.gcpause import gc_paused
    from govnet.ipam.report import utilisation
    from govnet.pipeline import validate
    from govnet.site import whatif, write_site

    if "-h" in argv or "--help" in argv:
        print(__doc__)
        return
    built = Path(argv[argv.index("--out") + 1]) if "--out" in argv else None
    args = [a for i, a in enumerate(argv) if a != "--out" and (i == 0 or argv[i - 1] != "--out")]
    root = Path(args[0]) if args else ROOT
    result = validate(root)
    assert result.model is not None and result.addresses is not None, "the model must validate"
    model = result.model
    print(f"model: {root}: {len(model.sites)} sites, {len(model.devices)} devices; load average "
          + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    began = time.perf_counter()
    with gc_paused():  # as the build runs every stage
        fingerprint(whatif.inputs(model))
    print(f"what-if page: fingerprint of its inputs   {time.perf_counter() - began:6.2f} s  (every build)")
    began = time.perf_counter()
    with gc_paused():
        script = whatif.script(model)
    print(f"what-if page: N-1 analysis + data          {time.perf_counter() - began:6.2f} s  (when stale), "
          f"{len(script) / 1e6:.1f} MB")
    usage = utilisation(result.addresses)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        (out / "site").mkdir()
        (out / whatif.SCRIPT).write_text(script, encoding="utf-8")
        for label in ("cold (font subset too)", "again, nothing changed"):
            began = time.perf_counter()
            with gc_paused():
                wrote = write_site(model, result.addresses, result.diagnostics, out, date="2026-11-30",
                                   model_root=root, usage=usage)
            changed = sum(1 for _, c in wrote if c)
            print(f"site stage: {label:<27}    {time.perf_counter() - began:6.2f} s  ({changed} file(s) written)")
        site = _size(out / "site") + _size(out / "index.html")
        print(f"site size (index.html + site/):            {site / 1e6:6.1f} MB")
    if built is not None:
        print(f"build output {built}: {_size(built) / 1e6:.1f} MB in all (configs, diagrams, forms the site links)")


if __name__ == "__main__":
    main(sys.argv[1:])
