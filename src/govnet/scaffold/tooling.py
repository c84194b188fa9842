"""What a new model gets besides its intent, so the engineer's tools work from the first commit: the editor
schemas and their modelines, VS Code settings, pre-commit hooks and a .gitignore."""

from __future__ import annotations

from govnet.schema.editor import SCHEMA_DIR, modeline, schema_texts, vscode_settings

GITIGNORE = """\
# govnet: build output, the tool's own lock, editor and temporary files. allocations.lock IS committed.
out/
.govnet.lock
.govnet.lock.progress
.govnet-queue/
*.tmp
.*.tmp
*~
.*.swp
__pycache__/
.venv/
"""

# The hooks of the govnet repository (.pre-commit-hooks.yaml); rev is the release the model was made with.
PRE_COMMIT = """\
# pre-commit (https://pre-commit.com): `pre-commit install` once, then every commit is validated.
repos:
  - repo: https://github.com/govnet/govnet
    rev: v{version}
    hooks:
      - id: govnet-validate
      - id: govnet-allocate-check
"""


def with_tooling(files: dict[str, str]) -> dict[str, str]:
    """The model's files with a schema modeline on top of each YAML file, plus the tooling files."""
    from govnet import __version__

    out = {}
    for rel, text in files.items():
        line = modeline(rel, SCHEMA_DIR)
        out[rel] = f"{line}\n{text}" if line else text
    out.update({f"{SCHEMA_DIR}/{name}": text for name, text in schema_texts().items()})
    out[".vscode/settings.json"] = vscode_settings(SCHEMA_DIR)
    out[".vscode/extensions.json"] = '{\n  "recommendations": ["redhat.vscode-yaml"]\n}\n'
    out[".pre-commit-config.yaml"] = PRE_COMMIT.format(version=__version__)
    out[".gitignore"] = GITIGNORE
    return out
