"""Address management on real models: the lock of the default model, stability under edits, pins, limits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import copy_model, govnet_in_process, validate_shared
from govnet.ipam.lockfile import read_lock
from govnet.ipam.prefix import parse_net
from govnet.pipeline import allocate, validate
from govnet.source.modeldir import LOCK_FILE

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


def _entries(root: Path) -> dict[str, str]:
    lock = read_lock((root / LOCK_FILE).read_text(encoding="utf-8"))
    assert lock.sealed and not lock.problems
    return {k: str(v) for k, v in lock.entries.items()}


def _allocate(root: Path, **options: object) -> list[str]:
    result, allocation = allocate(root, **options)  # type: ignore[arg-type]
    assert allocation is not None, [d.as_text() for d in result.diagnostics]
    (root / LOCK_FILE).write_text(allocation.text, encoding="utf-8")
    return [d.code for d in result.diagnostics]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# The default model's lock is the golden file: committed, and exactly what allocation from scratch gives.


def _address_codes(codes: object) -> set[str]:
    """The diagnostics of the address and hierarchy families: the example registry's warnings are not ours."""
    return {c for c in codes if not c.startswith("GN7")}  # type: ignore[attr-defined]


def test_default_model_lock_is_complete_and_reproducible(repo_model: Path, tmp_path: Path) -> None:
    result = validate_shared(repo_model)  # the session's validation of the default model
    assert result.ok and not _address_codes(d.code for d in result.diagnostics)
    root = copy_model(repo_model, tmp_path / "model")
    (root / LOCK_FILE).unlink()
    _allocate(root)
    assert (root / LOCK_FILE).read_bytes() == (repo_model / LOCK_FILE).read_bytes()


def test_default_model_plan_follows_the_hierarchy(repo_model: Path) -> None:
    entries = _entries(repo_model)
    province = parse_net(entries["public ipv4 site 36"])
    nanchang = parse_net(entries["public ipv4 site 3601"])
    donghu = parse_net(entries["public ipv4 site 360102"])
    street = parse_net(entries["public ipv4 site 360102002"])
    assert (province.length, nanchang.length, donghu.length, street.length) == (9, 13, 18, 25)
    assert province.contains(nanchang) and nanchang.contains(donghu) and donghu.contains(street)
    # Dedicated VPNs reuse one another's addresses, never the public zone's.
    assert entries["hrss ipv4 site 3601"] == entries["medins ipv4 site 3601"]
    assert not parse_net(entries["hrss ipv4 site 36"]).overlaps(province)
    # Every device has a loopback in both families; every link a /31 and a /127.
    model = validate_shared(repo_model).model
    assert model is not None
    for name in model.devices:
        assert parse_net(entries[f"loopback ipv4 device {name}"]).length == 32
        assert parse_net(entries[f"loopback ipv6 device {name}"]).length == 128
    assert sum(k.startswith("links ipv4 link ") for k in entries) == len(model.links)


def test_rerunning_allocate_changes_nothing(repo_model: Path, tmp_path: Path) -> None:
    root = copy_model(repo_model, tmp_path / "model")
    before = (root / LOCK_FILE).read_bytes()
    _result, allocation = allocate(root)
    assert allocation is not None and not allocation.changed and not allocation.plan.outcome.new
    assert allocation.text.encode() == before


def test_adding_a_township_allocates_only_for_it(tmp_path: Path) -> None:
    root = copy_model(MINI, tmp_path / "model")
    before = _entries(root)
    anchor = "        - {code: 360102004, name: 百花洲街道}\n"
    _edit(root / "topology" / "3601.yaml", anchor, "        - {code: 360102003, name: 新设街道}\n" + anchor)
    assert _address_codes(d.code for d in validate(root).diagnostics) == {"GN305", "GN626"}
    _allocate(root)
    after = _entries(root)
    assert {k: v for k, v in after.items() if k in before} == before  # nothing moved
    added = set(after) - set(before)
    assert added and all("360102003" in k for k in added), sorted(added)
    county = parse_net(after["public ipv4 site 360102"])
    assert county.contains(parse_net(after["public ipv4 site 360102003"]))
    assert validate(root).ok


