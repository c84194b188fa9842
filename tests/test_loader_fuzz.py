"""Property tests for the loader: whatever the bytes, load_bytes answers with data or with diagnostics.

The loader is the one place user bytes meet a YAML library, so it must never raise: every failure is a
diagnostic with a stable code and a position a person can go to. These properties throw arbitrary bytes,
YAML-looking text and round-tripped data at it, and run the whole pipeline on a model with a mangled file.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from govnet.codes import CODES
from govnet.diagnostics import Diagnostic
from govnet.pipeline import validate
from govnet.source.layout import copy_model
from govnet.source.loader import LoadedFile, load_bytes

# The pipeline property mangles the profiles of the small fixture model: what it tests is that no input makes a
# stage raise, which a province of 2,000 sites tests no better than one of a dozen (and 100x slower per example).
MODEL = Path(__file__).resolve().parent / "fixtures" / "mini"
PROFILES = "topology/profiles.yaml"

FUZZ = settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])
PIPELINE = settings(deadline=None, max_examples=50,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# --------------------------------------------------------------------------------------------------------------
# Strategies
# --------------------------------------------------------------------------------------------------------------

# Pieces that mean something to a YAML scanner, or to the loader's own guards (depth bound, tags, merges).
YAML_FRAGMENTS = [
    "\n", "\r\n", "\r", " ", "  ", "    ", "\t", "- ", "-", ": ", ":", "? ", ",", "[", "]", "{", "}", "[]", "{}",
    "&a ", "*a", "&b ", "*b", "<<: ", "<<: *a", "!!str ", "!!int ", "!!float ", "!!bool ", "!!null ", "!!map ",
    "!!seq ", "!!binary ", "!!timestamp ", "!!set ", "!!omap ", "!!python/object:os.system ", "!local ", "!",
    "'", '"', "''", '""', "\\", "#", " # comment", "|", "|-", ">", ">+", "---", "...", "%YAML 1.1", "%TAG ! x",
    "@", "`", "%", "=", "~", "null", "true", "no", "on", "0", "1", "-1", "0b", "0x", "0o", "_", "1_0", "1:30", ".",
    ".5", ".inf", ".nan", "1e3", "2024-01-01", "2024-01-01 10:00:00", "code", "name", "profiles", "a", "b",
    "江西省", "乡镇", "\ufeff", "\u00a0", "\u0085", "\u2028", "\u2029", "\x00", "\x07", "\x1b", "\x7f", "\ud7ff",
    "\U0001f600", "\ufffe", "\uffff",
]
# Characters libyaml accepts, rejects, or treats as line breaks; and a general slice of Unicode.
TEXT_CHARS = st.one_of(
    st.sampled_from("abc xyz019-_:#,[]{}&*!|>'\"%@`?\t\n\r\x00\x01\x08\x0b\x0c\x1f\x7f\x80\x85\x9f\xa0\u2028\u2029"
                    "\ufeff\ufffe\uffff中文"),
    st.characters(codec="utf-8"),
)
REPEATED = ["[", "{", "- ", "-", " ", "a: ", "[a, ", "{a: ", "&a [*a, ", "\n", "x"]

fragments = st.one_of(
    st.sampled_from(YAML_FRAGMENTS),
    st.text(TEXT_CHARS, max_size=12),
    # indentation followed by a block-structure token
    st.builds(lambda n, t: "\n" + " " * n + t, st.integers(0, 12), st.sampled_from(["- ", "a: ", "? ", ""])),
)
# Many repeats of one piece: deep flow nesting, very long lines, huge block indentation (the depth guard).
repeats = st.builds(lambda piece, n: piece * n, st.sampled_from(REPEATED), st.integers(1, 8000))

yaml_text = st.lists(st.one_of(fragments, fragments, fragments, repeats), max_size=60).map("".join)

binary_pieces = st.one_of(
    st.binary(max_size=64),
    st.sampled_from([f.encode("utf-8") for f in YAML_FRAGMENTS if "\ud7ff" not in f]),
    st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xc3", b"\xe4\xb8", b"\x80", b"\xed\xa0\x80",
                     b"\xf4\x90\x80\x80", b"\xc0\xaf", b"\x00\x00\xfe\xff"]),
    st.builds(lambda piece, n: piece.encode() * n, st.sampled_from(REPEATED), st.integers(1, 8000)),
)
# Large files: random bytes from a drawn seed. Hypothesis draws st.binary byte by byte, which made 20-60 kB
# examples most of this module's time; what the loader meets is the same, only shrinking is coarser.
large_bytes = st.builds(lambda seed, size: random.Random(seed).randbytes(size), st.integers(0, 2**32),
                        st.integers(20_000, 60_000))
any_bytes = st.one_of(
    st.binary(max_size=4096),
    large_bytes,
    st.lists(binary_pieces, max_size=60).map(b"".join),
)

json_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(), children, max_size=5),
    max_leaves=30,
)

# --------------------------------------------------------------------------------------------------------------
# What every answer must look like
# --------------------------------------------------------------------------------------------------------------

_BREAKS = ("\n", "\r", "\x85", "\u2028", "\u2029")


def _line_bound(raw: bytes) -> int:
    """More lines than any reading of the file can have (every kind of line break counted as one)."""
    text = raw.decode("utf-8", errors="replace")
    return sum(text.count(b) for b in _BREAKS) + 2


def assert_diagnostic(d: object, raw: bytes | None = None) -> None:
    assert isinstance(d, Diagnostic), d
    assert d.code in CODES, d
    assert d.severity == CODES[d.code].severity, d
    assert isinstance(d.line, int) and d.line >= 1, d
    assert isinstance(d.column, int) and d.column >= 1, d
    assert "\n" not in d.message and (d.hint is None or "\n" not in d.hint), d  # one diagnostic, one line
    if raw is not None:
        assert d.line <= _line_bound(raw), (d, _line_bound(raw))


def assert_plain(data: object) -> None:
    """Only the types a model file may hold: mappings, lists, str, int, float, bool and null."""
    seen: set[int] = set()
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict | list):
            if id(value) in seen:  # aliases share values; visit each once
                continue
            seen.add(id(value))
        if isinstance(value, dict):
            for key in value:
                assert key is None or isinstance(key, str | int | float | bool), repr(key)
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        else:
            assert value is None or isinstance(value, str | int | float | bool), repr(value)


def assert_answer(raw: bytes) -> tuple[LoadedFile | None, list[Diagnostic]]:
    loaded, diagnostics = load_bytes(raw, "topology/3601.yaml")
    assert isinstance(diagnostics, list)
    for d in diagnostics:
        assert_diagnostic(d, raw)
    if loaded is None:
        assert diagnostics, "no data and no diagnostic"
    else:
        assert isinstance(loaded, LoadedFile)
        assert all(d.code in ("GN112", "GN501") for d in diagnostics), diagnostics  # notes on values kept
        assert loaded.file == "topology/3601.yaml"
        assert_plain(loaded.data)
    return loaded, diagnostics


# --------------------------------------------------------------------------------------------------------------
# (1) arbitrary bytes
# --------------------------------------------------------------------------------------------------------------


@FUZZ
@given(any_bytes)
@example(b"")
@example(b"\xef\xbb\xbf")
@example(b"\xff\xfe\x00a")
@example(b"a: 1\n\xe4\xb8")
@example(b"[" * 6000)
@example(b"- " * 4000 + b"x")
@example(b"&a [*a]")
@example(b"0b_")  # the int resolver accepts '0b_'; PyYAML's int() of '' then raises ValueError
def test_any_bytes_load_or_diagnose(raw: bytes) -> None:
    assert_answer(raw)


# --------------------------------------------------------------------------------------------------------------
# (2) YAML-looking text
# --------------------------------------------------------------------------------------------------------------


@FUZZ
@given(yaml_text)
@example("a: 1\na: 2\n")
@example("a: &x [1, 2]\nb: *x\nc: *y\n")
@example("<<: 1\n")
@example("\tkey: value\n")
@example("--- a\n--- b\n")
@example("!!int abc")  # explicit tags PyYAML's constructors cannot convert: ValueError, IndexError, KeyError
@example("!!float x")
@example("!!bool maybe")
@example("!!int")
def test_yamlish_text_load_or_diagnose(text: str) -> None:
    assert_answer(text.encode("utf-8"))


# --------------------------------------------------------------------------------------------------------------
# (3) round trip of plain data
# --------------------------------------------------------------------------------------------------------------


@FUZZ
@given(json_like, st.booleans(), st.booleans())
@example({"<<": {"a": 1}}, True, False)
@example(["=", "~", "null", "0b_", "2024-01-01", "1:30"], True, True)
@example({"\x85": ["a\x85b"]}, True, False)
def test_safe_dump_round_trips(data: object, allow_unicode: bool, flow: bool) -> None:
    dumped = yaml.safe_dump(data, allow_unicode=allow_unicode, default_flow_style=flow)
    loaded, diagnostics = assert_answer(dumped.encode("utf-8"))
    assert loaded is not None, diagnostics
    if allow_unicode and _has_nel(data):
        # PyYAML's emitter writes NEL (U+0085) raw inside quoted scalars when allow_unicode is set, where YAML 1.1
        # folds it as a line break: yaml.safe_load does not read such a dump back either. Judge the loader
        # against PyYAML's own reading of the dump instead.
        assert loaded.data == yaml.load(dumped, Loader=yaml.CSafeLoader)
    else:
        assert loaded.data == data


def _has_nel(data: object) -> bool:
    if isinstance(data, str):
        return "\x85" in data
    if isinstance(data, dict):
        return any(_has_nel(k) or _has_nel(v) for k, v in data.items())
    if isinstance(data, list):
        return any(_has_nel(v) for v in data)
    return False


# --------------------------------------------------------------------------------------------------------------
# (4) the whole pipeline, with the fixture model's profiles.yaml replaced by arbitrary text
# --------------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def model_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_model(MODEL, tmp_path_factory.mktemp("model"))
    assert (root / "govnet.yaml").is_file() and (root / PROFILES).is_file(), f"no model at {MODEL}"
    return root


def _mutated_profiles() -> st.SearchStrategy[str]:
    """The real profiles file with YAML-ish text spliced in: mostly valid YAML, often wrong in shape."""
    original = (MODEL / PROFILES).read_text(encoding="utf-8")

    def splice(cut: tuple[int, int], insert: str) -> str:
        start, length = cut
        return original[:start] + insert + original[start + length:]

    cuts = st.tuples(st.integers(0, len(original)), st.integers(0, 40))
    return st.builds(splice, cuts, st.one_of(yaml_text, st.sampled_from(YAML_FRAGMENTS)))


# Device name patterns: str.format fields, indexing, attributes, conversions and format specs. Widths stay small:
# a pattern such as '{n:>1000000}' is accepted and makes every device name a megabyte long (see the report).
_FIELDS = ["prefix", "code", "n", "x", "", "0", "n[0]", "prefix[0]", "prefix[99]", "prefix[a]", "n.real", "n.x",
           "code.upper", "n.__class__"]
_SPECS = ["", ":02d", ":>3", ":x", ":%", ":d", ":s", ":,", ":.2f", ":{n}", ":<", ":c", ":=^5"]
name_pattern = st.lists(
    st.one_of(
        st.sampled_from(["-", "R", "FW", "{", "}", "{{", "}}", "中", " "]),
        st.builds(lambda f, c, s: "{" + f + c + s + "}", st.sampled_from(_FIELDS),
                  st.sampled_from(["", "!r", "!s", "!a", "!x"]), st.sampled_from(_SPECS)),
    ),
    max_size=6,
).map("".join)
_BANDWIDTHS = st.sampled_from(["20M", "100M", "1G", "10G", "100G", "2.5G", "fast", "0", 0, 1, -5, 2.5, True, None])
device_spec = st.fixed_dictionaries(
    {"name": name_pattern,
     "role": st.sampled_from(["core-router", "router", "firewall", "switch"]),
     "platform": st.sampled_from(["huawei_vrp", "huawei_usg", "h3c_comware", "h3c_secpath", "cisco_iosxe", "junos"])},
    optional={"count": st.integers(-1, 17), "port_speed": _BANDWIDTHS},
)
uplink_spec = st.fixed_dictionaries(
    {"count": st.integers(-1, 9), "bandwidth": _BANDWIDTHS},
    optional={"min_bandwidth": _BANDWIDTHS, "diverse_carriers": st.booleans(),
              "carriers": st.lists(st.sampled_from(["电信", "联通", "移动", "", "a\nb"]), max_size=3)},
)
profile_spec = st.fixed_dictionaries(
    {}, optional={"description": st.text(max_size=5), "devices": st.lists(device_spec, max_size=3),
                  "uplinks": uplink_spec},
)
PROFILE_NAMES = ["province", "city", "county", "township", "gov-cloud", "dr-centre", "national-pop", "datacenter",
                 "county-huawei", "township-dual", "other"]
profiles_text = st.builds(
    lambda profiles: yaml.safe_dump({"profiles": profiles}, allow_unicode=True, sort_keys=False),
    st.dictionaries(st.sampled_from(PROFILE_NAMES), profile_spec, max_size=len(PROFILE_NAMES)),
)
# A profiles file the pipeline can read but not use: a str.format pattern that indexes an int.
_INDEXED_N = ("profiles:\n  province:\n    devices:\n"
              "      - {name: '{prefix}-{code}-R{n[0]}', role: core-router, platform: huawei_vrp}\n")


@PIPELINE
@given(data=st.data())
@example(data=None)  # the unmodified copy: a sanity check that the model itself validates
@example(data="0b_")  # the loader crash (ValueError from PyYAML's int constructor) through the whole pipeline
@example(data=_INDEXED_N)  # build: str.format raises TypeError, which _device_name does not catch
def test_pipeline_never_raises_on_mangled_profiles(model_copy: Path, data: st.DataObject | str | None) -> None:
    original = (MODEL / PROFILES).read_text(encoding="utf-8")
    if data is None or isinstance(data, str):
        text = original if data is None else data
    else:
        text = data.draw(st.one_of(yaml_text, _mutated_profiles(), profiles_text), label="profiles.yaml")
    (model_copy / PROFILES).write_text(text, encoding="utf-8")
    try:
        result = validate(model_copy)
    finally:
        (model_copy / PROFILES).write_text(original, encoding="utf-8")
    for d in result.diagnostics:
        assert_diagnostic(d)
    if data is None:
        assert result.ok, [d.as_text() for d in result.diagnostics]
