"""Issue 18, fuzzing: the whole pipeline (load, parse, build, check, addresses, render) on structure-aware
mutations of a model: one file's YAML is parsed, changed in its data (tests/model_mutations.py, shared with the
long campaign in tools/fuzz_campaign.py), re-serialised, validated and, if it validates, rendered. Every answer
is diagnostics at a real file and line, or configs; never an exception."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govnet.codes import CODES
from govnet.pipeline import validate
from govnet.render import TemplateError, render_configs
from model_mutations import dump, mutate

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
FILES = sorted(p.relative_to(MINI).as_posix() for p in MINI.rglob("*.yaml"))
PIPELINE = settings(deadline=None, max_examples=60,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "model"
    shutil.copytree(MINI, root)
    return root


@PIPELINE
@given(rel=st.sampled_from(FILES), rng=st.randoms(use_true_random=False), steps=st.integers(1, 4))
def test_pipeline_answers_mutated_models(model: Path, rel: str, rng: random.Random, steps: int) -> None:
    original = (MINI / rel).read_text(encoding="utf-8")
    text = dump(mutate(yaml.safe_load(original), rng, steps), rng)
    (model / rel).write_text(text, encoding="utf-8")
    try:
        result = validate(model)
        lines = {r: (MINI / r).read_text(encoding="utf-8").count("\n") + 2 for r in FILES}
        lines[rel] = text.count("\n") + 2
        lines["allocations.lock"] = (MINI / "allocations.lock").read_text(encoding="utf-8").count("\n") + 2
        for d in result.diagnostics:
            assert d.code in CODES, d
            assert "\n" not in d.message, d
            assert d.file in lines or (d.code == "GN110" and d.file in FILES), d  # a real file of the model
            assert 1 <= d.line <= lines.get(d.file, 1) and d.column >= 1, d
        if result.ok and result.model is not None and result.addresses is not None:
            try:
                configs = render_configs(result.model, result.addresses.outcome.decisions, model_root=model)
            except TemplateError as exc:  # a diagnostic, not a crash
                assert exc.diagnostic.code in CODES
            else:
                assert all("\r" not in c.text for c in configs.values())
    finally:
        (model / rel).write_text(original, encoding="utf-8")


def test_campaign_finding_huge_assessment_period_is_a_diagnostic(model: Path) -> None:
    """Seed 1008771 of tools/fuzz_campaign.py: a period of 2**31 months crashed the MLPS check (year > 9999)."""
    registry = model / "registry.yaml"
    original = registry.read_text(encoding="utf-8")
    registry.write_text(original.replace("assessment_max_months: {3: 12, 4: 6}",
                                         "assessment_max_months: {3: 2147483648, 4: 6}"), encoding="utf-8")
    try:
        result = validate(model)
    finally:
        registry.write_text(original, encoding="utf-8")
    assert [(d.code, d.file, d.line) for d in result.diagnostics] == [("GN204", "registry.yaml", 6)]
