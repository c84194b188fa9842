"""The text the configs stage fingerprints a device's context by (govnet.render.context.fingerprint_text): the same for
the same context, different as soon as any value in it differs, so that an incremental build re-renders exactly
the configs whose context changed."""

from __future__ import annotations

from pathlib import Path

from govnet.pipeline import validate
from govnet.render.context import fingerprint_text
from govnet.render.devices import build_contexts
from govnet.render.secrets import Secrets

MODEL = Path(__file__).resolve().parent / "golden" / "huawei-h3c" / "model"


def test_fingerprint_text_follows_every_value() -> None:
    result = validate(MODEL)
    assert result.model is not None and result.addresses is not None
    contexts = build_contexts(result.model, result.addresses.book, Secrets())
    again = build_contexts(result.model, result.addresses.book, Secrets())
    texts = {name: fingerprint_text(c) for name, c in contexts.items()}
    assert texts == {name: fingerprint_text(c) for name, c in again.items()}
    assert len(set(texts.values())) == len(texts)  # every device's differs

    router = next(c for c in contexts.values() if c.bgp is not None and c.interfaces)
    first = router.interfaces[0]
    assert first.ipv4 is not None
    changed = [
        router._replace(interfaces=(first._replace(ipv4=first.ipv4._replace(address="192.0.2.1")),
                                    *router.interfaces[1:])),  # deep inside: one address
        router._replace(interfaces=(first._replace(cost=None if first.cost else 1), *router.interfaces[1:])),
        router._replace(mpls=not router.mpls),
        router._replace(bgp=router.bgp._replace(reflector=not router.bgp.reflector)),
        router._replace(services=router.services._replace(snmp_contact=None)),
        router._replace(services=router.services._replace(snmp_contact="")),
    ]
    assert len({texts[router.name], *(fingerprint_text(c) for c in changed)}) == len(changed) + 1

    # dataclass values (firewall rules, routes) are written with their class and every field
    firewall = next(c for c in contexts.values() if c.firewall is not None and c.routes)
    text = fingerprint_text(firewall)
    assert '["Firewall",' in text and '["Route",' in text
    route = firewall.routes[0]
    from dataclasses import replace

    moved = firewall._replace(routes=(replace(route, backup=not route.backup), *firewall.routes[1:]))
    assert fingerprint_text(moved) != text


def test_fingerprint_text_is_ascii_whatever_a_value_holds() -> None:
    """A secret from the environment may hold anything (an undecodable byte arrives as a lone surrogate): the
    fingerprinted text escapes it instead of failing to encode."""
    from govnet.artefacts import fingerprint
    from govnet.render.context import Ip

    text = fingerprint_text(Ip("p\udcff\u00e9", 32, 4, "", "", ""))  # type: ignore[arg-type]
    assert text.isascii() and fingerprint(text)
