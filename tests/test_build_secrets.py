"""What a build with real secrets leaves in its output folder: nothing others may read that lets them test a guessed
secret (the build's record and verify's cache hash what holds the secrets), and configs kept for their owner's eyes
even when their mode was loosened by hand."""

from __future__ import annotations

import os
import re
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from govnet.pipeline import build, build_inputs, validate
from govnet.render.secrets import Secrets
from govnet.writer import content_hash

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
DATE = "2024-06-30"
PASSWORD = "hunter2"  # a weak password: the kind an offline guess finds
RIGHT = Secrets({"local_password": PASSWORD, "snmp_community": "public1"})
WRONG = Secrets({"local_password": "letmein", "snmp_community": "public1"})
HASH = re.compile(rb"[0-9a-f]{32}")  # a record's hashes are 32 hex digits


@pytest.fixture
def umask_022() -> Iterator[None]:
    """The usual umask: what govnet does not keep private is readable by other users."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def _readable_by_others(out: Path) -> Iterator[Path]:
    for path in sorted(out.rglob("*")):
        if path.is_file() and stat.S_IMODE(path.stat().st_mode) & stat.S_IROTH:
            yield path


def _hashes(paths: Iterator[Path]) -> set[bytes]:
    return {token for path in paths for token in HASH.findall(path.read_bytes())}


def _what_an_attacker_computes(root: Path, out: Path, secrets: Secrets) -> set[bytes]:
    """What someone with the model (it is in git) and a guess can compute on a machine of their own: govnet's record
    of a build with the guess, the plain hash of every file that build writes, and the plain fingerprints a record
    would hold (the build's inputs, each config's inputs)."""
    from govnet import artefacts

    assert build(root, out, secrets=secrets, date=DATE, workers=1).ok
    found = _hashes(iter(p for p in out.rglob("*") if p.is_file()))
    found |= {content_hash(p.read_bytes()).encode() for p in out.rglob("*") if p.is_file()}
    found.add(build_inputs(root, secrets, DATE, verify=True, key=b"").encode())
    result = validate(root)
    built = artefacts.Built(root, result.model, result.addresses, result.diagnostics, secrets, DATE, 1)  # type: ignore[arg-type]
    outputs = artefacts.configs(built, lambda path, inputs: True, lambda what, done, total: None)
    found |= {output.inputs.encode() for output in outputs}
    return found


def test_a_build_with_real_secrets_leaves_nothing_others_can_read_that_confirms_a_guess(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, umask_022: None) -> None:
    """The record (out/.govnet-build.json) and verify's cache (out/.cache/) were readable by everyone and held plain
    SHA-256 hashes of the configs and of their inputs, which hold the secrets: render the public model with a guess,
    hash, compare, and a weak password falls offline. What depends on the secret in what an attacker computes must
    not be found in any file of the victim's output that others can read."""
    root = tmp_path / "model"
    shutil.copytree(MINI, root)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "victim-cache"))
    assert build(root, tmp_path / "out", secrets=RIGHT, date=DATE, workers=1).ok
    exposed = _hashes(_readable_by_others(tmp_path / "out"))
    assert exposed  # the record and the other outputs are there to look into

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "attacker-cache"))
    right = _what_an_attacker_computes(root, tmp_path / "right", RIGHT)
    wrong = _what_an_attacker_computes(root, tmp_path / "wrong", WRONG)
    confirming = right - wrong
    assert confirming  # the guess changes what is computed: the configs hold the password
    assert not exposed & confirming


def _config(out: Path) -> Path:
    return sorted((out / "configs").rglob("*.cfg"))[0]


@pytest.mark.parametrize("second_date", [DATE, "2024-07-01"], ids=["nothing-changed", "configs-up-to-date"])
def test_a_config_with_real_secrets_made_readable_by_hand_is_private_again_after_a_build(
        tmp_path: Path, umask_022: None, second_date: str) -> None:
    """A config holding real secrets chmod'ed 0o644 (by a user or a tool) stayed world-readable after a build that
    found it up to date: when nothing changed at all (the build replays its record) and when only something else
    changed (the date: the config is skipped, not written)."""
    root = tmp_path / "model"
    shutil.copytree(MINI, root)
    out = tmp_path / "out"
    assert build(root, out, secrets=RIGHT, date=DATE, workers=1).ok
    config = _config(out)
    assert PASSWORD in config.read_text(encoding="utf-8") and stat.S_IMODE(config.stat().st_mode) == 0o600
    config.chmod(0o644)
    again = build(root, out, secrets=RIGHT, date=second_date, workers=1)
    assert again.ok and again.skipped
    assert again.up_to_date == (second_date == DATE)
    assert stat.S_IMODE(config.stat().st_mode) == 0o600


def test_the_record_key_stays_private_and_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The key is made once, readable by its owner only, and the same for the next build (else nothing would be up
    to date); a key file others could read (or a planted one) is replaced, not used; no real secret, no key."""
    from govnet.recordkey import KEY_FILE, record_key

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert record_key(False) == b""
    key = record_key(True)
    path = tmp_path / "govnet" / KEY_FILE
    assert len(key) == 32 and path.read_bytes() == key and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert record_key(True) == key
    path.chmod(0o644)
    replaced = record_key(True)
    assert replaced != key and stat.S_IMODE(path.stat().st_mode) == 0o600 and record_key(True) == replaced


def test_modes_from_a_record_only_take_permissions_away(tmp_path: Path) -> None:
    """The record's modes may have been edited by anyone who can write out/: they never loosen a file, nor touch one
    outside the output folder."""
    from govnet.writer import keep_modes

    out = tmp_path / "out"
    out.mkdir()
    (out / "a.cfg").write_text("x")
    (out / "a.cfg").chmod(0o600)
    (tmp_path / "outside").write_text("y")
    (tmp_path / "outside").chmod(0o644)
    keep_modes(out, {"a.cfg": 0o777, "../outside": 0o600})
    assert stat.S_IMODE((out / "a.cfg").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "outside").stat().st_mode) == 0o644
