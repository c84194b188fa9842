"""Read rendered VRP 8 configs against the NE40E V800R012C10 command reference, line by line.

Usage: python tools/vrp8_syntax.py CORPUS CONFIG... [--views]

CORPUS is the command reference's 'cmd_corpus' folder as the public repository WheaterW/INTA-project keeps it
(nassim-main/corpus/hw/hw_NE40E_V800R012C10/cmd_corpus: one JSON file per command page, with its CLI formats and
the views it is entered in). Each distinct line shape (digits folded) of the configs is matched against every
format of the commands that start with its first word; lines no format matches are printed, and with --views the
lines whose matching formats are all of other views than the one the line sits in (from the indentation of
'display current-configuration'). A review aid, not a test: a format the corpus spells loosely (a keyword written
as a parameter) shows up as a false alarm, and a line the corpus lacks may still be a valid command of another
release.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

Node = tuple[str, object]  # ('kw'|'param', word) | ('seq'|'alt', [Node]) | ('opt'|'rep', Node)
TOKEN = re.compile(r"<[^>]+>|&<[^>]*>|[{}\[\]|*]|[^\s{}\[\]|*]+")


def parse(tokens: list[str], i: int = 0, stop: str = "") -> tuple[Node, int]:
    alts: list[list[Node]] = [[]]
    while i < len(tokens) and tokens[i] != stop:
        t = tokens[i]
        i += 1
        if t == "|":
            alts.append([])
        elif t in ("{", "["):
            sub, i = parse(tokens, i, "}" if t == "{" else "]")
            i += 1
            node: Node = ("alt", [sub]) if t == "{" else ("opt", sub)
            if i < len(tokens) and (tokens[i] == "*" or tokens[i].startswith("&<")):
                node, i = ("rep", node), i + 1
            alts[-1].append(node)
        elif t != "*" and not t.startswith("&<"):
            alts[-1].append(("param" if t.startswith("<") else "kw", t))
    return ("alt", [("seq", a) for a in alts]), i


def ends(node: Node, words: list[str], i: int) -> Iterator[int]:
    """Every position at which ``node`` can stop matching ``words`` from ``i``."""
    kind, value = node
    if kind == "kw":
        if i < len(words) and words[i].lower() == str(value).lower():
            yield i + 1
    elif kind == "param":
        if i < len(words):
            yield i + 1
        if any(w in str(value) for w in ("text", "desc", "location", "contact")):  # free text takes the rest
            yield from range(i + 2, len(words) + 1)
    elif kind == "seq":
        items = list(value)  # type: ignore[call-overload]
        yield from _seq(items, words, i)
    elif kind == "alt":
        for alt in value:  # type: ignore[attr-defined]
            yield from ends(alt, words, i)
    elif kind == "opt":
        yield i
        yield from ends(value, words, i)  # type: ignore[arg-type]
    else:  # rep: one or more, in any order
        seen, frontier = {i}, [i]
        yield i
        while frontier:
            step = [e for p in frontier for e in ends(value, words, p) if e not in seen]  # type: ignore[arg-type]
            seen.update(step)
            frontier = step
            yield from step


def _seq(items: list[Node], words: list[str], i: int) -> Iterator[int]:
    if not items:
        yield i
        return
    for e in ends(items[0], words, i):
        yield from _seq(items[1:], words, e)


def load(corpus: Path) -> dict[str, list[tuple[Node, tuple[str, ...]]]]:
    by_first: dict[str, list[tuple[Node, tuple[str, ...]]]] = defaultdict(list)
    for path in corpus.rglob("*.json"):
        if path.name == "cmd2filename.json":
            continue
        try:
            page = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError:  # a few pages of the Cisco corpus are not JSON (NaN)
            continue
        for cli in page.get("CLIs", []):
            words = TOKEN.findall(cli.strip())
            if words and not words[0].startswith(("{", "[", "<")):
                by_first[words[0].lower()].append((parse(words)[0], tuple(page.get("ParentView", []))))
    return by_first


def config_lines(configs: list[str], skip: tuple[str, ...] = ("#", "return"),
                 rewrite: Callable[[str], str] | None = None) -> Iterator[tuple[str, str, str, list[str]]]:
    """Each line of the configs worth reading (comments, '#' and the like left out): its config, the raw line, the
    line stripped, and the lines it sits under (by indentation). The siblings tools/comware_syntax.py and
    tools/iosxe_syntax.py walk the configs with it too."""
    for config in configs:
        stack: list[str] = []
        for raw in Path(config).read_text(encoding="utf-8").splitlines():
            raw = rewrite(raw) if rewrite else raw
            line = raw.strip()
            if not line or line in skip or line.startswith("!"):
                continue
            stack = stack[:len(raw) - len(raw.lstrip())]
            yield config, raw, line, list(stack)
            stack.append(line)


def main(argv: list[str]) -> int:
    views = "--views" in argv
    corpus, *configs = (a for a in argv if a != "--views")
    formats = load(Path(corpus))
    seen: set[tuple[str, str]] = set()
    lines = unmatched = 0
    for config, _raw, line, above in config_lines(configs):
        lines += 1
        parent = above[0].split()[0] if above else ""
        key = (parent, re.sub(r"\d+", "N", line))
        if key in seen:
            continue
        seen.add(key)
        words = line.split()
        found = [v for node, v in formats.get(words[0].lower(), []) if len(words) in set(ends(node, words, 0))]
        if not found:
            unmatched += 1
            print(f"no format: {config}: [{parent}] {line}")
        elif views and not above and not any("System view" in v for v in found):
            print(f"not a system-view command: {config}: {line}")
    print(f"{len(configs)} configs, {lines} lines, {len(seen)} distinct shapes, {unmatched} without a format",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