def test_removed_township_stays_reserved_until_pruned(tmp_path: Path) -> None:
    root = copy_model(MINI, tmp_path / "model")
    before = _entries(root)
    _edit(root / "topology" / "3602.yaml", "        - {code: 360202002, name: 新枫街道}\n", "")
    result = validate(root)
    assert result.ok and {d.code for d in result.diagnostics} == {"GN627"}
    gone = {k for k in before if "360202002" in k}
    # and the port blocks (govnet.ipam.ports) that held only its ports, e.g. the county router's 1G ports
    blocks = {k.rsplit(">", 1)[0].replace(" port ", " port-block ", 1) for k in gone if k.startswith("port ipv4 port ")}
    gone |= {b for b in blocks if not any(k.startswith(b.replace("port-block", "port") + ">") and k not in gone
                                          for k in before)}
    assert gone and len([d for d in result.diagnostics if d.code == "GN627"]) == len(gone)
    # A township added now must not receive the removed one's addresses.
    _edit(root / "topology" / "3602.yaml", "        - {code: 360202001, name: 西郊街道}\n",
          "        - {code: 360202001, name: 西郊街道}\n        - {code: 360202099, name: 新设街道}\n")
    _allocate(root)
    after = _entries(root)
    assert {k: after[k] for k in gone} == {k: before[k] for k in gone}
    assert after["public ipv4 site 360202099"] not in {before[k] for k in gone}
    _allocate(root, prune=True)
    assert not any("360202002" in k for k in _entries(root))
    assert {d.code for d in validate(root).diagnostics} == {"GN305"}  # the made-up code: nothing else


def test_pins_are_respected_and_checked(tmp_path: Path) -> None:
    root = copy_model(MINI, tmp_path / "model")
    zones = root / "zones" / "infrastructure.yaml"
    _edit(zones, "ipv4: {pool: [10.0.0.0/16], size: 32}",
          "ipv4: {pool: [10.0.0.0/16], size: 32, pins: {JX-3601-CR01: 10.0.200.1/32}}")
    _allocate(root)
    assert _entries(root)["loopback ipv4 device JX-3601-CR01"] == "10.0.200.1/32"
    # A pin outside its pool is an error at the pin, and allocate refuses to write.
    _edit(zones, "JX-3601-CR01: 10.0.200.1/32", "JX-3601-CR01: 10.9.0.1/32")
    before = (root / LOCK_FILE).read_bytes()
    result, allocation = allocate(root)
    assert allocation is None
    bad = [d for d in result.diagnostics if d.code == "GN623"]
    assert bad and bad[0].file == "zones/infrastructure.yaml" and bad[0].line == 3
    assert (root / LOCK_FILE).read_bytes() == before


def test_exhaustion_names_pool_size_subject_and_fix(tmp_path: Path) -> None:
    root = copy_model(MINI, tmp_path / "model")
    _edit(root / "zones" / "infrastructure.yaml", "ipv4: {pool: [10.0.0.0/16], size: 32}",
          "ipv4: {pool: [10.0.0.0/29], size: 32}")
    (root / LOCK_FILE).unlink()
    result, allocation = allocate(root)
    assert allocation is None
    [short] = [d for d in result.diagnostics if d.code == "GN622"]
    assert "'loopback' ipv4" in short.message and "10.0.0.0/29" in short.message and "(0 of 8" in short.message
    assert short.hint and "zones/infrastructure.yaml:3" in short.hint
    assert not (root / LOCK_FILE).exists()


def test_hand_edited_lock_is_refused_unless_resealed(tmp_path: Path) -> None:
    root = copy_model(MINI, tmp_path / "model")
    lock = root / LOCK_FILE
    entries = _entries(root)
    old = entries["loopback ipv4 device JX-36-CR01"]
    _edit(lock, f"loopback ipv4 device JX-36-CR01 {old}", "loopback ipv4 device JX-36-CR01 10.0.99.1/32")
    result = validate(root)
    assert [d.code for d in result.diagnostics] == ["GN628"]
    _, allocation = allocate(root)
    assert allocation is None
    _allocate(root, reseal=True)
    assert _entries(root)["loopback ipv4 device JX-36-CR01"] == "10.0.99.1/32"  # checked, then kept
    assert validate(root).ok


