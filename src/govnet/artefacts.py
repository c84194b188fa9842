"""The artefact stages of a build: each turns the validated model into files below the output directory.

An artefact stage is a function ``(built, fresh, progress) -> list[Output]``. For each file it would write it
computes a content fingerprint of what the file is made from (the drawing, the device's context, the form's
fields …) and asks ``fresh(path, inputs)`` whether the file on disk was made from exactly that; only the stale
ones are computed. A new artefact family is one function here (or in its stage's folder) and one line in
``pipeline.ARTEFACTS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, NamedTuple

from govnet.diagnostics import Diagnostic
from govnet.writer import new_digest

if TYPE_CHECKING:

    from govnet.draw.scene import Drawing
    from govnet.ipam import Plan
    from govnet.model.types import Model
    from govnet.render.engine import Renderer
    from govnet.render.secrets import Secrets
    from govnet.reports.compliance import Report
    from govnet.site import Prepared
    from govnet.writer import Staging


@dataclass(frozen=True)
class Built:
    """What every artefact stage reads: the validated model and the choices of this build."""

    root: Path  # the model directory (its templates/ override the packaged ones)
    model: Model
    addresses: Plan | None  # None when the model has no complete allocation yet
    diagnostics: list[Diagnostic]
    secrets: Secrets
    date: str  # the date printed on diagrams
    workers: int  # processes for the heavy stages (1: in this process)
    key: bytes = b""  # of the record's hashes of what holds the secrets (govnet.recordkey): b'' without real ones

    # What several stages read, worked out once a process (a worker forked after reading one inherits it).
    @cached_property
    def usage(self) -> dict[str, Any] | None:
        """The address plan's utilisation (the address reports and the site show it)."""
        from govnet.ipam.report import utilisation

        return utilisation(self.addresses) if self.addresses is not None else None

    @cached_property
    def compliance_report(self) -> Report:
        """The model measured against the policy targets (the compliance report and the site show it)."""
        from govnet.reports.compliance import compliance as measure

        return measure(self.model, date=self.date)


@dataclass(frozen=True)
class Output:
    """One file of an artefact: ``content`` is None when ``fresh`` said the file is up to date (not recomputed)."""

    path: str  # relative to the output directory, '/'-separated
    inputs: str  # content fingerprint of what the file is made from
    content: bytes | str | None  # None: the file on disk is up to date
    mode: int | None = None  # the file's permissions (configs holding real secrets: 0o600); None: the umask's
    subject: str = ""  # what the file is of, for the stages that read outputs back (a config: its device)


class Staged(NamedTuple):
    """What became of one Output: ``digest`` None when it was skipped (``fresh`` said it is up to date), else the
    hash of its content; ``changed`` whether the file on disk changes; ``staged`` the name it waits under in the
    staging folder for the commit (a changed file, or one whose mode only changes), else ''."""

    path: str
    inputs: str
    digest: str | None
    changed: bool = False
    staged: str = ""  # the staged file's name, when it waits in the staging folder
    mode: int | None = None  # the permissions the file is kept at (Output.mode)


def stage_outputs(staging: Staging, outputs: list[Output],
                  progress: Callable[[int, int], None] | None = None) -> list[Staged]:
    """Stage ``outputs`` (govnet.writer.Staging), in whichever process computed them: only what happened to each
    goes back to the build, not the content."""
    found = []
    for i, output in enumerate(outputs, 1):
        if progress is not None and (i % 500 == 0 or i == len(outputs)):
            progress(i, len(outputs))
        if output.content is None:
            if output.mode is not None:  # up to date, but maybe loosened by hand: secrets stay private
                staging.keep_mode(output.path, output.mode)
            found.append(Staged(output.path, output.inputs, None, mode=output.mode))
            continue
        found.append(Staged(output.path, output.inputs, *staging.stage(output.path, output.content, mode=output.mode),
                            mode=output.mode))
    return found


Fresh = Callable[[str, str], bool]  # (path, inputs fingerprint) -> the file on disk was made from exactly that

Progress = Callable[[str, int, int], None]  # (what, done, total)
ArtefactStage = Callable[[Built, Fresh, Progress], list[Output]]


def fingerprint(*parts: str | bytes, key: bytes = b"") -> str:
    """A content fingerprint of ``parts`` and of govnet's own code and packaged templates (a new govnet may
    write a file differently from the same inputs); keyed (``key``, govnet.recordkey) when ``parts`` hold secrets."""
    digest = new_digest(key)
    digest.update(code_fingerprint().encode())
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return str(digest.hexdigest()[:32])


@cache
def code_fingerprint() -> str:
    """Hash of every file of the installed govnet package (sources, templates, fonts): read once a process."""
    digest = new_digest()
    package = Path(str(resources.files("govnet")))
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    return str(digest.hexdigest()[:32])


# --------------------------------------------------------------------------------------------------------------
# The stages
# --------------------------------------------------------------------------------------------------------------


