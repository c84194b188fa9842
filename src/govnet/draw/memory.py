"""Keeping the PNG writer's large buffers in the process instead of returning them to the system after each sheet.

A sheet is drawn on a canvas of up to 4200 × 4200 RGBA pixels (70 MB), copied out once and mapped to a palette:
three buffers of tens of megabytes a sheet. glibc's malloc serves blocks above its mmap threshold (at most 32 MB)
with fresh mappings and unmaps them when freed, so every sheet touched its buffers' pages for the first time
again: a page fault per 4 KB, 190,000 faults and 0.3–0.45 s of system time for the 30 PNGs of a Jiangxi build
(of 2.4–2.7 CPU s; 43,000 faults and under 0.1 s with this). Raising the threshold above the largest buffer lets
the next sheet reuse the memory the last one freed; a process keeps at most 2 × LARGEST_BUFFER of it free.
glibc only; elsewhere nothing changes.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache

M_TRIM_THRESHOLD = -1  # glibc malloc.h
M_MMAP_THRESHOLD = -3
LARGEST_BUFFER = 128 * 1024 * 1024  # above a 4200 × 4200 RGBA canvas (sheet.MAX_PIXELS)


@cache
def reuse_large_buffers() -> bool:
    """Once a process: serve blocks up to LARGEST_BUFFER from the heap and keep up to twice that free there for
    the next sheet. Returns whether the allocator took the setting (False off glibc)."""
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        mallopt = ctypes.CDLL(name).mallopt
    except (OSError, AttributeError):  # not glibc (musl, macOS): no mallopt
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(M_MMAP_THRESHOLD, LARGEST_BUFFER)) and bool(mallopt(M_TRIM_THRESHOLD, 2 * LARGEST_BUFFER))
