from __future__ import annotations

from pathlib import Path

import pytest

from govnet.source.loader import load_text

TEXT = """\
city:
  code: 3601
  counties:
    - code: 360102
      townships:
        - {code: 360102002, name: 滕王阁街道}
"""


@pytest.mark.parametrize("path, key, expected", [
    (("city",), False, (2, 3)),
    (("city", "code"), False, (2, 9)),
    (("city", "code"), True, (2, 3)),
    (("city", "counties", 0, "townships", 0, "name"), False, (6, 35)),
    (("city", "counties", 0, "townships", 0, "missing"), False, (6, 11)),  # nearest existing parent
    (("city", "counties", 7), False, (4, 5)),
    ((), False, (1, 1)),
])
def test_positions_follow_the_data_path(path: tuple[str | int, ...], key: bool, expected: tuple[int, int]) -> None:
    loaded, problems = load_text(TEXT, "x.yaml")
    assert loaded is not None and not problems
    assert loaded.source.position(path, key=key) == expected


def test_data_carries_no_positions() -> None:
    loaded, _ = load_text(TEXT, "x.yaml")
    assert loaded is not None
    assert loaded.data == {"city": {"code": 3601, "counties": [
        {"code": 360102, "townships": [{"code": 360102002, "name": "滕王阁街道"}]}]}}


def _paths(data: object, prefix: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Every data path of a loaded value, and one step past each (a missing field or item)."""
    found = [prefix, (*prefix, "missing"), (*prefix, 99)]
    if isinstance(data, dict):
        for k, v in data.items():
            found += _paths(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            found += _paths(v, (*prefix, i))
    return found


BIG = TEXT + "".join(f"c{i}: {{code: 0{i}7, name: 'x{i}', list: [1, [2, {{k: v}}]]}}\n" for i in range(600)) + \
    "merged: &base {a: 1}\nother: {<<: *base, b: 2}\n"


def test_the_cache_gives_the_same_data_warnings_and_positions(tmp_path: Path) -> None:
    """The fast path (a file read back from the cache) against the slow one (composed): same answers."""
    from govnet.source.cache import MIN_BYTES, LoadedCache

    assert len(BIG) >= MIN_BYTES
    cache = LoadedCache(tmp_path / "cache")
    plain, notes = load_text(BIG, "topology/big.yaml")
    first, first_notes = load_text(BIG, "topology/big.yaml", cache)  # a miss: composed, then stored
    again, again_notes = load_text(BIG, "topology/big.yaml", cache)  # a hit: no node tree
    assert plain is not None and first is not None and again is not None
    assert again.source.root is None and first.source.root is not None  # the hit really came from the cache
    assert plain.data == first.data == again.data
    assert [n.as_text() for n in notes] == [n.as_text() for n in first_notes] == [n.as_text() for n in again_notes]
    assert any(n.code == "GN112" for n in notes)  # 017 and the like: the loader's warnings survive the cache
    for path in _paths(plain.data):
        for key in (False, True):
            assert again.source.position(path, key=key) == plain.source.position(path, key=key), path


def test_an_edit_or_a_damaged_entry_is_a_miss(tmp_path: Path) -> None:
    from govnet.source.cache import LoadedCache

    cache = LoadedCache(tmp_path / "cache")
    load_text(BIG, "a.yaml", cache)
    edited = BIG.replace("name: 'x5'", "name: 'y5'")
    loaded, _ = load_text(edited, "a.yaml", cache)
    assert loaded is not None and loaded.source.root is not None and loaded.data["c5"]["name"] == "y5"  # type: ignore[index]
    for entry in (tmp_path / "cache").iterdir():
        entry.write_bytes(b"\x00garbage")
    loaded, _ = load_text(BIG, "a.yaml", cache)
    assert loaded is not None and loaded.source.root is not None and loaded.data["c5"]["name"] == "x5"  # type: ignore[index]
    renamed, notes = load_text(BIG, "b.yaml", cache)  # the warnings name the file: another name, another entry
    assert renamed is not None and renamed.source.root is not None and all(n.file == "b.yaml" for n in notes)


def test_validation_with_the_cache_reports_what_it_reports_without(tmp_path: Path) -> None:
    """The default model (registry.d: 2.4 MB, warnings in its files): a cold and a warm cache, same diagnostics."""
    from conftest import REPO, validate_shared
    from govnet.pipeline import validate

    plain = [d.as_text() for d in validate_shared(REPO).diagnostics]  # without the cache, as the session has it
    assert plain  # the model's known warnings, some inside the cached registry.d files
    for _ in ("cold", "warm"):
        assert [d.as_text() for d in validate(REPO, cache=tmp_path).diagnostics] == plain
    assert len(list(tmp_path.iterdir())) >= 11  # registry.d's eleven files at least


def test_a_cache_folder_that_cannot_be_made_is_no_cache(tmp_path: Path) -> None:
    """A cache that cannot be written is no error: a file where the folder should be (XDG_CACHE_HOME pointing at a
    file) left validation with an internal error (NotADirectoryError from removing the temporary entry)."""
    from govnet.source.cache import LoadedCache

    blocker = tmp_path / "file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    loaded, notes = load_text(BIG, "a.yaml", LoadedCache(blocker / "govnet" / "loaded"))
    plain, plain_notes = load_text(BIG, "a.yaml")
    assert loaded is not None and plain is not None and loaded.data == plain.data and notes == plain_notes


def test_the_cache_keeps_to_its_size_least_recently_used_first(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from govnet.source import cache as loaded_cache

    folder = tmp_path / "cache"
    load_text(BIG, "a.yaml", loaded_cache.LoadedCache(folder))
    load_text(BIG, "b.yaml", loaded_cache.LoadedCache(folder))
    first, second = sorted(folder.iterdir(), key=lambda p: p.stat().st_mtime)
    os.utime(second, (1, 1))  # b.yaml's entry: long unused
    load_text(BIG, "a.yaml", loaded_cache.LoadedCache(folder))  # a hit: a.yaml's entry is recently used
    monkeypatch.setattr(loaded_cache, "MAX_BYTES", first.stat().st_size + 1)
    load_text(BIG, "c.yaml", loaded_cache.LoadedCache(folder))  # a write: the folder is pruned first
    assert first.exists() and not second.exists() and len(list(folder.iterdir())) == 2
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert loaded_cache.default_dir() == tmp_path / "govnet" / "loaded"


def test_a_cached_file_with_a_bad_item_loses_only_that_item(tmp_path: Path) -> None:
    """The schema stage leaves out only the item at fault; a file read back from the cache (positions, no node
    tree) used to lose the whole file instead, and with it everything the model holds in it."""
    from conftest import REPO
    from govnet.schema.registry import RegistryPart
    from govnet.source.cache import LoadedCache
    from govnet.source.parse import parse_file

    text = (REPO / "registry.d/3605.yaml").read_text(encoding="utf-8")
    at = text.index("status: ", text.index("status: ") + 1)  # the second unit's status
    text = text[:at] + "status: bogus" + text[text.index("\n", at):]
    cache = LoadedCache(tmp_path)
    answers = []
    for _ in ("composed", "from the cache"):
        loaded, _ = load_text(text, "registry.d/3605.yaml", cache)
        assert loaded is not None
        parsed = parse_file(loaded, RegistryPart)
        assert parsed.value is not None and parsed.dropped
        last = len(parsed.value.units) - 1
        answers.append(([d.as_text() for d in parsed.diagnostics], parsed.dropped, len(parsed.value.units),
                        parsed.source.position(("units", last, "name"))))
    assert loaded.source.root is None  # the second load really was the cache's
    assert answers[0] == answers[1]
