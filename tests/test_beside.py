"""govnet.checks.beside: the checks in a forked process beside the address stage give the answers of checking
first and then judging the addresses."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import REPO, copy_model
from govnet import checks, ipam
from govnet.checks import beside
from govnet.checks.beside import run_checks_beside
from govnet.checks.context import CheckContext
from govnet.diagnostics import Diagnostic
from govnet.model.build import build
from govnet.model.types import Model
from govnet.pipeline import validate
from govnet.source.modeldir import load_model

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the checks are forked")
MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture
def forked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(beside, "MIN_SITES", 0)  # the small model is forked for too


def _model(root: Path) -> Model:
    parsed, _ = load_model(root)
    return build(parsed)[0]


def _texts(found: list[Diagnostic]) -> list[str]:
    return [d.as_text() for d in found]


@pytest.mark.usefixtures("forked")
def test_the_same_diagnostics_and_addresses_as_checking_first() -> None:
    model = _model(MINI)
    found, addressed = run_checks_beside(model, lambda: ipam.check(model), workers=2)
    assert _texts(found) == _texts(checks.run_checks(model))
    plan, problems = addressed()
    assert _texts(problems) == _texts(ipam.check(model)[1]) and plan.needs.requests


def _boom(ctx: CheckContext) -> list[Diagnostic]:
    raise RuntimeError("a bug in a check")


@pytest.mark.usefixtures("forked")
def test_a_check_that_fails_in_the_child_fails_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """An internal error is this process's, with its traceback (the child's is lost): the checks run again here."""
    model = _model(MINI)
    monkeypatch.setattr(checks, "FAMILIES", (*checks.FAMILIES, _boom))
    with pytest.raises(RuntimeError, match="a bug in a check"):
        run_checks_beside(model, lambda: 1, workers=2)


@pytest.mark.usefixtures("forked")
def test_the_work_beside_raises_only_when_asked() -> None:
    model = _model(MINI)

    def failing() -> int:
        raise ValueError("not asked for: a model with errors")

    found, result = run_checks_beside(model, failing, workers=2)
    assert _texts(found) == _texts(checks.run_checks(model))
    with pytest.raises(ValueError, match="not asked for"):
        result()


@pytest.mark.usefixtures("forked")
def test_validation_forked_or_not_reports_the_same(tmp_path: Path) -> None:
    """A model with check errors (the addresses are then not judged) and one without: the same diagnostics."""
    broken = copy_model(MINI, tmp_path / "broken")
    profiles = broken / "topology/profiles.yaml"
    profiles.write_text(profiles.read_text(encoding="utf-8").replace("bandwidth: 10G", "bandwidth: 1M", 1),
                        encoding="utf-8")
    for root in (MINI, broken, REPO):
        serial = validate(root, workers=1)
        forked = validate(root, workers=2)
        assert _texts(forked.diagnostics) == _texts(serial.diagnostics), root
        assert forked.stopped_after == serial.stopped_after
        assert (forked.addresses is None) == (serial.addresses is None)
        assert (serial.stopped_after == "check") == (root == broken)
