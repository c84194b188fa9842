"""The render fast path gives the slow path's answers: macro calls straight to their body, attribute reads
compiled to Python's own (govnet.render.fastcall)."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from govnet.pipeline import validate
from govnet.render import render_configs
from govnet.render.devices import build_contexts
from govnet.render.engine import Renderer, environment
from govnet.render.fastcall import DirectAttributes, FastCallContext
from govnet.render.secrets import Secrets

GOLDEN = Path(__file__).resolve().parent / "golden"

# Every way a template calls a macro: exact positional arguments (the fast path), defaults left out, keyword
# arguments, varargs and kwargs, caller blocks, calls inside loops (the compiler adds _loop_vars), a macro passed
# as a value, and a macro of another template.
MACROS = """\
{% macro plain(a, b) %}[{{ a }}-{{ b }}]{% endmacro %}
{% macro defaults(a, b=2) %}<{{ a }},{{ b }}>{% endmacro %}
{% macro rest() %}{{ varargs | join(",") }}|{{ kwargs | dictsort | join(",") }}{% endmacro %}
{% macro wrap(x) %}({{ caller(x) }}){% endmacro %}
{% macro twice(f, v) %}{{ f(v, v) }}{{ f(v, v) }}{% endmacro %}
{% import "lib.j2" as lib %}
{{ plain(1, 2) }}{{ defaults(1) }}{{ defaults(1, 3) }}{{ defaults(b=5, a=4) }}{{ rest(1, 2, k=3) }}
{% for i in range(3) %}{{ plain(i, loop.index) }}{{ defaults(i) }}{% call(y) wrap(i) %}c{{ y }}{% endcall %}{% endfor %}
{{ twice(plain, "v") }}{{ lib.item(7) }}{{ lib.item(8, "!") }}
"""
LIB = '{% macro item(n, mark=".") %}{{ n }}{{ mark }}{% endmacro %}'
WRONG = ["{% macro m(a) %}{{ a }}{% endmacro %}{{ m(1, 2) }}",  # too many arguments
         "{% macro m(a) %}{{ a }}{% endmacro %}{{ m() }}",  # too few: 'a' undefined
         "{% macro m(a) %}{{ a }}{% endmacro %}{{ m(1, z=2) }}"]  # an unknown keyword


def _env(tmp_path: Path, fast: bool) -> jinja2.Environment:
    (tmp_path / "templates").mkdir(exist_ok=True)
    (tmp_path / "templates" / "lib.j2").write_text(LIB, encoding="utf-8")
    # no model root: govnet's own templates, the trusted environment (the one the fast path is for)
    env = environment(None, None, fast)
    env.loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(tmp_path / "templates")), env.loader])
    return env


def test_every_kind_of_macro_call_renders_as_jinja2_renders_it(tmp_path: Path) -> None:
    fast, slow = _env(tmp_path, True), _env(tmp_path, False)
    assert fast.context_class is FastCallContext and slow.context_class is not FastCallContext
    rendered = fast.from_string(MACROS).render()
    assert rendered == slow.from_string(MACROS).render()
    assert "[1-2]<1,2><1,3><4,5>1,2|('k', 3)" in rendered and "(c2)" in rendered and "7.8!" in rendered


@pytest.mark.parametrize("source", WRONG)
def test_a_wrong_macro_call_fails_as_jinja2_fails_it(tmp_path: Path, source: str) -> None:
    failures = []
    for fast in (True, False):
        with pytest.raises(Exception) as caught:  # whatever Jinja2 raises, both paths raise
            _env(tmp_path, fast).from_string(source).render()
        failures.append((type(caught.value), str(caught.value)))
    assert failures[0] == failures[1]


def test_the_sandbox_keeps_its_own_call_path(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()  # a template of the model's own (an empty folder adds nothing: trusted)
    (tmp_path / "templates" / "own.j2").write_text("{{ 1 }}\n", encoding="utf-8")
    sandboxed = environment(tmp_path, None, True)
    assert sandboxed.context_class is not FastCallContext
    assert sandboxed.code_generator_class is not DirectAttributes


# Attribute reads of every kind a packaged template makes: a named tuple's field and method, a loop's, an imported
# module's macro, chained, inside a filter and a test, on a value a macro received, and names Python spells
# differently (a keyword: Jinja2's own path).
ATTRIBUTES = """\
{% import "lib.j2" as lib %}
{% macro show(p) %}{{ p.name }}/{{ p.inner.depth }}{% endmacro %}
{{ d.name }} {{ d.inner.depth }} {{ d._asdict()["name"] }} {{ lib.item(d.inner.depth) }}
{% for p in d.items %}{{ loop.index }}:{{ show(p) }}{% if p.inner.depth is even %}e{% endif %} {% endfor %}
{{ d.items | map(attribute="name") | join(",") }} {{ d.items | selectattr("inner.depth") | list | length }}
{{ d.inner.depth if d.inner else 0 }} {{ k.class }}
"""


def test_attribute_reads_render_as_jinja2_renders_them(tmp_path: Path) -> None:
    from collections import namedtuple

    inner = namedtuple("inner", "depth")
    item = namedtuple("item", "name inner")
    device = namedtuple("device", "name inner items")
    values = {"d": device("r1", inner(2), [item("a", inner(0)), item("b", inner(4))]), "k": {"class": "c"}}
    fast, slow = _env(tmp_path, True), _env(tmp_path, False)
    assert fast.code_generator_class is DirectAttributes and slow.code_generator_class is not DirectAttributes
    assert fast.compile(ATTRIBUTES, raw=True).count("environment.getattr(") == 1  # k.class only
    rendered = fast.from_string(ATTRIBUTES).render(values)
    assert rendered == slow.from_string(ATTRIBUTES).render(values)
    assert "r1 2 r1 2." in rendered and "1:a/0e 2:b/4e" in rendered and "a,b 1" in rendered and " c" in rendered


@pytest.mark.parametrize("case", ["huawei-h3c", "cisco-isis"])
def test_fast_macro_calls_render_the_same_configs(case: str) -> None:
    root = GOLDEN / case / "model"
    result = validate(root)
    assert result.model is not None and result.addresses is not None
    configs = render_configs(result.model, result.addresses, model_root=root)
    slow = Renderer(root, False, fast=False)
    fast = Renderer(root, False, fast=True)
    for name, context in build_contexts(result.model, result.addresses.book, Secrets()).items():
        assert fast.render(context) == slow.render(context) == configs[name].text



@pytest.mark.parametrize("case", ["huawei-h3c", "cisco-isis"])
def test_context_lists_are_what_the_templates_filter_chains_gave(case: str) -> None:
    """DeviceContext.import_asns and national_vrfs replaced these filter chains in the templates."""
    root = GOLDEN / case / "model"
    result = validate(root)
    assert result.model is not None and result.addresses is not None
    env = environment(None, None, False)
    asns = env.from_string('{{ d.vrfs | selectattr("export_edge") | map(attribute="import_asn") | select | unique '
                           '| list }}')
    national = env.from_string('{{ d.bgp.vrf_peers | map(attribute="vrf") | list if d.bgp else [] }}')
    seen = set()
    for context in build_contexts(result.model, result.addresses.book, Secrets()).values():
        assert asns.render(d=context) == str(list(context.import_asns))
        assert national.render(d=context) == str(list(context.national_vrfs))
        seen.add((bool(context.import_asns), bool(context.national_vrfs)))
    # the case has access edges importing through the national AS, and PEs peering with it
    assert any(a for a, _ in seen) and any(n for _, n in seen)


def test_a_template_with_globals_of_its_own_still_hands_them_to_what_it_imports(tmp_path: Path) -> None:
    """Contexts are made without the globals' names when a template has none of its own (govnet.render.engine
    _own_globals); one that has some keeps them, so an imported template sees them as Jinja2 makes it see them."""
    from govnet.render.engine import _own_globals

    env = _env(tmp_path, True)
    (tmp_path / "templates" / "uses.j2").write_text("{% macro show() %}{{ extra }}{% endmacro %}", encoding="utf-8")
    (tmp_path / "templates" / "top.j2").write_text('{% import "uses.j2" as u %}{{ u.show() }}', encoding="utf-8")
    plain = env.get_template("lib.j2")
    assert _own_globals(env, plain) is None
    top = env.get_template("top.j2", globals={"extra": "seen"})
    own = _own_globals(env, top)
    assert own is not None and "extra" in own
    from jinja2.runtime import new_context

    context = new_context(env, top.name, top.blocks, dict(top.globals), True, own)
    assert env.concat(top.root_render_func(context)) == top.render() == "seen"
