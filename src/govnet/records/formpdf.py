"""The registration form as PDF, drawn straight on a ReportLab canvas: the fast path of ``forms.pdf``.

``forms.pdf`` lays the form out with platypus (paragraphs in a table), which costs ~20 ms a form, mostly in
paragraph and table layout; the province's 3,072 forms took minutes. This module draws the same rows, in the same
columns, fonts and sizes, with text wrapped here (per CJK character, never inside an ASCII word, never before a
closing mark) and measured by the font's own widths, at a fraction of the cost. tests/test_records.py holds the
two paths to the same text. The signature block is kept whole on one page (platypus split it after the opinion
boxes when a long history filled the first page). The font's subset, its widths and the text operators are
written by govnet.records.pdffont: ReportLab's bytes in less time (``pdf(ctx, fast=False)`` is ReportLab alone).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from govnet.records import forms

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

MM = 72 / 25.4
PAGE_W, PAGE_H = 595.2755905511812, 841.8897637795277  # reportlab.lib.pagesizes.A4
MARGIN = 15 * MM
WIDTH = PAGE_W - 2 * MARGIN
COLUMNS = (0.2, 0.3, 0.2, 0.3)  # of WIDTH, as forms.pdf
PAD_X, PAD_Y = 6.0, 3.0  # platypus' default cell padding
SIZE, LEADING = 9.5, 13.0  # table text
HEAD_SIZE = 10.5  # section titles
META_SIZE = 9.0
TITLE_SIZE, TITLE_LEADING = 17.0, 24.0
RULE = 0.6
GREY = (0xDD / 255,) * 3
SIGN_TOP, SIGN_BOTTOM = 24 * MM, 12 * MM  # opinion row, seal and date row
DATE_GAP = 8  # no-break spaces between 年, 月 and 日 in forms.pdf: the room to write a date

# zlib level of the embedded font subset: at ReportLab's 6 deflating the ~40 KB subset was a third of a form's time;
# at 1 it takes 40% less time for a 5% larger subset (about 1.5 KB more a form).
FONT_COMPRESSION = 1
SPLIT_LINES = 3  # the fewest lines of a long row worth starting at the bottom of a page
PAGE_LINES = int((PAGE_H - 2 * MARGIN - 2 * PAD_Y) // LEADING)  # lines of one cell a page holds
_TOKEN = re.compile(r"[\x21-\x7e]+|\s|.")
_CLOSING = set("，。、；：！？）》」』】〕·,;:)")


FONT = forms.FONT_NAME + "-Forms"  # the same file as the platypus path's font, registered its own way (below)


@cache
def font(fast: bool = True) -> str:
    """Register the shipped CJK font with ReportLab once a process (parsing it costs most of a second); its name.

    asciiReadable=False: ReportLab embeds a TrueType font in subsets of 256 glyphs, and by default keeps the
    ASCII codes of the first one for ASCII, so a form's ~200 Chinese characters needed two embedded subsets;
    without that reservation they fit one, which made a form a third cheaper and 15% smaller. Text extraction
    is unchanged (each subset carries its ToUnicode map); only the raw content stream no longer shows ASCII.
    ``fast``: subset and widths written by govnet.records.pdffont (the same bytes); False: ReportLab's own font,
    under another name (the name is not written in the PDF), the reference the tests compare with."""
    from reportlab.pdfbase import pdfmetrics

    from govnet.records.pdffont import make_font

    name = FONT if fast else FONT + "-Reference"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(make_font(name, str(forms.font_path()), fast=fast))
    return name


def width(text: str, size: float) -> float:
    """The advance of ``text`` at ``size`` points (the font has no kerning: widths add up)."""
    return sum(map(_ADVANCES.__getitem__, text)) * size


class _Advances(dict[str, float]):
    """One character's advance at 1 point, asked of the font once a process: forms measure the same few hundred
    characters thousands of times."""

    def __missing__(self, char: str) -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        found = self[char] = float(stringWidth(char, font(), 1000)) / 1000
        return found


_ADVANCES = _Advances()


def wrap(text: str, room: float, size: float = SIZE) -> list[str]:
    """Lines of ``text`` that fit ``room`` points: explicit newlines kept, breaks between CJK characters and at
    spaces, an ASCII run (an address, a number) broken only when it alone is wider than the room."""
    return list(_wrapped(text, room, size))


@lru_cache(maxsize=4096)  # every form wraps the same labels in the same cells
def _wrapped(text: str, room: float, size: float) -> tuple[str, ...]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current, used = "", 0.0
        for token in _tokens(paragraph):
            w = width(token, size)
            if current and used + w > room and not token.isspace():
                lines.append(current.rstrip())
                current, used = "", 0.0
            if not current and token.isspace():
                continue
            if w > room and len(token) > 1:  # a single run wider than the cell: cut it, nothing else
                token = _cut(token, room, size, lines)
                w = width(token, size)
            current += token
            used += w
        lines.append(current.rstrip())
    return tuple(lines)


def _cut(token: str, room: float, size: float, lines: list[str]) -> str:
    """Lines of the longest heads of ``token`` that fit ``room`` (at least one character each) added to
    ``lines``; the rest, which fits, returned. Each head is measured once, on running widths (the same sums as
    ``width``): trying shorter and shorter heads was cubic, and a 30,000-character LAN line took minutes."""
    while len(token) > 1:
        fits = 0
        for total in accumulate(map(_ADVANCES.__getitem__, token)):
            if total * size > room:
                break
            fits += 1
        else:
            return token
        cut = max(1, min(fits, len(token) - 1))
        lines.append(token[:cut])
        token = token[cut:]
    return token


def _tokens(text: str) -> list[str]:
    """Pieces a line may break between; a closing mark stays with what precedes it.

    >>> _tokens("门户网站（对外），tcp/443")
    ['门', '户', '网', '站', '（', '对', '外），', 'tcp/443']
    """
    found: list[str] = []
    for piece in _TOKEN.findall(text):
        if found and piece in _CLOSING:
            found[-1] += piece
        else:
            found.append(piece)
    return found


@dataclass(frozen=True)
class Cell:
    text: str
    columns: int = 1  # how many of the four columns it spans
    head: bool = False  # a section title: centred, larger


Row = tuple[Cell, ...]


def rows(ctx: Mapping[str, Any]) -> list[tuple[Row, bool]]:
    """The table's rows (cells, is a section title), in forms.pdf's order."""
    u = ctx["u"]
    found: list[tuple[Row, bool]] = []

    def section(title: str) -> None:
        found.append(((Cell(title, 4, head=True),), True))

    def pair(a: str, av: object, b: str, bv: object) -> None:
        found.append(((Cell(a), Cell(str(av)), Cell(b), Cell(str(bv))), False))

    def wide(a: str, av: object) -> None:
        found.append(((Cell(a), Cell(str(av), 3)), False))

    section("一、单位基本信息")
    wide("单位名称", u.name)
    pair("统一社会信用代码", u.uscc, "行政区划代码", u.division)
    pair("所在地区", ctx["area"], "接入节点", ctx["site"])
    pair("单位负责人", u.contacts.head.name, "手机", u.contacts.head.mobile)
    pair("技术联系人", u.contacts.technical.name, "手机", u.contacts.technical.mobile)
    section("二、接入需求")
    pair("接入类别", f"{u.access_class} 类（{ctx['class_meaning']}）", "互联网出口", ctx["internet"])
    wide("接入区域", ctx["zones"])
    pair("申请带宽", ctx["requested"], "批准带宽", ctx["granted"])
    pair("线路类型", ctx["line_type"], "运营商", ctx["carrier"])
    wide("安装地址", u.address or "")
    wide("局域网情况", u.lan or "")
    wide("使用期限", ctx["period"])
    wide("服务器及对外服务", "\n".join(ctx["servers"]) or "无")
    section("三、网络安全等级保护")
    pair("等保级别", ctx["mlps_level"], "备案编号", ctx["mlps_filing"])
    wide("最近测评日期", ctx["mlps_assessed"])
    section("四、分配的电子政务外网地址")
    found.append(((Cell("\n".join(ctx["addresses"]) or "（尚未分配）", 4),), False))
    section("五、审批及变更记录")
    found.append(((Cell("日期"), Cell("事项"), Cell("经办单位／人"), Cell("文号／备注")), False))
    for h in ctx["history"] or [{"date": "无", "action": "", "by": "", "document": "", "remark": ""}]:
        note = "；".join(x for x in (h["document"], h["remark"]) if x)
        found.append(((Cell(h["date"]), Cell(h["action"]), Cell(h["by"]), Cell(note)), False))
    return found


def pdf(ctx: Mapping[str, Any], *, fast: bool = True, font_compression: int = FONT_COMPRESSION) -> bytes:
    """The form as PDF: A4, the embedded CJK font (the glyphs it uses), no timestamps (byte-identical rebuilds).
    ``fast=False`` draws it with ReportLab alone (drawString, its own font subsetting, its zlib level 6 for the
    font); with ``font_compression=6`` the fast path writes the same bytes."""
    from reportlab.pdfgen.canvas import Canvas

    from govnet.records import pdffont

    out = io.BytesIO()
    u = ctx["u"]
    canvas = Canvas(out, pagesize=(PAGE_W, PAGE_H), invariant=1, pageCompression=None)
    if fast:
        setattr(canvas._doc, pdffont.FONT_COMPRESSION, font_compression)
    canvas.setTitle(f"{forms.TITLE} {u.id}")
    canvas.setAuthor("govnet")
    canvas.setCreator("govnet")
    canvas.setSubject(u.name)
    page = _Page(canvas, fast, f"单位编号：{u.id}")
    page.title(forms.TITLE)
    page.meta(f"单位编号：{u.id}", f"状态：{ctx['status']}")
    page.y -= 2 * MM
    for cells, section in rows(ctx):
        page.row(cells, section)
    page.y -= 4 * MM
    note = wrap(forms.NOTE, WIDTH, META_SIZE)
    page.fit(SIGN_TOP + SIGN_BOTTOM + 2 * MM + len(note) * LEADING)  # the note stays under the signatures
    page.signatures()
    page.y -= 2 * MM
    page.note(note)
    page.finish()
    canvas.save()
    return out.getvalue()


class _Page:
    """The pen: where the next block goes, and a new page when it does not fit above the bottom margin."""

    def __init__(self, canvas: Canvas, fast: bool, footer: str = "") -> None:
        from reportlab.pdfbase.pdfmetrics import getFont

        from govnet.records.pdffont import text_op

        self.text_op = text_op
        self.canvas = canvas
        self.fast = fast
        self.font = font(fast)
        self.ttf = getFont(self.font)
        self.y = PAGE_H - MARGIN
        self.size = 0.0
        self.footer = footer
        self.number = 1

    def fit(self, height: float) -> None:
        if self.y - height < MARGIN and self.y < PAGE_H - MARGIN:
            self._foot("续下页")
            self.end_page()
            self.number += 1
            self.y = PAGE_H - MARGIN

    def finish(self) -> None:
        """The last page; a form that ran over pages says on each which unit it is and where it goes on: a loose
        second page of 40 servers named no unit."""
        if self.number > 1:
            self._foot("完")
        self.end_page()

    def _foot(self, state: str) -> None:
        if self.footer:
            self.text(MARGIN, MARGIN / 2, self.footer, META_SIZE)
            self.text(PAGE_W - MARGIN, MARGIN / 2, f"第 {self.number} 页（{state}）", META_SIZE, "right")

    def end_page(self) -> None:
        self.canvas.showPage()
        self.size = 0.0

    def text(self, x: float, y: float, text: str, size: float, align: str = "left") -> None:
        """One run of text (its own text object: a reader extracting the page sees the runs apart)."""
        if size != self.size:
            self.canvas.setFont(self.font, size)
            self.size = size
        if align == "right":
            x -= width(text, size)
        elif align == "centre":
            x -= width(text, size) / 2
        if self.fast:  # what drawString appends, without its text object (pdffont.text_op)
            self.canvas._code.append(self.text_op(self.ttf, self.canvas._doc, x, y, text, size))
        else:
            self.canvas.drawString(x, y, text)

    def title(self, text: str) -> None:
        self.text(PAGE_W / 2, self.y - TITLE_SIZE, text, TITLE_SIZE, "centre")
        self.y -= TITLE_LEADING + 6

    def meta(self, left: str, right: str) -> None:
        self.y -= PAD_Y + META_SIZE
        self.text(MARGIN, self.y, left, META_SIZE)
        self.text(PAGE_W - MARGIN, self.y, right, META_SIZE, "right")
        self.y -= PAD_Y + 2

    def row(self, cells: Row, section: bool) -> None:
        edges = list(_edges(cells))
        size = HEAD_SIZE if section else SIZE
        lines = [wrap(cell.text, right - left - 2 * PAD_X, size)
                 for cell, (left, right) in zip(cells, edges, strict=True)]
        tallest = max(len(found) for found in lines)
        # A row taller than a page goes on over the next pages: drawn whole, it ran off the bottom of the page and
        # the rest of a long address or LAN text was lost to the printout. A row that does not fit starts in the
        # room left on this page when that holds a few lines (a list of 40 servers left half of page 1 blank).
        first = 0
        while first < tallest:
            room = int((self.y - MARGIN - 2 * PAD_Y) // LEADING)
            take = min(PAGE_LINES, tallest - first)
            if take > room >= SPLIT_LINES and tallest > PAGE_LINES // 4:
                take = room
            self._row(cells, edges, size, section, [found[first:first + take] for found in lines])
            first += take

    def _row(self, cells: Row, edges: list[tuple[float, float]], size: float, section: bool,
             lines: list[Sequence[str]]) -> None:
        height = max(len(found) for found in lines) * LEADING + 2 * PAD_Y
        self.fit(height)
        top, bottom = self.y, self.y - height
        c = self.canvas
        c.setLineWidth(RULE)
        if section:
            c.setFillColorRGB(*GREY)
            c.rect(MARGIN, bottom, WIDTH, height, stroke=0, fill=1)
            c.setFillColorRGB(0, 0, 0)
        for (left, right), cell, found in zip(edges, cells, lines, strict=True):
            c.rect(left, bottom, right - left, height, stroke=1, fill=0)
            baseline = top - PAD_Y - size
            for line in found:
                if cell.head:
                    self.text((left + right) / 2, baseline, line, size, "centre")
                else:
                    self.text(left + PAD_X, baseline, line, size)
                baseline -= LEADING
        self.y = bottom

    def signatures(self) -> None:
        """申请单位意见 and 审批单位意见 side by side, each with （盖章） and the date at its bottom right."""
        height = SIGN_TOP + SIGN_BOTTOM
        self.fit(height)
        top, half = self.y, WIDTH / 2
        gap = width("\u00a0" * DATE_GAP, SIZE)
        c = self.canvas
        c.setLineWidth(RULE)
        for i, label in enumerate(("申请单位意见：", "审批单位意见：")):
            left = MARGIN + i * half
            c.rect(left, top - height, half, height, stroke=1, fill=0)
            self.text(left + PAD_X, top - PAD_Y - SIZE, label, SIZE)
        date_line = top - height + PAD_Y + (LEADING - SIZE) + 2
        parts = ("年", "月", "日")
        for i in range(2):
            right = MARGIN + (i + 1) * half - 12 * MM  # the room platypus kept right of the seal
            self.text(right, date_line + LEADING, "（盖章）", SIZE, "right")
            x = right - sum(width(part, SIZE) for part in parts) - 2 * gap
            for part in parts:  # each with the room to write its number after it
                self.text(x, date_line, part, SIZE)
                x += width(part, SIZE) + gap
        self.y = top - height

    def note(self, lines: list[str]) -> None:
        for line in lines:
            self.fit(LEADING)
            self.text(MARGIN, self.y - META_SIZE - PAD_Y, line, META_SIZE)
            self.y -= LEADING


def _edges(cells: Sequence[Cell]) -> Iterator[tuple[float, float]]:
    """Left and right x of each cell of a row, spans included."""
    x, column = MARGIN, 0
    for cell in cells:
        span = sum(COLUMNS[column:column + cell.columns]) * WIDTH
        yield x, x + span
        x, column = x + span, column + cell.columns
