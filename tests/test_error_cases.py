"""The broken-model corpus: one directory per mistake under tests/errors/, each a small edit of fixtures/mini.

A case directory holds full copies of the files that differ from mini (same relative paths), plus:

- ``expected.txt``: one ``FILE:LINE CODE`` per diagnostic a user should get, in the order govnet prints them
  (file, line, column);
- ``deleted.txt`` (optional): mini files the case removes;
- ``hints.txt`` (optional): ``FILE:LINE CODE | text`` where the hint of that diagnostic must contain ``text``.

Each expectation states what the diagnostic should be from the user's point of view, not what govnet happened
to print when the case was written.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import validate_shared
from govnet.codes import CODES
from govnet.diagnostics import Diagnostic
from govnet.pipeline import validate

TESTS = Path(__file__).resolve().parent
MINI = TESTS / "fixtures" / "mini"
ERRORS = TESTS / "errors"
CONTROL_FILES = frozenset({"expected.txt", "deleted.txt", "hints.txt"})
# Codes no small model can trigger: a file over 32 MB (GN104) and an unreadable file (GN109).
# A file over 32 MB (GN104) and an unreadable file (GN109): covered in test_loader.py. Template errors
# (GN801, GN802) show when configs are rendered, not in validation: covered in test_configs_golden.py.
# verify's codes judge rendered configs, not a model: tests/test_verify.py injects each of their faults.
# GN803 (a template refused): tests/test_hostile_security.py. GN721 (a site past 4,093 unit sub-interfaces) needs
# some 2,050 registry entries: tests/test_configs_units.py builds them. GN423 (a locked port a changed hardware entry
# no longer has) needs a lock allocated before the change: tests/test_hardware_entries.py makes one. GN630 (a zone
# numbered past the 78 USG zone priorities) needs a lock crowded by some 76 removed zones: tests/test_stable_numbers.py.
UNREACHABLE_BY_CORPUS = frozenset({"GN104", "GN109", "GN423", "GN630", "GN721", "GN801", "GN802", "GN803"}) | {
    code for code, info in CODES.items() if info.family == "verify"}

CASES = sorted(p.name for p in ERRORS.iterdir() if p.is_dir())
_ENTRY = re.compile(r"^(?P<file>\S+):(?P<line>\d+) (?P<code>GN\d{3})$")
_HINT = re.compile(r"^(?P<file>\S+):(?P<line>\d+) (?P<code>GN\d{3}) \| (?P<text>.+)$")


def _overlays(case: Path) -> list[Path]:
    return sorted(p for p in case.rglob("*") if p.is_file() and p.relative_to(case).as_posix() not in CONTROL_FILES)


def _read_lines(path: Path) -> list[str]:
    if not path.exists():
        return []
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _expected(case: Path) -> list[tuple[str, int, str]]:
    found = []
    for line in _read_lines(case / "expected.txt"):
        match = _ENTRY.match(line)
        assert match, f"{case.name}/expected.txt: bad line {line!r}"
        found.append((match["file"], int(match["line"]), match["code"]))
    return found


def _build_model(case: Path, tmp_path: Path) -> Path:
    model = tmp_path / "model"
    shutil.copytree(MINI, model)
    for source in _overlays(case):
        target = model / source.relative_to(case)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    for rel in _read_lines(case / "deleted.txt"):
        target = model / rel
        assert target.is_file(), f"{case.name}/deleted.txt names {rel}, which the model does not have"
        target.unlink()
    return model


def _places(diagnostics: list[Diagnostic]) -> list[tuple[str, int, str]]:
    return [(d.file, d.line, d.code) for d in diagnostics]


def _shown(diagnostics: list[Diagnostic]) -> str:
    return "\n".join(d.as_text() for d in diagnostics) or "(no diagnostics)"


def test_mini_model_is_clean() -> None:
    result = validate(MINI)
    assert result.diagnostics == [], _shown(result.diagnostics)
    assert result.ok and result.model is not None and result.stopped_after is None
    assert result.model.counts()["sites"] == {"province": 1, "city": 2, "county": 3, "township": 7}


@pytest.mark.parametrize("name", CASES)
def test_error_case(name: str, tmp_path: Path) -> None:
    case = ERRORS / name
    result = validate(_build_model(case, tmp_path))
    assert _places(result.diagnostics) == _expected(case), _shown(result.diagnostics)
    for d in result.diagnostics:
        assert d.message.strip(), f"empty message: {d}"
        assert "\n" not in d.message and (d.hint is None or "\n" not in d.hint), d
    for line in _read_lines(case / "hints.txt"):
        match = _HINT.match(line)
        assert match, f"{name}/hints.txt: bad line {line!r}"
        place = (match["file"], int(match["line"]), match["code"])
        hints = [d.hint or "" for d in result.diagnostics if (d.file, d.line, d.code) == place]
        assert any(match["text"] in h for h in hints), f"{place}: no hint containing {match['text']!r} in {hints}"


ADDRESS_CASES = [n for n in CASES if any(code.startswith("GN62") for _, _, code in _expected(ERRORS / n))]


@pytest.mark.parametrize("name", ["(the default model)", "(mini)", *ADDRESS_CASES])
def test_sealed_lock_shortcuts_agree_with_the_full_address_check(name: str, tmp_path: Path) -> None:
    """Validation trusts what a sealed lock already proves: all of it when the lock was written for the very
    same address needs, else the overlap scan of the entries it holds. The diagnostics must be those of the
    full check, on every address case of the corpus, on mini and on the default model."""
    model = {"(the default model)": TESTS.parent, "(mini)": MINI}.get(name) or _build_model(ERRORS / name, tmp_path)
    shortcut = validate_shared(model).diagnostics  # the session's validation, for the default model
    full = validate(model, trust_sealed=False).diagnostics
    assert [d.as_text() for d in shortcut] == [d.as_text() for d in full]


@pytest.mark.parametrize("name", CASES)
def test_case_is_well_formed(name: str) -> None:
    """Every case changes something: its overlays differ from mini, its expectations parse and are sorted."""
    case = ERRORS / name
    assert (case / "expected.txt").is_file()
    changed = [p for p in _overlays(case)
               if not (MINI / p.relative_to(case)).is_file()
               or (MINI / p.relative_to(case)).read_bytes() != p.read_bytes()]
    assert changed or _read_lines(case / "deleted.txt"), f"{name} changes nothing"
    expected = _expected(case)
    assert all(code in CODES for _, _, code in expected)
    assert [(f, n) for f, n, _ in expected] == sorted((f, n) for f, n, _ in expected)


def test_corpus_covers_every_reachable_code() -> None:
    covered = {code for name in CASES for _, _, code in _expected(ERRORS / name)}
    assert set(CODES) - UNREACHABLE_BY_CORPUS <= covered, sorted(set(CODES) - UNREACHABLE_BY_CORPUS - covered)
    assert len(CASES) >= 30


def test_cli_prints_compiler_style_diagnostics(tmp_path: Path) -> None:
    model = _build_model(ERRORS / "gn201_misspelt_optional_field", tmp_path)
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    result = subprocess.run([sys.executable, "-m", "govnet", "validate", str(model)], capture_output=True,
                            text=True, encoding="utf-8", env=env, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    head = re.compile(r"^topology/province\.yaml:22:\d+: error GN201: unknown field 'carier'$")
    at = next((i for i, line in enumerate(lines) if head.match(line)), None)
    assert at is not None, result.stdout
    assert lines[at + 1] == "    hint: did you mean 'carrier'?"
    assert lines[-1] == "1 error, 0 warnings"


_ORDER_SCRIPT = """
from govnet.diagnostics import make, sorted_diagnostics
found = [make("GN410", "topology/profiles.yaml", 42, 14, f"site 36010200{i} has no router") for i in range(8)]
print(" ".join(d.message.split()[1] for d in sorted_diagnostics(found)))
"""


def test_diagnostics_at_one_place_print_in_the_same_order_every_run() -> None:
    """Several diagnostics can share file, line, column and code (one per site of a profile); the order they
    are printed in must not depend on the interpreter's string-hash seed, or CI output diffs flap."""
    orders = set()
    for seed in ("0", "1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run([sys.executable, "-c", _ORDER_SCRIPT], capture_output=True, text=True, env=env,
                                timeout=60, check=True)
        orders.add(result.stdout)
    assert len(orders) == 1, orders
