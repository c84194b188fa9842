"""Follow-on errors of the schema stage's dropped items.

The schema stage leaves out an item with a wrong value (a zone named 'Public', a device on an unknown platform)
so the rest of its file is still judged. What referred to that item then looks broken too: every unit and rule
naming the zone is "unknown zone", the site that had the device "has no router". Those judgements would bury
the one real mistake under consequences of it, so while items are left out, the diagnostics that judge what
items refer to are withheld, and one warning says how many and why (a compiler's error cascade, counted)."""

from __future__ import annotations

from collections.abc import Sequence

from govnet import diagnostics as dg
from govnet.diagnostics import Diagnostic

# Codes that judge a reference between items, or what a site has or reaches: each may be a consequence of an item
# the schema stage left out.
FOLLOW_ONS = frozenset({
    "GN205", "GN308", "GN310", "GN311", "GN401", "GN406", "GN408", "GN410", "GN411", "GN601", "GN611", "GN612",
    "GN513", "GN514", "GN613", "GN616", "GN617", "GN618", "GN625", "GN706", "GN707", "GN708", "GN741", "GN744",
})


def withhold_follow_ons(found: Sequence[Diagnostic],
                        dropped: Sequence[tuple[str, int, int]]) -> list[Diagnostic]:
    """``found`` (the build and check stages' diagnostics) without the follow-on ones while ``dropped`` (file,
    line, column of each item the schema stage left out) is not empty, plus one GN207 counting them."""
    if not dropped:
        return list(found)
    kept = [d for d in found if d.code not in FOLLOW_ONS]
    withheld = len(found) - len(kept)
    if withheld:
        file, line, column = min(dropped)
        kept.append(dg.make(
            "GN207", file, line, column,
            f"{withheld} diagnostic(s) about references withheld: {len(dropped)} item(s) with schema errors "
            "were left out, and what refers to them would look broken too",
            hint="fix the schema errors of the items left out, then run again to see them"))
    return kept
