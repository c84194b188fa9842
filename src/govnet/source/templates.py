"""Where Jinja2 templates come from: a model's own templates/ folder first, file by file, then the ones that
ship with govnet (the repository's top-level templates/, installed as the embedded model's)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import jinja2

MODEL_TEMPLATES = "templates"


def packaged_templates() -> Path:
    """The templates shipped in the package (or, in a source checkout, the repository's own)."""
    installed = Path(str(resources.files("govnet") / "example" / MODEL_TEMPLATES))
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[3] / MODEL_TEMPLATES


def template_loader(model_root: Path | None) -> jinja2.BaseLoader:
    """Model templates override the packaged ones per file (records/form.html.j2 included)."""
    own = model_root / MODEL_TEMPLATES if model_root is not None else None
    search = [str(own)] if own is not None and own.is_dir() else []
    return jinja2.ChoiceLoader([jinja2.FileSystemLoader(search), jinja2.FileSystemLoader(str(packaged_templates()))])
