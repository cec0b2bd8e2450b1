"""Per-process caches: each worker builds the options (and loads their models) once, then reuses them."""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Sequence

from imageoptions import FaceDetector, ImageOption, ImageOptionsError, builtin_options, select_options
from imageoptions.detectors.sessions import THREADS_VARIABLE
from imageoptions.registry import build_centerface


@functools.cache
def cached_builtin_options() -> tuple[ImageOption, ...]:
    """The built-in options, built once per process so their lazily loaded models are shared."""
    return builtin_options()


def options_named(names: Sequence[str]) -> tuple[ImageOption, ...]:
    """This process's copies of the named options (all of them when no name is given)."""
    return select_options(names, cached_builtin_options())


@functools.cache
def default_detector() -> FaceDetector:
    """CenterFace, loaded once per process: it boxes faces in images that have no annotation."""
    return build_centerface()


def warm_up(names: Sequence[str]) -> None:
    """A pool worker's start: one onnxruntime thread (the workers share the cores, and per-image
    latency should stay CPU time per image), then load the named options' models."""
    os.environ.setdefault(THREADS_VARIABLE, "1")
    for option in options_named(names):
        with contextlib.suppress(ImageOptionsError):  # reported per image when the option runs
            option.chooser.prepare()
