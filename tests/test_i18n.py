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


def _command_paths() -> list[list[str]]:
    """Every command and group of the command line, as the words that name it ([] for govnet itself)."""
    import typer

    from govnet.cli.app import app

    found: list[list[str]] = []

    def walk(command: object, path: list[str]) -> None:  # Typer's own click: a group has .commands
        found.append(path)
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_help_text_is_cut_in_an_80_column_terminal(lang: str) -> None:
    """At 80 columns the Chinese help cut most option descriptions with '…' ('只打印错误：不输出警告和进度 …'), and the
    command lists the summaries of build, diff and registry: Rich wraps at spaces only, and a Chinese sentence has
    none. Every command's and group's help, in both languages."""
    from conftest import govnet_in_process

    paths = _command_paths()
    assert len(paths) > 20
    for path in paths:
        done = govnet_in_process("--lang", lang, *path, "-h", env={"COLUMNS": "80"})
        assert done.returncode == 0, (path, done.stderr)
        assert "…" not in done.stdout, (path, done.stdout)


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



def test_a_shortened_list_inside_a_message_reads_in_chinese_too() -> None:
    """A message names at most five keys and how many more (diagnostics.some): the site showed "... and 32 more"
    in English inside a Chinese sentence."""
    from govnet.diagnostics import some
    from govnet.i18n.messages import translate

    units = some([f"JX-3601-{i:02}" for i in range(37)])
    text = (f"37 unit(s) began before the re-registration campaign of 2018-10-01 and have not re-registered since: "
            f"{units}")
    chinese = translate(text, "zh")
    assert chinese.endswith("JX-3601-00, JX-3601-01, JX-3601-02, JX-3601-03, JX-3601-04 等，另有 32 个"), chinese
    assert translate(some(["a", "b"]), "zh") == "a, b"  # a short list alone matches no message: left as it is


def test_a_list_of_choices_inside_a_message_reads_in_chinese_too() -> None:
    """The hint of a wrong platform listed the choices "'a', 'b' or 'c'", and whatif's ambiguous name its sites
    "site:X or site:Y", with an English 'or' inside the Chinese sentence."""
    from govnet.i18n.messages import translate
    from govnet.reference.platforms import expected

    hint = translate(f"expected {expected(['huawei_vrp8', 'huawei_vrp', 'cisco_iosxe'])}", "zh")
    assert hint == "应为 'huawei_vrp8'、'huawei_vrp' 或 'cisco_iosxe'", hint
    ambiguous = translate("'大桥镇' names more than one element (site); write site:360424104 or site:360722103", "zh")
    assert ambiguous.endswith("site:360424104 或 site:360722103"), ambiguous
    assert " or " not in ambiguous

# English sentences of the command-line framework (Typer and the Click it ships) that a Chinese run must not
# show; each is a msgid of govnet/i18n/framework.py.
FRAMEWORK_ENGLISH = ("Usage:", "Options", "Commands", "Arguments", "Show this message and exit.", "[required]",
                     "Try '", "for help", "Error", "No such option", "Possible options", "Missing argument",
                     "No such command", "Invalid value", "is not one of", "Got unexpected extra",
                     "requires an argument", "Input should be")


