"""The HTML form's fast path: the shipped records/form.html.j2 filled in by plain Python, 6× faster than Jinja2
(whose autoescape wraps each of a form's 50 values in a Markup and looks each attribute up through the
environment: 0.3 s for the default model's 3,072 forms).

It does not copy the template's text: the template is cut at its tags, and its own static text is written
between the values, so an edit of the text (a label, the style sheet) is rendered as Jinja2 would. Only when its
tags are exactly the ones below (and nothing Jinja2 would read differently: a comment, whitespace control, CR
line ends) is the template taken this way; any other template, a model's own override included, is rendered by
Jinja2 (govnet.records.forms.html). tests/test_records.py holds the two to the same text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

# The tags of the shipped template, in order: a template with exactly these renders here.
TAGS = (
    "{{ title }}", "{{ u.name }}", "{{ font_file }}", "{{ title }}", "{{ u.id }}", "{{ status }}", "{{ u.name }}",
    "{{ u.uscc }}", "{{ u.division }}", "{{ area }}", "{{ site }}", "{{ u.contacts.head.name }}",
    "{{ u.contacts.head.mobile }}", "{{ u.contacts.technical.name }}", "{{ u.contacts.technical.mobile }}",
    "{{ u.access_class }}", "{{ class_meaning }}", "{{ internet }}", "{{ zones }}", "{{ requested }}",
    "{{ granted }}", "{{ line_type }}", "{{ carrier }}", '{{ u.address or "" }}', '{{ u.lan or "" }}',
    "{{ period }}",
    "{% for line in servers %}", "{{ line }}", "{% if not loop.last %}", "{% endif %}", "{% else %}", "{% endfor %}",
    "{{ mlps_level }}", "{{ mlps_filing }}", "{{ mlps_assessed }}",
    "{% for a in addresses %}", "{{ a }}", "{% if not loop.last %}", "{% endif %}", "{% else %}", "{% endfor %}",
    "{% for h in history %}", "{{ h.date }}", "{{ h.action }}", "{{ h.by }}", "{{ h.document }}",
    "{% if h.document and h.remark %}", "{% endif %}", "{{ h.remark }}", "{% else %}", "{% endfor %}",
)
_TAG = re.compile(r"({{.*?}}|{%.*?%})")
_SPECIAL = re.compile("[&<>'\"]")

Render = Callable[[Mapping[str, Any]], str]


def compile_form(source: str) -> Render | None:
    """The form's renderer for the template ``source``, or None when it is not the shipped template's shape."""
    if "{#" in source or "\r" in source or "#}" in source:  # a comment, or line ends Jinja2 would normalise
        return None
    parts = _TAG.split(source)
    if tuple(parts[1::2]) != TAGS:
        return None
    static = tuple(parts[0::2])
    return lambda ctx: _render(static, ctx)


def escape(value: object) -> str:
    """What Jinja2's autoescape (markupsafe.escape) writes for a plain value.

    >>> escape("<a href='x'>&\\"</a>"), escape(3), escape(None)
    ('&lt;a href=&#39;x&#39;&gt;&amp;&#34;&lt;/a&gt;', '3', 'None')
    """
    text = value if type(value) is str else str(value)
    if _SPECIAL.search(text) is None:
        return text
    return (text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace("'", "&#39;")
            .replace('"', "&#34;"))


def _render(static: Sequence[str], ctx: Mapping[str, Any]) -> str:
    """The template's static text (``static``: the text around each of TAGS) with the values of ``ctx``; each
    ``text()`` is the next piece of it, in the order of the tags."""
    text = iter(static).__next__
    e = escape
    u = ctx["u"]
    head, technical = u.contacts.head, u.contacts.technical
    out = [text(), e(ctx["title"]), text(), e(u.name), text(), e(ctx["font_file"]), text(), e(ctx["title"]),
           text(), e(u.id), text(), e(ctx["status"]), text(), e(u.name), text(), e(u.uscc), text(), e(u.division),
           text(), e(ctx["area"]), text(), e(ctx["site"]), text(), e(head.name), text(), e(head.mobile), text(),
           e(technical.name), text(), e(technical.mobile), text(), e(u.access_class), text(),
           e(ctx["class_meaning"]), text(), e(ctx["internet"]), text(), e(ctx["zones"]), text(),
           e(ctx["requested"]), text(), e(ctx["granted"]), text(), e(ctx["line_type"]), text(), e(ctx["carrier"]),
           text(), e(u.address or ""), text(), e(u.lan or ""), text(), e(ctx["period"]), text()]
    _lines(out, text, ctx["servers"])
    out += [text(), e(ctx["mlps_level"]), text(), e(ctx["mlps_filing"]), text(), e(ctx["mlps_assessed"]), text()]
    _lines(out, text, ctx["addresses"])
    out.append(text())
    # {% for h in history %}A{{ date }}B{{ action }}C{{ by }}D{{ document }}E{% if … %}F{% endif %}G{{ remark }}H
    # {% else %}I{% endfor %}
    a, b, c, d, e_, f, g, h, empty = (text() for _ in range(9))
    history = ctx["history"]
    for entry in history:
        document, remark = entry["document"], entry["remark"]
        out += [a, e(entry["date"]), b, e(entry["action"]), c, e(entry["by"]), d, e(document), e_,
                f if document and remark else "", g, e(remark), h]
    if not history:
        out.append(empty)
    out.append(text())
    return "".join(out)


def _lines(out: list[str], text: Callable[[], str], items: Sequence[object]) -> None:
    """``{% for x in items %}A{{ x }}B{% if not loop.last %}C{% endif %}D{% else %}E{% endfor %}``."""
    a, b, c, d, empty = (text() for _ in range(5))
    last = len(items) - 1
    for i, item in enumerate(items):
        out += [a, escape(item), b, c if i < last else "", d]
    if not items:
        out.append(empty)
