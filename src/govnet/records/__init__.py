"""Stage 'records': the documents the network office files — the ledger (台账: XLSX, CSV, JSON), statistics, and
one registration form (接入登记备案表) per unit (HTML always, PDF on request).

Output goes to ``<out>/records/``, each file through ``write_if_changed`` (atomic, untouched when equal).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govnet.gcpause import gc_paused
from govnet.ipam import Plan
from govnet.model.types import Model
from govnet.records import forms, ledger, stats
from govnet.writer import write_if_changed

RECORDS_DIR = "records"
# The two halves of the records, which a build makes in separate jobs (govnet.pipeline): the registry-wide files
# (ledger, statistics, the forms' font) and one form per unit.
LEDGER, FORMS = "ledger", "forms"
BOTH = frozenset({LEDGER, FORMS})


@dataclass
class Written:
    changed: int = 0
    unchanged: int = 0

    def add(self, changed: bool) -> None:
        if changed:
            self.changed += 1
        else:
            self.unchanged += 1


def granted_addresses(plan: Plan | None) -> dict[str, list[str]]:
    """Unit id → the prefixes granted to it (its unit subnets in the address plan), each
    written with its zone, e.g. ``public 10.64.1.16/28``, in key order."""
    if plan is None:
        return {}
    # The records and the site's data ask of the same plan (in one worker, one after the other): worked out once,
    # a fresh copy each time (a caller may keep or change what it gets).
    if not _GRANTED or _GRANTED[0][0] is not plan:
        _GRANTED[:] = [(plan, {unit: [f"{zone} {net}" for zone, net in subnets]
                               for unit, subnets in plan.book.unit_subnets().items()})]
    return {unit: list(granted) for unit, granted in _GRANTED[0][1].items()}


_GRANTED: list[tuple[Plan, dict[str, list[str]]]] = []  # the last plan asked of, and its answer


Fresh = Callable[[str, str], bool]  # (path below records/, inputs fingerprint) -> the file is up to date
RecordFile = tuple[str, str, "bytes | str | None"]  # path below records/, inputs fingerprint, content (None: fresh)


def write_records(model: Model, out: Path, addresses: Mapping[str, Sequence[str]], *, pdf: bool = False,
                  only: Collection[str] | None = None, model_root: Path | None = None, date: str = "",
                  workers: int = 1, progress: Callable[[int, int], None] | None = None) -> Written:
    """Write the ledger, statistics and forms of the model's registry under ``out/records``.

    ``addresses``: unit id → granted prefixes (possibly empty). ``pdf``: also write each form as PDF, in
    ``workers`` processes. ``only``: unit ids whose forms to write (the ledger and statistics always cover every
    unit). ``model_root``: where the model's own templates/ may override the form's template.
    ``date``: the build date printed on the statistics (the model's commit date, so rebuilds stay identical).
    """
    written = Written()

    def write(rel: str, _inputs: str, content: bytes | str | None) -> None:
        assert content is not None
        written.add(write_if_changed(out / RECORDS_DIR / rel, content))

    # Each file written when made: the ledger and HTML forms while the workers draw the PDFs, each PDF as it
    # arrives, instead of all 6,000 files after the last PDF (a serial tail of a second).
    if model.registry is not None:
        with gc_paused():
            _files(model, addresses, pdf, only, model_root, date, lambda path, inputs: False, workers,
                   progress or (lambda done, total: None), write, BOTH)
    return written


def record_files(model: Model, addresses: Mapping[str, Sequence[str]], *, pdf: bool = False,
                 only: Collection[str] | None = None, model_root: Path | None = None, date: str = "",
                 fresh: Fresh | None = None, workers: int = 1,
                 progress: Callable[[int, int], None] | None = None,
                 parts: Collection[str] = BOTH) -> list[RecordFile]:
    """The records' files with a fingerprint of what each is made from; a form whose fingerprint ``fresh``
    accepts is not rendered again (its content is None). ``parts``: LEDGER, FORMS or both."""
    if model.registry is None:
        return []
    # Like validation: many long-lived objects, few freed; full collector passes over the model cost seconds.
    found: list[RecordFile] = []
    with gc_paused():
        _files(model, addresses, pdf, only, model_root, date, fresh or (lambda path, inputs: False), workers,
               progress or (lambda done, total: None), lambda *file: found.append(file), parts)
    return found


def _files(model: Model, addresses: Mapping[str, Sequence[str]], pdf: bool, only: Collection[str] | None,
           model_root: Path | None, date: str, fresh: Fresh, workers: int,
           progress: Callable[[int, int], None], emit: Callable[[str, str, bytes | str | None], None],
           parts: Collection[str]) -> None:
    """Make the records' files, handing each to ``emit`` (path, fingerprint, content or None when fresh) as soon
    as it is made: the ledger and statistics, the HTML forms, then the PDF forms (stale ones as the workers finish
    them, in order, then the fresh ones). ``parts``: which of LEDGER and FORMS."""
    assert model.registry is not None

    def registry_wide() -> None:
        if LEDGER in parts:
            _ledger(model, addresses, date, emit)

    if FORMS in parts:  # the ledger is made while the PDF workers start
        _forms(model, addresses, pdf, only, model_root, fresh, workers, progress, emit, registry_wide)
    else:
        registry_wide()


def _ledger(model: Model, addresses: Mapping[str, Sequence[str]], date: str,
            emit: Callable[[str, str, bytes | str | None], None]) -> None:
    """The registry-wide files: the ledger (XLSX, CSV, JSON), the statistics, and the font the forms name."""
    from govnet.artefacts import fingerprint

    assert model.registry is not None
    table = ledger.rows(model, addresses)
    figures = stats.statistics(model)
    city_names = {site.key: site.name for site in model.sites if site.level == "city"}
    zone_titles = {zone.name: zone.title for zone in model.zones}
    summary = stats.summary_rows(figures, zone_titles, city_names)
    for rel, text in (("ledger.xlsx", ledger.to_xlsx(table, city_names, summary)),
                      ("ledger.csv", ledger.to_csv(table)), ("ledger.json", ledger.to_json(table, figures)),
                      ("statistics.md", stats.markdown(figures, zone_titles, city_names, date=date)),
                      (f"forms/{forms.FONT_COPY}", forms.font_path().read_bytes())):
        emit(rel, fingerprint(text), text)


def _forms(model: Model, addresses: Mapping[str, Sequence[str]], pdf: bool, only: Collection[str] | None,
           model_root: Path | None, fresh: Fresh, workers: int, progress: Callable[[int, int], None],
           emit: Callable[[str, str, bytes | str | None], None], meanwhile: Callable[[], None]) -> None:
    """One form per unit: HTML, and PDF with ``pdf`` (drawn in worker processes while the HTML is made, and
    ``meanwhile`` run first)."""
    from govnet.artefacts import fingerprint

    assert model.registry is not None
    names = forms.site_names(model)
    units = [u for u in model.registry.units if only is None or u.id in only]
    contexts = [forms.context(model, unit, addresses.get(unit.id, ()), names) for unit in units]
    # A form of the shipped template's shape is made as cheaply as it is described (govnet.records.formhtml): the
    # HTML itself is its fingerprint. Else, and for the PDFs, what each form shows is.
    fast = forms.fast_renderer(model_root)
    described = [_described(ctx) for ctx in contexts] if pdf or fast is None else []
    pending: list[tuple[str, str, dict[str, object]]] = []
    if pdf:
        pending = [(f"forms/{unit.id}.pdf", fingerprint(text, "pdf"), ctx)
                   for unit, ctx, text in zip(units, contexts, described, strict=True)]
    stale = [(rel, inputs, ctx) for rel, inputs, ctx in pending if not fresh(rel, inputs)]
    # The PDFs start in worker processes first: ``meanwhile`` and the HTML forms are made here while they run.
    jobs = forms.PdfJobs([ctx for _, _, ctx in stale], workers)
    try:
        meanwhile()
        template = forms.template_source(model_root) if fast is None else ""
        total = len(units) + len(pending)
        for i, (unit, ctx) in enumerate(zip(units, contexts, strict=True), 1):
            rel = f"forms/{unit.id}.html"
            if fast is not None:
                html = fast(ctx)
                inputs = fingerprint(html)
                emit(rel, inputs, None if fresh(rel, inputs) else html)
            else:
                inputs = fingerprint(described[i - 1], template)
                emit(rel, inputs, None if fresh(rel, inputs) else forms.html(ctx, model_root))
            if i % 200 == 0 or i == len(units):
                progress(i, total)
        jobs.results(lambda done: progress(len(units) + done + len(pending) - len(stale), total),
                     lambda i, data: emit(stale[i][0], stale[i][1], data))
    finally:
        jobs.close()  # a failure above must not leave the workers making forms nobody collects
    made = {rel for rel, _, _ in stale}
    for rel, inputs, _ in pending:
        if rel not in made:
            emit(rel, inputs, None)


def _described(ctx: Mapping[str, Any]) -> str:
    """A form's context as text for its fingerprint: the unit as pydantic's JSON (its repr cost four times as
    much), the rest as repr. Both name every field and value, so any change to what the form shows changes it."""
    return repr({**ctx, "u": ctx["u"].model_dump_json()})
