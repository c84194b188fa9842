"""`govnet registry ...`: add units, move them through their lifecycle, list and show them.

Heavy imports happen inside the commands (`govnet --help` must stay fast).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from govnet.cli.output import translated
from govnet.errors import GovnetIOError, ModelErrors, UsageError
from govnet.i18n import N_, _

if TYPE_CHECKING:
    from govnet.model.types import Model
    from govnet.schema.registry import UnitSpec

registry_app = typer.Typer(help="The access registry (接入单位登记): add, approve, activate, suspend, resume, revoke, "
                           "set, list, show.", no_args_is_help=True,
                           context_settings={"help_option_names": ["-h", "--help"]})

# The model folder is a positional argument, as for every other command; -m/--model is the old spelling, kept
# working with a deprecation note.
ModelDirArg = Annotated[Path | None, typer.Argument(help="Model directory (default: current directory if it holds a "
                                                    "model, else the embedded Jiangxi example).", show_default=False)]
ModelOpt = Annotated[Path | None, typer.Option("-m", "--model", help="Deprecated: give the model directory as the "
                                               "last argument.", show_default=False, hidden=True)]
ByOpt = Annotated[str, typer.Option("--by", help="Who decided or did it (an office or a person).")]
DateOpt = Annotated[str | None, typer.Option("--date", help="Date of the entry, YYYY-MM-DD (default: today).",
                                             show_default=False)]
DocOpt = Annotated[str | None, typer.Option("--document", help="Document number (文号).", show_default=False)]
RemarkOpt = Annotated[str | None, typer.Option("--remark", help="Remark.", show_default=False)]
MOBILE = re.compile(r"^1[3-9]\d{9}$")


class Fmt(StrEnum):
    table = "table"
    json = "json"


def _fail(message: str) -> UsageError:
    """A usage error to raise; main() prints it and exits 2."""
    return UsageError(message)


def _root(model_dir: Path | None, model: Path | None = None) -> Path:
    from govnet.cli.output import resolve

    if model is not None:
        typer.echo(_("govnet: note: -m/--model is deprecated; give the model directory as the last argument, as "
                     "for every other command"), err=True)
        if model_dir is not None and model_dir != model:
            raise _fail(_("give the model directory once"))
    return resolve(model_dir or model)


def _date(text: str | None) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return _past("--date", dt.date.fromisoformat(text))
    except ValueError:
        raise _fail(_("--date must be YYYY-MM-DD, not '{date}'").format(date=text)) from None


def _date_option(flag: str, text: str) -> dt.date:
    try:
        return _past(flag, dt.date.fromisoformat(text))
    except ValueError:
        raise _fail(_("{flag} must be YYYY-MM-DD, not '{date}'").format(flag=flag, date=text)) from None


def _past(flag: str, day: dt.date) -> dt.date:
    """The registry records what happened: a day after today is a typo (2052 for 2025), not an entry to keep."""
    if day > dt.date.today():
        raise _fail(_("{flag} {date} is after today ({today}): the registry records what has happened").format(
            flag=flag, date=day.isoformat(), today=dt.date.today().isoformat()))
    return day


def _run_edit(action: Callable[[], str], done: str) -> None:
    # A refused edit (RefusedEdit) or a bad request (UsageError) goes to main(), which reports it.
    try:
        rel = action()
    except OSError as exc:
        raise GovnetIOError(_("cannot write the registry: {error}").format(error=exc.strerror or exc)) from None
    typer.echo(f"{done} ({rel})", err=True)


def _transition(action: str, unit: str, root: Path, by: str, date: str | None, document: str | None,
                remark: str | None, granted: str | None = None) -> None:
    from govnet.reference.units import parse_bandwidth
    from govnet.registry.edit import transition, unitless

    bits = None
    if granted is not None:
        bits = parse_bandwidth(granted)
        if bits is None:
            raise _fail(_("--granted: cannot read bandwidth '{value}' (write 100M, 1G ...)").format(value=granted))
        if unitless(granted):
            raise _fail(_("--granted: a number without a unit is bit/s; write the unit: {value}M, {value}G ...")
                        .format(value=granted))
    when = _date(date)
    _run_edit(lambda: transition(root, unit, action, by=by, date=when, document=document, remark=remark,
                                 granted=bits, waiting=lambda m: typer.echo(translated(m), err=True)),
              _("{unit}: {action} recorded").format(unit=unit, action=action))


@registry_app.command()
def approve(unit: Annotated[str, typer.Argument(help="Unit id.")], by: ByOpt,
            document: Annotated[str, typer.Option("--document", help="Approval document number (审批文号).")],
            model_dir: ModelDirArg = None,
            model: ModelOpt = None, date: DateOpt = None, remark: RemarkOpt = None,
            granted: Annotated[str | None, typer.Option("--granted", help="Granted bandwidth (default: requested).",
                                                        show_default=False)] = None) -> None:
    """Approve an applied unit (applied → approved)."""
    _transition("approve", unit, _root(model_dir, model), by, date, document, remark, granted)


@registry_app.command()
def activate(unit: Annotated[str, typer.Argument(help="Unit id.")], by: ByOpt, model_dir: ModelDirArg = None,
             model: ModelOpt = None,
             date: DateOpt = None, document: DocOpt = None, remark: RemarkOpt = None) -> None:
    """Record that an approved unit's line is installed and accepted (approved → active)."""
    _transition("activate", unit, _root(model_dir, model), by, date, document, remark)


