"""The command line: argument parsing, printing and exit codes (the only place that prints or exits)."""

import os

# govnet's schemas use no pydantic plugin, and looking for one reads the metadata of every installed package
# (about 0.08 s CPU of each command's start, typer's parameters being pydantic adapters). Set before pydantic
# builds its first validator; a user who wants plugins sets the variable (to "" for all).
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
