"""Stage 'records': the documents the network office files — the ledger (台账: XLSX, CSV, JSON), statistics, and
one registration form (接入登记备案表) per unit (HTML always, PDF on request).

Output goes to ``<out>/records/``, each file through ``write_if_changed`` (atomic, untouched when equal).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from govnet.gcpause import gc_paused
from govnet.ipam import Plan
from govnet.model.types import Model
from govnet.records import forms, ledger, stats
from govnet.writer import write_if_changed

RECORDS_DIR = "records"


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
    """Unit id → the prefixes granted to it (the ``<zone> <family> unit <id>`` entries of the allocation), each
    written with its zone, e.g. ``public 10.64.1.16/28``, in key order."""
    found: dict[str, list[str]] = {}
    if plan is None:
        return found
    for key in sorted(plan.outcome.decisions):
        pool, _family, kind, subject = key.split(" ", 3)
        if kind == "unit":
            found.setdefault(subject, []).append(f"{pool} {plan.outcome.decisions[key]}")
    return found


def write_records(model: Model, out: Path, addresses: Mapping[str, Sequence[str]], *, pdf: bool = False,
                  only: Collection[str] | None = None, model_root: Path | None = None, date: str = "") -> Written:
    """Write the ledger, statistics and forms of the model's registry under ``out/records``.

    ``addresses``: unit id → granted prefixes (possibly empty). ``pdf``: also write each form as PDF.
    ``only``: unit ids whose forms to write (the ledger and statistics always cover every unit).
    ``model_root``: where the model's own templates/ may override the form's template.
    ``date``: the build date printed on the statistics (the model's commit date, so rebuilds stay identical).
    """
    if model.registry is None:
        return Written()
    # Like validation: many long-lived objects, few freed; full collector passes over the model cost seconds.
    with gc_paused():
        return _write(model, out, addresses, pdf, only, model_root, date)


def _write(model: Model, out: Path, addresses: Mapping[str, Sequence[str]], pdf: bool,
           only: Collection[str] | None, model_root: Path | None, date: str = "") -> Written:
    assert model.registry is not None
    written = Written()
    base = out / RECORDS_DIR
    table = ledger.rows(model, addresses)
    figures = stats.statistics(model)
    city_names = {site.key: site.name for site in model.sites if site.level == "city"}
    zone_titles = {zone.name: zone.title for zone in model.zones}
    summary = stats.summary_rows(figures, zone_titles, city_names)
    written.add(write_if_changed(base / "ledger.xlsx", ledger.to_xlsx(table, city_names, summary)))
    written.add(write_if_changed(base / "ledger.csv", ledger.to_csv(table)))
    written.add(write_if_changed(base / "ledger.json", ledger.to_json(table, figures)))
    written.add(write_if_changed(base / "statistics.md", stats.markdown(figures, zone_titles, city_names, date=date)))
    written.add(write_if_changed(base / "forms" / forms.FONT_COPY, forms.font_path().read_bytes()))
    for unit in model.registry.units:
        if only is not None and unit.id not in only:
            continue
        ctx = forms.context(model, unit, addresses.get(unit.id, ()))
        written.add(write_if_changed(base / "forms" / f"{unit.id}.html", forms.html(ctx, model_root)))
        if pdf:
            written.add(write_if_changed(base / "forms" / f"{unit.id}.pdf", forms.pdf(ctx)))
    return written
