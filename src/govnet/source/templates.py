"""Where Jinja2 templates come from: a model's own templates/ folder first, file by file, then the ones that
ship with govnet (the repository's top-level templates/, installed as the embedded model's).

A model's templates are input like its YAML: whoever can open a merge request can change them, and `govnet diff`
renders any revision it is given. So they are confined and sandboxed:
- a template must be a regular file that resolves inside the folder it was found in (a symlink to /etc/passwd,
  or to a FIFO, is refused with a diagnostic, not rendered);
- a model with templates of its own renders in a Jinja2 SandboxedEnvironment: templates read the values they
  are given and call their public methods; no access to Python internals (``__globals__``, ``__class__``,
  ``os``), no file access beyond ``{% include %}`` of other templates of the same folders.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from govnet.errors import ModelErrors

MODEL_TEMPLATES = "templates"
MAX_TEMPLATE_BYTES = 1024 * 1024  # the largest packaged template is ~12 kB


class TemplateRefused(ModelErrors):
    """A template that must not be read: it resolves outside its folder, or it is not a regular file."""

    def __init__(self, name: str, filename: str, reason: str) -> None:
        super().__init__(f"template {name}: {reason}")
        self.name = name
        self.filename = filename
        self.reason = reason


def packaged_templates() -> Path:
    """The templates shipped in the package (or, in a source checkout, the repository's own)."""
    installed = Path(str(resources.files("govnet") / "example" / MODEL_TEMPLATES))
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[3] / MODEL_TEMPLATES


class ConfinedLoader(jinja2.FileSystemLoader):
    """A FileSystemLoader that reads only regular files whose real path is inside its folder (the folder as
    named, not where a symlinked folder points: a model's templates/ linked to /etc is outside it too)."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder), followlinks=False)
        self.folder = folder
        self.boundary = folder.parent.resolve() / folder.name

    def get_source(self, environment: jinja2.Environment,
                   template: str) -> tuple[str, str, Callable[[], bool]]:
        path = self.folder.joinpath(*jinja2.loaders.split_template_path(template))
        if not os.path.lexists(path):
            raise jinja2.TemplateNotFound(template)
        try:
            real = path.resolve(strict=True)
            info = real.stat()
        except (OSError, RuntimeError) as exc:  # a dangling symlink, or a symlink loop
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "symlink loop"
            raise TemplateRefused(template, str(path), f"is a symlink that cannot be followed ({reason})") from None
        if not real.is_relative_to(self.boundary):
            raise TemplateRefused(template, str(path), f"resolves to {real}, outside {self.folder.name}/: "
                                  "a template must be a file of the templates folder")
        if not stat.S_ISREG(info.st_mode):
            raise TemplateRefused(template, str(path), "is not a regular file (a FIFO, device or directory)")
        if info.st_size > MAX_TEMPLATE_BYTES:
            raise TemplateRefused(template, str(path), f"is {info.st_size:,} bytes; the limit is "
                                  f"{MAX_TEMPLATE_BYTES:,}")
        return super().get_source(environment, template)


def template_loader(model_root: Path | None) -> jinja2.BaseLoader:
    """Model templates override the packaged ones per file (records/form.html.j2 included)."""
    own = model_root / MODEL_TEMPLATES if model_root is not None else None
    loaders: list[jinja2.BaseLoader] = []
    if own is not None and own.is_dir():
        loaders.append(ConfinedLoader(own))
    loaders.append(ConfinedLoader(packaged_templates()))
    return jinja2.ChoiceLoader(loaders)


def sandboxed_environment(model_root: Path | None, **options: Any) -> jinja2.Environment:
    """The one way govnet makes a Jinja2 environment: model templates first, sandboxed whenever the model has
    templates of its own. Only govnet's own templates (no model folder, or the model is govnet's source
    checkout, whose templates/ is the packaged folder) render unsandboxed, about twice as fast: they are
    govnet's code, like its Python."""
    own = model_root / MODEL_TEMPLATES if model_root is not None else None
    packaged = packaged_templates()
    trusted = (own is None or not own.is_dir() or own.resolve() == packaged.resolve()
               or _copies_of(own, packaged))
    kind = jinja2.Environment if trusted else SandboxedEnvironment
    return kind(loader=template_loader(model_root), **options)


def _copies_of(own: Path, packaged: Path) -> bool:
    """Whether every entry below ``own`` is a folder or a regular file (no symlink, FIFO ...) with the same bytes
    as the file of the same name below ``packaged``."""
    try:
        with os.scandir(own) as entries:
            for entry in entries:
                twin = packaged / entry.name
                if entry.is_dir(follow_symlinks=False):
                    same = twin.is_dir() and not twin.is_symlink() and _copies_of(Path(entry.path), twin)
                else:
                    same = (entry.is_file(follow_symlinks=False) and twin.is_file()
                            and entry.stat(follow_symlinks=False).st_size == twin.stat().st_size
                            and Path(entry.path).read_bytes() == twin.read_bytes())
                if not same:
                    return False
    except OSError:
        return False
    return True
