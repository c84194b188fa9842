"""A contact named 王堃 (堃: in 《通用规范汉字表》, not in GB 2312) prints as 堃 on the registration form, PDF and HTML,
not as an empty box: the embedded font subset and the font beside the HTML forms both draw it."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from govnet.model.types import Model
from govnet.pipeline import validate
from govnet.records import formpdf, forms, write_records

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
NAME = "王堃"


@pytest.fixture(scope="module")
def model() -> Model:
    result = validate(MINI)
    assert result.model is not None and result.model.registry is not None
    return result.model


def _inked(font: TTFont, glyph: str) -> bool:
    """Whether ``glyph`` has an outline: .notdef or an empty glyph is what prints as a box or as nothing."""
    pen = BoundsPen(font.getGlyphSet())
    font.getGlyphSet()[glyph].draw(pen)
    return glyph != ".notdef" and pen.bounds is not None


def _pdf_glyph(pdf: bytes, char: str) -> bool:
    """Whether the PDF's embedded font subset that holds ``char`` (found through its ToUnicode map) has an outline
    for it."""
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            if "/FontDescriptor" not in font:
                continue
            tounicode = font["/ToUnicode"].get_data().decode("latin-1")
            codes = [int(code, 16) for code, uni in re.findall(r"<([0-9A-F]{2})> <([0-9A-F]{4})>", tounicode)
                     if chr(int(uni, 16)) == char]
            if not codes:
                continue
            embedded = TTFont(io.BytesIO(font["/FontDescriptor"]["/FontFile2"].get_data()))
            glyph = embedded["cmap"].getcmap(1, 0).cmap.get(codes[0], ".notdef")
            return _inked(embedded, glyph)
    return False


def test_a_contact_named_wang_kun_prints_on_the_pdf_and_html_form(model: Model, tmp_path: Path) -> None:
    assert model.registry is not None
    unit = model.registry.units[0]
    named = unit.model_copy(update={"contacts": unit.contacts.model_copy(
        update={"technical": unit.contacts.technical.model_copy(update={"name": NAME})})})
    pdf = formpdf.pdf(forms.context(model, named, []))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert NAME in text
    assert _pdf_glyph(pdf, "堃") and _pdf_glyph(pdf, "王")
    assert not _pdf_glyph(pdf, "𠀀")  # the check can fail: a character the form does not hold

    html = forms.html(forms.context(model, named, []))
    assert NAME in html and f'url("{forms.FONT_COPY}")' in html
    with TTFont(forms.font_path()) as font:  # the file written beside the HTML forms as FONT_COPY
        assert _inked(font, font.getBestCmap()[ord("堃")])


def test_the_written_forms_carry_the_font_that_draws_it(model: Model, tmp_path: Path) -> None:
    write_records(model, tmp_path, {}, pdf=False)
    with TTFont(tmp_path / "records" / "forms" / forms.FONT_COPY) as font:
        cmap = font.getBestCmap()
        assert all(_inked(font, cmap[ord(c)]) for c in "堃镕赟媞䶮")