def _govnet(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**{k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")},
           "LANG": "en_US.UTF-8", "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "govnet", *args], capture_output=True, text=True, env=env,
                          timeout=60)


@pytest.mark.parametrize(("args", "chinese"), [
    (["validate", "--bogus"], "没有此选项：--bogus"),
    (["--vers"], "没有此选项：--vers（可能是：--version）"),
    (["export"], "缺少参数 'FORMAT'。"),
    (["bogus"], "没有命令 'bogus'。"),
    (["validate", "--format", "xml"], "'--format' 的值无效：'xml' 不在可选值 'text', 'json', 'sarif' 之中。"),
    (["whatif", "--depth", "x"], "'--depth' 的值无效：应为整数"),
    (["build", "a", "b"], "多余的参数（b）"),  # validate takes several folders
    (["validate", "--format"], "选项 '--format' 需要一个值。"),
    (["export", "--help"], "显示此帮助并退出。"),
    (["--help"], "用法：govnet [OPTIONS] COMMAND [ARGS]..."),
])
def test_usage_errors_and_help_carry_no_english_sentence_of_the_framework_in_chinese(args: list[str],
                                                                                        chinese: str) -> None:
    zh = _govnet("--lang", "zh", *args)
    shown = zh.stdout + zh.stderr
    assert chinese in shown
    assert not [english for english in FRAMEWORK_ENGLISH if english in shown], shown
    en = _govnet("--lang", "en", *args)  # the same run in English shows them: the list is not vacuous
    assert zh.returncode == en.returncode
    assert any(english in en.stdout + en.stderr for english in FRAMEWORK_ENGLISH)


def test_framework_texts_are_the_ones_typer_prints() -> None:
    """The shapes govnet translates are literally in the Typer installed here: a Typer that rewords one fails
    this test instead of silently printing English in a Chinese run."""
    import typer

    from govnet.i18n.framework import CLICK_TEXTS, RICH_CONSTANTS, TYPER_CORE

    def unquoted(text: str) -> str:
        return text.replace("'", "").replace('"', "")

    source = unquoted("".join(p.read_text(encoding="utf-8") for p in Path(typer.__file__).parent.rglob("*.py")))
    for english in (*RICH_CONSTANTS.values(), *TYPER_CORE):
        assert unquoted(f"_({english!r})") in source, english
    # The plain-English texts are composed from pieces at run time (f"Missing {param_type}…"); the pieces:
    pieces = ("Show this message and exit.", "Usage: ", "No such option: ", "(Possible options: ", "Missing ",
              "Invalid value for ", "Invalid value: ", "Got unexpected extra argument(s) (", "an argument.",
              "does not take a value.", " takes ", " is not one of ")
    assert all(unquoted(piece) in source for piece in pieces)
    assert all(any(unquoted(piece).strip() in unquoted(t) for t in CLICK_TEXTS) for piece in pieces)


def test_summary_lines_of_the_commands_speak_the_language_of_the_run(tmp_path: Path) -> None:
    from conftest import govnet_in_process as in_process  # each run names its language (--lang): no process needed

    model = tmp_path / "model"
    shutil.copytree(MINI, model)
    zh = in_process("--lang", "zh", "allocate", str(model), "--check")
    assert zh.returncode == 0 and "allocations.lock 已是最新" in zh.stderr
    en = in_process("--lang", "en", "allocate", str(model), "--check")
    assert "allocations.lock is up to date" in en.stderr
    schemas = in_process("--lang", "zh", "schema", "-o", str(tmp_path / "schemas"))
    assert re.search(r"\d+ 个 Schema，\d+ 个有变化", schemas.stderr), schemas.stderr
    bad = in_process("--lang", "zh", "draw", str(model), "--city", "3601", "--zone", "public")
    assert bad.returncode == 2 and "请给出 --city 或 --zone，不要同时给出" in bad.stderr


def test_errors_other_stages_raise_are_printed_in_chinese(tmp_path: Path) -> None:
    """Usage errors whose text comes from locate, export, whatif, allocate and init: each one in Chinese, with
    the values the user gave unchanged."""
    from conftest import govnet_in_process

    model = tmp_path / "model"
    shutil.copytree(MINI, model)
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("", encoding="utf-8")
    cases = [
        (["validate", str(tmp_path / "nowhere")], f"模型目录 '{tmp_path / 'nowhere'}' 不存在"),
        (["export", "netbox", str(model), "--county", "369999", "-o", str(tmp_path / "o")], "模型中没有站点 369999"),
        (["whatif", str(model), "--fail", "JX-3601-CR99"],
         "'JX-3601-CR99' 不是模型中的链路、设备、站点、运营商或共享风险组"),
        (["allocate", str(model), "--check", "--release", "nothing-here"],
         "--release nothing-here：没有以此命名且分配了地址的对象"),
        (["init", str(tmp_path / "full"), "--province", "36"], "不是空目录；govnet init 从不覆盖已有文件"),
    ]
    for args, chinese in cases:
        done = govnet_in_process("--lang", "zh", *args)
        assert done.returncode == 2 and chinese in done.stderr, (args, done.stderr)
        assert done.stderr.splitlines()[-1].startswith("govnet：错误："), done.stderr
        english = govnet_in_process("--lang", "en", *args)
        assert english.returncode == 2 and "govnet: error: " in english.stderr and chinese not in english.stderr


def test_the_registry_asks_again_in_the_language_of_the_run(monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """`govnet registry add` on a terminal asks for what is missing and refuses a bad answer with its reason."""
    import typer

    from govnet.cli.registry import MOBILE, _ask
    from govnet.i18n import _, use

    answers = iter(["12345", "13800000000"])
    asked: list[str] = []
    monkeypatch.setattr(typer, "prompt", lambda label, default=None: asked.append(label) or next(answers))
    use("zh")
    try:
        got = _ask(_("head mobile"), lambda v: None if MOBILE.fullmatch(v) else _("11 digits starting 13-19"))
    finally:
        use("en")
    assert got == "13800000000" and asked == ["负责人手机", "负责人手机"]
    assert capsys.readouterr().out == "错误：11 位数字，以 13-19 开头\n"


def test_verify_findings_have_templates_that_match_the_checks_own_wording() -> None:
    """Each finding template's literal text is in src/govnet/verify (a reworded finding fails here, instead of
    printing English in a Chinese run), and a finding of the golden configs reads in Chinese."""
    from govnet.i18n import use
    from govnet.i18n.findings import FINDINGS
    from govnet.i18n.messages import translate

    source = "".join(p.read_text(encoding="utf-8") for p in (REPO / "src" / "govnet" / "verify").glob("*.py"))
    source = re.sub(r"\"\s*\n\s*f?\"", "", source)  # implicitly joined string literals read as one
    for template in FINDINGS:
        for piece in (p.strip() for p in re.split(r"\{\w+\}", template)):
            assert len(piece) < 3 or piece in source, (template, piece)
    use("zh")
    try:
        said = translate("JX-36-FW02 translates to 1 NAT pool(s) (NAT-36 1) traffic that leaves by 2 carriers "
                         "(CT, CU): each carrier drops the others' addresses")
    finally:
        use("en")
    assert said == ("JX-36-FW02 把经 2 家运营商（CT, CU）出口的流量转换到 1 个 NAT 地址池（NAT-36 1）："
                    "每家运营商都会丢弃其他运营商的地址")


def test_remediation_says_in_chinese_why_a_line_is_dangerous() -> None:
    """diff --remediation flags negations a device depends on: the reason reads in the run's language, the
    '!! DANGER' marker stays as scripts grep for it."""
    from govnet.i18n import use
    from govnet.render.diff import remediate

    old = "#\nsysname A\n#\nospf 1\n area 0.0.0.0\n  network 10.0.0.0 0.0.0.3\n#\n"
    use("zh")
    try:
        lines, flagged = remediate("huawei_vrp", old, "#\nsysname A\n#\n")
    finally:
        use("en")
    assert flagged == 1 and "!! DANGER (删除 IGP 配置):" in lines
