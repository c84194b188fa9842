"""Chinese and English: gettext catalogs (src/govnet/i18n/locale/<lang>/LC_MESSAGES/govnet.mo), English the
source language and the fallback.

The language is chosen once per run, by `--lang zh|en` or else by the locale (LANGUAGE, LC_ALL, LC_MESSAGES,
LANG: zh_CN.UTF-8 → Chinese). Codes, file names and identifiers are never translated. Catalogs are made with
Babel (see docs/i18n.md); the compiled .mo files ship in the package.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

Lang = Literal["en", "zh"]
DOMAIN = "govnet"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
_CATALOG_OF: dict[Lang, str] = {"zh": "zh_CN"}

_current: gettext.NullTranslations = gettext.NullTranslations()
_lang: Lang = "en"


def detect(environ: Mapping[str, str] | None = None) -> Lang:
    """The language the locale asks for: Chinese for any zh locale, else English.

    >>> detect({"LANG": "zh_CN.UTF-8"}), detect({"LANG": "en_US.UTF-8"}), detect({})
    ('zh', 'en', 'en')
    >>> detect({"LANGUAGE": "en", "LANG": "zh_CN.UTF-8"})
    'en'
    """
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value and value not in ("C", "POSIX"):
            return "zh" if value.split(":")[0].lower().startswith("zh") else "en"
    return "en"


def catalog(lang: Lang) -> gettext.NullTranslations:
    """The translations of one language (English: the identity)."""
    name = _CATALOG_OF.get(lang)
    if name is None:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[name], fallback=True)


def use(lang: str | None) -> Lang:
    """Choose the language of this run: the one given, else the locale's. Returns it."""
    global _current, _lang
    chosen: Lang = "zh" if lang == "zh" else "en" if lang == "en" else detect()
    _current, _lang = catalog(chosen), chosen
    return chosen


def current() -> Lang:
    return _lang


def _(message: str) -> str:
    """The message in the language of this run."""
    return _current.gettext(message)


def N_(message: str) -> str:
    """Marks a message for extraction; translated where it is shown."""
    return message
