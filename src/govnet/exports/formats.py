"""The table of export formats: name -> the function that writes its files from an inventory."""

from __future__ import annotations

from collections.abc import Callable

from govnet.exports.automation import ansible_files, nornir_files
from govnet.exports.freeradius import freeradius_files
from govnet.exports.infrahub import infrahub_files
from govnet.exports.inventory import Inventory
from govnet.exports.labs import containerlab_files, netlab_files
from govnet.exports.netbox import netbox_files

Writer = Callable[[Inventory], dict[str, str]]

FORMATS: dict[str, Writer] = {
    "netbox": netbox_files,
    "infrahub": infrahub_files,
    "ansible": ansible_files,
    "nornir": nornir_files,
    "netlab": netlab_files,
    "containerlab": containerlab_files,
    "freeradius": freeradius_files,
}
