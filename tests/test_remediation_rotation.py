"""A rotation of the secrets (new routing key and local password, the periodic change the security rules ask for)
gives a remediation in the forms the references have: a BGP peer's old key is taken away with 'undo peer P
password' and no key text (NE40E V800R012C10 Command Reference, peer password: 'undo peer <ipv4-address>
password'; H3C Comware 7 BGP command reference, peer password: 'undo peer { group-name | ip-address
[ mask-length ] | ... } password'), and a VRP 8 account that stays gets its new password from the creation line
alone ("If the local user has been created, the command modifies the login password of the user", NE40E
reference, local-user password): hier_config sent 'undo peer P password cipher <old key>' and 'undo local-user U
password irreversible-cipher <old hash>', forms neither reference has.
"""

from __future__ import annotations

import re
from pathlib import Path

from govnet.pipeline import validate
from govnet.render import Config, render_configs
from govnet.render.diff import remediate
from govnet.render.secrets import NAMES, Secrets

HERE = Path(__file__).resolve().parent
MODEL = HERE / "golden" / "huawei-h3c" / "model"


def _configs(secrets: Secrets) -> dict[str, Config]:
    result = validate(MODEL)
    assert result.ok and result.model is not None and result.addresses is not None
    return render_configs(result.model, result.addresses.outcome.decisions, secrets=secrets)


def _rotated() -> tuple[dict[str, Config], dict[str, Config]]:
    return (_configs(Secrets({name: f"{name[:4]}Old2025x" for name in NAMES})),
            _configs(Secrets({name: f"{name[:4]}New2026x" for name in NAMES})))


def test_a_key_rotation_deletes_each_peer_key_without_the_key_and_sets_the_new_one() -> None:
    before, after = _rotated()
    checked = 0
    for name, old in before.items():
        if old.platform not in ("huawei_vrp8", "h3c_comware"):
            continue
        lines, _ = remediate(old.platform, old.text, after[name].text)
        undone = [line.strip() for line in lines if re.match(r"\s*undo peer \S+ password", line)]
        peers = set(re.findall(r"^\s*peer (\S+) password cipher rout", old.text, re.M))
        assert peers, name  # the device has keyed peers, so the rotation touches them
        assert undone and all(re.fullmatch(r"undo peer \S+ password", line) for line in undone), (name, undone)
        assert {line.split()[2] for line in undone} <= peers
        # No old secret repeated but the old SNMP community, which names itself in its deletion ('undo snmp-agent
        # community { read | write } cipher <host-string>', NE40E reference; 'undo snmp-agent community [ cipher ]
        # community-name', Comware 7 SNMP command reference).
        assert all(line.startswith("undo snmp-agent community ") for line in lines if "Old2025" in line), name
        assert sum(f"peer {p} password cipher routNew2026x" in after[name].text for p in peers) == len(peers)
        assert sum(bool(re.search(rf"^\s*peer {re.escape(p)} password cipher routNew2026x$", "\n".join(lines), re.M))
                   for p in peers) == len(peers), name  # each peer gets the new key
        checked += 1
    assert checked >= 10


def test_a_vrp8_account_that_stays_gets_its_new_password_without_a_deletion() -> None:
    before, after = _rotated()
    checked = 0
    for name, old in before.items():
        if old.platform != "huawei_vrp8":
            continue
        lines, _ = remediate(old.platform, old.text, after[name].text)
        assert not [line for line in lines if "undo local-user" in line], name
        assert "  local-user netadmin password irreversible-cipher locaNew2026x" in lines, (name, lines)
        checked += 1
    assert checked >= 8


def test_a_vrp8_account_that_goes_is_still_deleted_whole() -> None:
    """The rotation rule does not keep a user the new config drops: renamed, the old one is 'undo local-user U'."""
    old = "aaa\n local-user netadmin password irreversible-cipher X\n local-user netadmin level 3\n"
    new = "aaa\n local-user opsadmin password irreversible-cipher Y\n local-user opsadmin level 3\n"
    lines, _ = remediate("huawei_vrp8", old, new)
    assert "  undo local-user netadmin" in lines and not any("undo local-user opsadmin" in line for line in lines)