def summary(built: Built, fresh: Fresh, progress: Progress,
            verified: list[Diagnostic] | None = None) -> list[Output]:
    """summary.json and summary.md: counts and diagnostics (cheap: always computed, written if changed); with
    ``verified``, what the verify stage found too (the build computes the summary again after verify)."""
    from govnet.diagnostics import sorted_diagnostics
    from govnet.records.summary import report_json, summary_markdown

    diagnostics = sorted_diagnostics(built.diagnostics + (verified or []))
    text = report_json(".", built.model, diagnostics, verified)
    markdown = summary_markdown(built.model, diagnostics, date=built.date, verified=verified)
    return [Output("summary.json", fingerprint(text), text), Output("summary.md", fingerprint(markdown), markdown)]


def address_reports(built: Built, fresh: Fresh, progress: Progress) -> list[Output]:
    """ipam/allocations.csv and the utilisation report (text and JSON)."""
    if built.addresses is None:
        return []
    from govnet.ipam.lockfile import read_sealed
    from govnet.ipam.report import plan_csv, report_json
    from govnet.render.ports import lock_port_names
    from govnet.reports.ipam import report_text

    usage = built.usage
    assert usage is not None
    # a sealed lock's text (read by validation already) is each prefix as written: not formatted again
    sealed = read_sealed(built.model.lock_text) if built.model.lock_text else None
    written = sealed.entries if sealed is not None else None
    port_names = shared_port_names(built.model, lock_port_names)
    files = {"ipam/allocations.csv": plan_csv(built.addresses, port_names, written),
             "ipam/report.json": report_json(usage),
             "ipam/report.txt": report_text(usage, built.model.zones, date=built.date)}
    return [Output(path, fingerprint(text), text) for path, text in files.items()]


def shared_port_names(model: Model, names: Callable[[Model], Callable[[str, int], str | None]]
                      ) -> Callable[[str, int], str | None]:
    """``names(model)`` (govnet.render.ports.lock_port_names) asked once per hardware, platform, speed and index:
    a port's name depends on nothing else of its device (govnet.render.ports.port_name), and the default model's
    12,000 ports are of a few dozen kinds of device (naming each took a tenth of a second)."""
    slow = names(model)
    devices = model.devices
    known: dict[tuple[str | None, str, str, int], str | None] = {}

    def name(subject: str, index: int) -> str | None:
        device_name, _, rest = subject.partition("@")
        device = devices.get(device_name)
        if device is None:
            return None
        key = (device.hardware, device.platform, rest.partition(">")[0], index)
        if key not in known:
            known[key] = slow(subject, index)
        return known[key]

    return name


DIAGRAM_VIEWS = ("province", "city", "county", "zone")  # county: one per county with villages
DIAGRAM_FORMATS = ("png", "svg")


def diagrams(built: Built, fresh: Fresh, progress: Progress) -> list[Output]:
    """Every view as PNG and SVG. The drawing (positions, labels, styles) is the fingerprinted input; the
    expensive part, painting the images, runs only for stale sheets."""
    from govnet.draw import ViewOptions, build_drawings, file_name
    from govnet.draw.network import facts

    options = ViewOptions(date=built.date)
    known = facts(built.model)  # the graph facts every view needs, once
    drawings = [d for view in DIAGRAM_VIEWS for d in build_drawings(built.model, view, options, known)]
    found: list[Output] = []
    stale: list[tuple[Drawing, list[Output]]] = []
    for drawing in drawings:
        inputs = fingerprint(repr(drawing))
        outputs = [Output(f"diagrams/{file_name(drawing, fmt)}", fingerprint(inputs, fmt), None)
                   for fmt in DIAGRAM_FORMATS]
        if not all(fresh(o.path, o.inputs) for o in outputs):
            stale.append((drawing, outputs))
        found += outputs
    made = render_images([d for d, _ in stale], DIAGRAM_FORMATS, progress)
    late = {o.path: Output(o.path, o.inputs, images[fmt])
            for (_, outputs), images in zip(stale, made, strict=True)
            for o, fmt in zip(outputs, DIAGRAM_FORMATS, strict=True)}
    return [late.get(o.path, o) for o in found]


def render_images(drawings: list[Drawing], formats: tuple[str, ...], progress: Progress) -> list[dict[str, bytes]]:
    """Each drawing in ``formats``, in order, in this process: the diagrams are one job of the build's workers
    (govnet.pipeline.BACKGROUND), drawn one after the other."""
    from govnet.draw import contents

    found = []
    for i, drawing in enumerate(drawings, 1):
        found.append(contents(drawing, formats))
        progress("diagrams", i, len(drawings))
    return found


