"""The schema stage drops only the item at fault: a list item or a named entry with a wrong value is left out,
with the rest of its file kept, and left out of the source map too so later line numbers stay right."""

from __future__ import annotations

from govnet.schema.topology import CityFile, ProfilesFile, ProvinceFile
from govnet.source.loader import load_text
from govnet.source.parse import parse_file

CITY = """\
city:
  code: 3601
  name: 南昌市
  counties:
    - code: 360102
      name: 东湖区
      townships:
        - {code: 360102002, name: 滕王阁街道}
        - {code: 360102004, name: [not, text]}
        - {code: 360102005, name: 墩子塘街道}
"""


def test_a_township_with_a_wrong_value_is_left_out_and_the_lines_after_it_stay_right() -> None:
    loaded, found = load_text(CITY, "topology/3601.yaml")
    assert loaded is not None and not found
    parsed = parse_file(loaded, CityFile)
    assert [d.code for d in parsed.diagnostics] == ["GN202"] and parsed.diagnostics[0].line == 9
    assert parsed.value is not None
    townships = parsed.value.city.counties[0].townships
    assert [t.code for t in townships] == ["360102002", "360102005"]
    assert parsed.source.position(("city", "counties", 0, "townships", 1)) == (10, 11)  # 墩子塘街道's line
    assert parsed.dropped == ((9, 11),)


def test_a_profile_with_a_wrong_value_is_left_out_and_the_others_kept() -> None:
    text = ("profiles:\n  city:\n    uplinks: {count: two, bandwidth: 1G}\n"
            "  county:\n    uplinks: {count: 2, bandwidth: 1G}\n")
    loaded, _ = load_text(text, "topology/profiles.yaml")
    assert loaded is not None
    parsed = parse_file(loaded, ProfilesFile)
    assert [d.code for d in parsed.diagnostics] == ["GN202"]
    assert parsed.value is not None and list(parsed.value.profiles) == ["county"]
    assert parsed.source.position(("profiles", "county", "uplinks", "count")) == (5, 22)


def test_a_mistake_outside_every_item_still_drops_the_file() -> None:
    loaded, _ = load_text("province: {code: 36, name: [x]}\n", "topology/province.yaml")
    assert loaded is not None
    parsed = parse_file(loaded, ProvinceFile)
    assert parsed.value is None and [d.code for d in parsed.diagnostics] == ["GN202"]
