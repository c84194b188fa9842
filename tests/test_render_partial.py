"""Contexts of named devices (a partial render) are those of a full run, and ask the model's unit attachments once:
the ports of every far device they look up used to work them out again (2.5 s for 46 devices of the default
model, 0.07 s now)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from govnet.model import attach
from govnet.pipeline import validate
from govnet.render import index, ports
from govnet.render.context import fingerprint_text
from govnet.render.devices import build_contexts
from govnet.render.secrets import Secrets

MODEL = Path(__file__).resolve().parent / "golden" / "huawei-h3c" / "model"


def test_partial_contexts_ask_attachments_once(monkeypatch: pytest.MonkeyPatch) -> None:
    result = validate(MODEL)
    assert result.model is not None and result.addresses is not None
    full = build_contexts(result.model, result.addresses.book, Secrets())
    names = sorted(full)[::3]
    calls: list[Any] = []

    def counted(model: Any) -> Any:
        calls.append(model)
        return attach.attachments(model)

    monkeypatch.setattr(index, "attachments", counted)
    monkeypatch.setattr(ports, "attachments", counted)
    part = build_contexts(result.model, result.addresses.book, Secrets(), names)
    assert sorted(part) == names
    assert all(fingerprint_text(part[n]) == fingerprint_text(full[n]) for n in names)
    assert len(calls) == 1
