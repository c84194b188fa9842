"""Extract NetBox's CSV import field names and choice values from a NetBox source checkout, for the export test.

    python3.12 tools/netbox_import_reference.py /path/to/netbox > tests/vendor/netbox-import.json

(Python 3.12 or later: NetBox uses its f-string syntax.)

Reads netbox/{dcim,ipam}/forms/bulk_import.py (each form's Meta.fields) and netbox/{dcim,ipam}/choices.py (the
values of the ChoiceSets the export uses). NetBox is Apache-2.0; only names and values are copied.
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

FORMS = {
    "dcim": ["RegionImportForm", "SiteImportForm", "ManufacturerImportForm", "DeviceTypeImportForm",
             "DeviceRoleImportForm", "PlatformImportForm", "DeviceImportForm", "InterfaceImportForm",
             "CableImportForm"],
    "ipam": ["RouteTargetImportForm", "VRFImportForm", "RoleImportForm", "PrefixImportForm", "IPAddressImportForm"],
}
CHOICES = {
    "dcim": ["SiteStatusChoices", "DeviceStatusChoices", "InterfaceTypeChoices", "CableTypeChoices",
             "LinkStatusChoices"],
    "ipam": ["PrefixStatusChoices", "IPAddressStatusChoices", "IPAddressRoleChoices"],
}


def _classes(path: Path) -> dict[str, ast.ClassDef]:
    return {n.name: n for n in ast.parse(path.read_text(encoding="utf-8")).body if isinstance(n, ast.ClassDef)}


def _meta_fields(cls: ast.ClassDef) -> list[str]:
    for node in cls.body:
        if isinstance(node, ast.ClassDef) and node.name == "Meta":
            for stmt in node.body:
                if isinstance(stmt, ast.Assign) and getattr(stmt.targets[0], "id", "") == "fields":
                    return [ast.literal_eval(e) for e in stmt.value.elts]  # type: ignore[attr-defined]
    return []


def _choice_values(cls: ast.ClassDef) -> list[str]:
    return sorted({stmt.value.value for stmt in cls.body if isinstance(stmt, ast.Assign)
                   and getattr(stmt.targets[0], "id", "").isupper() and getattr(stmt.targets[0], "id", "") != "CHOICES"
                   and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str)})


def main(root: Path) -> None:
    release = (root / "netbox" / "release.yaml").read_text(encoding="utf-8").split("\n")
    version = next(line.split('"')[1] for line in release if line.startswith("version:"))
    out: dict[str, object] = {"netbox": version, "forms": {}, "choices": {}}
    for app, names in FORMS.items():
        classes = _classes(root / "netbox" / app / "forms" / "bulk_import.py")
        out["forms"].update({n: _meta_fields(classes[n]) for n in names})  # type: ignore[attr-defined]
    for app, names in CHOICES.items():
        classes = _classes(root / "netbox" / app / "choices.py")
        out["choices"].update({n: _choice_values(classes[n]) for n in names})  # type: ignore[attr-defined]
    print(json.dumps(out, indent=1, sort_keys=True))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
