"""The fingerprint of what a model asks of the address plan: every pool and every request, with everything the
address checks judge them by. `govnet allocate` records it in the lock it writes, after those checks passed;
validation that finds the same fingerprint beside the same sealed entries knows their verdict already."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable

from govnet.forked import fork_answering, receive_pickled
from govnet.ipam.requests import GLOBAL, AddressNeeds

# Requests from which the fingerprint is worth a forked process (most national provinces have 100,000-520,000, the
# default model 65,000: there the fork and its copy-on-write faults cost about what the formatting saves)
BESIDE_MIN = 90_000


def fingerprint(needs: AddressNeeds) -> str:
    """Per request: its key (which names its pool and family), length and parent; then, for the few that have
    any, a pin, exemption from containment or a routing domain other than the global table. Written in two
    passes because a national model has 250,000 requests and barely a hundred of the second kind."""
    lines = [f"pool {name} {family} {pool.domain} {' '.join(map(str, pool.blocks))}"
             for (name, family), pool in sorted(needs.pools.items())]
    requests = needs.requests
    lines += [f"{r.key}|{r.length}|{r.parent}" for r in requests]
    lines.append("exceptions")
    lines += [f"{r.key}|{r.pin}|{r.contained}|{r.domain}" for r in requests
              if r.pin is not None or not r.contained or r.domain != GLOBAL]
    return "sha256:" + hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def fingerprint_beside(needs: AddressNeeds, workers: int | None = None,
                       min_requests: int = BESIDE_MIN) -> Callable[[], str] | None:
    """A function that gives ``fingerprint(needs)``, worked out in a forked process while the caller does the
    rest of its work (the sealed lock's other checks); None when that is not worth it (a small plan, one worker,
    no fork, fewer than ``min_requests``): the caller works it out itself. ``workers``: the processes to use
    (default: the CPUs). The caller
    must call the function (it reaps the child); a child that fails leaves the work to this process, with the
    same answer."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers < 2 or not hasattr(os, "fork") or len(needs.requests) < min_requests:
        return None
    forked = fork_answering(lambda: fingerprint(needs))
    if forked is None:
        return None
    pid, read = forked

    def answer() -> str:
        found = receive_pickled(read, pid)
        return found if isinstance(found, str) else fingerprint(needs)

    return answer
