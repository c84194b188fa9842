"""Exports other tools import: NetBox, Ansible, Nornir, netlab, containerlab. On demand, never by build."""
