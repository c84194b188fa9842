"""JSON Schemas of the model files for editors (VS Code with redhat.vscode-yaml): completion and hover offline.

Generated from the pydantic schemas, so the enums (levels, platforms, roles, zone kinds …) are the ones the
parser accepts, and decorated with the bilingual descriptions of govnet.schema.descriptions.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from govnet.schema.base import Strict
from govnet.schema.descriptions import ENUM_VALUES, FIELDS
from govnet.schema.registry import RegistryFile, RegistryPart
from govnet.schema.targets import TargetsFile
from govnet.schema.topology import CityFile, ProfilesFile, ProjectFile, ProvinceFile
from govnet.schema.zones import InfrastructureFile, PolicyFile, ZonesFile

Lang = Literal["zh", "en", "both"]
SCHEMA_DIR = "schemas"  # where `govnet init` puts them in a model, and `govnet schema` by default
BASE_URI = "https://govnet.example/schemas/"  # a stable $id; editors resolve the files by path, offline


@dataclass(frozen=True, slots=True)
class SchemaFile:
    name: str  # file name under schemas/
    model: type[BaseModel]
    globs: tuple[str, ...]  # the model files it describes, relative to the model directory

    @property
    def file(self) -> str:
        return f"{self.name}.schema.json"


SCHEMA_FILES: tuple[SchemaFile, ...] = (
    SchemaFile("govnet", ProjectFile, ("govnet.yaml",)),
    SchemaFile("profiles", ProfilesFile, ("topology/profiles.yaml",)),
    SchemaFile("province", ProvinceFile, ("topology/province.yaml",)),
    SchemaFile("city", CityFile, ("topology/[0-9][0-9][0-9][0-9].yaml",)),
    SchemaFile("zones", ZonesFile, ("zones/zones.yaml",)),
    SchemaFile("policy", PolicyFile, ("zones/policy.yaml",)),
    SchemaFile("infrastructure", InfrastructureFile, ("zones/infrastructure.yaml",)),
    SchemaFile("registry", RegistryFile, ("registry.yaml",)),
    SchemaFile("registry-part", RegistryPart, ("registry.d/*.yaml",)),
    SchemaFile("targets", TargetsFile, ("targets.yaml",)),
)


def schema_for_path(rel: str) -> SchemaFile | None:
    """The schema of a model file, by its path relative to the model directory.

    >>> schema_for_path("topology/3601.yaml").name, schema_for_path("registry.d/3601.yaml").name
    ('city', 'registry-part')
    >>> schema_for_path("README.md") is None
    True
    """
    from fnmatch import fnmatchcase

    return next((s for s in SCHEMA_FILES if any(fnmatchcase(rel, g) for g in s.globs)), None)


def _text(key: str, lang: Lang) -> str | None:
    found = FIELDS.get(key)
    if found is None:
        return None
    en, zh = found
    return {"zh": zh, "en": en, "both": f"{zh}\n\n{en}"}[lang]


def _enum_notes(node: dict[str, Any]) -> None:
    values = node.get("enum")
    if isinstance(values, list) and any(v in ENUM_VALUES for v in values):
        node["enumDescriptions"] = [ENUM_VALUES.get(v, "") if isinstance(v, str) else "" for v in values]
    for key in ("items", "additionalProperties", "propertyNames"):
        if isinstance(node.get(key), dict):
            _enum_notes(node[key])
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in node.get(key, []):
            _enum_notes(sub)


def _lineage(name: str) -> list[str]:
    """A schema class's name and its base classes' (a field described on a base holds for its subclasses)."""
    found: dict[str, type] = {}
    todo: list[type] = [Strict]
    while todo:
        cls = todo.pop()
        found.setdefault(cls.__name__, cls)
        todo += cls.__subclasses__()
    model = found.get(name)
    return [c.__name__ for c in model.__mro__ if issubclass(c, Strict)] if model else [name]


def _describe(node: dict[str, Any], cls: str, lang: Lang) -> None:
    """Put the class's and each property's description on one object schema."""
    text = _text(cls, lang)
    if text:
        node["description"] = text
    for prop, sub in node.get("properties", {}).items():
        sub.pop("title", None)  # pydantic's "Hostname Prefix" says less than the description, in one language
        text = next((found for c in _lineage(cls) if (found := _text(f"{c}.{prop}", lang))), None)
        text = text or _text(prop, lang)
        if text:
            sub["description"] = text
        if lang != "en":  # the values are English words already
            _enum_notes(sub)


def json_schema(spec: SchemaFile, lang: Lang = "both") -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one model file."""
    schema = spec.model.model_json_schema(by_alias=True, mode="validation")
    for name, sub in schema.get("$defs", {}).items():
        _describe(sub, name, lang)
    _describe(schema, spec.model.__name__, lang)
    head = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": BASE_URI + spec.file}
    return head | schema


def schema_texts(lang: Lang = "both") -> dict[str, str]:
    """Every schema file's text, by file name: deterministic, so a committed copy diffs cleanly."""
    return {s.file: json.dumps(json_schema(s, lang), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
            for s in SCHEMA_FILES}


def modeline(rel: str, schema_dir: str = SCHEMA_DIR) -> str | None:
    """The yaml-language-server comment that ties a model file to its schema, by a path relative to the file.

    >>> modeline("topology/3601.yaml")
    '# yaml-language-server: $schema=../schemas/city.schema.json'
    >>> modeline("govnet.yaml")
    '# yaml-language-server: $schema=schemas/govnet.schema.json'
    """
    spec = schema_for_path(rel)
    if spec is None:
        return None
    up = "../" * rel.count("/")
    return f"# yaml-language-server: $schema={up}{schema_dir}/{spec.file}"


def vscode_settings(schema_dir: str = SCHEMA_DIR) -> str:
    """.vscode/settings.json for a model directory: the schema of each file pattern (yaml.schemas)."""
    mapping = {f"./{schema_dir}/{s.file}": list(s.globs) for s in SCHEMA_FILES}
    settings = {"yaml.schemas": mapping, "files.associations": {"allocations.lock": "plaintext"}}
    return json.dumps(settings, ensure_ascii=False, indent=2) + "\n"
