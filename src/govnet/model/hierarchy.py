"""Walks of the site hierarchy and the small questions every stage asks of it: the one home of ancestor walks,
the level name of a site and the router list of a device list.

Walks take the sites by key (``Model.site_by_key`` or a builder's own index) so that the build stage can use
them before the model exists. Every walk stops after ``MAX_DEPTH`` steps: deeper than any real hierarchy
(province → city → county → township → village, plus virtual placeholders), and safe on a cycle that a broken
model may hold before its checks have reported it.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator, Mapping

from govnet.model.types import SPECIAL, Device, Model, Site
from govnet.reference.platforms import ROUTING_ROLES

MAX_DEPTH = 16


def chain(by_key: Mapping[str, Site], key: str | None) -> Iterator[str]:
    """``key`` and the keys above it, nearest first; a key that names no site ends the walk after itself.

    >>> from govnet.model.types import Origin
    >>> here = Origin("topology/3601.yaml", ())
    >>> sites = {"36": Site("36", "江西省", "province", None, None, here),
    ...          "3601": Site("3601", "南昌市", "city", "36", None, here)}
    >>> list(chain(sites, "3601")), list(chain(sites, "360102"))
    (['3601', '36'], ['360102'])
    """
    for _ in range(MAX_DEPTH):
        if key is None:
            return
        yield key
        site = by_key.get(key)
        key = site.parent if site is not None else None


def ancestors(by_key: Mapping[str, Site], site: Site) -> Iterator[Site]:
    """The sites above ``site`` that the model holds, nearest first."""
    for key in chain(by_key, site.parent):
        found = by_key.get(key)
        if found is None:
            return
        yield found


def nearest(by_key: Mapping[str, Site], key: str | None, wanted: Container[str]) -> str | None:
    """The first of ``key`` and the keys above it that is in ``wanted`` (None: none is)."""
    return next((k for k in chain(by_key, key) if k in wanted), None)


def is_under(by_key: Mapping[str, Site], key: str, ancestor: str) -> bool:
    """Whether site ``key`` is ``ancestor`` or lies below it."""
    return any(k == ancestor for k in chain(by_key, key))


def level_name(site: Site) -> str:
    """The level a site's zones, policy rules and address plans are written for: its own, or ``special``."""
    return "special" if site.level == SPECIAL else site.level


def site_level(model: Model, key: str) -> str:
    return level_name(model.site_by_key[key])


def routers(devices: Iterable[Device]) -> list[Device]:
    """The devices that terminate uplinks: core routers first, then routers (each in list order)."""
    found = [d for d in devices if d.role in ROUTING_ROLES]
    if len(found) > 1:
        found.sort(key=lambda d: ROUTING_ROLES.index(d.role))
    return found