def test_changed_plan_keeps_old_blocks_until_released(tmp_path: Path) -> None:
    root = copy_model(MINI, tmp_path / "model")
    before = _entries(root)
    _edit(root / "zones" / "zones.yaml", "county: 22, township: 25", "county: 22, township: 26")
    codes = _allocate(root)
    assert set(codes) == {"GN629"} and _entries(root) == before  # kept, with a warning per township block
    _allocate(root, release=("360102002",))
    after = _entries(root)
    moved = {k for k in before if before[k] != after.get(k)}
    assert moved == {"public ipv4 site 360102002"}
    assert parse_net(after["public ipv4 site 360102002"]).length == 26
    assert parse_net(after["public ipv4 site 360102"]).contains(parse_net(after["public ipv4 site 360102002"]))


def test_cli_allocate_and_report(tmp_path: Path) -> None:
    root = copy_model(MINI, tmp_path / "model")
    done = govnet_in_process("allocate", str(root))
    assert done.returncode == 0 and "0 allocated" in done.stderr and "(unchanged)" in done.stderr
    report = govnet_in_process("ipam", "report", str(root), "--format", "json")
    assert report.returncode == 0, report.stderr
    pools = {(p["pool"], p["family"]): p for p in json.loads(report.stdout)["pools"]}
    public = pools[("public", "ipv4")]
    assert [row["level"] for row in public["levels"]] == ["province", "special", "city", "county",
                                                       "township"]
    assert pools[("loopback", "ipv4")]["largest_free"][0] == "10.0.128.0/17"
    text = govnet_in_process("ipam", "report", str(root))
    assert "顶层最大空闲块" in text.stdout and "公用网络区（public） IPv4" in text.stdout
    (root / LOCK_FILE).unlink()
    failed = govnet_in_process("ipam", "report", str(root))
    assert failed.returncode == 1 and "GN626" in failed.stdout and "Traceback" not in failed.stderr


@pytest.mark.parametrize("edit", ["public", "hrss"])
def test_zone_pool_overlapping_the_global_table_is_an_error(tmp_path: Path, edit: str) -> None:
    root = copy_model(MINI, tmp_path / "model")
    pool = "10.128.0.0" if edit == "public" else "172.16.0.0/12"
    text = (root / "zones" / "zones.yaml").read_text(encoding="utf-8")
    target = next(line for line in text.splitlines() if pool in line)
    _edit(root / "zones" / "zones.yaml", target, target.replace(target.split("[")[1].split("]")[0], "10.0.0.0/12"))
    codes = [d.code for d in validate(root).diagnostics]
    assert "GN620" in codes


def test_adding_a_unit_allocates_only_for_it(tmp_path: Path) -> None:
    root = copy_model(MINI, tmp_path / "model")
    before = _entries(root)
    case = Path(__file__).resolve().parent / "errors" / "gn626_new_unit_not_allocated" / "registry.yaml"
    (root / "registry.yaml").write_text(case.read_text(encoding="utf-8"), encoding="utf-8")  # adds MINI-0005
    assert {d.code for d in validate(root).diagnostics} == {"GN626"}
    _allocate(root)
    after = _entries(root)
    # its subnet, and its VLAN from its site's pool (govnet.ipam.vlans)
    assert set(after) - set(before) == {"public ipv4 unit MINI-0005", "vlan ipv4 vlan MINI-0005:public"}
    assert {k: after[k] for k in before} == before
    county = parse_net(after["public ipv4 site 360102"])
    unit = parse_net(after["public ipv4 unit MINI-0005"])
    assert county.contains(unit) and unit.length == 28
    # hrss delegates only to the province in mini: a unit joining it is carved from the province's hrss block.
    assert parse_net(after["hrss ipv4 site 36"]).contains(parse_net(after["hrss ipv4 unit MINI-0001"]))


def test_release_of_an_unknown_subject_is_a_usage_error(tmp_path: Path) -> None:
    root = copy_model(MINI, tmp_path / "model")
    before = (root / LOCK_FILE).read_bytes()
    done = govnet_in_process("allocate", str(root), "--release", "36010200")
    assert done.returncode == 2 and "nothing of that name has addresses" in done.stderr
    assert "Traceback" not in done.stderr and (root / LOCK_FILE).read_bytes() == before


