"""A unit's name in pinyin, for the description of its sub-interfaces (issue 13: "the unit id and name in the
description"). Configs are ASCII: a device's console may not read UTF-8 (a GBK terminal garbles it), and an
engineer at the device still reads whose line a port is. pypinyin (MIT) converts each run of Chinese characters
with its phrase dictionary, so a polyphone reads as it does in the name (重庆 Chong Qing, 银行 Yin Hang);
letters and digits of the name are kept, everything else (punctuation, quotes, control characters) is dropped,
so nothing but [A-Za-z0-9 ] reaches the config."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

_HAN = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)")  # CJK unified ideographs (+ ext. A, compat.)
_ALNUM = re.compile(r"[A-Za-z0-9]+")


@cache
def ascii_name(name: str) -> str:
    """The name with each Chinese syllable capitalised and run together, other letters and digits kept as words.

    >>> ascii_name("南昌市机关事务管理局")
    'NanChangShiJiGuanShiWuGuanLiJu'
    >>> ascii_name("重庆市中国人民银行营业部")
    'ChongQingShiZhongGuoRenMinYinHangYingYeBu'
    >>> ascii_name('测试单位"; rm -rf /'), ascii_name("第１２中学（ＡＢ校区）")
    ('CeShiDanWei rm rf', 'Di 12 ZhongXue AB XiaoQu')
    """
    from pypinyin import Style, lazy_pinyin

    words: list[str] = []
    for number, part in enumerate(_HAN.split(unicodedata.normalize("NFKC", name))):
        if number % 2:  # a run of Chinese characters (re.split puts the captured runs at odd positions)
            words.append("".join(s.capitalize() for s in lazy_pinyin(part, style=Style.NORMAL, v_to_u=False)))
        else:
            words += _ALNUM.findall(part)
    return " ".join(w for w in words if w.isascii())


def unit_description(unit_id: str, name: str, limit: int) -> str:
    """UNIT-<id>, then the name in pinyin, cut to the platform's description length (the id always whole: verify
    reads it back as the first word)."""
    spelled = ascii_name(name)
    return (f"UNIT-{unit_id} {spelled}" if spelled else f"UNIT-{unit_id}")[:limit].rstrip()
