"""The scanner's short cuts (govnet.verify.scan: the frequent top-level lines taken before _top's chain of tests,
BGP lines skipped unless they name what readers.bgp reads) read the same facts as the full path they mirror: on
every golden's configs, and on configs edited by hand the way a user or a fault-injection test edits them."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from govnet.verify.facts import Facts
from govnet.verify.scan import scan

scanning = sys.modules[scan.__module__]  # the module (govnet.verify exports its function under the same name)

GOLDEN = Path(__file__).resolve().parent / "golden"
CONFIGS = sorted(GOLDEN.glob("*/expected/configs/*/*.cfg"))


def _edits(text: str) -> dict[str, str]:
    lines = text.split("\n")
    return {
        "as rendered": text,
        "every third line removed": "\n".join(line for i, line in enumerate(lines) if i % 3),
        "comments and blank lines inside blocks": "\n".join(
            f"{line}\n#\n\n !\n    \n" if line.startswith(" ") and i % 4 == 0 else line
            for i, line in enumerate(lines)),
        "top-level lines indented by a tab": "\n".join(f"\t{line}" if i % 7 == 0 and line[:1].isalpha() else line
                                                       for i, line in enumerate(lines)),
        "tabs and doubled spaces": text.replace("peer ", "peer\t").replace("interface ", "interface\t")
        .replace("ip vpn-instance ", "ip  vpn-instance ").replace("route-policy ", "route-policy  "),
        "unknown lines inside blocks": "\n".join(f"{line}\n peer 10.0.0.1 enable\n  undo synchronization"
                                                if line.startswith(("bgp", "interface", "ip vpn")) else line
                                                for line in lines),
    }


def _full_path(text: str, monkeypatch: pytest.MonkeyPatch) -> Facts:
    with monkeypatch.context() as patch:
        patch.setattr(scanning, "_frequent", lambda facts, line, number: None)
        patch.setattr(scanning, "_BGP_WORDS", lambda line: True)
        return scanning.scan("R", "r.cfg", text)


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: f"{p.parents[3].name}/{p.stem}")
def test_the_short_cuts_read_the_same_facts_as_the_full_path(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for edit, text in _edits(path.read_text(encoding="utf-8")).items():
        fast = scanning.scan("R", "r.cfg", text)
        assert fast == _full_path(text, monkeypatch), edit
        assert edit != "as rendered" or fast.interfaces  # not two empty readings


def test_the_goldens_exercise_the_short_cuts() -> None:
    texts = "".join(path.read_text(encoding="utf-8") for path in CONFIGS)
    for start in ("\ninterface ", "\nip vpn-instance ", "\nip ip-prefix ", "\nip route-static ", "\nroute-policy ",
                  "route-reflector-client", "reflect-client", "\n peer "):
        assert start in texts
