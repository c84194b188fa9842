"""The registration form (接入登记备案表) per unit: A4 HTML (Jinja2, autoescaped) and PDF (ReportLab).

Both take the same context, built once per unit from the model: the unit's data, the addresses granted, the
approval history, and blank signature and seal boxes.
"""

from __future__ import annotations

import importlib
import io
import ipaddress
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from govnet.checks.registry import CLASS_MEANING, normal_division
from govnet.model.types import Model
from govnet.reference.units import format_bandwidth
from govnet.registry import lifecycle as lc
from govnet.schema.registry import UnitSpec

TITLE = "电子政务外网接入登记备案表"
NOTE = "说明：本表由 govnet 根据接入单位登记信息生成，一式两份，申请单位与电子政务外网管理单位各存一份。"
FONT_FILE = "GovnetNotoSansSC-Regular.ttf"
FONT_NAME = "GovnetNotoSansSC"
FONT_COPY = "GovnetNotoSansSC-Regular.ttf"  # written beside the HTML forms, which name it in their @font-face
REVOKED_NONE = "无（单位已撤销）"
CLASS_ZH = {"A": "仅公用网络区", "B": "公用网络区＋统一互联网出口", "C": "公用网络区＋自有互联网出口",
            "D": "公用网络区＋专用网络区（＋统一互联网出口）", "E": "公用网络区＋专用网络区＋自有互联网出口",
            "F": "政务办公园区网络"}
assert set(CLASS_ZH) == set(CLASS_MEANING)


def font_path() -> Path:
    """The one CJK font govnet ships (a Noto Sans CJK SC subset with TrueType outlines, SIL OFL 1.1), added for
    the diagrams in govnet/draw/fonts/ (see its README); records use the same file."""
    try:  # the diagrams' loader, where it exists; the same file either way
        return Path(importlib.import_module("govnet.draw.fonts").font_path())
    except (ImportError, AttributeError):
        return Path(str(resources.files("govnet") / "draw" / "fonts" / FONT_FILE))


def site_names(model: Model) -> dict[str, str]:
    """Site key → name, the lookup every form makes (built once per run, not once per unit)."""
    return {site.key: site.name for site in model.sites}


def context(model: Model, unit: UnitSpec, addresses: Sequence[str],
            names: Mapping[str, str] | None = None) -> dict[str, Any]:
    names = site_names(model) if names is None else names
    key = normal_division(unit.division) or unit.division
    # province, city, county, township and village (a village unit's form stopped at its township)
    area = "".join(names.get(key[:n], "") for n in (2, 4, 6, 9, 12) if len(key) >= n) or unit.division
    titles = {zone.name: zone.title for zone in model.zones}
    period = ""
    if unit.period:
        period = f"{unit.period.start} 至 {unit.period.end}" if unit.period.end else f"{unit.period.start} 起长期"
    return {
        "title": TITLE, "u": unit, "status": lc.STATUS_ZH[unit.status], "area": area,
        "site": f"{unit.site} {names.get(unit.site, '')}".strip(), "class_meaning": CLASS_ZH[unit.access_class],
        "internet": lc.INTERNET_ZH[unit.internet], "zones": "、".join(titles.get(z, z) for z in unit.zones),
        "requested": format_bandwidth(unit.bandwidth.requested),
        "granted": format_bandwidth(unit.bandwidth.granted) if unit.bandwidth.granted else "（待批准）",
        "line_type": unit.line.type if unit.line else "", "carrier": unit.line.carrier if unit.line else "",
        "period": period, "servers": server_lines(unit), "font_file": FONT_COPY,
        "mlps_level": f"第{unit.mlps.level}级" if unit.mlps else "未定级",
        "mlps_filing": (unit.mlps.filing or "") if unit.mlps else "",
        "mlps_assessed": str(unit.mlps.assessed) if unit.mlps and unit.mlps.assessed else "",
        # a revoked unit holds no addresses: the form said （尚未分配）, "not allocated yet", as for a new unit
        "addresses": [granted_line(a, titles) for a in addresses] or ([REVOKED_NONE] if unit.status == "revoked"
                                                                      else []),
        "history": [{"date": str(h.date), "action": lc.ACTION_ZH[h.action], "by": h.by, "document": h.document or "",
                     "remark": h.remark or ""} for h in unit.history],
    }


def zone_address(entry: str, titles: Mapping[str, str]) -> str:
    """``public 10.64.1.16/28`` as a clerk reads it: the zone's Chinese title, then the prefix.

    >>> zone_address("public 10.64.1.16/28", {"public": "公用网络区"})
    '公用网络区 10.64.1.16/28'
    """
    zone, _, prefix = entry.partition(" ")
    return f"{titles.get(zone, zone)} {prefix}" if prefix else entry


