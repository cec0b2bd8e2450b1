"""Per-process caches: each worker builds the options (and loads their models) once, then reuses them."""

from __future__ import annotations

import contextlib
import functools
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass

from imageoptions import (
    FaceDetector,
    Frame,
    ImageOption,
    ImageOptionsError,
    LoadedImage,
    OptionResult,
    OptionSpec,
    build_options,
    resolve_specs,
    run_option,
)
from imageoptions.detectors.sessions import THREADS_VARIABLE
from imageoptions.registry import build_centerface


@functools.cache
def default_detector() -> FaceDetector:
    """CenterFace, loaded once per process: it boxes faces in images that have no annotation."""
    return build_centerface()


def warm_up(specs: Sequence[OptionSpec | str]) -> None:
    """A pool worker's start: one onnxruntime thread (the workers share the cores, and per-image
    latency should stay CPU time per image), then build the options (all built-ins when none is
    given) and load their models."""
    os.environ.setdefault(THREADS_VARIABLE, "1")
    for option in build_options(resolve_specs(specs)):
        with contextlib.suppress(ImageOptionsError):  # reported per image when the option runs
            option.chooser.prepare()


@dataclass(frozen=True)
class TimedResult:
    """An option's result with the CPU time it took (what compute costs) and the elapsed (wall) time, in ms."""

    result: OptionResult
    cpu_ms: float
    wall_ms: float


def timed_run(option: ImageOption, image: LoadedImage, frame: Frame) -> TimedResult:
    """Run one option on one image, its model loaded first so only the per-image work is timed.

    CPU time is the process's (`time.process_time`): onnxruntime sessions run one thread each,
    so it is the option's own work, whatever else the machine is doing.
    """
    option.chooser.prepare()
    start = time.process_time()
    result = run_option(option, image, frame)
    cpu_ms = (time.process_time() - start) * 1000
    return TimedResult(result, round(cpu_ms, 3), round(result.latency_ms, 3))
