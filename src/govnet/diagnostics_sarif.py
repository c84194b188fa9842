"""Diagnostics as SARIF 2.1.0, the format code-scanning services (GitHub, GitLab, Azure DevOps) import.

What code scanning is strict about: one rule per code with a non-empty description and help URI, results that
point at a rule by id and index, a non-empty message on every result, 1-based lines and columns, and partial
fingerprints that follow a finding across unrelated edits (so a moved line is not a new alert).
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from govnet import __version__
from govnet.codes import CODES, CodeInfo
from govnet.diagnostics import Diagnostic
from govnet.i18n import _, current, messages

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/govnet/govnet"
# The diagnostics table of the release that made the log (its anchors are the codes, lower case): a code's
# meaning can change between releases, so the link follows the version, not main. The Chinese table has the
# same anchors. A mirror (an intranet git host, no internet in CI) is given with --sarif-help-base.
DOCS_URI = INFORMATION_URI + f"/blob/v{__version__}/docs/"
HELP_DOC = {"en": "diagnostics.md", "zh": "diagnostics.zh.md"}
FINGERPRINT = "govnetFinding/v1"


def rule_name(info: CodeInfo) -> str:
    """A rule's readable name (SARIF wants an identifier-like one).

    >>> rule_name(CODES["GN201"]), rule_name(CODES["GN506"])
    ('UnknownField', 'DeviceRoleHasNoTemplateOnItsPlatformEGACiscoFirewall')
    """
    words = "".join(c if c.isalnum() else " " for c in info.title).split()
    return "".join(w[:1].upper() + w[1:] for w in words)


def help_base(given: str | None = None) -> str:
    """The page each rule's helpUri points into: the one given (an absolute URL of a diagnostics table), else
    this release's table in the language of the run.

    >>> help_base("https://git.example.gov.cn/noc/govnet/docs/diagnostics.md")
    'https://git.example.gov.cn/noc/govnet/docs/diagnostics.md'
    """
    return given or DOCS_URI + HELP_DOC[current()]


def is_absolute_uri(text: str) -> bool:
    """Code scanning accepts only absolute help URIs: a scheme and, for http(s), a host.

    >>> is_absolute_uri("https://example.org/d.md"), is_absolute_uri("docs/d.md"), is_absolute_uri("https:/x")
    (True, False, False)
    """
    parts = urlsplit(text)
    return bool(parts.scheme) and (bool(parts.netloc) or parts.scheme not in ("http", "https")) \
        and not parts.fragment


def _rule(info: CodeInfo, base: str) -> dict[str, Any]:
    title = messages.title(info.code)  # in the language of the run, like the results' messages
    uri = f"{base}#{info.code.lower()}"
    return {
        "id": info.code,
        "name": rule_name(info),
        "shortDescription": {"text": title},
        "fullDescription": {"text": f"{info.code} ({info.family}, {info.severity}): {title}."},
        "help": {"text": f"{info.code}: {title}. {uri}", "markdown": f"[{info.code}]({uri}): {title}."},
        "helpUri": uri,
        "defaultConfiguration": {"level": str(info.severity)},
        "properties": {"tags": ["govnet", info.family]},
    }


def _fingerprint(d: Diagnostic, occurrence: int) -> str:
    # Code, file, data path and message: not the line, so inserting lines above a finding keeps its identity.
    key = "\x1f".join((d.code, d.file, d.path, d.message, str(occurrence)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _uri(file: str, prefix: str) -> str:
    """A relative URI reference (SARIF 3.10.2): spaces, '#', '%' and Chinese of a folder or file name escaped.

    >>> _uri("topology/3601.yaml", "my model/江西")
    'my%20model/%E6%B1%9F%E8%A5%BF/topology/3601.yaml'
    """
    from urllib.parse import quote

    return quote(Path(prefix, file).as_posix() if prefix else file, safe="/")


def uri_prefix(model_dir: Path, cwd: Path | None = None) -> tuple[str, str | None]:
    """How result paths are written: relative to the working directory (where CI checks out the repository)
    when the model lies below it, else absolute with a file: base URI. Returns (prefix, base URI)."""
    here = (cwd or Path.cwd()).resolve()
    model = model_dir.resolve()
    if model == here or here in model.parents:
        rel = os.path.relpath(model, here).replace(os.sep, "/")
        return ("" if rel == "." else rel), None
    return "", model.as_uri() + "/"


def sarif_log(diagnostics: Sequence[Diagnostic], model_dir: Path, cwd: Path | None = None,
              help_uri: str | None = None) -> dict[str, Any]:
    """One SARIF run of govnet over a model; ``help_uri``: the diagnostics page the rules link to (help_base)."""
    base_help = help_base(help_uri)
    prefix, base = uri_prefix(model_dir, cwd)
    codes = list(CODES)
    index = {code: i for i, code in enumerate(codes)}
    seen: Counter[tuple[str, str, str, str]] = Counter()
    results = []
    for d in diagnostics:
        key = (d.code, d.file, d.path, d.message)
        seen[key] += 1
        text = messages.translate(d.message) or messages.title(d.code)
        if d.hint:
            text = f"{text}\n" + _("hint: {hint}").format(hint=messages.translate(d.hint))
        location: dict[str, Any] = {"uri": _uri(d.file, prefix)}
        if base:
            location["uriBaseId"] = "MODELROOT"
        result: dict[str, Any] = {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": str(d.severity),
            "message": {"text": text},
            "locations": [{"physicalLocation": {
                "artifactLocation": location,
                "region": {"startLine": max(d.line, 1), "startColumn": max(d.column, 1)},
            }}],
            "partialFingerprints": {FINGERPRINT: _fingerprint(d, seen[key])},
        }
        if d.path:
            result["properties"] = {"dataPath": d.path}
        results.append(result)
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "govnet", "version": __version__, "semanticVersion": __version__,
                            "informationUri": INFORMATION_URI, "rules": [_rule(CODES[c], base_help) for c in codes]}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    if base:
        run["originalUriBaseIds"] = {"MODELROOT": {"uri": base}}
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
