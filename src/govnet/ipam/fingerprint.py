"""The fingerprint of what a model asks of the address plan: every pool and every request, with everything the
address checks judge them by. `govnet allocate` records it in the lock it writes, after those checks passed;
validation that finds the same fingerprint beside the same sealed entries knows their verdict already."""

from __future__ import annotations

import hashlib

from govnet.ipam.requests import AddressNeeds


def fingerprint(needs: AddressNeeds) -> str:
    lines = [f"pool {name} {family} {pool.domain} {' '.join(map(str, pool.blocks))}"
             for (name, family), pool in sorted(needs.pools.items())]
    lines += [f"{r.key}|{r.pool}|{r.family}|{r.length}|{r.parent}|{r.pin}|{r.contained}|{r.domain}"
              for r in needs.requests]
    return "sha256:" + hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