def granted_line(entry: str, titles: Mapping[str, str]) -> str:
    """A granted subnet as handed to the unit: the zone's title, the prefix and the gateway its attach router's
    sub-interface takes (the subnet's first address, govnet.render.units), which the unit's own router points at.

    >>> granted_line("public 10.64.1.16/28", {"public": "公用网络区"})
    '公用网络区 10.64.1.16/28（网关 10.64.1.17）'
    >>> granted_line("public 2001:db8:20::/64", {})
    'public 2001:db8:20::/64（网关 2001:db8:20::1）'
    """
    text = zone_address(entry, titles)
    try:
        net = ipaddress.ip_network(entry.partition(" ")[2])
    except ValueError:
        return text
    return f"{text}（网关 {net.network_address + 1}）" if net.num_addresses > 2 else text


def server_lines(unit: UnitSpec) -> list[str]:
    """A line per server and per fact about it, so no wrapped line starts with a comma."""
    found = []
    for srv in unit.servers:
        parts = [srv.name + (f"（{srv.purpose}）" if srv.purpose else "")]
        if srv.public:
            parts.append("对互联网提供服务" + (f"：{'、'.join(srv.ports)}" if srv.ports else ""))
            if srv.filing:
                parts.append(f"公安联网备案号：{srv.filing}")
        found += parts
    return found


