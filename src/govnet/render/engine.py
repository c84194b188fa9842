"""Jinja2 environment: packaged templates, overridden or extended per file by a model's own templates/ folder.

Model templates are untrusted input (a merge request can change them and `govnet diff` renders any revision):
they run in Jinja2's SandboxedEnvironment and are read only from inside their folder (govnet.source.templates)."""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
import jinja2.bccache
from jinja2.exceptions import SecurityError
from jinja2.runtime import new_context

from govnet import diagnostics as dg
from govnet.diagnostics import Diagnostic
from govnet.errors import ModelErrors
from govnet.reference.platforms import PLATFORMS
from govnet.render.context import DeviceContext
from govnet.render.fastcall import DirectAttributes, FastCallContext
from govnet.source.cache import default_dir
from govnet.source.templates import MODEL_TEMPLATES, TemplateRefused, packaged_templates, sandboxed_environment


class TemplateError(ModelErrors):
    """A template is missing or fails to render (a model override with a typo, an unsupported role)."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.as_text(), [diagnostic])
        self.diagnostic = diagnostic


def environment(model_root: Path | None = None, compiled: Path | None = None, fast: bool = True) -> jinja2.Environment:
    """Model templates first (per file), then the packaged ones; sandboxed. StrictUndefined: a typo is an error.
    ``compiled``: a folder that keeps compiled templates between runs (none: compile in every process).
    ``fast``: plain macro calls and attribute reads skip Jinja2's generic paths where that is safe
    (govnet.render.fastcall)."""
    env = sandboxed_environment(model_root, undefined=jinja2.StrictUndefined, trim_blocks=True,
                                lstrip_blocks=True, keep_trailing_newline=True, autoescape=False, auto_reload=False)
    if fast and not env.sandboxed:
        env.context_class = FastCallContext
        env.code_generator_class = DirectAttributes
    if compiled is not None:
        # A sandboxed environment compiles every call into environment.call (its check); the plain one does not.
        # The same packaged file is compiled by both (a model with templates of its own renders sandboxed), so
        # each kind keeps its own folder: one kind's code run by the other fails ('Environment' object has no
        # attribute 'call'), or would skip the sandbox's check. Direct attribute reads are compiled in too: the fast
        # kind has a folder of its own.
        kind = "sandboxed" if env.sandboxed else "direct" if fast else "trusted"
        env.bytecode_cache = CompiledTemplates(compiled / kind)
    return env


def compiled_dir() -> Path | None:
    """$XDG_CACHE_HOME/govnet/templates, else ~/.cache/govnet/templates; None without a home."""
    loaded = default_dir()
    return loaded.parent / "templates" if loaded is not None else None


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Compiled templates by name, path and source checksum (Jinja2 checks its own and Python's version): compiling
    the packaged templates costs about 0.2 s a process, a tenth of rendering the default model. Like Python's
    __pycache__ it is code, so it lives in the user's own cache folder (0700). A cache folder that cannot be read
    or written is no cache, never an error."""

    def __init__(self, directory: Path) -> None:
        super().__init__(str(directory))
        self.folder = directory

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a damaged file (unreadable, truncated, not Jinja2's): compile again
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


def template_name(platform: str, role: str) -> str:
    return f"{PLATFORMS[platform].templates}/{role}.j2"


class Renderer:
    """Renders contexts; compiled templates are cached per (platform, role), and between runs in ``compiled``."""

    def __init__(self, model_root: Path | None = None, compiled: Path | bool = True, fast: bool = True) -> None:
        """``compiled``: keep compiled templates in the user's cache folder (True), in this folder, or nowhere.
        ``fast``: plain macro calls skip Jinja2's generic call path, and the text is tidied without a loop over its
        lines where it can be (tests/test_render_fast.py, test_render_tidy.py hold the two ways equal)."""
        self.env = environment(model_root, compiled_dir() if compiled is True else compiled or None, fast)
        self.root = model_root
        self.tidy = _tidy if fast else _tidy_lines
        # each template with its globals as one dict: Template.render copied them out of a ChainMap (in Python, key by
        # key) for every device; and what its contexts are given as their globals (see _own_globals)
        self._cache: dict[str, tuple[jinja2.Template, dict[str, Any], Any]] = {}

    def render(self, context: DeviceContext) -> str:
        name = template_name(context.platform, context.role)
        try:
            found = self._cache.get(name)
            if found is None:
                template = self.env.get_template(name)
                found = self._cache[name] = (template, dict(template.globals), _own_globals(self.env, template))
            template, names, own = found
            try:  # what template.render(d=context) does
                text = self.env.concat(template.root_render_func(
                    new_context(self.env, template.name, template.blocks, {**names, "d": context}, True, own)))
            except Exception:
                self.env.handle_exception()  # raises it again, with the template's file and line
        except jinja2.TemplateNotFound as exc:
            raise TemplateError(dg.make("GN802", MODEL_TEMPLATES, 1, 1, f"no template {exc.name} for "
                                        f"{context.name} ({context.platform} {context.role})",
                                        hint=f"add {MODEL_TEMPLATES}/{exc.name} to the model")) from None
        except jinja2.TemplateSyntaxError as exc:  # also raised at render time, by extends/import/include
            raise TemplateError(dg.make("GN801", self._shown(exc.filename, exc.name), exc.lineno or 1, 1,
                                        f"template syntax: {exc.message}",
                                        hint="see the Jinja2 template syntax; compare with the packaged "
                                        "template of the same name")) from None
        except TemplateRefused as exc:
            raise TemplateError(dg.make("GN803", self._shown(exc.filename, exc.name), 1, 1,
                                        f"template {exc.name} {exc.reason}",
                                        hint="replace it with a regular file inside the model's templates/ "
                                        "folder, or delete it to use the packaged one")) from None
        except SecurityError as exc:
            file, line = self._frame(exc.__traceback__, name)
            raise TemplateError(dg.make("GN803", file, line, 1, f"rendering {context.name}: the template does "
                                        f"something templates may not ({exc})",
                                        hint="templates read the device context ('d') and format it; they cannot "
                                        "reach Python internals, files or commands")) from None
        except jinja2.UndefinedError as exc:
            file, line = self._frame(exc.__traceback__, name)
            raise TemplateError(dg.make("GN802", file, line, 1, f"rendering {context.name}: {exc.message}",
                                        hint="the device context has no such value: check the name against "
                                        "the packaged templates")) from None
        except Exception as exc:  # a model template's own runtime error ({{ 1 / 0 }}, a bad filter argument)
            file, line = self._frame(exc.__traceback__, name)
            raise TemplateError(dg.make("GN802", file, line, 1, f"rendering {context.name}: "
                                        f"{type(exc).__name__}: {exc}",
                                        hint="fix the template at this line")) from None
        return self.tidy(text)

    def _shown(self, filename: str | None, name: str | None) -> str:
        """A template's path as the user knows it: relative to the model, or inside the package."""
        path = Path(filename) if filename else None
        for base, prefix in ((self.root, ""), (packaged_templates().parent, "govnet/")):
            if path is not None and base is not None and path.is_relative_to(base):
                return prefix + path.relative_to(base).as_posix()
        return name or "templates"

    def _frame(self, tb: TracebackType | None, name: str) -> tuple[str, int]:
        """The template file and line a render error happened at (Jinja2 maps its frames to templates)."""
        found = (self._shown(None, name), 1)
        while tb is not None:
            code = tb.tb_frame.f_code
            if code.co_filename.endswith(".j2"):
                found = (self._shown(code.co_filename, None), tb.tb_lineno)
            tb = tb.tb_next
        return found


def _own_globals(env: jinja2.Environment, template: jinja2.Template) -> Any:
    """The globals a context of ``template`` is made with: None when the template has none beyond the
    environment's, as every template loaded without globals of its own.

    A context keeps only the names of its globals, for one question: whether a template it imports (``{% import
    "common/huawei.j2" as h %}``, once a config) lacks one of them, which would make Jinja2 evaluate that template
    again instead of reusing its module. Every template has the environment's globals, so with none of its own
    the answer is always no; asked anyway, it cost two set operations over ChainMaps in Python, a twentieth of
    rendering a config."""
    return None if set(template.globals) <= set(env.globals) else template.globals


def _tidy(text: str) -> str:
    """Trailing spaces off, runs of separator lines collapsed, one final newline: byte-stable output.

    _tidy_lines' answer, without its Python loop over every line when the text is tidy already, as govnet's router
    templates emit it: then substring searches (C speed, a tenth of the loop) prove that the loop would give the
    text back. Anything else (a model's own template may emit anything) goes line by line; tests/test_render_tidy.py
    holds the two equal."""
    return text if _is_tidy(text) else _tidy_lines(text)


def _is_tidy(text: str) -> bool:
    """Whether _tidy_lines(text) is ``text``: ASCII, so that splitlines() splits only at the line ends below and
    rstrip() removes only the blanks below; none of those but '\\n', which ends the text and every line; no empty
    line; no blank ending a line; no '#' (or '!') line right after another."""
    return (text.isascii() and text.endswith("\n") and not text.startswith(_SEPARATOR_STARTS)
            and not any(found in text for found in _UNTIDY)
            # a repeated separator line; a Huawei config's only '!' is its first character, which a one-character
            # search past it tells (three times faster than looking for the run)
            and not ("\n#\n#\n" in text or (text.find("!", 1) >= 0 and "\n!\n!\n" in text)))


# A tab, \x1f or a space that ends a line, a line end other than \n (\r, \v, \f, \x1c-\x1e), an empty line: each
# one search. Tabs and \x1f anywhere (one-character searches are the fastest).
_UNTIDY = ("\n\n", " \n", "\t", "\x1f", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e")
_SEPARATOR_STARTS = ("\n", "#\n#\n", "!\n!\n")


def _tidy_lines(text: str) -> str:
    """_tidy, line by line: the reference for any text."""
    lines: list[str] = []
    for line in text.splitlines():
        line = line.rstrip()
        if not line:
            continue
        if line in ("#", "!") and lines and lines[-1] == line:
            continue
        lines.append(line)
    return "\n".join(lines) + "\n"
