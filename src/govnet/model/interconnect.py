"""Router interconnects: at a site with two or more routers, a direct link between consecutive routers (by
name: R01-R02, R02-R03), in the underlay (IGP and LDP), so traffic between a site's routers never crosses a
township router or a data-centre link, and a router whose own uplinks fail still reaches the core.

Configs build these links (govnet.render.interfaces), so they are part of the graph the redundancy checks judge
(govnet.checks.context); a site's devices are joined by nothing else."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from govnet.model.types import Model
from govnet.reference.platforms import ROUTING_ROLES

# Sorts after "zone-leg" and "zone-mgmt-leg": allocating from scratch gives what adding them to an existing
# lock gave (the allocator carves in key order).
KIND = "zone-peer-link"


def site_interconnects(model: Model, site_key: str) -> list[tuple[str, str]]:
    """The interconnects of one site: consecutive routers of ours, by name."""
    names = sorted(d.name for d in model.devices_of(site_key) if d.role in ROUTING_ROLES and model.is_ours(d))
    return list(itertools.pairwise(names))


def all_interconnects(model: Model) -> Iterator[tuple[str, str]]:
    for site_key in model.shared_sites:  # a site with one device has none of these
        yield from site_interconnects(model, site_key)


def subject(a: str, b: str) -> str:
    """Its name in allocations.lock.

    >>> subject("JX-36-CR02", "JX-36-CR01")
    'JX-36-CR01~JX-36-CR02'
    """
    return "~".join(sorted((a, b)))
