"""The address plan the address stage hands on: what the model needs, what was decided for it, and the lock it
was read from. Later stages (render, records, reports) ask it for addresses by :class:`LockKey`."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from govnet.ipam import keys
from govnet.ipam.allocator import Outcome
from govnet.ipam.keys import LockKey, key_text
from govnet.ipam.lockfile import Lock
from govnet.ipam.prefix import Net
from govnet.ipam.requests import AddressNeeds
from govnet.model.exits import handoff_subject
from govnet.model.legs import INTERNET6_LEG


class AddressBook:
    """Read-only lookups of decided addresses by key.

    >>> book = AddressBook({"links ipv4 link A~B": Net(4, 0x0A000000, 31)})
    >>> str(book.link("ipv4", "B", "A")), book.loopback("ipv4", "A")
    ('10.0.0.0/31', None)
    """

    __slots__ = ("_decisions",)

    def __init__(self, decisions: Mapping[str, Net]) -> None:
        self._decisions = decisions  # by key text, as the lock and the allocator hold them

    def address(self, key: LockKey) -> Net | None:
        return self._decisions.get(str(key))

    @property
    def decisions(self) -> Mapping[str, Net]:
        """Every decision by key text (what the lock holds)."""
        return self._decisions

    # The helpers below look up by the key's text directly: render asks ~100,000 times for a province, and a
    # LockKey built and printed per question costs a third of render's time.
    def loopback(self, family: str, device: str) -> Net | None:
        return self._decisions.get(key_text(keys.LOOPBACK, family, keys.DEVICE, device))

    def management(self, family: str, device: str) -> Net | None:
        return self._decisions.get(key_text(keys.MANAGEMENT, family, keys.DEVICE, device))

    def link(self, family: str, a: str, b: str) -> Net | None:
        return self._decisions.get(key_text(keys.LINKS, family, keys.LINK, keys.link_subject(a, b)))

    def leg(self, family: str, subject: str) -> Net | None:
        found = self._decisions.get(key_text(keys.LINKS, family, keys.LEG, subject))
        if found is None and family == "ipv6":  # an internet leg's /127 at an exit with IPv6 handoffs
            found = self._decisions.get(key_text(keys.LINKS, family, INTERNET6_LEG, subject))
        return found

    def nat(self, zone: str, site: str) -> Net | None:
        """The first NAT pool of an internet exit at ``site``."""
        return self._decisions.get(key_text(zone, "ipv4", keys.NAT, site))

    def portal(self, zone: str, site: str) -> Net | None:
        """The access platform's portal address (``<zone> ipv4 portal <site>``)."""
        return self._decisions.get(str(keys.portal(zone, site)))

    def carrier_nat(self, zone: str, site: str, carrier: str) -> Net | None:
        """The NAT pool of one carrier at an internet exit (``<zone> ipv4 nat <site>:<carrier>``)."""
        return self._decisions.get(key_text(zone, "ipv4", keys.NAT, handoff_subject(site, carrier)))

    def entries(self) -> Iterator[tuple[LockKey, Net]]:
        """Every decision, in key order."""
        for text in sorted(self._decisions):
            yield LockKey.parse(text), self._decisions[text]

    def unit_subnets(self) -> dict[str, list[tuple[str, Net]]]:
        """Unit id → (zone, prefix) of every subnet granted to it, in key order."""
        found: dict[str, list[tuple[str, Net]]] = {}
        unit = keys.UNIT
        # a national lock holds 250,000 entries: sort and parse only the units'
        for text in sorted([text for text in self._decisions if text.split(" ", 3)[2] == unit]):
            pool, _, _, subject = text.split(" ", 3)
            found.setdefault(subject, []).append((pool, self._decisions[text]))
        return found

    def __len__(self) -> int:
        return len(self._decisions)


class Plan:
    """What the model needs, what was decided for it, and the lock it was read from. When validation trusted a
    sealed lock, the decisions are read from it only if someone asks for them (render, records, reports)."""

    def __init__(self, needs: AddressNeeds, outcome: Outcome | None, lock: Lock | None,
                 deferred: Callable[[], tuple[Outcome, Lock | None]] | None = None) -> None:
        self.needs = needs
        self._outcome, self._lock, self._deferred = outcome, lock, deferred
        # Whether the verdict came from a sealed lock written for these very needs (govnet.ipam.trust).
        self.trusted = deferred is not None

    def _resolve(self) -> None:
        if self._deferred is not None:
            self._outcome, self._lock = self._deferred()
            self._deferred = None

    @property
    def outcome(self) -> Outcome:
        self._resolve()
        assert self._outcome is not None
        return self._outcome

    @property
    def lock(self) -> Lock | None:
        self._resolve()
        return self._lock

    @property
    def book(self) -> AddressBook:
        return AddressBook(self.outcome.decisions)

    def address(self, key: LockKey) -> Net | None:
        """The prefix decided for ``key`` (None: nothing decided, e.g. a family the plan has no pool for)."""
        return self.book.address(key)
