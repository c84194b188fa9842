"""Secrets for device configs: never in the model's YAML.

Each secret has a name (``snmp_community``, ``radius_key``, ``local_password``, ``routing_key``, ``ntp_key``,
``snmp_auth_key``, ``snmp_priv_key``). Its value comes from the
environment variable ``GOVNET_SECRET_<NAME>`` or from a secrets file outside the repository (``--secrets FILE`` or
``GOVNET_SECRETS_FILE``): one ``name: value`` per line, ``#`` comments. The environment wins. The file is refused
inside the model's git repository (or the model folder), and when it is not a regular file; a file other users
can read is used with a warning. Configs that hold a real secret are written readable by the owner only.
A secret that is not set renders as the placeholder ``<SECRET:name>``, which no device accepts, and the caller
warns once. Every diff or log line goes through :meth:`Secrets.mask`.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from govnet.diagnostics import did_you_mean
from govnet.errors import UsageError
from govnet.source.files import Unreadable, read_limited

# routing_key: OSPF and BGP authentication; ntp_key: NTP; snmp_auth_key / snmp_priv_key: the SNMPv3 user.
NAMES = ("snmp_community", "radius_key", "local_password", "routing_key", "ntp_key", "snmp_auth_key",
         "snmp_priv_key")
ENV_PREFIX = "GOVNET_SECRET_"
FILE_ENV = "GOVNET_SECRETS_FILE"
MAX_SECRETS_BYTES = 64 * 1024  # a few short values; anything larger is not a secrets file


class SecretsError(UsageError):
    """The secrets file cannot be used (unreadable, malformed, or inside the model's repository)."""


def placeholder(name: str) -> str:
    """The marker rendered where a secret is missing.

    >>> placeholder("snmp_community")
    '<SECRET:snmp_community>'
    """
    return f"<SECRET:{name}>"


@dataclass(frozen=True)
class Secrets:
    values: Mapping[str, str] = field(default_factory=dict)
    used_placeholder: set[str] = field(default_factory=set, compare=False)  # filled while rendering
    warnings: tuple[str, ...] = ()  # for the caller to show (a secrets file others can read)

    @property
    def real(self) -> bool:
        """Some secret has a real value: configs rendered with these must be kept from other users."""
        return bool(self.values)

    def get(self, name: str) -> str:
        value = self.values.get(name)
        if value is None:
            self.used_placeholder.add(name)
            return placeholder(name)
        return value

    @property
    def missing(self) -> list[str]:
        return [n for n in NAMES if n not in self.values]

    def mask(self, text: str, marker: Callable[[str], str] = placeholder) -> str:
        """Replace every known secret value by its placeholder (``marker`` of its name).

        >>> Secrets({"snmp_community": "s3cret"}).mask("snmp-agent community read s3cret")
        'snmp-agent community read <SECRET:snmp_community>'
        """
        for name, value in sorted(self.values.items(), key=lambda kv: -len(kv[1])):
            if value:
                text = text.replace(value, marker(name))
        return text


_LINE = re.compile(r"^([a-z_]+)\s*:\s*(.*?)\s*$")
_VALUE = re.compile(r"^[\x21-\x7e]{1,128}$")  # printable ASCII without spaces: safe on every vendor's CLI


def load_secrets(path: Path | None = None, model_root: Path | None = None,
                 environ: Mapping[str, str] | None = None) -> Secrets:
    """Secrets from the file (if any) overlaid with the environment."""
    env = os.environ if environ is None else environ
    values: dict[str, str] = {}
    warnings: list[str] = []
    if path is None and env.get(FILE_ENV):
        path = Path(env[FILE_ENV])
    if path is not None:
        values.update(_read_file(path, model_root, warnings))
    for name in NAMES:
        value = env.get(ENV_PREFIX + name.upper())
        if value:
            values[name] = _checked(name, value, ENV_PREFIX + name.upper())
    return Secrets(values, warnings=(*warnings, *_shared(values)))


def _shared(values: Mapping[str, str]) -> list[str]:
    """A warning for each value that several secrets share: a leak of one gives the others away (the NE40E reference
    advises different authentication and encryption passwords for an SNMPv3 user, SNMPUSMUser), and a masked diff
    cannot tell them apart.

    >>> print(*_shared({"snmp_auth_key": "Ab3x", "snmp_priv_key": "Ab3x", "ntp_key": "x"}))  # doctest: +ELLIPSIS
    secrets snmp_auth_key, snmp_priv_key hold the same value: ...
    """
    by_value: dict[str, list[str]] = {}
    for name, value in values.items():
        by_value.setdefault(value, []).append(name)
    return [f"secrets {', '.join(sorted(names))} hold the same value: give each its own, so that one leaked does "
            "not give the others away" for names in by_value.values() if len(names) > 1]


def repository_of(folder: Path) -> Path | None:
    """The top of the git work tree holding ``folder`` (the nearest parent with a .git), or None."""
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def _read_file(path: Path, model_root: Path | None, warnings: list[str]) -> dict[str, str]:
    if model_root is not None:
        real, root = path.resolve(), model_root.resolve()
        repository = repository_of(root)
        for boundary, what in ((root, "the model directory"), (repository, f"the model's git repository "
                                                                        f"({repository})")):
            if boundary is not None and real.is_relative_to(boundary):
                raise SecretsError(f"secrets file {path} is inside {what}: keep it outside git, where a commit "
                                   "cannot publish it")
    try:
        raw = read_limited(path, MAX_SECRETS_BYTES)
        text = raw.decode("utf-8-sig")  # a byte-order mark, as Windows editors write, is not part of line 1
    except Unreadable as exc:
        raise SecretsError(f"secrets file {path} {exc}") from None
    except UnicodeDecodeError as exc:
        seen = bytes(exc.object)  # what the codec read: the file after its byte-order mark, if it has one
        row = seen.count(b"\n", 0, exc.start) + 1
        raise SecretsError(f"{path}:{row}: not UTF-8 text (byte 0x{seen[exc.start]:02x}): save the secrets file as "
                           "UTF-8") from None
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        warnings.append(f"secrets file {path} can be read by other users (mode {stat.S_IMODE(mode):04o}); "
                        f"run: chmod 600 {path}")
    values: dict[str, str] = {}
    where: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _LINE.fullmatch(line.strip())
        if match is None or match.group(1) not in NAMES:
            hint = did_you_mean(match.group(1), NAMES) if match else None
            raise SecretsError(f"{path}:{number}: expected 'name: value' with a name among {', '.join(NAMES)}"
                               + (f"; {hint}" if hint else ""))
        name = match.group(1)
        if name in where:  # which of two values a device should hold is the operator's call, not the last line's
            raise SecretsError(f"{path}:{number}: secret {name} is set again (first on line {where[name]}): keep "
                               "one line per secret")
        where[name] = number
        values[name] = _checked(name, match.group(2), f"{path}:{number}")
    return values


# Secrets a vendor takes shorter than 128: routing_key is the OSPF keyed-MD5 key on every vendor (one mode they all
# share), and Comware 7 and IOS XE take a plaintext MD5 key of 1 to 16 characters (templates/common/comware.j2);
# a longer one rendered silently into configs those devices refuse.
MAX_LENGTH = {"routing_key": 16}


def _checked(name: str, value: str, where: str) -> str:
    if not _VALUE.fullmatch(value) or value.startswith("<"):
        raise SecretsError(f"{where}: secret {name} must be 1-128 printable ASCII characters without spaces")
    limit = MAX_LENGTH.get(name)
    if limit is not None and len(value) > limit:
        raise SecretsError(f"{where}: secret {name} has {len(value)} characters; it keys OSPF with MD5, which "
                           f"Comware 7 and IOS XE take up to {limit}: shorten it")
    return value
