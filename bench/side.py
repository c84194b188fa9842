"""CPU seconds of the build's stages beside the configs (records, address reports, compliance, the site's data,
the what-if report) and of the site's writing at the end, each measured as a build runs it: in a process forked
from one that has validated the model, with nothing of the stage computed yet.

Usage: python bench/side.py [MODEL_DIR] [--runs 3] [--only GROUP,GROUP] [--profile GROUP] [--dir /dev/shm]
       [--save DIR | --compare DIR]

A GROUP is stages joined by '+', run one after the other in one forked process: the default is the build's
grouping (pipeline.BACKGROUND); ``--only addresses+compliance+site_data+records+whatif,site`` runs them as the
build's second worker does when the diagrams take the first (one process, so what one stage works out and keeps,
the next one finds). 'site' is the site's writing at the end of a build (in the build process), measured after its
data is prepared and passed through a pickle as a worker hands it over.

Prints, per group and stage, the CPU seconds (user + system) of the least of ``--runs`` forked runs, and the load
average and a fixed spin loop's time before and after (CPU figures drift with the machine's speed: compare runs
taken back to back; to compare with another checkout, run this script there with PYTHONPATH=<checkout>/src and the
same MODEL_DIR). ``--profile GROUP`` prints the top of a cProfile of one run. ``--save DIR`` writes every file the
stages make below DIR; ``--compare DIR`` checks that they make exactly those bytes again (a speed change must leave
the outputs as they were; the site's data names the model's git revision: compare at the same commit).
"""

from __future__ import annotations

import argparse
import os
import pickle
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent  # the repository: also the Jiangxi model
# As the build groups them (pipeline.BACKGROUND): a group runs in one forked process, sharing what its stages
# share (the utilisation, the compliance report); the site's writing is the build's last step.
STAGES = ("addresses+compliance+site_data", "records", "whatif", "site")


def _spin() -> float:
    began = time.process_time()
    x = 0
    for i in range(10_000_000):
        x += i
    return time.process_time() - began


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def _files(name: str, built: Any, scratch: Path) -> dict[str, bytes]:
    """Run stage ``name`` on ``built``: the files it makes, path -> bytes."""
    from govnet import artefacts

    def fresh(path: str, inputs: str) -> bool:
        return False

    def progress(what: str, done: int, total: int) -> None:
        return None

    if name == "site":  # the build's end: the prepared data, written with the diagrams listed from disk
        sent = pickle.dumps(artefacts.site_data(built))  # as a worker sends it to the build process
        began = _cpu()
        wrote = artefacts.site(built, scratch, pickle.loads(sent))
        _files.site_cpu = _cpu() - began  # type: ignore[attr-defined]
        return {path: (scratch / path).read_bytes() for path, _ in wrote}
    if name == "site_data":
        sent = pickle.dumps(artefacts.site_data(built))  # as the worker sends it to the build process
        _PREPARED[:] = [sent]  # made comparable after the measurement, by _comparable
        return {}
    stage: Callable[..., list[artefacts.Output]] = {
        "addresses": artefacts.address_reports, "compliance": artefacts.compliance, "records": artefacts.records,
        "whatif": artefacts.whatif}[name]
    found = {}
    for output in stage(built, fresh, progress):
        content = output.content() if callable(output.content) else output.content
        assert content is not None
        found[output.path] = content.encode("utf-8") if isinstance(content, str) else content
    return found


_PREPARED: list[bytes] = []


def _comparable() -> dict[str, bytes]:
    """The font the last site_data stage cut and the characters it was cut for, as bytes that compare across runs
    (the characters sorted; the data itself is compared as the site stage writes it)."""
    if not _PREPARED:
        return {}
    prepared = pickle.loads(_PREPARED.pop())
    return {"site_data/font.woff": prepared.font, "site_data/chars": "".join(sorted(prepared.chars)).encode()}


