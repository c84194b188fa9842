"""Issue 18, security: config injection through services and strings, full-match patterns, sandboxed and
confined model templates. Each test fails on the code before the fix (see the issue's numbered items)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from govnet.pipeline import validate
from govnet.render import TemplateError, render_configs
from govnet.schema.services import Service, parse_service

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
RULE = """  - name: office-web
    from: public
    to: internet
    services: [tcp/443, SERVICE]
    action: permit
    at: [province]
"""


def _with_rule(root: Path, service: str) -> None:
    policy = root / "zones" / "policy.yaml"
    policy.write_text(policy.read_text(encoding="utf-8") + RULE.replace("SERVICE", service), encoding="utf-8")


def _errors(root: Path) -> list[tuple[str, str, int, str]]:
    result = validate(root)
    return [(d.code, d.file, d.line, d.message) for d in result.diagnostics if str(d.severity) == "error"]


def _firewall_config(root: Path) -> str:
    result = validate(root)
    assert result.ok and result.model is not None and result.addresses is not None, result.diagnostics
    configs = render_configs(result.model, result.addresses.outcome.decisions, model_root=root,
                             names=["JX-36-FW01"])
    return configs["JX-36-FW01"].text


# (1) services are typed; every string goes through one guard ---------------------------------------------------

@pytest.mark.parametrize("service", [
    '"icmp\\n quit\\n undo firewall zone trust\\n#"', "tcp/99999", "tcp/80-22", "tcp/abc", "tcp/0", "gre",
    '"tcp/443\\n"', "tcp/", "443", "icmp/8",
])
def test_bad_service_is_an_error_at_its_line(model: Path, service: str) -> None:
    _with_rule(model, service)
    errors = _errors(model)
    assert errors, f"{service} validated"
    code, file, line, _message = errors[0]
    assert (file, line) == ("zones/policy.yaml", 14), errors  # the services line of the appended rule
    assert code in ("GN204", "GN501"), errors


def test_services_render_as_parsed(model: Path) -> None:
    _with_rule(model, "udp/1000-2000")
    text = _firewall_config(model)
    assert "service protocol tcp destination-port 443\n" in text
    assert "service protocol udp destination-port 1000 to 2000\n" in text


def test_parse_service_is_typed() -> None:
    assert parse_service("tcp/443") == Service("tcp", 443, 443)
    assert parse_service("icmp") == Service("icmp", None, None)
    assert parse_service("udp/53-53") == Service("udp", 53, 53)


@pytest.mark.parametrize(("file", "old", "new", "line"), [
    ("zones/zones.yaml", "title: 公用网络区", 'title: "公用网络区\\n quit"', None),
    ("zones/policy.yaml", "    nat: true\n", '    nat: true\n    description: "a\\rb"\n', 10),
    ("registry.yaml", "lan: 核心交换机双机，约800个终端", 'lan: "核心交换机\\u2028双机"', 21),
    ("topology/3601.yaml", "name: 东湖区", 'name: "东湖区\\x1b[31m"', 7),
])
def test_control_characters_refused_in_any_string(model: Path, file: str, old: str, new: str,
                                                  line: int | None) -> None:
    path = model / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    expected = line or text[:text.index(old)].count("\n") + 1
    assert ("GN501", file, expected) in [e[:3] for e in _errors(model)]


# (2) full-match semantics where a pattern guards a value ------------------------------------------------------

def test_newline_at_end_of_device_name_pattern_is_refused(model: Path) -> None:
    profiles = model / "topology" / "profiles.yaml"
    text = profiles.read_text(encoding="utf-8")
    old = '{name: "{prefix}-{code}-R{n:02d}", role: router, platform: huawei_vrp, count: 1, port_speed: 1G}'
    assert old in text
    profiles.write_text(text.replace(old, old.replace('R{n:02d}"', 'R{n:02d}\\n"')), encoding="utf-8")
    errors = _errors(model)
    assert errors and all(code != "GN628" for code, *_ in errors), errors
    assert {code for code, *_ in errors} & {"GN501", "GN503"}, errors


def test_hostname_check_uses_full_match() -> None:
    from govnet.checks.strings import _HOSTNAME

    assert _HOSTNAME.fullmatch("JX-36-R01")
    assert not _HOSTNAME.fullmatch("JX-36-R01\n")


# (3) model templates: sandboxed, confined to templates/ ---------------------------------------------------------

def _own_template(root: Path, text: str) -> Path:
    path = root / "templates" / "huawei_usg" / "firewall.j2"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_template_cannot_reach_python_internals(model: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    _own_template(model, "{{ cycler.__init__.__globals__.os.system('touch " + str(marker) + "') }}\n")
    with pytest.raises(TemplateError) as caught:
        _firewall_config(model)
    assert not marker.exists()
    assert caught.value.diagnostic.code == "GN803"
    assert caught.value.diagnostic.file == "templates/huawei_usg/firewall.j2"


def test_template_symlink_outside_templates_is_refused(model: Path) -> None:
    path = model / "templates" / "huawei_usg" / "firewall.j2"
    path.parent.mkdir(parents=True)
    os.symlink("/etc/passwd", path)
    with pytest.raises(TemplateError) as caught:
        _firewall_config(model)
    assert caught.value.diagnostic.code == "GN803"
    assert "outside" in caught.value.diagnostic.message
    assert "root:" not in caught.value.diagnostic.message


def test_template_fifo_is_refused_not_hung(model: Path) -> None:
    path = model / "templates" / "huawei_usg" / "firewall.j2"
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    with pytest.raises(TemplateError) as caught:
        _firewall_config(model)
    assert caught.value.diagnostic.code == "GN803"
    assert "regular file" in caught.value.diagnostic.message


def test_template_symlink_inside_templates_still_works(model: Path) -> None:
    folder = model / "templates" / "huawei_usg"
    folder.mkdir(parents=True)
    (folder / "mine.j2").write_text("sysname {{ d.name }}\n", encoding="utf-8")
    os.symlink("mine.j2", folder / "firewall.j2")
    assert _firewall_config(model) == "sysname JX-36-FW01\n"


def test_a_diff_revision_is_never_an_option_to_git(tmp_path: Path) -> None:
    """`govnet diff REV`: a "revision" that starts with '-' reached git as an option, and 'git archive
    --output=FILE' created (or emptied) any file it named. No revision starts with '-': it is refused before git
    runs, with the reason."""
    from govnet.render.diff import DiffError, compare
    from govnet.render.secrets import Secrets

    target = tmp_path / "overwritten.txt"
    repository = Path(__file__).resolve().parent.parent
    with pytest.raises(DiffError, match="a revision never starts with '-'"):
        compare(repository, f"--output={target}", None, Secrets())
    assert not target.exists()
