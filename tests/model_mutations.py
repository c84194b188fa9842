"""Structure-aware mutations of a model file: parse the YAML, change one thing in the data, write it back.

Shared by the hypothesis tests (tests/test_hostile_fuzz.py, driven by ``st.randoms()``) and the long campaign
outside the suite (tools/fuzz_campaign.py, driven by ``random.Random``), so both explore the same space.
Values are the ones careless or hostile users write: control characters, config keywords, formulas, octal-looking
codes, huge numbers, wrong types, deleted or duplicated items.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable

import yaml

HOSTILE_STRINGS = [
    "", " ", "a\nb", "x\r\nquit", "icmp\n quit\n undo firewall zone trust\n#", "tcp/443", "tcp/99999", "tcp/80-22",
    "tcp/abc", "udp/0", "icmp/8", "icmp/300", "any", "tcp/", "/443", "tcp/1-65535", "=HYPERLINK(\"http://x\")",
    "+1", "-1", "@SUM(A1)", "\t=1", "0360111", "1:30", "{{ 7*7 }}", "{% raw %}", "${x}", "%s", "'", '"', "\\",
    "\x00", "\x1b[31m", "\u2028", "\ufeff", "中文" * 40, "a" * 300, "../../etc/passwd", "/dev/zero", "null", "~",
    "yes", "no", "on", "0x1f", "1e9", ".inf", "2024-02-30", "JX-36-CR01", "36", "3601", "public", "internet",
    "permit", "deny", "10.0.0.0/8", "0.0.0.0/0", "999.1.1.1/24", "10.0.0.1/33", "2001:db8::/129", "{n}", "{n[0]}",
    "{prefix}-{code}-R{n:02d}", "{code.__class__}", "{n:>99}",
]
HOSTILE_SCALARS: list[object] = [
    None, True, False, 0, -1, 1, 2, 65535, 65536, 2**31, 2**64, 10**30, 0.5, -0.0, float("inf"), 122953, 90,
]


def _paths(data: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Every path into the data (the root included), mappings by key and lists by index."""
    found: list[tuple[object, ...]] = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += _paths(value, (*prefix, i))
    return found


def _get(data: object, path: tuple[object, ...]) -> object:
    for step in path:
        data = data[step]  # type: ignore[index]
    return data


def _random_value(rng: random.Random, near: object) -> object:
    roll = rng.random()
    if roll < 0.45:
        return rng.choice(HOSTILE_STRINGS)
    if roll < 0.7:
        return rng.choice(HOSTILE_SCALARS)
    if roll < 0.8:
        return [rng.choice(HOSTILE_STRINGS) for _ in range(rng.randint(0, 3))]
    if roll < 0.85:
        return {rng.choice(["name", "code", "x", "services", "title"]): rng.choice(HOSTILE_STRINGS)}
    if isinstance(near, str) and near:  # a small edit of the value that was there
        i = rng.randrange(len(near) + 1)
        return near[:i] + rng.choice(["\n", "\r", "\x00", "/", "-", "9", "0", " ", "=", "{", "}"]) + near[i:]
    if isinstance(near, int) and not isinstance(near, bool):
        return near + rng.choice([-1, 1, 2**16, -(2**16), 10**9])
    return copy.deepcopy(near)


def mutate(data: object, rng: random.Random, steps: int = 1) -> object:
    """A mutated deep copy of ``data`` (``steps`` mutations)."""
    data = copy.deepcopy(data)
    for _ in range(steps):
        data = _mutate_once(data, rng)
    return data


def _mutate_once(data: object, rng: random.Random) -> object:
    paths = _paths(data)
    path = rng.choice(paths)
    if not path:
        return _random_value(rng, data) if rng.random() < 0.05 else data
    parent, last = _get(data, path[:-1]), path[-1]
    node = _get(data, path)
    op: Callable[[], None]
    roll = rng.random()
    if roll < 0.55:  # replace the value
        def op() -> None:
            parent[last] = _random_value(rng, node)  # type: ignore[index]
    elif roll < 0.7:  # delete it
        def op() -> None:
            del parent[last]  # type: ignore[union-attr, arg-type]
    elif roll < 0.8 and isinstance(parent, list):  # duplicate an item (same ids twice, same codes twice)
        def op() -> None:
            parent.insert(int(last), copy.deepcopy(node))  # type: ignore[call-overload]
    elif roll < 0.9 and isinstance(parent, dict):  # a key nobody expects
        def op() -> None:
            parent[rng.choice(["extra", "name ", "Name", "code", "\u00a0", "x"])] = copy.deepcopy(node)
    else:  # swap with another node of the file
        other = rng.choice(paths)

        def op() -> None:
            if other and not _is_prefix(path, other) and not _is_prefix(other, path):
                parent[last] = copy.deepcopy(_get(data, other))  # type: ignore[index]
    op()
    return data


def _is_prefix(a: tuple[object, ...], b: tuple[object, ...]) -> bool:
    return b[: len(a)] == a


def dump(data: object, rng: random.Random) -> str:
    """Serialise as a person might have written it: block or flow style, raw Unicode."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=rng.random() < 0.2,
                          width=rng.choice([80, 4096]))