def _measure(group: str, built: Any, base: Path, profile: bool) -> tuple[dict[str, float], dict[str, bytes]]:
    """The stages of ``group`` ('a+b') run in a forked child, in order: each one's CPU seconds and their files."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: as a build's worker, forked after validation
        os.close(reader)
        code = 0
        try:
            from govnet.gcpause import gc_paused

            with tempfile.TemporaryDirectory(dir=base) as scratch:
                if profile:
                    import cProfile
                    import pstats

                    profiler = cProfile.Profile()
                    profiler.enable()
                cpu, files = {}, {}
                for name in group.split("+"):
                    began = _cpu()
                    with gc_paused():
                        files.update({f"{name}/{p}": c for p, c in _files(name, built, Path(scratch)).items()})
                    cpu[name] = _cpu() - began
                    if name == "site":
                        cpu[name] = _files.site_cpu  # type: ignore[attr-defined]
                    files.update(_comparable())
                if profile:
                    profiler.disable()
                    pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(45)
                    pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime").print_stats(30)
            with os.fdopen(writer, "wb") as pipe:
                pickle.dump((cpu, files), pipe)
        except BaseException:
            import traceback

            traceback.print_exc()
            code = 1
        os._exit(code)
    os.close(writer)
    with os.fdopen(reader, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status != 0:
        raise SystemExit(f"stage {group} failed")
    cpu, files = pickle.loads(data)
    return cpu, files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model", nargs="?", default=str(ROOT))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default=",".join(STAGES))
    parser.add_argument("--profile", default="")
    parser.add_argument("--dir", default=None, help="where the site stage writes (e.g. /dev/shm)")
    parser.add_argument("--save", default=None)
    parser.add_argument("--compare", default=None)
    args = parser.parse_args()

    from govnet.artefacts import Built, code_fingerprint
    from govnet.pipeline import validate
    from govnet.render.secrets import load_secrets

    root = Path(args.model)
    result = validate(root)
    assert result.model is not None and result.ok, "the model must validate"
    built = Built(root, result.model, result.addresses, result.diagnostics, load_secrets(None, root), "2024-06-30",
                  1)
    if built.addresses is not None:
        built.addresses.outcome  # noqa: B018 (the build reads the sealed lock before it forks its workers)
    code_fingerprint()  # the build's summary hashes govnet's code before its workers fork: they inherit it
    built = replace(built, workers=1)
    base = Path(args.dir or tempfile.gettempdir())
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; spin {_spin():.3f} s")
    names = [n for n in args.only.split(",") if n]
    if args.profile:
        _measure(args.profile, built, base, True)
        return
    made: dict[str, bytes] = {}
    total = 0.0
    for group in names:
        runs = []
        for _ in range(args.runs):
            cpu, files = _measure(group, built, base, False)
            runs.append(cpu)
        made.update(files)
        best = min(runs, key=lambda r: sum(r.values()))  # the least disturbed run, its stages' parts
        total += sum(best.values())
        print(f"{group:12} {sum(best.values()):6.3f} CPU s  (runs: "
              f"{' '.join(f'{sum(r.values()):.3f}' for r in runs)})", flush=True)
        if len(best) > 1:
            for name, seconds in best.items():
                print(f"  {name:12} {seconds:6.3f}")
    print(f"{'total':12} {total:6.3f} CPU s")
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; spin {_spin():.3f} s")
    if args.save:
        for path, content in made.items():
            target = Path(args.save) / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        print(f"saved {len(made)} files below {args.save}")
    if args.compare:
        saved = {p.relative_to(args.compare).as_posix(): p.read_bytes()
                 for p in Path(args.compare).rglob("*") if p.is_file()}
        ran = {name for group in names for name in group.split("+")}
        saved = {p: c for p, c in saved.items() if p.split("/", 1)[0] in ran}
        differ = sorted(p for p in set(saved) | set(made) if saved.get(p) != made.get(p))
        print(f"compared {len(made)} files with {args.compare}: "
              + ("identical" if not differ else f"{len(differ)} differ: {', '.join(differ[:10])}"))
        if differ:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
