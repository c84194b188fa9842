"""`govnet schema`: write the JSON Schemas of the model files for editors."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from govnet.cli.output import fail_usage
from govnet.i18n import _


class SchemaLang(StrEnum):
    both = "both"
    zh = "zh"
    en = "en"


def schema(
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory to write the schemas to.")] = Path("schemas"),
    lang: Annotated[SchemaLang, typer.Option("--lang", help="Language of the descriptions.")] = SchemaLang.both,
) -> None:
    """Write a JSON Schema per model file (completion and hover in VS Code's YAML extension, offline)."""
    from govnet.schema.editor import schema_texts
    from govnet.writer import write_if_changed

    texts = schema_texts(lang.value)
    foreign = [name for name in texts if not _ours_or_absent(out / name)]
    if foreign:  # a file of the same name that govnet did not write is the user's: never replaced
        raise fail_usage(_("{path} holds {files}, which govnet did not write; choose another --out or move them")
                         .format(path=out, files=", ".join(foreign)))
    try:
        changed = sum(write_if_changed(out / name, text) for name, text in texts.items())
    except OSError as exc:
        raise fail_usage(_("cannot write {path}: {error}").format(path=out, error=exc.strerror or exc)) from None
    typer.echo(_("{path}: {count} schemas, {changed} changed").format(path=out, count=len(texts), changed=changed),
               err=True)


def _ours_or_absent(path: Path) -> bool:
    """Whether writing ``path`` loses nothing: it does not exist, or it is a schema govnet wrote (its $id)."""
    import json

    from govnet.schema.editor import BASE_URI

    try:
        if not path.is_file() or path.is_symlink():
            return not path.exists() and not path.is_symlink()
        data = json.loads(path.read_bytes()[:10_000_000])
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("$id") == BASE_URI + path.name