@registry_app.command()
def suspend(unit: Annotated[str, typer.Argument(help="Unit id.")], by: ByOpt, model_dir: ModelDirArg = None,
            model: ModelOpt = None,
            date: DateOpt = None, document: DocOpt = None, remark: RemarkOpt = None) -> None:
    """Suspend an active unit (active → suspended)."""
    _transition("suspend", unit, _root(model_dir, model), by, date, document, remark)


@registry_app.command()
def resume(unit: Annotated[str, typer.Argument(help="Unit id.")], by: ByOpt, model_dir: ModelDirArg = None,
           model: ModelOpt = None,
           date: DateOpt = None, document: DocOpt = None, remark: RemarkOpt = None) -> None:
    """Resume a suspended unit (suspended → active)."""
    _transition("resume", unit, _root(model_dir, model), by, date, document, remark)


@registry_app.command()
def revoke(unit: Annotated[str, typer.Argument(help="Unit id.")], by: ByOpt, model_dir: ModelDirArg = None,
           model: ModelOpt = None,
           date: DateOpt = None, document: DocOpt = None, remark: RemarkOpt = None) -> None:
    """Revoke a unit's access (any status but revoked → revoked). The record and its id are kept."""
    _transition("revoke", unit, _root(model_dir, model), by, date, document, remark)


@registry_app.command("set")
def set_fields(
    unit: Annotated[str, typer.Argument(help="Unit id.")],
    assignments: Annotated[list[str], typer.Argument(
        help="FIELD=VALUE, e.g. granted=200M, tech=张三 tech_mobile=13800000000, mlps_level=3 "
             "mlps_filing=36010013001-20001 mlps_assessed=2026-03-01 (dotted paths too: contacts.head.name=...); "
             "then, optionally, the model directory.", show_default=False)],
    by: ByOpt, model: ModelOpt = None, date: DateOpt = None, document: DocOpt = None, remark: RemarkOpt = None,
) -> None:
    """Change a unit's bandwidth, contacts, MLPS record, line or address, with a 'change' history entry."""
    from govnet.registry.edit import EditError, NothingChanges, parse_assignment
    from govnet.registry.edit import set_fields as set_unit

    # The model directory comes last, as for every command; it is the one argument without '='. The assignments
    # are judged first: 'set UNIT bandwidth 10T' is a missing '=', not a model directory '10T' that does not exist.
    model_dir = Path(assignments[-1]) if assignments and "=" not in assignments[-1] else None
    assignments = assignments[:-1] if model_dir is not None else assignments
    if not assignments:
        raise _fail(_("no FIELD=VALUE given ('{last}' is read as the model directory): write e.g. granted=200M")
                    .format(last=model_dir))
    try:
        changes = dict(parse_assignment(a) for a in assignments)
    except EditError as exc:
        raise _fail(str(exc)) from None
    root = _root(model_dir, model)
    when = _date(date)
    try:
        _run_edit(lambda: set_unit(root, unit, changes, by=by, date=when, document=document, remark=remark),
                  _("{unit}: {fields} changed").format(unit=unit, fields=", ".join(changes)))
    except NothingChanges as exc:  # the unit is as asked: said, nothing written, exit 0
        typer.echo(translated(str(exc)), err=True)


