"""Options every command shares."""

from __future__ import annotations

from govnet.cli.output import fail_usage


def choose_language(lang: str | None) -> None:
    """--lang zh|en, else the locale."""
    from govnet.i18n import _, use

    if lang is not None and lang not in ("zh", "en"):
        raise fail_usage(_("--lang {lang}: choose zh or en").format(lang=lang))
    use(lang)
