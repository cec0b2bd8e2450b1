"""One onnxruntime session per model file, created once and shared by every caller."""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import onnxruntime as ort

DEFAULT_THREADS = 2
THREADS_VARIABLE = "TCM_ONNX_THREADS"
QUIET = 3  # onnxruntime severity: 0 verbose .. 3 error; keeps per-initializer warnings out of logs


@dataclass(frozen=True)
class LoadedModel:
    """A ready inference session and the sha256 of the exact file it was built from."""

    session: ort.InferenceSession
    path: Path
    sha256: str
    input_name: str
    output_names: tuple[str, ...]


_cache: dict[tuple[Path, int], LoadedModel] = {}
_lock = threading.Lock()


def default_threads() -> int:
    """Intra-op threads per session: TCM_ONNX_THREADS if set (a process pool sets 1 per worker, so
    workers do not fight over the cores and latency stays CPU time per image), else DEFAULT_THREADS."""
    text = os.environ.get(THREADS_VARIABLE, "")
    return int(text) if text.isdigit() and int(text) > 0 else DEFAULT_THREADS


def load_model(path: Path, *, threads: int | None = None) -> LoadedModel:
    """The shared session for a model file and thread count, created on first use."""
    threads = default_threads() if threads is None else threads
    if threads < 1:
        raise ValueError(f"threads must be at least 1, got {threads}")
    key = (path.resolve(), threads)
    with _lock:
        # Creating a session costs tens of milliseconds and memory per copy; the lock makes
        # concurrent first calls (e.g. two dashboard sessions) share one.
        if key not in _cache:
            _cache[key] = create_model(key[0], threads=threads)
        return _cache[key]


def create_model(path: Path, *, threads: int) -> LoadedModel:
    """A new session on the CPU with an explicit intra-op thread count and quiet logging."""
    data = path.read_bytes()
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = QUIET
    session = ort.InferenceSession(data, options, providers=["CPUExecutionProvider"])
    return LoadedModel(
        session=session,
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        input_name=session.get_inputs()[0].name,
        output_names=tuple(output.name for output in session.get_outputs()),
    )


def clear_cache() -> None:
    """Forget every shared session (for tests and benchmarks that need a cold start)."""
    with _lock:
        _cache.clear()
