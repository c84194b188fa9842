"""Keep the message catalogs in step with the code, with Babel (pip install babel):

    python tools/i18n.py            # extract msgids, merge them into each .po, compile the .mo files

Then translate the new (empty) msgstr entries in src/govnet/i18n/locale/*/LC_MESSAGES/govnet.po and run it
again; tests/test_i18n.py fails while any msgid lacks a translation or a .mo is older than its .po.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "src" / "govnet" / "i18n" / "locale"
POT = LOCALE / "govnet.pot"


def _cli_help() -> list[str]:
    sys.path.insert(0, str(ROOT / "src"))
    import typer

    from govnet.cli.app import app
    from govnet.i18n.cli import help_texts

    return help_texts(typer.main.get_command(app))


def _messages(catalog: Catalog) -> list[tuple[str, str, str, str]]:
    """What a catalog says, header aside: a change here is what dates the catalog anew."""
    return sorted((repr(m.id), repr(m.string), repr(m.context), repr(sorted(m.flags))) for m in catalog if m.id)


def main() -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", str(ROOT / "babel.cfg"),
                    "-k", "CodeInfo:4", "-o", str(POT), "--no-location", "--sort-output", "--omit-header",
                    str(ROOT / "src" / "govnet")], check=True, capture_output=True)
    with POT.open("rb") as f:
        template = read_po(f)
    for text in _cli_help():  # help texts live in typer declarations, not in _() calls
        template.add(text)
    with POT.open("wb") as f:
        write_po(f, template, no_location=True, sort_output=True, omit_header=True, width=120)
    for po_path in sorted(LOCALE.glob("*/LC_MESSAGES/govnet.po")):
        with po_path.open("rb") as f:
            catalog = read_po(f)
        before, created = _messages(catalog), catalog.creation_date
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        if _messages(catalog) == before:  # the header's date moves only with a message: else every run, every
            catalog.creation_date = created  # branch rewrites it and every merge conflicts on it
        with po_path.open("wb") as f:
            write_po(f, catalog, no_location=True, sort_output=True, width=120)
        with po_path.with_suffix(".mo").open("wb") as f:
            write_mo(f, catalog)
        missing = [m.id for m in catalog if m.id and not m.string]
        print(f"{po_path.relative_to(ROOT)}: {len(catalog)} messages, {len(missing)} untranslated")


if __name__ == "__main__":
    main()
