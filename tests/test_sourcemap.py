from __future__ import annotations

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