def test_sealed_lock_shortcut_still_catches_overlapping_handoffs(tmp_path: Path) -> None:
    """Entries outside every pool (carrier handoffs) are not proven by a sealed lock: two that overlap are
    reported even when the lock holding them carries a valid digest, and exactly as the full scan reports."""
    from govnet.ipam.lockfile import write_lock

    model = copy_model(MINI, tmp_path / "m")
    zones = model / "zones" / "zones.yaml"
    text = zones.read_text(encoding="utf-8")
    theirs = "联通: {address: 198.51.100.134/30, gateway: 198.51.100.133}"
    assert theirs in text
    # the second carrier's circuit handed over in the first one's subnet
    zones.write_text(text.replace(theirs, "联通: {address: 198.51.100.130/30, gateway: 198.51.100.129}"),
                     encoding="utf-8")
    entries = dict(read_lock((model / LOCK_FILE).read_text(encoding="utf-8")).entries)
    entries["internet ipv4 handoff 36:联通"] = parse_net("198.51.100.128/30")
    (model / LOCK_FILE).write_text(write_lock(entries), encoding="utf-8")  # sealed, though never checked

    shortcut = [(d.file, d.line, d.code) for d in validate(model).diagnostics if d.severity == "error"]
    full = [(d.file, d.line, d.code) for d in validate(model, trust_sealed=False).diagnostics
            if d.severity == "error"]
    assert shortcut == full
    assert [code for _, _, code in shortcut] == ["GN624"]


def test_a_lock_written_for_these_needs_is_trusted_with_its_warnings(tmp_path: Path) -> None:
    """After 'govnet allocate' has kept a removed township's entries and a block of a size the plan no longer
    gives, validation trusts the lock (written for exactly these needs) and still reports both, as the full check
    does; a lock without the plan's fingerprint, or with an entry changed and resealed, gets the full check."""
    from govnet.ipam.lockfile import write_lock

    root = copy_model(MINI, tmp_path / "model")
    _edit(root / "topology" / "3602.yaml", "        - {code: 360202002, name: 新枫街道}\n", "")
    _edit(root / "zones" / "zones.yaml", "county: 22, township: 25", "county: 22, township: 26")
    assert set(_allocate(root)) == {"GN629"}
    assert "# plan: sha256:" in (root / LOCK_FILE).read_text(encoding="utf-8")

    result = validate(root)
    assert result.addresses is not None and result.addresses.trusted
    trusted = result.diagnostics
    assert {d.code for d in trusted} == {"GN627", "GN629"}
    full = validate(root, trust_sealed=False)
    assert full.addresses is not None and not full.addresses.trusted
    assert [d.as_text() for d in full.diagnostics] == [d.as_text() for d in trusted]

    lock = root / LOCK_FILE
    entries = dict(read_lock(lock.read_text(encoding="utf-8")).entries)
    entries["loopback ipv4 device JX-36-CR01"] = parse_net("10.0.250.1/32")
    lock.write_text(write_lock(entries), encoding="utf-8")  # resealed by hand, without a fingerprint
    resealed = validate(root).addresses
    assert resealed is not None and not resealed.trusted


