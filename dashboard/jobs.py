"""Long runs in a background thread per session, with honest progress: images done of total, time left.

The thread calls only library code (never Streamlit) and writes its progress into a `Job` kept in the
session state; a fragment re-renders the progress every second and reruns the page once the job ends,
so the user can keep working on other pages meanwhile.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

POLL_SECONDS = 1.0


@dataclass
class Job:
    """One background run: what it is, how far it has got, and its result or error once finished."""

    label: str
    key: object  # the request that started it: a new request starts a new job
    unit: str = "images"
    done: int = 0
    total: int = 0
    started_s: float = field(default_factory=time.monotonic)
    begun_s: float = field(default_factory=time.monotonic)
    finished_s: float | None = None
    result: Any = None
    error: str | None = None

    @property
    def finished(self) -> bool:
        """Whether the run has ended (with a result or an error)."""
        return self.finished_s is not None

    def report(self, done: int, total: int) -> None:
        """The progress callback the measurement executors call after each image."""
        self.done, self.total = done, total

    def remaining_s(self) -> float | None:
        """Seconds left, measured from the pace so far (None until the first image is done)."""
        if not self.done or not self.total:
            return None
        return (time.monotonic() - self.started_s) / self.done * (self.total - self.done)

    def status(self) -> str:
        """"12 of 40 images done, about 25 s left" (or how long it took, once finished)."""
        if self.finished_s is not None:
            return f"{self.label}: done in {self.finished_s - self.begun_s:.0f} s"
        if not self.total:
            return f"{self.label}: starting..."
        left = self.remaining_s()
        tail = f", about {left:.0f} s left" if left is not None else ""
        return f"{self.label}: {self.done} of {self.total} {self.unit} done{tail}"

    def stage(self, label: str, unit: str = "images") -> Job:
        """Start the next stage of a run: a new label, and its own count and clock."""
        self.label, self.unit, self.done, self.total, self.started_s = label, unit, 0, 0, time.monotonic()
        return self


def start(name: str, label: str, key: object, work: Callable[[Job], Any], *, unit: str = "images") -> Job:
    """Run `work(job)` in a background thread (it reports through `job.report`), unless the same request
    already ran or runs."""
    current: Job | None = st.session_state.get(name)
    if current is not None and current.key == key and current.error is None:
        return current
    job = Job(label, key, unit)

    def run() -> None:
        try:
            job.result = work(job)
        except Exception as error:  # shown on the page; the thread must not die silently
            job.error = f"{type(error).__name__}: {error}"
        job.finished_s = time.monotonic()

    st.session_state[name] = job
    threading.Thread(target=run, name=f"tcm-{name}", daemon=True).start()
    return job


def current(name: str) -> Job | None:
    """The session's job of this name, running or finished."""
    job: Job | None = st.session_state.get(name)
    return job


def show_progress(name: str) -> None:
    """A progress bar that updates every second while the job runs, then reruns the page to show the result."""

    @st.fragment(run_every=POLL_SECONDS)
    def poll() -> None:
        job = current(name)
        if job is None:
            return
        if job.finished:
            st.rerun(scope="app")
        st.progress(job.done / job.total if job.total else 0.0, text=job.status())
        st.caption("You can keep working on other pages; the result waits here.")

    job = current(name)
    if job is not None and not job.finished:
        poll()
