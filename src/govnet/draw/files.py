"""From a model to diagram files: which drawings a view makes, in which formats, under which names."""

from __future__ import annotations

from collections.abc import Sequence

from govnet.draw.compose import ViewOptions
from govnet.draw.scene import Drawing
from govnet.draw.views import build_drawings
from govnet.model.types import Model

IMAGE_FORMATS = ("png", "svg", "pdf")
TEXT_FORMATS = ("dot", "mermaid")
FORMATS = IMAGE_FORMATS + TEXT_FORMATS
EXTENSIONS = {"png": "png", "svg": "svg", "pdf": "pdf", "dot": "dot", "mermaid": "mmd"}


def file_name(drawing: Drawing, fmt: str) -> str:
    """'province.png', 'city-3601.mmd'."""
    return f"{drawing.name}.{EXTENSIONS[fmt]}"


def content(drawing: Drawing, fmt: str) -> bytes:
    """One drawing in one format. matplotlib is imported only for the image formats."""
    if fmt in IMAGE_FORMATS:
        from govnet.draw.render import render

        return render(drawing, fmt)
    from govnet.draw.export import export

    return export(drawing, fmt).encode("utf-8")


def contents(drawing: Drawing, formats: Sequence[str]) -> dict[str, bytes]:
    """One drawing in several formats (the image ones from a single figure)."""
    images = [f for f in formats if f in IMAGE_FORMATS]
    found: dict[str, bytes] = {}
    if images:
        from govnet.draw.render import render_formats

        found.update(render_formats(drawing, images))
    for fmt in formats:
        if fmt not in found:
            found[fmt] = content(drawing, fmt)
    return {fmt: found[fmt] for fmt in formats}


def diagram_files(model: Model, view: str, formats: Sequence[str], options: ViewOptions) -> dict[str, bytes]:
    """File name → content for every drawing of ``view`` in every format, in a stable order."""
    found: dict[str, bytes] = {}
    for drawing in build_drawings(model, view, options):
        for fmt, data in contents(drawing, formats).items():
            found[file_name(drawing, fmt)] = data
    return found
