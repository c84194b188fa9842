"""The shipped division table: split per province, yet the same table the team's national copy holds."""

from __future__ import annotations

import csv
import io
import lzma
from dataclasses import astuple
from pathlib import Path

import pytest

from govnet.reference import divisions

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "china_townships.csv.xz"


def test_every_province_file_holds_only_its_own_rows() -> None:
    assert len(divisions.provinces()) == 31
    assert len(divisions.rows()) == 41_352
    for province in divisions.provinces():
        rows = divisions._province_rows(province)
        assert rows and {row[0] for row in rows} == {province}


def test_official_names_cover_all_four_levels_of_any_province() -> None:
    for row in divisions.rows()[::997]:
        assert divisions.official_name(row.province_code) == row.province
        assert divisions.official_name(row.city_code) == row.city
        assert divisions.official_name(row.county_code) == row.county
        assert divisions.official_name(row.township_code) == row.township
    assert divisions.official_name("99") is None and divisions.official_name("") is None


@pytest.mark.skipif(not SHARED.exists(), reason="the team's national table is not beside this checkout")
def test_the_split_table_is_the_national_table() -> None:
    reader = csv.reader(io.StringIO(lzma.decompress(SHARED.read_bytes()).decode("utf-8")))
    next(reader)
    assert [tuple(r) for r in reader] == [astuple(row) for row in divisions.rows()]
