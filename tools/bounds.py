"""Pin every runtime and test dependency of pyproject.toml at its lower bound, as a pip constraints file, so the
suite can be run against the oldest releases the project claims to support (issue 12: CI on a fresh machine):

    python tools/bounds.py > /tmp/lowest.txt
    python3 -m venv /tmp/low && /tmp/low/bin/pip install -c /tmp/lowest.txt -e '.[test]'
    /tmp/low/bin/pytest -n 2 --dist loadfile

Only the direct dependencies are pinned (what pyproject.toml promises); their own dependencies resolve as pip
picks them. The newest releases are the opposite run: a fresh venv with PIP_NO_CACHE_DIR=1 and no constraints.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOWER = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*(?:\[[^\]]*\])?\s*>=\s*([^,;\s]+)")


def lower_bounds(pyproject: Path, extras: tuple[str, ...] = ("test",)) -> list[tuple[str, str]]:
    """(name, lowest version) of each requirement with a ``>=`` bound, runtime first, then the extras.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = Path(d) / "pyproject.toml"
    ...     _ = p.write_text('[project]\\ndependencies = ["a>=1.2", "b"]\\n'
    ...                      '[project.optional-dependencies]\\ntest = ["c[x]>=3,<4"]\\n')
    ...     lower_bounds(p)
    [('a', '1.2'), ('c', '3')]
    """
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    wanted = list(project.get("dependencies", []))
    for extra in extras:
        wanted += project.get("optional-dependencies", {}).get(extra, [])
    return [(m[1], m[2]) for m in map(LOWER.match, wanted) if m]


def main() -> int:
    for name, version in lower_bounds(ROOT / "pyproject.toml"):
        print(f"{name}=={version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
