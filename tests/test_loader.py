"""Loader refusals that the broken-model corpus cannot reach with small files."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from govnet.source import loader


def test_oversized_file_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 1000)
    big = tmp_path / "big.yaml"
    big.write_text("x: " + "a" * 2000 + "\n", encoding="utf-8")
    loaded, problems = loader.load_file(big, "topology/big.yaml")
    assert loaded is None
    assert [(d.code, d.file, d.line) for d in problems] == [("GN104", "topology/big.yaml", 1)]
    assert "split it" in (problems[0].hint or "")


def test_unreadable_file_is_a_diagnostic(tmp_path: Path) -> None:
    loaded, problems = loader.load_file(tmp_path, "topology/3601.yaml")  # a directory cannot be read as a file
    assert loaded is None
    assert [d.code for d in problems] == ["GN109"]


@pytest.mark.parametrize("text", ["[" * 300_000 + "]" * 300_000, "a:" + " [" * 2_000 + " ]" * 2_000])
def test_very_deep_nesting_never_reaches_the_c_composer(text: str) -> None:
    # libyaml's composer recurses in C and crashes the interpreter around 10^5 levels; PyYAML 6.0.3 and newer
    # ship a libyaml whose parser refuses nesting beyond 1,000 by itself. Either way the user sees GN107.
    loaded, problems = loader.load_text(text, "x.yaml")
    assert loaded is None
    assert [d.code for d in problems] == ["GN107"]


def test_unclosed_quote_points_at_its_opening() -> None:
    _, problems = loader.load_text('a: 1\nname: "滕王阁街道\nb: 2\n', "x.yaml")
    assert [(d.code, d.line, d.column) for d in problems] == [("GN101", 2, 7)]


@pytest.mark.parametrize("raw, column", [(b"name: \xc4\xe3\n", 7), ("名称: 墩子塘".encode() + b"\xbd\xd6\n", 8)])
def test_non_utf8_column_counts_characters(raw: bytes, column: int) -> None:
    _, problems = loader.load_bytes(raw, "x.yaml")
    assert [(d.code, d.line, d.column) for d in problems] == [("GN105", 1, column)]


_BOTH_WAYS = [
    "a: 1\nb: [yes, no, ~, 1.5, '2', 0x10]\nc: {d: e}\n",
    "base: {x: 1}\nmerged: {<<: {x: 2, y: 3}, x: 4}\n",
    "a: 1\nb: 2\na: 3\n",  # duplicate key
    "a: !!python/object:os.system x\n",  # exotic tag
    "a: !!int abc\n",  # unreadable typed scalar
    "? [1, 2]\n: complex key\n",
    "a: " + "[" * 70 + "]" * 70 + "\n",  # too deep
    "- 2024-06-30\n- 'quoted'\n- plain text\n",
]


@pytest.mark.parametrize("text", _BOTH_WAYS)
def test_the_fast_builder_for_anchor_free_files_agrees_with_the_careful_one(text: str) -> None:
    """Files without '&' take a builder that skips alias bookkeeping; data and refusals must not change."""
    root = loader.yaml.compose(text, Loader=loader._COMPOSER)

    def outcome(builder: type[loader._Builder]) -> object:
        try:
            return builder("f.yaml").build(root)
        except loader._Refused as refused:
            d = refused.diagnostic
            return (d.code, d.line, d.column, d.message)

    assert outcome(loader._PlainBuilder) == outcome(loader._Builder)


_INTEGERS = ["0", "00", "007", "0755", "10", "1_000", "+5", "-5", "-0", "0x1f", "0b101", "0o17", "1:30",
             "12345678901234567890", "!!int 42", "!!int '0017'"]


# YAML 1.1's octal and base-60 forms are kept as the text written, with a GN112 warning (issue 18).
_KEPT_AS_TEXT = {"00", "007", "0755", "1:30"}


@pytest.mark.parametrize("written", _INTEGERS)
def test_integers_read_as_pyyaml_reads_them(written: str) -> None:
    """Plain decimals take a shortcut past PyYAML's int constructor; every other form must still reach it."""
    loaded, problems = loader.load_text(f"n: {written}\n", "f.yaml")
    if written in _KEPT_AS_TEXT:
        assert loaded is not None and loaded.data == {"n": written}
        assert [d.code for d in problems] == ["GN112"]
        return
    assert not problems and loaded is not None
    expected = yaml.safe_load(f"n: {written}\n")["n"]
    assert loaded.data == {"n": expected}
    assert type(loaded.data["n"]) is type(expected)  # type: ignore[index]