def _load(root: Path) -> Model:
    from govnet.pipeline import validate

    result = validate(root)
    if result.model is None or result.model.registry is None:
        raise ModelErrors(_("the registry cannot be read: fix the errors above"), result.diagnostics)
    return result.model


# What the interactive add asks for, per value.
PROMPTS = {"name": N_("name"), "uscc": N_("uscc"), "division": N_("division"),
           "site": N_("site"), "access_class": N_("access class"), "zones": N_("zones"), "internet": N_("internet"),
           "bandwidth": N_("bandwidth"), "head": N_("head"), "head_mobile": N_("head mobile"),
           "tech": N_("tech"), "tech_mobile": N_("tech mobile")}


def _ask(label: str, check: Callable[[str], str | None], default: str | None = None) -> str:
    """Prompt until ``check`` accepts the answer (it returns an error sentence, or None). The loop is ours, not
    the prompt's value_proc: Click would print its refusal as 'Error: …' in English whatever the language."""
    while True:
        answer = str(typer.prompt(label, default=default)).strip()
        problem = check(answer)
        if not problem:
            return answer
        typer.echo(_("Error: {message}").format(message=problem))


def _checks(model: Model | None) -> dict[str, Callable[[str], str | None]]:
    """Checks of typed values; without a model, site and zones are judged by the write's own validation."""
    from govnet.reference.divisions import normal_division
    from govnet.reference.units import parse_bandwidth
    from govnet.registry import uscc
    from govnet.registry.edit import unitless

    zones = model.zone_by_name if model is not None else None

    def code(value: str) -> str | None:
        found = uscc.problems(value)
        return _("USCC {problem}").format(problem=found[0][1]) if found else None

    def site(value: str) -> str | None:
        if model is None:
            return None if value else _("a site is needed")
        return None if value in model.site_by_key else _("no site {site} in this model").format(site=value)

    def zone_list(value: str) -> str | None:
        if zones is None:
            return None if _split(value) else _("at least one zone")
        bad = [z for z in _split(value) if z not in zones]
        return _("unknown zone(s): {bad}; zones: {zones}").format(bad=", ".join(bad), zones=", ".join(zones)) \
            if bad or not _split(value) else None

    return {
        "name": lambda v: None if v else _("a name is needed"),
        "uscc": code,
        "division": lambda v: None if normal_division(v) else _(
            "6-digit GB/T 2260 code, 9-digit township or 12-digit village code"),
        "site": site,
        "access_class": lambda v: None if v in ("A", "B", "C", "D", "E", "F") else _("one of A, B, C, D, E, F"),
        "zones": zone_list,
        "internet": lambda v: None if v in ("none", "unified", "own") else _("none, unified or own"),
        "bandwidth": lambda v: None if parse_bandwidth(v) and not unitless(v) else _("write 20M, 100M, 1G ..."),
        "mobile": lambda v: None if MOBILE.fullmatch(v) else _("11 digits starting 13-19"),
        "text": lambda v: None if v else _("this is needed"),
    }


def _split(value: str) -> list[str]:
    return [z for z in re.split(r"[,\s]+", value) if z]


def _next_id(model: Model, site: str) -> str:
    prefix = f"{model.project.hostname_prefix}-{site}-"
    taken = {u.id for u in model.registry.units} if model.registry else set()
    n = 1
    while f"{prefix}{n:02d}" in taken:
        n += 1
    return f"{prefix}{n:02d}"


