"""Which model a command works on: the one given, the current directory, or the embedded default."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from govnet.errors import UsageError
from govnet.source.layout import is_model_dir

__all__ = ["UsageError", "embedded_model", "resolve_model"]


def embedded_model() -> Path:
    """The example model shipped in the package (or, in a source checkout, the repository's own)."""
    packaged = Path(str(resources.files("govnet") / "example"))
    if is_model_dir(packaged):
        return packaged
    checkout = Path(__file__).resolve().parents[3]
    if is_model_dir(checkout):
        return checkout
    raise UsageError("the embedded example model is missing from this installation; reinstall govnet")


def resolve_model(given: Path | None) -> tuple[Path, str]:
    """The model directory and a sentence saying which one is used."""
    if given is not None:
        if not given.is_dir():
            raise UsageError(f"model directory '{given}' does not exist")
        if not is_model_dir(given):
            raise UsageError(f"'{given}' is not a govnet model (no govnet.yaml); create one with 'govnet init'")
        return given, f"model: {given}"
    here = Path.cwd()
    if is_model_dir(here):
        return here, f"model: {here} (current directory)"
    embedded = embedded_model()
    return embedded, f"model: embedded example ({embedded})"
