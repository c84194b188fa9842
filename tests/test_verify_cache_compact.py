"""The read-back cache pickles a port's and a config's facts without the fields at their defaults: loaded back, they
read as before (the class supplies the defaults) and equal the facts as scanned."""

from __future__ import annotations

import io
import pickle

from govnet.verify.facts import Facts, Interface
from govnet.verify.readback import _FactsUnpickler, dumps


def test_facts_at_their_defaults_are_left_out_and_read_back_alike() -> None:
    facts = Facts("R1", "configs/R1.cfg", hostname="R1")
    facts.interfaces["Gi0/0"] = Interface("Gi0/0", 3, description="TO-R2", vlan=0)
    loaded = _FactsUnpickler(io.BytesIO(dumps(facts))).load()
    assert loaded == facts
    port = loaded.interfaces["Gi0/0"]
    assert "shutdown" not in vars(port) and port.shutdown is False and port.ospf_area is None
    assert vars(port)["vlan"] == 0  # a value equal to no default (None) is kept
    assert len(dumps(facts)) < len(pickle.dumps(facts, pickle.HIGHEST_PROTOCOL))
