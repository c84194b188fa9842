"""Building blocks shared by every model file's schema."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, WithJsonSchema
from pydantic_core import PydanticCustomError

from govnet.reference.units import BANDWIDTH_PATTERN, parse_bandwidth


class Strict(BaseModel):
    """Unknown fields are errors, models are immutable once parsed."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _code(value: object) -> object:
    # Division codes are digit strings; YAML reads unquoted ones as integers, which is fine to accept.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


# Bandwidths read so far, by the text written: a registry of 100,000 units writes a dozen distinct values
# 200,000 times. Text only (1 == True == 1.0 as keys), and bounded, since a model is not the only caller.
_READ: dict[str, int] = {}
_READ_LIMIT = 4096


def _bandwidth(value: object) -> int:
    if type(value) is str:
        known = _READ.get(value)
        if known is not None:
            return known
    bits = parse_bandwidth(value)
    if bits is None:
        raise PydanticCustomError(
            "govnet_bandwidth",
            "cannot read bandwidth {value!r}",
            {"value": value},
        )
    if type(value) is str and len(_READ) < _READ_LIMIT:
        _READ[value] = bits
    return bits


# What an editor's JSON Schema says of them: the text a user may write, not the value it becomes.
Code = Annotated[str, BeforeValidator(_code), WithJsonSchema({"type": ["string", "integer"]})]
Bandwidth = Annotated[int, BeforeValidator(_bandwidth), WithJsonSchema(
    {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "string", "pattern": BANDWIDTH_PATTERN}],
     "examples": ["10G", "1G", "100M"]})]
