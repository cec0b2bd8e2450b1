"""The machine a measurement ran on: CPU model and logical cores, recorded beside every time."""

from __future__ import annotations

import functools
import os
import platform
from pathlib import Path

from evidence import Machine

CPUINFO = Path("/proc/cpuinfo")


def cpu_model(cpuinfo: Path = CPUINFO) -> str:
    """The CPU's model name from /proc/cpuinfo (Linux), else what `platform` knows, else "unknown CPU"."""
    try:
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            key, _, value = line.partition(":")
            if key.strip() in ("model name", "Model", "Hardware", "cpu model") and value.strip():
                return " ".join(value.split())
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown CPU"


@functools.cache
def this_machine() -> Machine:
    """This computer's CPU model and logical core count."""
    return Machine(cpu=cpu_model(), cores=os.cpu_count() or 1)
