"""docs/diagnostics.zh.md: the code table of docs/diagnostics.md in Chinese, from the same table
(``python -m govnet.i18n.docs > docs/diagnostics.zh.md``; a test keeps it equal)."""

from __future__ import annotations

from govnet.codes import CODES
from govnet.i18n import N_, catalog

FAMILIES = {
    "load": N_("load"), "schema": N_("schema"), "hierarchy": N_("hierarchy"), "links": N_("links"),
    "strings": N_("strings"), "devices": N_("devices"), "zones": N_("zones"), "addresses": N_("addresses"),
    "templates": N_("templates"), "registry": N_("registry"), "targets": N_("targets"), "verify": N_("verify"),
}


def markdown_table_zh() -> str:
    zh = catalog("zh").gettext
    lines = [
        "# 诊断代码",
        "",
        "govnet 报告的每个问题都带有下列稳定代码之一。由 `govnet/codes.py` 的同一张表和中文消息目录",
        "（`src/govnet/i18n/locale/zh_CN/LC_MESSAGES/govnet.po`）生成：",
        "`python -m govnet.i18n.docs > docs/diagnostics.zh.md`；测试保证两者一致。",
        "English: [diagnostics.md](diagnostics.md).",
        "",
        "| 代码 | 级别 | 类别 | 含义 |",
        "|---|---|---|---|",
    ]
    lines += [f'| <a id="{c.code.lower()}"></a>{c.code} | {zh(str(c.severity))} | '
              f"{zh(FAMILIES.get(c.family, c.family))} | {zh(c.title)} |" for c in CODES.values()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown_table_zh(), end="")
