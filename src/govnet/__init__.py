"""govnet: network-as-code for the provincial e-government extranet (电子政务外网)."""

__version__ = "0.1.0"
