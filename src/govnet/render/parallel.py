"""render_configs' fast path on a machine with cores to spare: the devices' configs in forked worker processes.

The parent builds what every context needs once (devices.context_index) and forks; each worker inherits it (and
the model) without a copy, renders chunks of devices and sends back their texts. Results are taken in device
order, so the configs are the serial path's, byte for byte (tests/test_render_parallel.py holds the two equal).
Only where fork exists (Linux, macOS); elsewhere, or for a small model, render_configs stays serial.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from govnet.diagnostics import Diagnostic
from govnet.forked import die_with_parent
from govnet.ipam.plan import AddressBook
from govnet.model.types import Model
from govnet.render.devices import context_index, device_context
from govnet.render.engine import Renderer, TemplateError
from govnet.render.secrets import Secrets

CHUNK = 250  # devices per task: small enough to balance two workers and to report progress, large enough to be cheap

Rendered = tuple[str, str, str, str]  # device, site, platform, text

_job: tuple[Any, Renderer] | None = None  # in a worker: what the parent had built before it forked


def fork_available() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def render_in_workers(model: Model, book: AddressBook, secrets: Secrets, names: Iterable[str] | None,
                      renderer: Renderer, workers: int, progress: Callable[[int], None] | None = None,
                      chunk: int = CHUNK) -> list[Rendered]:
    """Every wanted device's rendered config, in device order. Raises TemplateError as the serial path does."""
    wanted, index = context_index(model, book, secrets, names)
    chunks = [wanted[i:i + chunk] for i in range(0, len(wanted), chunk)]
    done: list[Rendered] = []
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=_adopt,
                             initargs=((index, renderer), os.getpid())) as pool:
        for part in pool.map(_render_chunk, chunks):
            if isinstance(part, Diagnostic):
                raise TemplateError(part)
            done += part
            if progress is not None:
                progress(len(part))
    return done


def _adopt(job: tuple[Any, Renderer], parent: int) -> None:
    global _job
    die_with_parent(parent)  # a killed build leaves no worker waiting for chunks for ever
    _job = job


def _render_chunk(names: list[str]) -> list[Rendered] | Diagnostic:
    assert _job is not None
    index, renderer = _job
    found = []
    try:
        for name in names:
            context = device_context(index, name)
            found.append((name, context.site, context.platform, renderer.render(context)))
    except TemplateError as exc:  # its diagnostic travels back; the exception itself does not pickle
        return exc.diagnostic
    return found


def default_workers() -> int:
    """The cores this process may run on."""
    import os

    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS
        return os.cpu_count() or 1
