"""The overview's verify section: what the build's verify stage found (the counts summary.json records, written
before the site), per code in Chinese, and the verify codes' table for the page the codes link to. The site runs
after every other file is written, so it reads the summary the build just wrote, as it reads the diagrams."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from govnet.codes import CODES
from govnet.i18n import catalog


def code_table() -> list[dict[str, str]]:
    """The verify family's codes, with their severity and title in Chinese (the page the counts link to)."""
    zh = catalog("zh").gettext
    return [{"code": c.code, "severity": zh(str(c.severity)), "title": zh(c.title)}
            for c in CODES.values() if c.family == "verify"]


def verify_section(out: Path) -> dict[str, Any]:
    """{'verify': counts per code (None: verify did not run), 'verify_codes': the verify family's code table}."""
    table = code_table()
    try:
        recorded = json.loads((out / "summary.json").read_text(encoding="utf-8")).get("verify")
    except (OSError, ValueError, AttributeError):
        recorded = None
    if not isinstance(recorded, dict) or not isinstance(recorded.get("codes"), dict):
        return {"verify": None, "verify_codes": table}
    titles = {row["code"]: row for row in table}
    rows = [{"code": code, "count": count, "severity": titles.get(code, {}).get("severity", ""),
             "title": titles.get(code, {}).get("title", "")} for code, count in sorted(recorded["codes"].items())]
    return {"verify": {"errors": recorded.get("errors", 0), "warnings": recorded.get("warnings", 0), "codes": rows},
            "verify_codes": table}