def test_a_trusted_lock_gives_the_reports_what_the_full_check_gives(tmp_path: Path) -> None:
    """The decisions of a trusted lock are read from its sealed text (govnet.ipam.lockfile.sealed_lock), not by the
    careful line reader: the same lock, the same decisions and reserved entries, the same address reports. A sealed
    lock holding a prefix that is none (digest and plan recomputed by hand) still gets the careful reader's
    account, never a traceback."""
    from govnet.ipam.lockfile import digest
    from govnet.ipam.report import plan_csv, utilisation

    root = copy_model(MINI, tmp_path / "model")
    _edit(root / "topology" / "3602.yaml", "        - {code: 360202002, name: 新枫街道}\n", "")
    _edit(root / "zones" / "zones.yaml", "county: 22, township: 25", "county: 22, township: 26")
    _allocate(root)
    text = (root / LOCK_FILE).read_text(encoding="utf-8")
    trusted, full = validate(root).addresses, validate(root, trust_sealed=False).addresses
    assert trusted is not None and trusted.trusted and full is not None and not full.trusted
    assert trusted.lock == read_lock(text)
    assert trusted.outcome.decisions == full.outcome.decisions
    assert trusted.outcome.stale == full.outcome.stale and trusted.outcome.stale  # the removed township's
    assert utilisation(trusted) == utilisation(full)
    assert plan_csv(trusted) == plan_csv(full) and "reserved (removed)" in plan_csv(trusted)

    key = "loopback ipv4 device JX-36-CR01"
    written = f"{key} {full.outcome.decisions[key]}"
    broken = text.replace(written, f"{key} 10.0.250.1/24")
    head, _, rest = broken.partition("# digest: ")
    body = rest.partition("\n")[2].rpartition("\n# plan: ")[0]
    (root / LOCK_FILE).write_text(f"{head}# digest: {digest(body)}\n{rest.partition(chr(10))[2]}", encoding="utf-8")
    plan = validate(root).addresses
    assert plan is not None and plan.trusted
    assert key not in plan.outcome.decisions and plan.lock is not None and plan.lock.problems


def test_a_resealed_lock_with_a_space_moved_between_keys_gets_the_full_check(tmp_path: Path) -> None:
    """The sealed reader counts the body's spaces at once. A space moved from one reserved entry's key to
    another's keeps that count and every requested entry, so the shortcut must still notice the key left with
    too few, and leave the lock to the full check, which says what is wrong with it."""
    from govnet.ipam.lockfile import digest

    root = copy_model(MINI, tmp_path / "model")
    _edit(root / "topology" / "3602.yaml", "        - {code: 360202002, name: 新枫街道}\n", "")
    assert _allocate(root) == []  # the removed township's entries are kept, reserved
    lock = root / LOCK_FILE
    head, _, rest = lock.read_text(encoding="utf-8").partition("# digest: ")
    _, _, body_and_plan = rest.partition("\n")
    body, _, plan = body_and_plan.rstrip("\n").rpartition("\n")
    lines = body.split("\n")
    kept = [i for i, line in enumerate(lines) if " 360202002 " in line]
    assert len(kept) >= 2 and plan.startswith("# plan: ")
    lines[kept[0]] = lines[kept[0]].replace(" ", "", 1)  # three spaces left
    lines[kept[1]] = lines[kept[1]].replace(" 360202002", " 360202002 x", 1)  # five
    body = "\n".join(lines)
    lock.write_text(f"{head}# digest: {digest(body)}\n{body}\n{plan}\n", encoding="utf-8")

    result = validate(root)
    diagnostics = result.diagnostics
    assert result.addresses is not None and not result.addresses.trusted
    first_entry_line = 5
    assert (LOCK_FILE, first_entry_line + kept[0], "GN628") in {(d.file, d.line, d.code) for d in diagnostics}


def test_the_fingerprint_worked_out_beside_is_the_one_worked_out_here(repo_model: Path) -> None:
    """A large plan's fingerprint is worked out in a forked process while validation reads the sealed lock: the
    child's answer is the fingerprint this process would write, for the default model and after an edit of it."""
    from govnet.ipam.fingerprint import fingerprint, fingerprint_beside
    from govnet.ipam.lockfile import read_sealed
    from govnet.ipam.requests import address_needs

    model = validate(repo_model, addresses=False).model
    assert model is not None and model.lock_text is not None
    sealed = read_sealed(model.lock_text)
    assert sealed is not None
    needs = address_needs(model)
    beside = fingerprint_beside(needs, workers=2, min_requests=0)
    assert beside is not None and beside() == fingerprint(needs) == sealed.plan
    assert fingerprint_beside(needs, workers=1, min_requests=0) is None  # one worker: this process does it
    needs.requests.pop()
    beside = fingerprint_beside(needs, workers=2, min_requests=0)
    assert beside is not None and beside() == fingerprint(needs) != sealed.plan