@registry_app.command()
def add(
    model_dir: ModelDirArg = None,
    model: ModelOpt = None,
    unit_id: Annotated[str | None, typer.Option("--id", help="Unit id (default: <prefix>-<site>-<nn>).",
                                                show_default=False)] = None,
    name: Annotated[str | None, typer.Option(help="Unit name (单位名称).", show_default=False)] = None,
    uscc_code: Annotated[str | None, typer.Option("--uscc", help="Unified social credit code.",
                                                  show_default=False)] = None,
    division: Annotated[str | None, typer.Option(help="Division code (6 or 9 digits).", show_default=False)] = None,
    site: Annotated[str | None, typer.Option(help="Attach site (division code or special site id).",
                                             show_default=False)] = None,
    access_class: Annotated[str | None, typer.Option("--class", help="Access class A-F.", show_default=False)] = None,
    zones: Annotated[str | None, typer.Option(help="Zones joined, comma-separated (e.g. public,hrss).",
                                              show_default=False)] = None,
    internet: Annotated[str | None, typer.Option(help="Internet exit: none, unified or own.",
                                                 show_default=False)] = None,
    bandwidth: Annotated[str | None, typer.Option(help="Requested bandwidth (e.g. 100M).", show_default=False)] = None,
    head: Annotated[str | None, typer.Option(help="Head of the unit (负责人).", show_default=False)] = None,
    head_mobile: Annotated[str | None, typer.Option(help="Head's mobile.", show_default=False)] = None,
    tech: Annotated[str | None, typer.Option(help="Technical contact (技术联系人).", show_default=False)] = None,
    tech_mobile: Annotated[str | None, typer.Option(help="Technical contact's mobile.", show_default=False)] = None,
    address: Annotated[str | None, typer.Option(help="Installation address.", show_default=False)] = None,
    mlps_level: Annotated[int | None, typer.Option("--mlps-level", min=1, max=5, help="MLPS level (等保级别) 1-5.",
                                                   show_default=False)] = None,
    mlps_filing: Annotated[str | None, typer.Option("--mlps-filing", help="MLPS filing number (等保备案号).",
                                                    show_default=False)] = None,
    mlps_assessed: Annotated[str | None, typer.Option("--mlps-assessed",
                                                      help="Date of the last MLPS assessment (测评): YYYY-MM-DD.",
                                                      show_default=False)] = None,
    by: Annotated[str | None, typer.Option("--by", help="Who applies (default: the unit itself).",
                                           show_default=False)] = None,
    date: DateOpt = None,
) -> None:
    """Register a new unit (status applied). Missing values are asked for when run on a terminal."""
    from govnet.registry.edit import add as add_unit

    root = _root(model_dir, model)
    # With every value given and an id, the add validates only what it changes: the queued write validates the
    # model with the unit in it (refusing with diagnostics), so 100 concurrent adds do not validate 100 times.
    complete = unit_id is not None and None not in (name, uscc_code, division, site, access_class, bandwidth, head,
                                                     head_mobile, tech, tech_mobile)
    loaded = None if complete else _load(root)
    checks = _checks(loaded)
    given: dict[str, str | None] = {
        "name": name, "uscc": uscc_code, "division": division, "site": site, "access_class": access_class,
        "zones": zones, "internet": internet, "bandwidth": bandwidth, "head": head, "head_mobile": head_mobile,
        "tech": tech, "tech_mobile": tech_mobile}
    kinds = {"head": "text", "tech": "text", "head_mobile": "mobile", "tech_mobile": "mobile"}
    defaults = {"zones": "public", "internet": "none"}
    def flag(key: str) -> str:
        return "--class" if key == "access_class" else f"--{key.replace('_', '-')}"

    for key, value in given.items():  # values given as flags are checked as strictly as typed ones
        if value is not None and (problem := checks[kinds.get(key, key)](value)):
            raise _fail(_("{flag}: {problem}").format(flag=flag(key), problem=problem))
    missing = [k for k, v in given.items() if v is None and k not in defaults]
    if missing and not sys.stdin.isatty():
        raise _fail(_("missing {flags} (or run on a terminal to be asked)").format(flags=", ".join(map(flag, missing))))
    interactive = sys.stdin.isatty()
    for key, value in given.items():
        if value is None and not interactive:
            given[key] = defaults[key]
        elif value is None:
            given[key] = _ask(_(PROMPTS[key]), checks[kinds.get(key, key)], defaults.get(key))
    values = {k: str(v) for k, v in given.items()}
    if (mlps_filing or mlps_assessed) and mlps_level is None:
        raise _fail(_("--mlps-filing and --mlps-assessed need --mlps-level"))
    mlps = None
    if mlps_level is not None:
        assessed = _date_option("--mlps-assessed", mlps_assessed) if mlps_assessed else None
        mlps = {"level": mlps_level, "filing": mlps_filing, "assessed": assessed}
    new_id = unit_id or _next_id(_load(root) if loaded is None else loaded, values["site"])
    unit: dict[str, Any] = {
        "id": new_id, "name": values["name"], "uscc": values["uscc"], "division": values["division"],
        "site": values["site"], "access_class": values["access_class"], "zones": _split(values["zones"]),
        "internet": values["internet"] if values["internet"] != "none" else None,
        "bandwidth": {"requested": values["bandwidth"]}, "address": address, "mlps": mlps,
        "contacts": {"head": {"name": values["head"], "mobile": values["head_mobile"]},
                     "technical": {"name": values["tech"], "mobile": values["tech_mobile"]}},
        "status": "applied",
        "history": [{"date": _date(date), "action": "apply", "by": by or values["name"]}],
    }
    _run_edit(lambda: add_unit(root, unit, waiting=lambda m: typer.echo(translated(m), err=True)),
              _("{unit}: registered").format(unit=new_id))
    typer.echo(new_id)


