"""Exports other tools import: NetBox, Infrahub, Ansible, Nornir, netlab, containerlab, FreeRADIUS. On demand, never
by build."""
