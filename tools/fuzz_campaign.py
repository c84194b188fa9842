"""A long fuzzing campaign outside the test suite: structure-aware mutations of a small model, run through the
whole pipeline (load, parse, build, check, addresses, render), one input after another.

    python tools/fuzz_campaign.py --count 100000 --minutes 90 --out fuzz-report.json

Each input: one model file of tests/fixtures/mini is parsed, mutated in its data (tests/model_mutations.py, the
same mutations the hypothesis tests draw), re-serialised and validated; a model that validates is rendered.
A failure is any exception, any run over --timeout seconds (a hang), or a diagnostic that is not at a real file
and line. The report gives the count and, per failure, the seed that replays it (--replay SEED).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path
from types import FrameType

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from govnet.codes import CODES  # noqa: E402
from govnet.pipeline import validate  # noqa: E402
from govnet.render.devices import build_contexts  # noqa: E402
from govnet.render.engine import Renderer, TemplateError  # noqa: E402
from govnet.render.secrets import Secrets  # noqa: E402
from model_mutations import dump, mutate  # noqa: E402

MODEL = REPO / "tests" / "fixtures" / "mini"


class Hang(Exception):
    pass


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise Hang()


def _files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.yaml"))


def _bad_diagnostics(result_diagnostics: list, root: Path, texts: dict[str, str]) -> list[str]:
    bad = []
    for d in result_diagnostics:
        text = texts.get(d.file)
        if text is None and not (root / d.file).is_file() and not d.file.startswith("govnet/"):
            if d.code not in ("GN110",):  # 'the model needs X' names the missing file
                bad.append(f"no such file: {d.as_text()}")
            continue
        lines = (text.count("\n") + 2) if text is not None else 10**9
        if d.code not in CODES or d.line < 1 or d.column < 1 or d.line > lines or "\n" in d.message:
            bad.append(f"bad position or code: {d.as_text()}")
    return bad


def run_one(seed: int, root: Path, originals: dict[str, str], data: dict[str, object],
            renderer: Renderer, timeout: int) -> tuple[str, str | None]:
    """Returns (outcome, failure detail or None); the model is restored afterwards."""
    rng = random.Random(seed)
    rel = rng.choice(sorted(data))
    text = dump(mutate(data[rel], rng, steps=rng.choice([1, 1, 1, 2, 3, 5])), rng)
    (root / rel).write_text(text, encoding="utf-8")
    texts = {**originals, rel: text}
    signal.alarm(timeout)
    try:
        result = validate(root)
        bad = _bad_diagnostics(result.diagnostics, root, texts)
        if bad:
            return "bad-diagnostic", f"{rel}: {bad[0]}"
        if not result.ok or result.model is None or result.addresses is None:
            return "refused", None
        contexts = build_contexts(result.model, result.addresses.outcome.decisions, Secrets(), None)
        try:
            for context in contexts.values():
                renderer.render(context)
        except TemplateError as exc:
            return "template-error", None if exc.diagnostic.code in CODES else str(exc)
        return "rendered", None
    except Hang:
        return "hang", f"{rel}: over {timeout} s"
    except Exception:
        return "exception", f"{rel}:\n{traceback.format_exc()}\n--- input ---\n{text[:4000]}"
    finally:
        signal.alarm(0)
        (root / rel).write_text(originals[rel], encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--minutes", type=float, default=120.0, help="stop after this long, whatever the count")
    parser.add_argument("--seed", type=int, default=0, help="first seed; input i uses seed + i")
    parser.add_argument("--timeout", type=int, default=60, help="seconds before one input counts as a hang")
    parser.add_argument("--out", type=Path, default=Path("fuzz-report.json"))
    parser.add_argument("--replay", type=int, default=None, help="run one seed and print its outcome")
    args = parser.parse_args()

    signal.signal(signal.SIGALRM, _alarm)
    with tempfile.TemporaryDirectory(prefix="govnet-fuzz-") as tmp:
        root = Path(tmp) / "model"
        shutil.copytree(MODEL, root)
        originals = {rel: (root / rel).read_text(encoding="utf-8") for rel in _files(root)}
        data = {rel: yaml.safe_load(text) for rel, text in originals.items()}
        renderer = Renderer(root)  # compiled templates are reused across inputs (the model's are the packaged)
        if args.replay is not None:
            outcome, detail = run_one(args.replay, root, originals, data, renderer, args.timeout)
            print(outcome, detail or "")
            return 0 if detail is None else 1
        outcomes: dict[str, int] = {}
        failures: list[dict[str, object]] = []
        start = time.monotonic()
        done = 0
        for i in range(args.count):
            if time.monotonic() - start > args.minutes * 60:
                break
            outcome, detail = run_one(args.seed + i, root, originals, data, renderer, args.timeout)
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
            done += 1
            if detail is not None and len(failures) < 200:
                failures.append({"seed": args.seed + i, "outcome": outcome, "detail": detail})
                print(f"FAILURE seed {args.seed + i} ({outcome}): {detail}", flush=True)
            if done % 1000 == 0:
                elapsed = time.monotonic() - start
                print(f"{done:,} inputs in {elapsed:,.0f} s ({done / elapsed:.0f}/s): {outcomes}, "
                      f"{len(failures)} failure(s)", flush=True)
        elapsed = time.monotonic() - start
        report = {"inputs": done, "seconds": round(elapsed, 1), "outcomes": outcomes,
                  "failures": len([f for f in failures]), "first_failures": failures}
        args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(json.dumps({k: v for k, v in report.items() if k != "first_failures"}, ensure_ascii=False))
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