@cache
def _template(model_root: Path | None) -> Any:
    from jinja2 import StrictUndefined

    from govnet.source.templates import sandboxed_environment

    env = sandboxed_environment(model_root, autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
    return env.get_template("records/form.html.j2")


def template_source(model_root: Path | None) -> str:
    """The form template's text (the model's override or the packaged one): part of each form's fingerprint."""
    env = _template(model_root).environment
    source: str = env.loader.get_source(env, "records/form.html.j2")[0]
    return source


def pdfs(contexts: Sequence[Mapping[str, Any]], workers: int, progress: Callable[[int], None], *,
         fast: bool = True) -> list[bytes]:
    """Many forms as PDF, in order, in ``workers`` processes (ReportLab is pure Python: one core per form).
    ``fast``: drawn on the canvas (govnet.records.formpdf) rather than laid out by platypus (``pdf`` here)."""
    return PdfJobs(contexts, workers, fast=fast).results(progress)


class PdfJobs:
    """Forms as PDF, started in worker processes when made (so the caller can do other work meanwhile, such as the
    HTML forms) and collected in order by ``results``; made by ``results`` itself with one worker or few forms."""

    def __init__(self, contexts: Sequence[Mapping[str, Any]], workers: int, *, fast: bool = True) -> None:
        import multiprocessing
        import os
        from concurrent.futures import ProcessPoolExecutor

        from govnet.forked import die_with_parent
        from govnet.records import formpdf

        self.contexts = contexts
        self.render: Callable[[Mapping[str, Any]], bytes] = formpdf.pdf if fast else pdf
        self.pool: ProcessPoolExecutor | None = None
        self.made: Iterator[bytes] | None = None
        if not contexts:  # no form to make (a build writes none): the font is not parsed (half a second)
            return
        formpdf.font() if fast else _styles()  # the font parsed once here, before any worker is forked
        if workers <= 1 or len(contexts) < 8:
            return
        # Forked workers inherit the contexts and the parsed font: each is sent an index, not a pickled unit.
        fork = "fork" in multiprocessing.get_all_start_methods()
        _JOBS[:] = [(self.render, contexts)] if fork else []
        chunk = max(1, min(32, len(contexts) // (workers * 4)))
        self.pool = ProcessPoolExecutor(max_workers=workers,
                                        mp_context=multiprocessing.get_context("fork") if fork else None,
                                        initializer=die_with_parent, initargs=(os.getpid(),))
        self.made = (self.pool.map(_pdf_job, range(len(contexts)), chunksize=chunk) if fork
                     else self.pool.map(self.render, contexts, chunksize=chunk))

    def results(self, progress: Callable[[int], None],
                each: Callable[[int, bytes], None] | None = None) -> list[bytes]:
        """The forms in order; with ``each``, each is handed to it (index, PDF) when it arrives and not kept."""
        found = []
        made = self.made if self.made is not None else map(self.render, self.contexts)
        try:
            for i, data in enumerate(made, 1):
                if each is None:
                    found.append(data)
                else:
                    each(i - 1, data)
                if i % 50 == 0 or i == len(self.contexts):
                    progress(i)
        finally:
            self.close()
        return found

    def close(self) -> None:
        """Stop the workers (forms not started yet are dropped): after ``results``, or when the caller fails."""
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None
        _JOBS.clear()


_JOBS: list[tuple[Callable[[Mapping[str, Any]], bytes], Sequence[Mapping[str, Any]]]] = []  # for forked workers


def _pdf_job(index: int) -> bytes:
    """In a forked worker: the form of the context the parent listed at ``index``."""
    render, contexts = _JOBS[0]
    return render(contexts[index])


def html(ctx: Mapping[str, Any], model_root: Path | None = None, *, fast: bool = True) -> str:
    """The HTML form; a model's own templates/records/form.html.j2 replaces the packaged one. ``fast``: a template
    of the shipped one's shape is filled in by govnet.records.formhtml (the same text, without Jinja2's overhead)."""
    render = fast_renderer(model_root) if fast else None
    if render is not None:
        return render(ctx)
    text: str = _template(model_root).render(**ctx)
    return text


@cache
def fast_renderer(model_root: Path | None) -> Callable[[Mapping[str, Any]], str] | None:
    """The form's fast path for the model's form template (govnet.records.formhtml), None when that template is
    not of the shipped one's shape (Jinja2 renders it)."""
    from govnet.records.formhtml import compile_form

    return compile_form(template_source(model_root))


@cache
def _styles() -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(FONT_NAME, str(font_path())))
    base = ParagraphStyle("cell", fontName=FONT_NAME, fontSize=9.5, leading=13, wordWrap="CJK")
    return {
        "cell": base,
        "head": ParagraphStyle("head", parent=base, alignment=1, fontSize=10.5),
        "title": ParagraphStyle("title", parent=base, fontSize=17, leading=24, alignment=1, spaceAfter=6),
        "meta": ParagraphStyle("meta", parent=base, fontSize=9),
        "meta_right": ParagraphStyle("meta_right", parent=base, fontSize=9, alignment=2),
        "right": ParagraphStyle("right", parent=base, alignment=2),
    }


def pdf(ctx: Mapping[str, Any]) -> bytes:
    """The same form as a PDF: A4, embedded CJK font, no timestamps (byte-identical rebuilds)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    from reportlab.platypus.flowables import Flowable

    s = _styles()
    u: UnitSpec = ctx["u"]

    def p(text: object, style: str = "cell") -> Paragraph:
        escaped = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return Paragraph(escaped.replace("\n", "<br/>"), s[style])

    from govnet.records.formpdf import rows as form_rows

    # the rows have one home (formpdf.rows, which the canvas path draws): here they become platypus cells
    rows: list[list[Flowable | str]] = []
    spans: list[tuple[str, tuple[int, int], tuple[int, int]]] = []
    sections: list[int] = []
    for cells, is_section in form_rows(ctx):
        line: list[Flowable | str] = []
        if is_section:
            sections.append(len(rows))
        for cell in cells:
            if cell.columns > 1:
                spans.append(("SPAN", (len(line), len(rows)), (len(line) + cell.columns - 1, len(rows))))
            line += [p(cell.text, "head" if cell.head else "cell"), *[""] * (cell.columns - 1)]
        rows.append(line)

    width = A4[0] - 30 * mm
    table = Table(rows, colWidths=[width * 0.2, width * 0.3, width * 0.2, width * 0.3], repeatRows=0)
    style = [("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"), *spans]
    style += [("BACKGROUND", (0, r), (-1, r), colors.HexColor("#dddddd")) for r in sections]
    table.setStyle(TableStyle(style))
    # ReportLab collapses runs of spaces (U+3000 too): the room to write a date is kept with no-break spaces.
    gap = "\u00a0" * 8
    seal = [p("（盖章）", "right"), p(f"年{gap}月{gap}日", "right")]
    sign = Table([[p("申请单位意见："), p("审批单位意见：")], [seal, seal]], colWidths=[width / 2, width / 2],
                 rowHeights=[24 * mm, 12 * mm])
    sign.setStyle(TableStyle([("BOX", (0, 0), (0, -1), 0.6, colors.black), ("BOX", (1, 0), (1, -1), 0.6, colors.black),
                              ("VALIGN", (0, 0), (-1, 0), "TOP"), ("VALIGN", (0, 1), (-1, 1), "BOTTOM"),
                              ("RIGHTPADDING", (0, 1), (-1, 1), 12 * mm)]))
    meta = Table([[p(f"单位编号：{u.id}", "meta"), p(f"状态：{ctx['status']}", "meta_right")]],
                 colWidths=[width / 2, width / 2])
    meta.setStyle(TableStyle([("LEFTPADDING", (0, 0), (0, 0), 0), ("RIGHTPADDING", (1, 0), (1, 0), 0)]))
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=f"{TITLE} {u.id}", author="govnet", creator="govnet",
                            subject=u.name, invariant=1)
    doc.build([p(TITLE, "title"), meta, Spacer(1, 2 * mm), table,
               Spacer(1, 4 * mm), sign, Spacer(1, 2 * mm),
               p(NOTE, "meta")])
    return out.getvalue()
