"""Jinja2 environment: packaged templates, overridden or extended per file by a model's own templates/ folder."""

from __future__ import annotations

from pathlib import Path

import jinja2

from govnet.platforms import PLATFORMS
from govnet.render.context import DeviceContext

PACKAGED = Path(__file__).resolve().parent.parent / "templates"
MODEL_TEMPLATES = "templates"


class TemplateError(Exception):
    """A template is missing or fails to render (a model override with a typo, an unsupported role)."""


def environment(model_root: Path | None = None) -> jinja2.Environment:
    """Model templates first (per file), then the packaged ones. StrictUndefined: a typo is an error."""
    own = model_root / MODEL_TEMPLATES if model_root is not None else None
    search = [own] if own is not None and own.is_dir() else []
    loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader([str(p) for p in search]),
                                  jinja2.FileSystemLoader(str(PACKAGED))])
    return jinja2.Environment(loader=loader, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                              keep_trailing_newline=True, autoescape=False, auto_reload=False)


def template_name(platform: str, role: str) -> str:
    return f"{PLATFORMS[platform].templates}/{role}.j2"


class Renderer:
    """Renders contexts; compiled templates are cached per (platform, role)."""

    def __init__(self, model_root: Path | None = None) -> None:
        self.env = environment(model_root)
        self._cache: dict[str, jinja2.Template] = {}

    def render(self, context: DeviceContext) -> str:
        name = template_name(context.platform, context.role)
        template = self._cache.get(name)
        if template is None:
            try:
                template = self._cache[name] = self.env.get_template(name)
            except jinja2.TemplateNotFound as exc:
                raise TemplateError(f"no template {exc.name} for {context.name} ({context.platform} "
                                    f"{context.role}); add it under the model's templates/") from None
            except jinja2.TemplateSyntaxError as exc:
                raise TemplateError(f"{exc.filename or exc.name}:{exc.lineno}: {exc.message}") from None
        try:
            text = template.render(d=context)
        except jinja2.UndefinedError as exc:
            raise TemplateError(f"{name} for {context.name}: {exc.message}") from None
        return _tidy(text)


def _tidy(text: str) -> str:
    """Trailing spaces off, runs of separator lines collapsed, one final newline: byte-stable output."""
    lines: list[str] = []
    for line in text.splitlines():
        line = line.rstrip()
        if not line:
            continue
        if line in ("#", "!") and lines and lines[-1] == line:
            continue
        lines.append(line)
    return "\n".join(lines) + "\n"
