"""Fast paths for govnet's own (trusted) templates: macro calls and attribute reads straight to what Jinja2's
generic path would reach anyway.

FastCallContext: a Jinja2 context whose ``call`` goes straight to a plain macro's body.

A device's config is some 25 macro calls; each went through Context.call (two pass-argument probes, keyword
pops) and Macro.__call__ (argument list rebuilt, caller and autoescape checks) before reaching the compiled body,
a tenth of the template time. A macro called with exactly its positional arguments, no ``caller``, no
``varargs``/``kwargs`` and no autoescape (govnet's configs are plain text) gets the same arguments from both
paths, so the body is called directly; anything else takes Jinja2's own path. Only the trusted environment uses
it (the sandbox routes calls through environment.call, its check). tests/test_render_fast.py holds the two paths
to the same output.
"""

from __future__ import annotations

from keyword import iskeyword
from typing import Any

from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.nodes import EvalContext, Getattr
from jinja2.runtime import Context, Macro

_PASSED = frozenset({"_loop_vars", "_block_vars"})  # what the compiler adds inside loops and blocks


class FastCallContext(Context):
    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if (type(__obj) is Macro and __obj._argument_count == len(args) and not __obj.caller
                and not __obj.catch_kwargs and not __obj.catch_varargs and not __obj._default_autoescape
                and (not kwargs or _PASSED.issuperset(kwargs))
                and not (args and isinstance(args[0], EvalContext))):
            try:
                return __obj._func(*args)
            except StopIteration:  # as Context.call answers it
                return __self.environment.undefined("value was undefined because a callable raised a"
                                                    " StopIteration exception")
        return super().call(__obj, *args, **kwargs)


class DirectAttributes(CodeGenerator):
    """Compiles ``x.name`` to Python's own attribute read instead of ``environment.getattr(x, 'name')``.

    Every value a packaged template reads by attribute is an object that has it (the named tuples and dataclasses
    of govnet.render.context, loop, imported template modules): environment.getattr's fallback to ``x['name']``
    and to Undefined is never taken there, and its Python-level call per read (two million in a Jiangxi build) was
    a tenth of rendering the configs. A packaged template that read a missing attribute fails with
    AttributeError (a bug in govnet, exit 3) where it failed with UndefinedError. Model-owned templates render
    sandboxed and keep Jinja2's own code. tests/test_render_fast.py holds both to the same output."""

    @optimizeconst
    def visit_Getattr(self, node: Getattr, frame: Frame) -> None:
        if not node.attr.isidentifier() or iskeyword(node.attr):  # x.class: no Python attribute syntax for it
            super().visit_Getattr(node, frame)
            return
        self.write("(")
        self.visit(node.node, frame)
        self.write(f").{node.attr}")