def _division_of(unit: UnitSpec) -> str:
    from govnet.checks.registry import normal_division

    return normal_division(unit.division) or unit.division


def _row(model: Model, unit: UnitSpec) -> dict[str, Any]:
    key = _division_of(unit)
    names = {s.key: s.name for s in model.sites}
    return {"id": unit.id, "name": unit.name, "class": unit.access_class, "status": unit.status,
            "site": unit.site, "city": names.get(key[:4], key[:4]) if len(key) >= 4 else "",
            "county": names.get(key[:6], key[:6]) if len(key) >= 6 else "", "zones": unit.zones,
            "internet": unit.internet}


def _check_filters(model: Model, *, city: str | None, county: str | None, zone: str | None,
                   access_class: str | None, status: str | None) -> None:
    """Refuse a filter value that matches nothing the model could hold (a typo would print an empty table)."""
    from govnet.registry import lifecycle as lc

    levels = {level: {s.key: s.name for s in model.sites if s.level == level} for level in ("city", "county")}
    zones = sorted({z.name for z in model.zones} | {"internet"})
    choices: list[tuple[str, str | None, list[str]]] = [
        ("--city", city, [*levels["city"], *levels["city"].values()]),
        ("--county", county, [*levels["county"], *levels["county"].values()]),
        ("--zone", zone, zones),
        ("--class", access_class.upper() if access_class else None, sorted(_CLASSES)),
        ("--status", status, list(lc.STATUS_ZH)),
    ]
    for flag, value, valid in choices:
        if value is not None and value not in valid:
            from govnet.diagnostics import did_you_mean
            from govnet.i18n.messages import translate

            shown = valid if len(valid) <= 20 else [*valid[:20], "..."]
            hint = did_you_mean(value, valid)
            raise _fail(_("{flag}: no such value '{value}'").format(flag=flag, value=value)
                        + (f"; {translate(hint)}" if hint else "")
                        + _("; choose one of: {choices}").format(choices=", ".join(shown)))


_CLASSES = ("A", "B", "C", "D", "E", "F")
# The table's columns: the keys of --format json (identifiers, English in every language), headed in the
# language of the run.
COLUMNS = (N_("id"), N_("name"), N_("class"), N_("status"), N_("site"), N_("city"), N_("county"), N_("zones"))


