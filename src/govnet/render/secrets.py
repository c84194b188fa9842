"""Secrets for device configs: never in the model's YAML.

Each secret has a name (``snmp_community``, ``radius_key``, ``local_password``). Its value comes from the
environment variable ``GOVNET_SECRET_<NAME>`` or from a secrets file outside the repository (``--secrets FILE`` or
``GOVNET_SECRETS_FILE``): one ``name: value`` per line, ``#`` comments. The environment wins. A secret that is not
set renders as the placeholder ``<SECRET:name>``, which no device accepts, and the caller warns once.
Every diff or log line goes through :meth:`Secrets.mask`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

NAMES = ("snmp_community", "radius_key", "local_password")
ENV_PREFIX = "GOVNET_SECRET_"
FILE_ENV = "GOVNET_SECRETS_FILE"


class SecretsError(Exception):
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

    def get(self, name: str) -> str:
        value = self.values.get(name)
        if value is None:
            self.used_placeholder.add(name)
            return placeholder(name)
        return value

    @property
    def missing(self) -> list[str]:
        return [n for n in NAMES if n not in self.values]

    def mask(self, text: str) -> str:
        """Replace every known secret value by its placeholder.

        >>> Secrets({"snmp_community": "s3cret"}).mask("snmp-agent community read s3cret")
        'snmp-agent community read <SECRET:snmp_community>'
        """
        for name, value in sorted(self.values.items(), key=lambda kv: -len(kv[1])):
            if value:
                text = text.replace(value, placeholder(name))
        return text


_LINE = re.compile(r"^([a-z_]+)\s*:\s*(.*?)\s*$")
_VALUE = re.compile(r"^[\x21-\x7e]{1,128}$")  # printable ASCII without spaces: safe on every vendor's CLI


def load_secrets(path: Path | None = None, model_root: Path | None = None,
                 environ: Mapping[str, str] | None = None) -> Secrets:
    """Secrets from the file (if any) overlaid with the environment."""
    env = os.environ if environ is None else environ
    values: dict[str, str] = {}
    if path is None and env.get(FILE_ENV):
        path = Path(env[FILE_ENV])
    if path is not None:
        values.update(_read_file(path, model_root))
    for name in NAMES:
        value = env.get(ENV_PREFIX + name.upper())
        if value:
            values[name] = _checked(name, value, ENV_PREFIX + name.upper())
    return Secrets(values)


def _read_file(path: Path, model_root: Path | None) -> dict[str, str]:
    if model_root is not None:
        try:
            path.resolve().relative_to(model_root.resolve())
        except ValueError:
            pass
        else:
            raise SecretsError(f"secrets file {path} is inside the model directory: keep it outside git")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SecretsError(f"cannot read secrets file {path}: {exc}") from None
    values = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _LINE.fullmatch(line.strip())
        if match is None or match.group(1) not in NAMES:
            raise SecretsError(f"{path}:{number}: expected 'name: value' with a name among {', '.join(NAMES)}")
        values[match.group(1)] = _checked(match.group(1), match.group(2), f"{path}:{number}")
    return values


def _checked(name: str, value: str, where: str) -> str:
    if not _VALUE.fullmatch(value) or value.startswith("<"):
        raise SecretsError(f"{where}: secret {name} must be 1-128 printable ASCII characters without spaces")
    return value