def test_every_request_key_names_its_pool_and_family(repo_model: Path) -> None:
    """The lock's plan fingerprint writes only a request's key for its pool and family: the two must agree."""
    from govnet.ipam.requests import address_needs

    for root in (repo_model, MINI, *sorted((Path(__file__).parent / "golden").glob("*/model"))):
        model = validate_shared(root).model  # the session's validation, for the default model
        assert model is not None
        requests = address_needs(model).requests
        assert requests and all(r.key.split(" ", 2)[:2] == [r.pool, r.family] for r in requests)


def test_every_committed_lock_key_reads_and_writes_back_as_it_stands(repo_model: Path) -> None:
    """Lock keys are typed values (govnet.ipam.keys): each committed entry's key parses into pool, family, kind and
    subject and prints back to the very same text, so every allocations.lock stays byte-identical."""
    from govnet.ipam.keys import LockKey
    from govnet.ipam.lockfile import write_lock

    golden = sorted((Path(__file__).parent / "golden").glob("*/model"))
    for root in (repo_model, MINI, *golden):
        text = (root / LOCK_FILE).read_text(encoding="utf-8")
        lock = read_lock(text)
        for k in lock.entries:
            key = LockKey.parse(k)
            assert str(key) == k and key.family in ("ipv4", "ipv6")
        plan = text.rstrip("\n").rpartition("\n")[2].removeprefix("# plan: ")
        assert write_lock(lock.entries, plan) == text


@pytest.mark.parametrize("text", ["public ipv4 site", "public  ipv4 site 36", "public ipv4 site 36 extra", ""])
def test_a_lock_key_that_does_not_name_four_fields_is_refused(text: str) -> None:
    from govnet.ipam.keys import LockKey

    with pytest.raises(ValueError, match="does not name pool, family, kind and subject"):
        LockKey.parse(text)


def test_the_plan_answers_by_key_what_render_and_records_ask() -> None:
    """Render and records ask the plan by typed key; the answers are the lock's entries."""
    from govnet.ipam import keys
    from govnet.records import granted_addresses

    result = validate(MINI)
    plan = result.addresses
    assert plan is not None and result.model is not None
    entries = _entries(MINI)
    book = plan.book
    for name in result.model.devices:
        assert str(book.loopback("ipv4", name)) == entries[f"loopback ipv4 device {name}"]
    link = result.model.links[0]
    assert str(book.link("ipv4", link.b, link.a)) == entries[str(keys.link("ipv4", link.a, link.b))]
    assert plan.address(keys.loopback("ipv4", "NO-SUCH-DEVICE")) is None
    granted = granted_addresses(plan)
    assert granted["MINI-0001"] == [f"hrss {entries['hrss ipv4 unit MINI-0001']}",
                                    f"public {entries['public ipv4 unit MINI-0001']}"]
    assert set(granted) == {k.split(" ")[3] for k in entries if k.split(" ")[2] == "unit"}


def test_the_address_book_helpers_ask_for_the_keys_the_constructors_name() -> None:
    """The book's fast lookups by text and the typed constructors must name the same entries."""
    from govnet.ipam import keys
    from govnet.ipam.prefix import Net

    net = Net(4, 0x0A000000, 31)
    asked = {
        keys.loopback("ipv6", "D"): lambda b: b.loopback("ipv6", "D"),
        keys.management("ipv4", "D"): lambda b: b.management("ipv4", "D"),
        keys.link("ipv4", "B", "A"): lambda b: b.link("ipv4", "A", "B"),
        keys.leg("ipv6", "R~F:public"): lambda b: b.leg("ipv6", "R~F:public"),
        keys.nat("internet", "36"): lambda b: b.nat("internet", "36"),
    }
    from govnet.ipam.plan import AddressBook

    for key, ask in asked.items():
        assert ask(AddressBook({str(key): net})) == net, key
        assert ask(AddressBook({str(key._replace(subject="other")): net})) is None, key