@registry_app.command("list")
def list_units(
    model_dir: ModelDirArg = None,
    model: ModelOpt = None,
    city: Annotated[str | None, typer.Option(help="City code or name.", show_default=False)] = None,
    county: Annotated[str | None, typer.Option(help="County code or name.", show_default=False)] = None,
    zone: Annotated[str | None, typer.Option(help="Zone joined.", show_default=False)] = None,
    access_class: Annotated[str | None, typer.Option("--class", help="Access class.", show_default=False)] = None,
    status: Annotated[str | None, typer.Option(help="Status.", show_default=False)] = None,
    fmt: Annotated[Fmt, typer.Option("--format", help="Output format.")] = Fmt.table,
) -> None:
    """List units, filtered. An unknown filter value is refused with the valid ones."""
    loaded = _load(_root(model_dir, model))
    assert loaded.registry is not None
    _check_filters(loaded, city=city, county=county, zone=zone, access_class=access_class, status=status)
    rows = []
    for unit in loaded.registry.units:
        row = _row(loaded, unit)
        key = _division_of(unit)
        if city and city not in (key[:4], row["city"]):
            continue
        if county and county not in (key[:6], row["county"]):
            continue
        if zone and zone not in unit.zones and not (zone == "internet" and unit.internet != "none"):
            continue
        if (access_class and unit.access_class != access_class.upper()) or (status and unit.status != status):
            continue
        rows.append(row)
    if fmt is Fmt.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    for column in COLUMNS:
        # folded, not cut with '…': Rich wraps at spaces, and a unit's Chinese name has none
        table.add_column(_(column), overflow="fold")
    for row in rows:
        table.add_row(*(", ".join(row[c]) if isinstance(row[c], list) else str(row[c]) for c in
                        COLUMNS))
    # Piped or redirected: no terminal width to fit, so nothing is cut (rich would assume 80 columns).
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 10_000)
    console.print(table)
    console.print(_("{count} unit(s)").format(count=len(rows)), markup=False)


_UNFOLDED = 1 << 30  # PyYAML's line width: never fold a value


def _written(value: Any) -> Any:
    """A record without its unset fields (None, empty lists and mappings), nested.

    >>> _written({"a": None, "b": [], "c": {"d": None, "e": 1}, "f": [{"g": None}]})
    {'c': {'e': 1}}
    """
    if isinstance(value, dict):
        kept = {k: _written(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v not in (None, [], {})}
    if isinstance(value, list):
        return [v for v in (_written(v) for v in value) if v not in (None, [], {})]
    return value


@registry_app.command()
def show(unit: Annotated[str, typer.Argument(help="Unit id.")], model_dir: ModelDirArg = None, model: ModelOpt = None,
         fmt: Annotated[Fmt, typer.Option("--format", help="Output format.")] = Fmt.table) -> None:
    """Show one unit's record."""
    loaded = _load(_root(model_dir, model))
    assert loaded.registry is not None
    found = loaded.registry.unit_by_id.get(unit)
    if found is None:
        from govnet.diagnostics import did_you_mean
        from govnet.i18n.messages import translate

        hint = did_you_mean(unit, loaded.registry.unit_by_id)
        raise _fail(_("no unit with id '{unit}'").format(unit=unit) + (f"; {translate(hint)}" if hint else ""))
    from govnet.reference.units import format_bandwidth

    data = found.model_dump(mode="json", exclude_defaults=False)
    # Bandwidths as the registry writes them (500M), not in bits per second, in both formats; JSON adds the
    # figure in bit/s under its own name for scripts that compute with it.
    bits = data["bandwidth"]
    data["bandwidth"] = {k: format_bandwidth(v) if isinstance(v, int) else v for k, v in bits.items()}
    if fmt is Fmt.json:
        data["bandwidth"] |= {f"{k}_bps": v for k, v in bits.items()}
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    import yaml

    # One line per value however long, on a terminal or in a pipe: a folded value would need unfolding to grep.
    # What the unit has, as a registry entry is written: no "phone: null", "servers: []" for what it has not.
    typer.echo(yaml.safe_dump(_written(data), allow_unicode=True, sort_keys=False, width=_UNFOLDED), nl=False)
