"""The one exception root. Every error govnet raises on purpose is a GovnetError of one of the few kinds a user
meets; the CLI maps the kind to an exit code in one place (cli/output.py: ``exit_code_for``). Anything else that
escapes is a bug in govnet (exit 3; GOVNET_DEBUG=1 shows the traceback).

Model mistakes are not exceptions: they are Diagnostics, collected and reported together. ``ModelErrors``
carries them only where a library call must stop (a build that cannot go on, an edit that would break the
model).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from govnet.diagnostics import Diagnostic


class GovnetError(Exception):
    """Root of every error govnet raises on purpose; ``str()`` is the message a user reads, ``diagnostics``
    the model's diagnostics that explain it (printed before it), if any."""

    def __init__(self, message: str, diagnostics: list[Diagnostic] | None = None) -> None:
        super().__init__(message)
        self.diagnostics: list[Diagnostic] = list(diagnostics or [])


class UsageError(GovnetError):
    """How govnet was called is wrong: an unknown value, a missing model directory, a bad option (exit 2)."""


class GovnetIOError(GovnetError):
    """A file or directory govnet needs cannot be read or written (exit 2)."""


class ModelErrors(GovnetError):
    """The model has errors, so the work cannot go on (exit 1); ``diagnostics`` says which."""


class RefusedEdit(ModelErrors):
    """A change (a registry edit) that would leave the model with errors: refused, the file untouched (exit 1)."""
