"""The shape of each model file (pydantic, extra="forbid"): what a user may write, nothing more."""
