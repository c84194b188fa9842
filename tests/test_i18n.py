"""Chinese and English: every message id has both languages, the shipped .mo is the .po compiled, and the
command line speaks the language asked for."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from govnet.codes import CODES
from govnet.i18n import catalog, detect
from govnet.i18n.docs import markdown_table_zh

REPO = Path(__file__).resolve().parents[1]
LOCALE = REPO / "src" / "govnet" / "i18n" / "locale"
PO = LOCALE / "zh_CN" / "LC_MESSAGES" / "govnet.po"
MINI = REPO / "tests" / "fixtures" / "mini"
KEYWORDS = {"_": None, "N_": None, "CodeInfo": (4,)}


def _po() -> object:
    with PO.open("rb") as f:
        return read_po(f)


def _source_msgids() -> set[str]:
    import typer

    from govnet.cli.app import app
    from govnet.i18n.cli import help_texts

    found = extract_from_dir(str(REPO / "src" / "govnet"), method_map=[("**.py", "python")],
                             keywords=KEYWORDS, comment_tags=())  # type: ignore[arg-type]
    in_calls = {message if isinstance(message, str) else message[0] for _, _, message, _, _ in found}
    return in_calls | set(help_texts(typer.main.get_command(app)))


def test_every_message_id_in_the_code_has_a_chinese_translation() -> None:
    po = _po()
    translated = {m.id: m.string for m in po if m.id}  # type: ignore[attr-defined]
    in_code = _source_msgids()
    assert len(in_code) > 100
    missing = sorted(m for m in in_code if not translated.get(m))
    assert not missing, "run: python tools/i18n.py, then translate: " + "; ".join(missing[:10])
    assert not any(m.fuzzy for m in po if m.id)  # type: ignore[attr-defined]
    assert set(translated) <= in_code, "obsolete msgids in the .po: run python tools/i18n.py"


def test_every_code_title_exists_in_both_languages() -> None:
    zh = catalog("zh").gettext
    for info in CODES.values():
        assert info.title and zh(info.title) != info.title, info.code
        assert re.search(r"[\u4e00-\u9fff]", zh(info.title)), info.code


def test_translations_keep_every_placeholder() -> None:
    for message in _po():  # type: ignore[attr-defined]
        if message.id:
            placeholders = sorted(re.findall(r"\{(\w*)\}", message.id))
            assert placeholders == sorted(re.findall(r"\{(\w*)\}", message.string)), message.id


def _entries(mo: bytes) -> dict[object, str]:
    """A compiled catalog's entries, its header without the 'Generated-By: Babel x.y.z' line, which names the
    Babel that compiled it: the shipped .mo must match the .po under any Babel the [test] extra allows."""
    import gettext

    entries: dict[object, str] = dict(gettext.GNUTranslations(io.BytesIO(mo))._catalog)  # type: ignore[attr-defined]
    entries[""] = re.sub(r"Generated-By: Babel \S+\n", "", entries.get("", ""))
    return entries


def test_shipped_mo_is_the_po_compiled() -> None:
    compiled = io.BytesIO()
    write_mo(compiled, _po())  # type: ignore[arg-type]
    shipped = PO.with_suffix(".mo").read_bytes()
    assert _entries(shipped) == _entries(compiled.getvalue()), "run: python tools/i18n.py"
    assert len(_entries(shipped)) > 500  # the catalog itself, not an empty one on both sides


def test_chinese_diagnostics_doc_is_generated_from_the_table() -> None:
    doc = REPO / "docs" / "diagnostics.zh.md"
    assert doc.read_text(encoding="utf-8") == markdown_table_zh(), "run: python -m govnet.i18n.docs > " \
                                                                      "docs/diagnostics.zh.md"
    assert all(f'<a id="{code.lower()}"></a>{code} |' in markdown_table_zh() for code in CODES)


@pytest.mark.parametrize(("env", "expected"), [({"LANG": "zh_CN.UTF-8"}, "zh"), ({"LC_ALL": "zh_TW.UTF-8"}, "zh"),
                                               ({"LANG": "en_GB.UTF-8"}, "en"), ({"LANG": "C"}, "en"), ({}, "en")])
def test_language_follows_the_locale(env: dict[str, str], expected: str) -> None:
    assert detect(env) == expected


def _validate(model: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    return subprocess.run([sys.executable, "-m", "govnet", *args, "validate", str(model)], capture_output=True,
                          text=True, env={**clean, **env, "NO_COLOR": "1"}, timeout=120)


def test_cli_speaks_chinese_under_a_chinese_locale_and_english_on_request(tmp_path: Path) -> None:
    model = tmp_path / "model"
    shutil.copytree(MINI, model)
    province = model / "topology" / "province.yaml"
    province.write_text(province.read_text(encoding="utf-8").replace("carrier:", "carier:", 1), encoding="utf-8")
    zh = _validate(model, env={"LANG": "zh_CN.UTF-8"})
    assert zh.returncode == 1
    assert "错误 GN201（未知字段）: 未知字段 'carier'" in zh.stdout
    assert "提示：是否应为 'carrier'？" in zh.stdout and "1 个错误，0 个警告" in zh.stdout
    assert zh.stderr.startswith("模型：")
    en = _validate(model, "--lang", "en", env={"LANG": "zh_CN.UTF-8"})
    assert "error GN201: unknown field 'carier'" in en.stdout and "hint: did you mean 'carrier'?" in en.stdout
    assert "1 error, 0 warnings" in en.stdout
    forced = _validate(model, "--lang", "zh", env={"LANG": "en_US.UTF-8"})
    assert forced.stdout == zh.stdout
    bad = _validate(model, "--lang", "fr", env={})
    assert bad.returncode == 2 and "--lang fr" in bad.stderr


def test_cli_help_is_chinese_under_a_chinese_locale() -> None:
    env = {**{k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")},
           "LANG": "zh_CN.UTF-8", "NO_COLOR": "1", "COLUMNS": "200"}
    done = subprocess.run([sys.executable, "-m", "govnet", "export", "--help"], capture_output=True, text=True,
                          env=env, timeout=60)
    assert done.returncode == 0 and "按其他工具可导入的格式导出模型" in done.stdout and "仅此地市" in done.stdout
    english = subprocess.run([sys.executable, "-m", "govnet", "--lang", "en", "export", "--help"],
                             capture_output=True, text=True, env=env, timeout=60)
    assert "Write the model in a format another tool imports" in english.stdout


def test_every_message_and_hint_of_the_error_corpus_reads_in_chinese(tmp_path: Path) -> None:
    """The corpus holds one case per mistake: each of its diagnostics must have a Chinese message and hint (a
    new check's message needs a template in govnet/i18n/messages.py and its translation)."""
    from govnet.i18n import use
    from govnet.i18n.messages import translate
    from govnet.pipeline import validate
    from test_error_cases import CASES, ERRORS, _build_model

    use("zh")
    try:
        untranslated = set()
        for name in CASES:
            for d in validate(_build_model(ERRORS / name, tmp_path / name)).diagnostics:
                for text in filter(None, (d.message, d.hint)):
                    if not re.search(r"[\u4e00-\u9fff]", translate(text)) or translate(text) == text:
                        untranslated.add(f"{d.code}: {text}")
    finally:
        use("en")
    assert not untranslated, "\n".join(sorted(untranslated))