def configs(built: Built, fresh: Fresh, progress: Progress) -> list[Output]:
    """configs/<site>/<device>.cfg for every device the province runs; the device's context (every address,
    port, session and rule it gets) plus its template is the fingerprinted input."""
    if built.addresses is None:
        return []
    from govnet.render import Config, config_path
    from govnet.render.context import fingerprint_text
    from govnet.render.devices import context_index, device_context
    from govnet.render.engine import Renderer

    progress("configs", 0, 0)
    names, index = context_index(built.model, built.addresses.book, built.secrets)
    renderer = Renderer(built.root)
    templates = fingerprint(_template_sources(renderer))  # once: hashing their 86 KB for each config cost 0.7 s
    mode = 0o600 if built.secrets.real else None  # a config with real secrets is for its owner's eyes only
    found: list[Output] = []
    # The contexts are built a batch at a time, then rendered: the progress shows from the first batch on (every
    # context first was a second without a sign of life), and each phase keeps its own code and data warm (one
    # device at a time, context then template, cost a tenth more).
    for start in range(0, len(names), CONFIG_BATCH):
        batch = names[start:start + CONFIG_BATCH]
        for name, context in zip(batch, [device_context(index, name) for name in batch], strict=True):
            path = str(config_path(Config(name, context.site, context.platform, "")))
            inputs = fingerprint(fingerprint_text(context), templates, key=built.key)  # the context holds the secrets
            found.append(Output(path, inputs, None if fresh(path, inputs) else renderer.render(context), mode, name))
            if len(found) % 100 == 0 or len(found) == len(names):
                progress("configs", len(found), len(names))
    return found


CONFIG_BATCH = 500  # devices whose contexts are built before they are rendered


def _template_sources(renderer: Renderer) -> str:
    """Every config template's text, packaged or the model's own (a macro file is imported by many): one
    template edited makes every config stale, which is rare and safe."""
    env = renderer.env
    assert env.loader is not None
    return "".join(f"{name}\n{env.loader.get_source(env, name)[0]}"
                   for name in sorted(env.loader.list_templates()) if not name.startswith("records/"))


def records(built: Built, fresh: Fresh, progress: Progress) -> list[Output]:
    """The registry's ledger (XLSX, CSV, JSON) and statistics."""
    from govnet.records import LEDGER

    return _records(built, fresh, progress, LEDGER)


def forms(built: Built, fresh: Fresh, progress: Progress) -> list[Output]:
    """One HTML registration form per unit: a stage of its own, so that a build makes it and the ledger in two
    jobs (3,000 files to stage: the longest job after the diagrams when it was one with the ledger)."""
    from govnet.records import FORMS

    return _records(built, fresh, progress, FORMS)


def _records(built: Built, fresh: Fresh, progress: Progress, part: str) -> list[Output]:
    if built.model.registry is None:
        return []
    from govnet.records import RECORDS_DIR, granted_addresses, record_files

    files = record_files(built.model, granted_addresses(built.addresses), model_root=built.root, date=built.date,
                         fresh=lambda rel, inputs: fresh(f"{RECORDS_DIR}/{rel}", inputs),
                         progress=lambda done, total: progress(part, done, total), parts={part})
    return [Output(str(PurePosixPath(RECORDS_DIR, rel)), inputs, content) for rel, inputs, content in files]


def compliance(built: Built, fresh: Fresh, progress: Progress) -> list[Output]:
    """reports/compliance.{md,json}: the model measured against the policy documents' targets."""
    from govnet.reports.compliance_text import REPORTS_DIR, markdown, to_json

    report = built.compliance_report
    files = {f"{REPORTS_DIR}/compliance.md": markdown(report), f"{REPORTS_DIR}/compliance.json": to_json(report)}
    return [Output(path, fingerprint(text), text) for path, text in files.items()]


def whatif(built: Built, fresh: Fresh, progress: Progress) -> list[Output]:
    """site/whatif.js: the N-1 resilience report for the site's what-if page, run only when what the analysis
    reads (topology, active units) changed."""
    from govnet.site import whatif as page

    inputs = fingerprint(page.inputs(built.model))
    return [Output(page.SCRIPT, inputs, None if fresh(page.SCRIPT, inputs) else page.script(built.model))]


def site_data(built: Built) -> Prepared:
    """What the site shows that the model alone decides, and the web font for it: worked out with the stages above
    (in a worker process), handed to ``site``."""
    from govnet.reports.compliance_text import html_fragment
    from govnet.site import prepare
    from govnet.site import site_data as gather

    return prepare(built.model, gather(built.model, built.addresses, built.diagnostics, date=built.date,
                                       model_root=built.root, usage=built.usage,
                                       compliance_html=html_fragment(built.compliance_report)))


def site(built: Built, out: Path, data: Prepared | None = None) -> list[tuple[str, bool]]:
    """index.html and site/: the office's offline site. It lists the diagrams on disk, so it runs after every
    other file is written, and writes its own files (each path below ``out`` and whether it changed). ``data``:
    what ``site_data`` returned for this build, if it ran already."""
    from govnet.site import write_site

    if data is None:
        data = site_data(built)
    return [(path.relative_to(out).as_posix(), changed) for path, changed in
            write_site(built.model, built.addresses, built.diagnostics, out, date=built.date, model_root=built.root,
                       data=data)]
