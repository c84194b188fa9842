"""Rendering in worker processes gives the serial path's configs, byte for byte, and its template errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_model
from govnet.pipeline import validate
from govnet.render import TemplateError, render_configs
from govnet.render.engine import Renderer
from govnet.render.parallel import fork_available, render_in_workers
from govnet.render.secrets import Secrets

GOLDEN = Path(__file__).resolve().parent / "golden"
pytestmark = pytest.mark.skipif(not fork_available(), reason="worker processes are forked")


@pytest.mark.parametrize("case", ["huawei-h3c", "cisco-isis"])
def test_workers_render_what_the_serial_path_renders(case: str) -> None:
    root = GOLDEN / case / "model"
    result = validate(root)
    assert result.model is not None and result.addresses is not None
    serial = render_configs(result.model, result.addresses, model_root=root)
    counted: list[int] = []
    parallel = render_in_workers(result.model, result.addresses.book, Secrets(), None, Renderer(root), 2,
                                 counted.append, chunk=3)  # several chunks per worker, out of order finishes
    assert [(name, site, platform, text) for name, site, platform, text in parallel] == [
        (c.device, c.site, c.platform, c.text) for c in serial.values()]
    assert sum(counted) == len(serial) and len(counted) > 2


def test_a_template_error_in_a_worker_is_the_serial_diagnostic(tmp_path: Path) -> None:
    root = copy_model(GOLDEN / "huawei-h3c" / "model", tmp_path / "model")
    (root / "templates" / "huawei_vrp").mkdir(parents=True)
    (root / "templates" / "huawei_vrp" / "router.j2").write_text("sysname {{ d.hostname }}\n#\n{{ d.hostnam }}\n")
    result = validate(root)
    assert result.model is not None and result.addresses is not None
    with pytest.raises(TemplateError) as serial:
        render_configs(result.model, result.addresses, model_root=root)
    with pytest.raises(TemplateError) as parallel:
        render_in_workers(result.model, result.addresses.book, Secrets(), None, Renderer(root), 2, chunk=2)
    assert parallel.value.diagnostic == serial.value.diagnostic
