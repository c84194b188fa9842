"""Read rendered IOS XE configs against two public, machine-readable IOS command sources, line by line.

Usage: python tools/iosxe_syntax.py NASSIM_CISCO CISCO_IOS_RM_TEMPLATES CONFIG... [--all]

- NASSIM_CISCO: the Cisco IOS Configuration Fundamentals Command Reference as the public repository
  WheaterW/INTA-project keeps it (nassim-main/corpus/cisco: one JSON file per command page, its CLI formats),
  read with tools/vrp8_syntax.py's format matcher.
- CISCO_IOS_RM_TEMPLATES: plugins/module_utils/network/ios/rm_templates of the public repository
  ansible-collections/cisco.ios (the parsers its resource modules read 'show running-config' with, maintained
  against IOS XE devices). Each parser's 'getval' regular expression is read from the source (never imported or
  copied) and tried on the line.

Each distinct line shape (digits folded) with its parent lines is tried; printed are the shapes neither source
knows ('no format'), and with --all every shape with what matched it. A review aid, not a test: neither source
covers AAA, RADIUS, key chains, IS-IS, MPLS LDP or BFD templates; those shapes are listed for a read by eye
against the Cisco IOS XE command references cited in the templates. A regex written loosely can match a line it
was not meant for ('ipv6 unicast-routing' by an access-group parser): --all shows which parser matched.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from vrp8_syntax import config_lines, ends, load  # the sibling tool's format reader


def regexes(folder: Path) -> list[tuple[str, re.Pattern[str]]]:
    """Every parser's getval regex of the rm_templates, by 'module.parser' name, read from the source."""
    found: list[tuple[str, re.Pattern[str]]] = []
    for path in sorted(folder.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Dict):
                continue
            fields = {k.value: v for k, v in zip(node.keys, node.values, strict=True)
                      if isinstance(k, ast.Constant) and isinstance(k.value, str)}
            getval, name = fields.get("getval"), fields.get("name")
            if not isinstance(getval, ast.Call) or not getval.args or not isinstance(getval.args[0], ast.Constant):
                continue
            flags = re.VERBOSE if "VERBOSE" in ast.unparse(getval) else 0
            try:
                pattern = re.compile(str(getval.args[0].value), flags)
            except re.error:
                continue
            label = name.value if isinstance(name, ast.Constant) and isinstance(name.value, str) else "?"
            found.append((f"{path.stem}.{label}", pattern))
    return found


def main(argv: list[str]) -> int:
    show_all = "--all" in argv
    nassim, rm, *configs = (a for a in argv if a != "--all")
    formats = load(Path(nassim))
    patterns = regexes(Path(rm))
    seen: set[tuple[str, str]] = set()
    lines = unmatched = 0
    def unsecret(raw: str) -> str:  # a placeholder is a key as the device sees it
        return re.sub(r"<SECRET:\w+>", "0A1B2C3D", raw)

    for _config, raw, line, above in config_lines(configs, ("end", "exit-address-family"), unsecret):
        lines += 1
        parent = " > ".join(s.split()[0] for s in above)
        shape = re.sub(r"\d+", "N", line)
        if (parent, shape) in seen:
            continue
        seen.add((parent, shape))
        words = line.split()
        hits = [f"nassim:{words[0]}" for node, _ in formats.get(words[0].lower(), [])
                if len(words) in set(ends(node, words, 0))][:1]
        hits += [name for name, p in patterns if p.match(line) or p.match(raw) or p.match(" " + line)][:3]
        if not hits:
            unmatched += 1
            print(f"no format: [{parent}] {line}")
        elif show_all:
            print(f"ok: [{parent}] {line}  -> {hits}")
    print(f"{len(configs)} configs, {lines} lines, {len(seen)} distinct shapes, {unmatched} without a format",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
