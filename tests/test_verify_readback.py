"""verify's read-back in forked workers: the same facts, in the same order, and the same findings as one process;
cached read-backs are not read again; a config file that cannot be read fails as it does in one process."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import pytest

from govnet import verify
from govnet.ipam.prefix import Net
from govnet.model.types import Model
from govnet.pipeline import validate
from govnet.render import Config, render_configs
from govnet.verify import readback

GOLDEN = Path(__file__).resolve().parent / "golden"
Rendered = tuple[Model, dict[str, Config], Mapping[str, Net]]
needs_fork = pytest.mark.skipif(not readback.fork_available(), reason="the workers are forked")


@pytest.fixture(scope="module")
def rendered() -> Rendered:
    root = GOLDEN / "huawei-h3c" / "model"
    result = validate(root)
    assert result.ok and result.model is not None and result.addresses is not None
    decisions = result.addresses.outcome.decisions
    return result.model, render_configs(result.model, decisions, model_root=root), decisions


def _files(configs: dict[str, Config]) -> list[verify.ConfigFile]:
    return [verify.ConfigFile.of(config) for config in configs.values()]


@needs_fork
def test_workers_read_the_same_facts_in_the_same_order(rendered: Rendered,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    _, configs, _ = rendered
    forked: list[int] = []
    real = readback._in_workers

    def spying(files: list[verify.ConfigFile], workers: int, chunk: int) -> list[verify.Facts]:
        forked.append(len(files))
        return real(files, workers, chunk)

    monkeypatch.setattr(readback, "_in_workers", spying)
    alone = verify.read_back(_files(configs))
    assert not forked
    together = verify.read_back(_files(configs), workers=2, chunk=3)
    assert forked == [len(configs)]  # the parallel path ran, over more than one chunk
    assert list(together) == list(alone) == list(configs)
    assert together == alone


@needs_fork
def test_workers_find_the_same_faults(rendered: Rendered) -> None:
    model, configs, decisions = rendered
    device = next(name for name, config in configs.items() if " peer " in config.text and "vpn-instance" in config.text)
    text = configs[device].text
    broken = dict(configs)
    broken[device] = Config(device, configs[device].site, configs[device].platform,
                            re.sub(r"(?m)^ peer \S+ as-number .*\n", "", text))
    assert broken[device].text != text
    alone = verify.verify_facts(model, verify.read_back(_files(broken)), decisions)
    together = verify.verify_facts(model, verify.read_back(_files(broken), workers=2, chunk=3), decisions)
    assert alone and {d.code for d in alone} >= {"GN907"}
    assert together == alone


@needs_fork
def test_workers_read_only_what_the_cache_lacks(rendered: Rendered,
                                                tmp_path: Path) -> None:
    _, configs, _ = rendered
    first = verify.ScanCache(tmp_path / "scan.cache")
    verify.read_back(_files(configs), first, workers=2, chunk=3)
    assert first.scanned == len(configs) and first.hits == 0
    first.save()
    again = verify.ScanCache(tmp_path / "scan.cache")
    assert verify.read_back(_files(configs), again, workers=2, chunk=3) == verify.read_back(_files(configs))
    assert again.hits == len(configs) and again.scanned == 0


@needs_fork
def test_a_config_file_that_cannot_be_read_fails_in_a_worker_too(rendered: Rendered,
                                                                 tmp_path: Path) -> None:
    _, configs, _ = rendered
    gone = tmp_path / "gone.cfg"
    files = _files(configs)
    files[-1] = verify.ConfigFile(files[-1].device, files[-1].file, "no such digest", gone.read_text)
    with pytest.raises(FileNotFoundError):
        verify.read_back(files, workers=2, chunk=3)


def _with_wrong_import(configs: dict[str, Config]) -> tuple[dict[str, Config], str]:
    """The configs with one PE's VPN instance importing another route target (GN924 in the routing checks) and a
    BGP peer removed (GN907 in the others): findings on both sides of the judge's split."""
    broken = dict(configs)
    device = next(name for name, config in configs.items() if " peer " in config.text and "vpn-instance" in config.text)
    text = re.sub(r"(?m)^ peer \S+ as-number .*\n", "", configs[device].text, count=1)
    text = re.sub(r"(?m)^( vpn-target \S+) import-extcommunity$", r" vpn-target 65000:9999 import-extcommunity", text,
                  count=1)
    broken[device] = Config(device, configs[device].site, configs[device].platform, text)
    return broken, device


@needs_fork
def test_the_judge_split_over_two_processes_finds_the_same(rendered: Rendered,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    model, configs, decisions = rendered
    broken, _ = _with_wrong_import(configs)
    facts = verify.read_back(_files(broken))
    alone = verify.verify_facts(model, facts, decisions)
    assert {"GN907", "GN924"} <= {d.code for d in alone}
    forks: list[object] = []
    real = verify.fork_answering

    def counting(work: object) -> object:
        forks.append(work)
        return real(work)  # type: ignore[arg-type]

    monkeypatch.setattr(verify, "fork_answering", counting)
    written: list[bool] = []
    together = verify.verify_facts(model, facts, decisions, workers=2, meanwhile=lambda: written.append(True))
    assert len(forks) == 1 and written == [True]
    assert together == alone


@needs_fork
def test_a_judge_child_that_dies_leaves_its_checks_here(rendered: Rendered, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    model, configs, decisions = rendered
    broken, _ = _with_wrong_import(configs)
    facts = verify.read_back(_files(broken))
    alone = verify.verify_facts(model, facts, decisions)
    real = verify.fork_answering
    monkeypatch.setattr(verify, "fork_answering", lambda work: real(lambda: os._exit(1)))
    assert verify.verify_facts(model, facts, decisions, workers=2) == alone
