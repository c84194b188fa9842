"""Lock keys: the name of one address decision, ``<pool> <family> <kind> <subject>``.

The one place that knows how a key is written and read. Every other stage builds keys with the constructors
below (or :class:`LockKey` itself) and asks the address plan by key; nobody formats or splits key text.
The text form is exactly what allocations.lock holds, so committed locks stay byte-identical.

>>> LockKey.parse("public ipv4 site 3601")
LockKey(pool='public', family='ipv4', kind='site', subject='3601')
>>> str(link("ipv4", "JX-3601-CR02", "JX-36-CR01"))
'links ipv4 link JX-36-CR01~JX-3601-CR02'
"""

from __future__ import annotations

from typing import NamedTuple

# Kinds of entry. 'zone-leg' sorts after 'link', so allocating from scratch packs the links first, as the
# leg-less lock did: adding legs to an existing lock then gives the same addresses as a fresh allocation.
SITE, UNIT, DEVICE, LINK, LEG = "site", "unit", "device", "link", "zone-leg"
NAT, CLIENTS = "nat", "clients"  # an internet exit's NAT pool; the access platform's client pool
PORTAL = "portal"  # the access platform's portal: the ISP address its remote users connect to
# A carrier handoff's subnet: the ISP's addresses, pinned like a NAT pool but in no pool of ours.
HANDOFF = "handoff"
# The pools of the global table's infrastructure (zones/infrastructure.yaml); zone pools are named by zone.
LOOPBACK, LINKS, MANAGEMENT = "loopback", "links", "management"
FAMILIES = ("ipv4", "ipv6")


class LockKey(NamedTuple):
    """One entry's key. A tuple, so keys sort, hash and compare by their fields."""

    pool: str  # a zone name, or loopback / links / management
    family: str  # ipv4 / ipv6
    kind: str  # site, unit, device, link, zone-leg, nat, clients, portal, handoff
    subject: str  # what gets the address: a site code, unit id, device name, link A~B, ...

    def __str__(self) -> str:
        return key_text(self.pool, self.family, self.kind, self.subject)

    @classmethod
    def parse(cls, text: str) -> LockKey:
        """A key from its lock text; ValueError when it does not name pool, family, kind and subject.

        >>> LockKey.parse("internet ipv4 handoff 3602:电信").subject
        '3602:电信'
        >>> LockKey.parse("public ipv4 site")
        Traceback (most recent call last):
        ValueError: lock key 'public ipv4 site' does not name pool, family, kind and subject
        """
        parts = text.split(" ", 3)
        if len(parts) != 4 or not all(parts) or " " in parts[3]:
            raise ValueError(f"lock key {text!r} does not name pool, family, kind and subject")
        return cls(*parts)


def key_text(pool: str, family: str, kind: str, subject: str) -> str:
    """The lock text of a key, without building a :class:`LockKey` (the hot path of a national model)."""
    return f"{pool} {family} {kind} {subject}"


def is_key_text(text: str) -> bool:
    """Whether lock text names pool, family, kind and subject, as the lock writes keys."""
    return text.count(" ") == 3 and "" not in text.split(" ")


def subject_of(text: str) -> str:
    return text.split(" ", 3)[3]


def kind_of(text: str) -> str:
    return text.split(" ", 3)[2]


def pool_of(text: str) -> tuple[str, str]:
    """(pool, family) of a key's text."""
    pool, family, _ = text.split(" ", 2)
    return pool, family


def link_subject(a: str, b: str) -> str:
    """A link's name in the lock: its two devices in sorted order.

    >>> link_subject("JX-3601-CR02", "JX-36-CR01")
    'JX-36-CR01~JX-3601-CR02'
    """
    return f"{a}~{b}" if a <= b else f"{b}~{a}"


def numbered(site: str, index: int) -> str:
    """The subject of a site's ``index``-th (0-based) NAT or client pool: the site code, then ``#2``, ``#3``."""
    return site if index == 0 else f"{site}#{index + 1}"


def site_block(pool: str, family: str, site: str) -> LockKey:
    return LockKey(pool, family, SITE, site)


def unit_subnet(zone: str, family: str, unit: str) -> LockKey:
    return LockKey(zone, family, UNIT, unit)


def loopback(family: str, device: str) -> LockKey:
    return LockKey(LOOPBACK, family, DEVICE, device)


def management(family: str, device: str) -> LockKey:
    return LockKey(MANAGEMENT, family, DEVICE, device)


def link(family: str, a: str, b: str) -> LockKey:
    return LockKey(LINKS, family, LINK, link_subject(a, b))


def leg(family: str, subject: str) -> LockKey:
    """A router-firewall leg, ``<router>~<firewall>:<zone>`` (govnet.model.legs.Leg.subject)."""
    return LockKey(LINKS, family, LEG, subject)


def portal(zone: str, site: str) -> LockKey:
    """The secure access platform's portal address, in the pool of the zone that declares the platform.

    >>> str(portal("internet", "36"))
    'internet ipv4 portal 36'
    """
    return LockKey(zone, "ipv4", PORTAL, site)


def nat(zone: str, site: str, index: int = 0) -> LockKey:
    return LockKey(zone, "ipv4", NAT, numbered(site, index))
