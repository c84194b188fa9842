"""Building blocks shared by every model file's schema."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict
from pydantic_core import PydanticCustomError

from govnet.units import parse_bandwidth


class Strict(BaseModel):
    """Unknown fields are errors, models are immutable once parsed."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _code(value: object) -> object:
    # Division codes are digit strings; YAML reads unquoted ones as integers, which is fine to accept.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _bandwidth(value: object) -> int:
    bits = parse_bandwidth(value)
    if bits is None:
        raise PydanticCustomError(
            "govnet_bandwidth",
            "cannot read bandwidth {value!r}",
            {"value": value},
        )
    return bits


Code = Annotated[str, BeforeValidator(_code)]
Bandwidth = Annotated[int, BeforeValidator(_bandwidth)]
