"""The PDF forms' fast steps (govnet.records.pdffont) write what ReportLab writes: each step against ReportLab's own,
and whole forms drawn both ways, byte for byte."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfbase.ttfonts import TTFontFace
from reportlab.pdfgen.canvas import Canvas

from govnet.model.types import Model
from govnet.pipeline import validate
from govnet.records import formpdf, forms, pdffont

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
# 300 characters the shipped font has, from U+4E00 on: more than a subset's 256 codes
CJK = "".join(chr(c) for c in range(0x4E00, 0x9FA6) if c in getFont(formpdf.font()).face.charToGlyph)[:300]


@pytest.fixture(scope="module")
def model() -> Model:
    result = validate(MINI)
    assert result.model is not None
    return result.model


def _forms(model: Model) -> list[dict[str, object]]:
    """The fixture's forms, one with a history long enough for two pages and one using two font subsets, and
    text with what PDF strings escape."""
    assert model.registry is not None
    found = [forms.context(model, unit, ["public 10.128.0.16/28"]) for unit in model.registry.units]
    step = {"date": "2020-01-01", "action": "变更", "by": "江西省人力资源和社会保障厅（信息中心）\\",
            "document": "赣人社字〔2020〕1号", "remark": "带宽调整 (100M)"}
    found.append({**found[0], "history": [step] * 30})
    found.append({**found[0], "history": [{**step, "remark": CJK}]})
    found.append({**found[0], "area": "", "servers": []})
    return found


def test_forms_are_byte_for_byte_what_reportlab_alone_writes(model: Model) -> None:
    """At ReportLab's zlib level for the font (6), the fast path writes ReportLab's bytes."""
    made = [(formpdf.pdf(ctx, font_compression=6), formpdf.pdf(ctx, fast=False)) for ctx in _forms(model)]
    assert all(fast == slow for fast, slow in made)
    assert len({fast for fast, _ in made}) == len(made)  # the forms differ from one another
    assert b"/F2+1 " in made[-2][0]  # the form with 300 distinct characters needed a second subset


def _fonts(pdf: bytes) -> list[tuple[str, bytes, bytes, list[int]]]:
    """Each page's fonts: name, the embedded font file and ToUnicode map (inflated), the widths."""
    found = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for name, ref in sorted(page["/Resources"]["/Font"].items()):
            font = ref.get_object()
            if "/FontDescriptor" in font:
                found.append((name, font["/FontDescriptor"]["/FontFile2"].get_data(),
                              font["/ToUnicode"].get_data(), list(font["/Widths"])))
    return found


def test_forms_embed_the_same_font_subset_as_reportlab_compressed_faster(model: Model) -> None:
    """As the forms are written (the font deflated at zlib level 1): the same pages, text and embedded subsets
    as ReportLab's, only the font's compressed bytes differ."""
    for ctx in _forms(model):
        fast, slow = formpdf.pdf(ctx), formpdf.pdf(ctx, fast=False)
        assert fast != slow
        assert _fonts(fast) == _fonts(slow) and _fonts(fast)
        pages = [(PdfReader(io.BytesIO(pdf)).pages) for pdf in (fast, slow)]
        assert [p.get_contents().get_data() for p in pages[0]] == [p.get_contents().get_data() for p in pages[1]]
        assert [p.extract_text() for p in pages[0]] == [p.extract_text() for p in pages[1]]


@pytest.mark.parametrize("text", ["", "单位名称", "tcp/443 (a\\b)", "\u00a0年\u00a0\u00a0月",
                                  CJK + "、（）abc" + CJK[:9]])
def test_text_operator_is_what_draw_string_appends(text: str) -> None:
    name = formpdf.font()
    for size in (9.5, 17.0):
        canvas = Canvas(None)
        canvas.setFont(name, size)
        canvas.drawString(12.5, 700.25, text)
        direct = Canvas(None)
        direct.setFont(name, size)
        line = pdffont.text_op(getFont(name), direct._doc, 12.5, 700.25, text, size)
        assert line == canvas._code[-1]


def test_subset_is_what_reportlab_cuts() -> None:
    face = getFont(formpdf.font()).face
    assert isinstance(face, pdffont._Face)
    for subset in ([0, 32, 0x5355, 0x4F4D, ord("A")], [0, 0x10FFFD, 0x4E00], [0, *map(ord, CJK[:255])]):
        assert face.makeSubset(subset) == TTFontFace.makeSubset(face, subset)


@pytest.mark.parametrize("count", [0, 1, 10, 11, 20, 256])
def test_widths_are_written_as_a_pdf_array(count: int) -> None:
    widths = [1000, 535, 224, 0, 1000, 12][:count] * (count // 6 + 1)
    assert pdffont._Widths(widths[:count]).format(None) == pdfdoc.PDFArray(widths[:count]).format(None)


def test_records_without_pdf_do_not_parse_the_font(tmp_path: Path) -> None:
    """A build writes no PDF form: its records stage used to parse the CJK font all the same (half a second)."""
    script = (f"from pathlib import Path; from govnet.pipeline import validate; from govnet.records import "
              f"write_records; r = validate(Path({str(MINI)!r})); write_records(r.model, Path({str(tmp_path)!r}), {{}})"
              "; import sys; print('reportlab.pdfbase.ttfonts' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
    assert (tmp_path / "records" / "ledger.csv").is_file()


def test_split_string_gives_reportlabs_codes() -> None:
    """Text to subset codes as ReportLab numbers them, run after run in one document: new characters, known ones,
    a no-break space, a character the font lacks, a second subset."""
    fast, slow = getFont(formpdf.font()), getFont(formpdf.font(fast=False))
    runs = ["单位名称", "", "tcp/443\u00a0(a)", "\U0010fffd单", CJK, "、（）abc" + CJK[:9] + "单位"]
    docs = Canvas(None)._doc, Canvas(None)._doc
    assert [fast.splitString(t, docs[0]) for t in runs] == [slow.splitString(t, docs[1]) for t in runs]
    assert len({subset for t in runs for subset, _ in fast.splitString(t, docs[0])}) == 2


@pytest.mark.parametrize("workers", [1, 2])
def test_pdf_jobs_hand_each_form_over_as_it_arrives(model: Model, workers: int) -> None:
    """records --pdf writes each PDF when its worker finishes it: handed over in order, the same forms."""
    contexts = _forms(model) * 2  # eight or more: the forked workers are used
    got: list[tuple[int, bytes]] = []
    kept = forms.PdfJobs(contexts, workers).results(lambda done: None, lambda i, data: got.append((i, data)))
    assert kept == [] and [i for i, _ in got] == list(range(len(contexts)))
    assert [data for _, data in got] == forms.pdfs(contexts, 1, lambda done: None)
