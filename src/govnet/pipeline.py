"""The one visible pipeline, every stage in order:

    load → parse → [checkpoint] → build → check → [checkpoint] → addresses → [checkpoint]
      → artefacts (ARTEFACTS: summary, address reports, configs → verify (what the configs do, read back:
        govnet.verify) → [checkpoint], diagrams, records, compliance, whatif) → write
      → the stages that read what was written (AFTER_WRITES: the site)

With more than one worker the stages that verify does not read run beside the configs and verify (BACKGROUND:
forked processes, govnet.workers), and a process forked after rendering writes the configs while they are
verified. Every file is first staged (govnet.writer.Staging) by the process that made it; only once verify has
passed does this process move them into place.

``validate`` runs the stages up to the addresses; ``build`` runs them all into an output directory. The address
stage checks the allocation (allocations.lock) against the model; ``allocate`` is what changes it. Each artefact
stage is one line of ``ARTEFACTS`` (govnet.artefacts says what one is); ``build`` computes only the files whose
inputs changed since the last build and writes only the files whose content changed. A verify finding stops the
build before it writes anything: configs that do not work are never written.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govnet import artefacts, outfolder
from govnet.artefacts import ArtefactStage, Built, Output, Staged, stage_outputs
from govnet.codes import Severity
from govnet.diagnostics import Diagnostic, has_errors, sorted_diagnostics
from govnet.errors import GovnetIOError, UsageError
from govnet.gcpause import gc_paused
from govnet.source.layout import MODEL_PARTS

if TYPE_CHECKING:  # the stages are imported when they run: a build with nothing changed needs none of them
    from govnet import ipam, workers
    from govnet.model.types import Model
    from govnet.render.secrets import Secrets
    from govnet.source.prefetch import Prefetch
from govnet.writer import (
    STATE_FILE,
    Staging,
    content_hash,
    file_hash,
    keep_modes,
    new_digest,
    output_lock,
    read_state,
    remove_files,
    remove_stale,
    write_state,
)

CONFIGS = "configs"  # the stage whose outputs the verify stage reads back, right after it (a build that stops
# there stops every worker process first: it leaves none behind, and writes nothing)
# The artefact stages of a build, in order: (name, stage). Adding an output family is one line here.
ARTEFACTS: tuple[tuple[str, ArtefactStage], ...] = (
    ("summary", artefacts.summary),
    ("addresses", artefacts.address_reports),
    (CONFIGS, artefacts.configs),
    ("diagrams", artefacts.diagrams),
    ("records", artefacts.records),
    ("forms", artefacts.forms),
    ("compliance", artefacts.compliance),
    ("whatif", artefacts.whatif),
)
# Stages that read what the others wrote (the site lists the diagrams on disk): they run after every file above
# is written, write their own files, and are never skipped.
AFTER_WRITES: tuple[tuple[str, Callable[[Built, Path, Any], list[tuple[str, bool]]]], ...] = (
    ("site", artefacts.site),
)
# What a stage of AFTER_WRITES can work out beforehand from the model alone (the site's data), handed to it.
PREPARE: dict[str, Callable[[Built], Any]] = {"site": artefacts.site_data}
# Jobs that run beside the configs and verify (in forked workers when there are several, else here after them),
# each a group of stages and preparations that share work (the utilisation, the compliance report), longest first:
# the workers, and this process once its own stages are done, take them in this order (govnet.workers).
# The diagrams are one job, drawn one after the other in its worker: a pool of their own (forked by this process)
# sent 60 images back through pipes and kept this process building the drawings while the configs waited.
BACKGROUND: tuple[tuple[str, ...], ...] = (("diagrams",), ("addresses", "compliance", "site"), ("forms",),
                                           ("records",), ("whatif",))


@dataclass(frozen=True)
class Result:
    model: Model | None  # None when a checkpoint stopped the run before the model was built
    diagnostics: list[Diagnostic]
    stopped_after: str | None  # the stage whose errors stopped the run
    addresses: ipam.Plan | None = None  # the allocation, when the run got that far

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def validate(root: Path, overrides: Mapping[str, str] | None = None, *, addresses: bool = True,
             trust_sealed: bool = True, cache: Path | None = None, workers: int | None = None) -> Result:
    """Load, parse (schema), build and check one model directory, collecting every diagnostic.

    ``overrides`` (relative path → text) stand in for files on disk: a candidate edit is validated this way
    before it is written. ``addresses=False`` leaves out the address stage (for callers that judge only the
    topology). ``trust_sealed=False`` judges every lock entry again instead of trusting what a sealed lock
    already proves (govnet.ipam.trust). ``cache``: a folder where loaded files are kept between runs
    (govnet.source.cache; the command line passes the user's cache folder): the same answers, sooner.
    ``workers``: processes a large model is validated with (default: the CPUs): its largest files loaded in a
    forked one (govnet.source.prefetch), the checks run in another beside the address stage (govnet.checks.beside);
    1 keeps everything in this process."""
    with gc_paused():
        return _validate(root, overrides, addresses=addresses, trust_sealed=trust_sealed, cache=cache,
                         workers=workers)


def allocate(root: Path, overrides: Mapping[str, str] | None = None, *, prune: bool = False,
             release: tuple[str, ...] = (), reseal: bool = False,
             cache: Path | None = None) -> tuple[Result, ipam.Allocation | None]:
    """Like validate, but the address stage decides what is new instead of only checking the lock."""
    from govnet import ipam

    with gc_paused():
        result = _validate(root, overrides, addresses=False, cache=cache)
        if not result.ok or result.model is None:
            return result, None
        allocation, problems = ipam.run(result.model, prune=prune, release=release, reseal=reseal)
    found = sorted_diagnostics(result.diagnostics + problems)
    plan = allocation.plan if allocation else None
    return Result(result.model, found, "addresses" if has_errors(found) else None, plan), allocation


def _validate(root: Path, overrides: Mapping[str, str] | None, *, addresses: bool = True,
              trust_sealed: bool = True, cache: Path | None = None, workers: int | None = None,
              early: Prefetch | None = None, started: bool = False) -> Result:
    """``started``: the caller forked the prefetch child already (``early``, None when not worth it)."""
    from govnet.source import prefetch
    from govnet.source.cache import LoadedCache

    loaded = LoadedCache(cache) if cache is not None else None
    # Forked before the imports below (pydantic, the schemas): the large files are composed meanwhile.
    if not started:
        early = prefetch.start(root, overrides, loaded, workers)
    from govnet import ipam
    from govnet.checks.beside import run_checks_beside
    from govnet.checks.followons import withhold_follow_ons
    from govnet.model.build import build as build_model
    from govnet.source.modeldir import load_model

    found: list[Diagnostic] = []

    # load + parse, every file, errors collected across files
    parsed, problems = load_model(root, overrides, loaded, early)
    found += problems
    # Schema errors drop only the item at fault (an unknown field, a township whose code is not text), so the
    # run goes on unless a whole file is missing: then the rest would drown in follow-on errors.
    if has_errors(found) and not parsed.complete:
        return Result(None, sorted_diagnostics(found), "parse")

    # Build errors drop only the item at fault (an unknown link endpoint, a bad name pattern), so the
    # checks still run on the rest and the user sees every mistake in one go.
    model, problems = build_model(parsed)
    # The checks run beside the address stage (a forked process, govnet.checks.beside) when the model may be
    # sound; the addresses' verdict is taken only if it is.
    checked, addressed = run_checks_beside(model, lambda: ipam.check(model, trust_sealed=trust_sealed, workers=workers),
                                           speculate=addresses and not has_errors([*found, *problems]),
                                           workers=workers)
    # What refers to an item the schema stage left out would look broken too: those judgements wait (GN207).
    found += withhold_follow_ons([*problems, *checked], parsed.dropped)
    if has_errors(found) or not addresses:  # the lock is judged only against a sound model: else it is noise
        return Result(model, sorted_diagnostics(found), "check" if has_errors(found) else None)

    plan, problems = addressed()
    found += problems
    return Result(model, sorted_diagnostics(found), "addresses" if has_errors(found) else None, plan)


@dataclass(frozen=True)
class BuildResult:
    """What a build did. ``model`` is None when the build stopped at a checkpoint, or when nothing changed
    since the last build (the diagnostics are then the last build's, for the same inputs)."""

    result: Result
    out: Path
    changed: int = 0  # files written because their content changed
    unchanged: int = 0  # files computed again, identical to what was there
    skipped: int = 0  # files not computed at all: their inputs had not changed
    removed: int = 0  # files of things no longer in the model
    up_to_date: bool = False  # nothing at all had changed: validation was skipped too
    stages: dict[str, int] = field(default_factory=dict)  # files per artefact stage

    @property
    def ok(self) -> bool:
        return self.result.ok

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return self.result.diagnostics


BuildProgress = Callable[[str, int, int], None]  # (stage, done, total)


def build(root: Path, out: Path, *, secrets: Secrets | None = None, date: str | None = None,
          workers: int | None = None, strict: bool = False, progress: BuildProgress | None = None,
          verify: bool = True, waiting: Callable[[str], None] | None = None) -> BuildResult:
    """Validate the model at ``root`` and write its artefacts below ``out``.

    Stops (writing nothing) when the model has errors, when ``verify`` (the default) finds that the configs do
    not work, or at any diagnostic with ``strict``. ``secrets``: default,
    from the environment. ``date``: printed on the diagrams (default: the model's last commit date, else
    today). ``workers``: processes for diagrams and PDFs (default: the CPUs). ``waiting`` is told, in words, when
    another build is writing into ``out`` and this one waits for it. Raises GovnetIOError when
    ``out`` cannot be written, UsageError when it is the model folder or inside its files, ForeignOutput (a
    UsageError) when it holds files govnet did not write (govnet.outfolder)."""
    from govnet.source import prefetch
    from govnet.source.layout import output_in_model

    if output_in_model(root, out) is not None:  # the command line says so first, in the user's language
        raise UsageError(f"{out} is the model folder or inside its files: the outputs would overwrite the model's "
                         "files")
    # Forked first: the child composes the model's largest files while this process imports the stages and works
    # out what the build is of (the commit date, the secrets, the model's fingerprint, the last build's state);
    # forked inside validation, it started 0.3 s later and validation waited for it. Stopped if nothing changed.
    early = prefetch.start(root, None, None, workers)
    try:
        outfolder.claim(out)  # its files would be replaced or deleted (the command line says so first)
        return _build(root, out, early, secrets=secrets, date=date, workers=workers, strict=strict,
                      progress=progress, verify=verify, waiting=waiting)
    finally:
        if early is not None:
            early.cancel()


def _build(root: Path, out: Path, early: Prefetch | None, *, secrets: Secrets | None, date: str | None,
           workers: int | None, strict: bool, progress: BuildProgress | None, verify: bool,
           waiting: Callable[[str], None] | None) -> BuildResult:
    from govnet.recordkey import record_key
    from govnet.render.secrets import load_secrets
    from govnet.source.dating import commit_date

    secrets = secrets if secrets is not None else load_secrets(None, root)
    stamp = date or commit_date(root) or datetime.date.today().isoformat()
    report = _serialised(progress) if progress else (lambda stage, done, total: None)
    key = record_key(secrets.real)  # the record's hashes must not let its readers test guesses of a secret
    inputs = build_inputs(root, secrets, stamp, verify=verify, key=key)
    try:
        # Another build into ``out`` (another terminal, CI step, cache folder) finishes first: the lock is out/'s own
        # (govnet.writer.output_lock). Validation, which writes nothing there, runs beside it.
        if (out / STATE_FILE).is_file():  # a record to replay: read when no build is halfway through writing
            with output_lock(out, waiting):
                _, done = _up_to_date(out, inputs, key, strict)
            if done is not None:
                return done
        report("validate", 0, 0)
        with gc_paused():
            result = _validate(root, None, workers=workers, early=early, started=True)
        report("validate", 1, 1)
        if not result.ok or result.model is None or (strict and result.diagnostics):
            return BuildResult(result, out)
        built = Built(root, result.model, result.addresses, result.diagnostics, secrets, stamp,
                      workers or cpus(), key)
        with output_lock(out, waiting):  # out/ is now as the build before this one left it
            outfolder.claim(out)
            state, done = _up_to_date(out, inputs, key, strict)  # that build may have made just what this one would
            return done or _write(built, result, out, state, inputs, report, verify=verify, strict=strict)
    except OSError as exc:
        raise GovnetIOError(f"cannot write to {out}: {exc.strerror or exc}") from None


def _up_to_date(out: Path, inputs: str, key: bytes, strict: bool) -> tuple[dict[str, Any], BuildResult | None]:
    """The last build's record, and what this build is when that one was made from the same ``inputs`` and every
    file it made is in place (its diagnostics, replayed), else None."""
    state = read_state(out)
    replayed = _replayed(state) if state.get("inputs") == inputs else None
    if replayed is None or not _all_present(out, state["files"], key):
        return state, None
    keep_modes(out, state.get("modes", {}))  # a config holding secrets loosened by hand is private again
    if strict and replayed:
        return state, BuildResult(Result(None, replayed, "check"), out)
    return state, BuildResult(Result(None, replayed, None), out, skipped=len(state["files"]), up_to_date=True)


def build_inputs(root: Path, secrets: Secrets, stamp: str, *, verify: bool, key: bytes) -> str:
    """The fingerprint of everything a build is made from: when the last build's equals it, nothing changed."""
    from govnet.source.dating import model_revision

    return artefacts.fingerprint(_model_bytes(root), repr(sorted(secrets.values.items())), stamp,
                                 model_revision(root) or "",  # the site shows it: a commit of the built files
                                 datetime.date.today().isoformat(),  # registry checks compare with today
                                 "verify" if verify else "",  # a build that did not verify proves nothing
                                 key=key)


def _write(built: Built, result: Result, out: Path, state: dict[str, object], inputs: str,
           progress: BuildProgress, *, verify: bool = True, strict: bool = False) -> BuildResult:
    before = state.get("files")
    known: dict[str, list[str]] = before if isinstance(before, dict) else {}

    def fresh(path: str, fingerprint: str) -> bool:
        recorded = known.get(path)
        return recorded is not None and recorded[0] == fingerprint and file_hash(out / path, built.key) == recorded[1]

    files: dict[str, list[str]] = {}
    modes: dict[str, int] = {}  # the files kept at permissions of their own (configs holding real secrets)
    changed = unchanged = skipped = 0
    per_stage: dict[str, int] = {}
    from govnet import workers

    stages = dict(ARTEFACTS)
    aside = {name for group in BACKGROUND for name in group}
    order = [name for name, _ in ARTEFACTS if name not in aside]
    if built.addresses is not None:  # read from the sealed lock once, here: the forked workers inherit it
        built.addresses.outcome  # noqa: B018 (a lazily resolved property; each worker read the lock again)
    # Every file is staged first (by the process that computed it, while verify runs) and moved into place only
    # once verify has passed: a build that stops writes nothing.
    outfolder.mark(out)  # first: verify's read-back cache goes below out/ even when verify stops the build
    staging = Staging(out, built.key)
    staging.discard()  # what a killed build left
    # Without verify this process is free once it has rendered and staged the configs: it takes the jobs no worker
    # has started then (workers.Jobs), and there is one worker fewer. Three busy processes on two cores (two
    # workers and this one) cost a Jiangxi build 1-2 CPU s more than two: the model's pages copied once more after
    # the fork, and each process's caches evicted by the others'.
    jobs = workers.Jobs([_job(group, stages, built, fresh, staging) for group in BACKGROUND], built.workers, progress,
                        None if verify else built.workers - 1)
    stager: workers.Jobs | None = None
    computed: dict[str, Any] = {}
    staged: dict[str, list[Staged]] = {}
    handed = 0  # how many configs, from the first, the stager stages
    found: list[Diagnostic] = []
    committed = False
    try:
        for name in order:
            with gc_paused():
                computed[name] = stages[name](built, fresh, progress)
            if name == CONFIGS and built.workers > 1 and verify:  # forked now, it inherits the texts: none goes
                # through a pipe. Without verify this process stages them itself, then takes background jobs (a
                # stager would be one more busy process than there are CPUs).
                handed = len(computed[name])
                stager = workers.Jobs([_stager(staging, computed[name][:handed])], built.workers, progress)
            if name == CONFIGS and verify:
                found = _verify(built, computed[name], known, out, progress)
                if has_errors(found) or (strict and found):  # checkpoint: nothing is written
                    return BuildResult(Result(built.model, sorted_diagnostics(result.diagnostics + found), "verify",
                                              built.addresses), out)
                if "summary" in computed:  # the summary (cheap, computed first) tells what verify found
                    computed["summary"] = artefacts.summary(built, fresh, progress, verified=found)
        for name in order:  # this process's own files
            staged[name] = stage_outputs(staging, computed[name][handed:] if name == CONFIGS else computed[name])
        if stager is not None:
            staged[CONFIGS][:0] = stager.result(0)
        for i in range(len(BACKGROUND)):
            for name, value in jobs.result(i).items():
                (computed if name in PREPARE else staged)[name] = value
        jobs.close()
        for name, _ in ARTEFACTS:
            per_stage[name] = len(staged[name])
            for entry in staged[name]:
                if entry.mode is not None:
                    modes[entry.path] = entry.mode
                if entry.digest is None:
                    skipped += 1
                    files[entry.path] = known[entry.path]
                else:
                    files[entry.path] = [entry.inputs, entry.digest]
                    changed, unchanged = _count(entry.changed, changed, unchanged)
        staging.commit((entry.staged, entry.path) for name, _ in ARTEFACTS for entry in staged[name] if entry.staged)
        committed = True
    finally:  # every worker stopped: after its results are in, or when the build stops before (verify, a failure)
        jobs.close()
        if stager is not None:
            stager.close()
        if not committed:
            staging.discard()
    result = Result(result.model, sorted_diagnostics(result.diagnostics + found), None, result.addresses)
    for name, writer in AFTER_WRITES:
        progress(name, 0, 0)
        with gc_paused():
            wrote = writer(built, out, computed.get(name))
        progress(name, 1, 1)
        per_stage[name] = len(wrote)
        for path, was_changed in wrote:
            files[path] = ["", file_hash(out / path, built.key) or ""]  # no inputs fingerprint: computed every build
            changed, unchanged = _count(was_changed, changed, unchanged)
    for path, recorded in known.items():  # files a self-writing stage keeps and did not rewrite this time
        if path not in files and recorded[0] == "" and (out / path).is_file():
            files[path] = ["", file_hash(out / path, built.key) or ""]
    removed = remove_files(out, sorted(set(known) - set(files)))
    if built.addresses is not None:  # configs of devices no longer in the model, whoever wrote them
        removed += remove_stale(out / "configs", {out / p for p in files if p.startswith("configs/")}, ".cfg")
    write_state(out, {"inputs": inputs, "files": files, "modes": modes,
                      "diagnostics": [d.as_json() for d in result.diagnostics]})
    return BuildResult(result, out, changed, unchanged, skipped, removed, stages=per_stage)


def _job(group: tuple[str, ...], stages: Mapping[str, ArtefactStage], built: Built, fresh: artefacts.Fresh,
         staging: Staging) -> workers.Job:
    """One background job: the stages (and preparations) of ``group``, in order, by name; a stage's files are
    staged where they were computed, and only what became of them is returned."""
    def run(progress: BuildProgress) -> dict[str, Any]:
        found: dict[str, Any] = {}
        alone = replace(built, workers=1)  # a job is one process (a pool's worker may not fork a pool of its own)
        for name in group:  # each reported, so a terminal shows what runs and bench/build.py what it costs
            progress(name, 0, 0)
            found[name] = (PREPARE[name](alone) if name in PREPARE else
                           stage_outputs(staging, stages[name](alone, fresh, progress)))
            progress(name, 1, 1)
        return found

    return run


def _stager(staging: Staging, outputs: list[Output]) -> workers.Job:
    """The configs' files staged in a process of their own, while this one verifies them."""
    def run(progress: BuildProgress) -> list[Staged]:
        return stage_outputs(staging, outputs, lambda done, total: progress("writing", done, total))

    return run


def _serialised(progress: BuildProgress) -> BuildProgress:
    """``progress`` called from one thread at a time (the workers' progress arrives on threads of their own)."""
    import threading

    lock = threading.Lock()

    def report(stage: str, done: int, total: int) -> None:
        with lock:
            progress(stage, done, total)

    return report


def _verify(built: Built, configs: list[Output], known: dict[str, list[str]], out: Path,
            progress: BuildProgress) -> list[Diagnostic]:
    """The verify stage on this build's configs: those rendered again by their text, the others by the hash the
    last build recorded (their read-back is cached by it; the file is read only when the cache lacks it)."""
    if built.addresses is None:
        return []
    from govnet import verify

    files = []
    for output in configs:
        if output.content is None:
            files.append(verify.ConfigFile(output.subject, output.path, known[output.path][1],
                                           (out / output.path).read_text))
        else:
            text = output.content.decode("utf-8") if isinstance(output.content, bytes) else output.content
            files.append(verify.ConfigFile(output.subject, output.path, content_hash(text, built.key), text))
    progress("verify", 0, 0)
    with gc_paused():
        found = verify.in_build(built.model, files, built.addresses.outcome.decisions, out / verify.CACHE_FILE,
                                built.workers)
    progress("verify", 1, 1)
    return found


def _count(wrote: bool, changed: int, unchanged: int) -> tuple[int, int]:
    return (changed + 1, unchanged) if wrote else (changed, unchanged + 1)


_HASHED_AT_MOST = 256 * 1024 * 1024  # the largest model file validation reads (the lock, source.modeldir)


def _model_bytes(root: Path) -> bytes:
    """Every file of the model, by name and content: the whole build's input besides govnet itself. This runs
    before validation, so what validation refuses unread (a file linked outside the model, one too large to be a
    model file: GN109, GN104) is not read here either: its name, target and size stand for it."""
    import os

    from govnet.source.files import outside

    digest = new_digest()
    for part in MODEL_PARTS:
        path = root / part
        for item in sorted(path.rglob("*")) if path.is_dir() else [path] if path.is_file() else []:
            try:  # what cannot be read (no permission) is validation's GN109, not a crash here
                if not item.is_file():
                    continue
                digest.update(str(item.relative_to(root)).encode() + b"\0")
                size = item.stat().st_size
                content = item.read_bytes() if outside(item, root) is None and size <= _HASHED_AT_MOST else None
            except OSError:
                size, content = -1, None
            digest.update(content if content is not None else f"unread {os.path.realpath(item)} {size}".encode())
    return bytes(digest.digest()[:16])


def _all_present(out: Path, files: dict[str, list[str]], key: bytes) -> bool:
    return all(file_hash(out / path, key) == recorded[1] for path, recorded in files.items())


def _replayed(state: Mapping[str, Any]) -> list[Diagnostic] | None:
    """The last build's diagnostics from its record; None when one of them is not a diagnostic (an edited record:
    the build then runs in full instead of stopping with an internal error)."""
    try:
        return [_diagnostic(d) for d in state["diagnostics"]]
    except (KeyError, TypeError, ValueError):
        return None


def _diagnostic(data: dict[str, object]) -> Diagnostic:
    found = Diagnostic(**{**data, "severity": Severity(data["severity"])})  # type: ignore[arg-type]
    texts = (found.code, found.file, found.path, found.message, "" if found.hint is None else found.hint)
    if not all(isinstance(text, str) for text in texts) or type(found.line) is not int or type(found.column) is not int:
        raise ValueError(f"not a diagnostic: {data!r}")
    return found


def cpus() -> int:
    """The CPUs this process may run on: the default number of worker processes."""
    import os

    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