def test_allocations_csv_lists_unit_vlans_as_vlan_ids() -> None:
    """A spreadsheet user reads the VLAN of a unit's sub-interface, not the lock's '0.0.x.y/32' number: VLAN rows
    carry the id (the site block: the range) in the 'vlan' column, no prefix, no address family."""
    import csv
    import io

    from govnet.ipam import vlans
    from govnet.ipam.report import plan_csv
    from govnet.ipam.requests import NUMBER_POOLS

    result = validate(MINI)
    assert result.addresses is not None
    decisions = result.addresses.outcome.decisions
    rows = list(csv.DictReader(io.StringIO(plan_csv(result.addresses))))
    vlan_rows = [r for r in rows if r["pool"] == vlans.POOL]
    units = [r for r in vlan_rows if r["kind"] == vlans.LEAF]
    assert len(units) >= 5 and {r["kind"] for r in vlan_rows} == {vlans.BLOCK, vlans.LEAF}
    for r in vlan_rows:
        assert r["prefix"] == "" and r["family"] == ""
    for r in units:
        unit, zone = r["subject"].split(":")
        assert r["vlan"] == str(vlans.vlan_of(decisions, r["site"], unit, zone)) and 2 <= int(r["vlan"]) <= 4094
    assert all(r["vlan"] == "2-4094" for r in vlan_rows if r["kind"] == vlans.BLOCK)
    addresses = [r for r in rows if r["pool"] not in NUMBER_POOLS]  # ports, discriminators, priorities: below
    assert addresses and all(r["vlan"] == "" and r["prefix"] == str(parse_net(r["prefix"])) for r in addresses)


def test_allocations_csv_names_each_port_as_the_configs_do() -> None:
    """Port positions are numbers in the lock ('0.0.16.1/32'); the CSV a cabling team reads names the interface the
    device's config uses for that cable, with no prefix and no address family."""
    import csv
    import io

    from govnet.ipam import ports
    from govnet.ipam.report import plan_csv
    from govnet.render.ports import allocate, lock_port_names

    result = validate(MINI)
    assert result.model is not None and result.addresses is not None
    decisions = result.addresses.outcome.decisions
    rows = list(csv.DictReader(io.StringIO(plan_csv(result.addresses, lock_port_names(result.model)))))
    port_rows = [r for r in rows if r["pool"] == ports.POOL and r["kind"] == ports.LEAF]
    assert len(port_rows) >= 20 and all(r["prefix"] == "" and r["family"] == "" for r in port_rows)
    built = allocate(result.model, decisions=decisions)
    for device, device_ports in built.items():
        named = {(p.far, p.name) for p in device_ports}
        listed = {(r["subject"].split(">", 1)[1], r["port"]) for r in port_rows
                  if r["subject"].startswith(f"{device}@")}
        assert {p.name for p in device_ports} <= {name for _, name in listed}, device
        assert {(far, name) for far, name in named if far in {f for f, _ in listed}} <= listed, device
    # without the model the CSV still says which port: speed and index
    plain = list(csv.DictReader(io.StringIO(plan_csv(result.addresses))))
    assert all("#" in r["port"] for r in plain if r["pool"] == ports.POOL and r["kind"] == ports.LEAF)


@pytest.mark.parametrize("root", [MINI, *sorted((MINI.parent.parent / "golden").glob("*/model"))],
                         ids=lambda p: p.parent.name if p.name == "model" else p.name)
def test_port_names_asked_once_per_kind_of_device_are_the_configs_names(root: Path) -> None:
    """The build names a lock's ports once per hardware, platform, speed and index (artefacts.shared_port_names):
    every port entry, and one of a removed device, gets the name lock_port_names gives."""
    from govnet.artefacts import shared_port_names
    from govnet.ipam import ports
    from govnet.render.ports import lock_port_names

    result = validate(root)
    assert result.model is not None and result.addresses is not None
    slow, fast = lock_port_names(result.model), shared_port_names(result.model, lock_port_names)
    leaves = [(k.split(" ", 3)[3], n) for k, n in result.addresses.outcome.decisions.items()
              if k.startswith(f"{ports.POOL} ") and k.split(" ", 3)[2] == ports.LEAF]
    assert leaves
    subjects = [subject for subject, _ in leaves] + ["GONE-R01@1G>X"]
    for subject in subjects:
        for index in (0, 1, 7, 47, 48, 500):
            assert fast(subject, index) == slow(subject, index), (subject, index)
    assert fast("GONE-R01@1G>X", 0) is None
