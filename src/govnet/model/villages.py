"""The villages of the county files (topology/<city>/<county>.yaml), placed under their townships.

A county file lists villages by township; the townships themselves are written in their city's file, so a
county file can only add villages to a township the model already has (GN311 otherwise).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from govnet.model.types import Origin, Site
from govnet.schema.topology import VillageSpec
from govnet.source.modeldir import ParsedModel


class _Reporter(Protocol):
    parsed: ParsedModel

    def report(self, code: str, origin: Origin, message: str, hint: str | None = None, *,
               key: bool = False) -> None: ...


class _Draft(Protocol):
    @property
    def site(self) -> Site: ...


def county_drafts(b: _Reporter, drafts: Iterable[_Draft]) -> Iterator[tuple[VillageSpec, str, Origin]]:
    """(spec, township code, origin) of every village written in a county file, in file order."""
    if not b.parsed.counties:
        return
    townships = {d.site.key: d.site for d in drafts if d.site.level == "township"}
    for file, county_file in b.parsed.counties:
        folder, stem = file.split("/")[-2], file.rsplit("/", 1)[-1].split(".")[0]
        county = county_file.county
        if county != stem or not county.startswith(folder):
            b.report("GN311", Origin(file, ("county",)), f"county file {file} says county {county}",
                     f"a county file is named by its county's code inside its city's folder: "
                     f"topology/{county[:4]}/{county}.yaml")
            continue
        for t, entry in enumerate(county_file.townships):
            origin = Origin(file, ("townships", t))
            township = townships.get(entry.code)
            if township is None or township.parent != county:
                where = f"it sits under {township.parent}" if township is not None else \
                    f"topology/{county[:4]}.yaml has no such township"
                b.report("GN311", origin.at("code"), f"township {entry.code} is not a township of county {county}: "
                         f"{where}", "write the township in its city's file first, under its county")
                continue
            for v, village in enumerate(entry.villages):
                if county_file.profile is not None and village.profile is None:
                    village = village.model_copy(update={"profile": county_file.profile})
                yield village, entry.code, origin.at("villages", v)
