"""Background jobs report honest progress: the report's steps are counted, and the status says how far it got."""

from __future__ import annotations

import costmodels
from dashboard import reporting
from dashboard.jobs import Job
from dashboard.settings import Settings
from sample_images import load_manifest


def test_report_progress_counts_each_sample_image_then_the_rendering() -> None:
    scenario = costmodels.default_scenario()
    evaluation = costmodels.evaluate(scenario, draws=1_000, seed=0)
    steps: list[tuple[int, int]] = []
    data = reporting.build_report_bytes(scenario, evaluation, Settings(), "md", with_crops=True, decision=None,
                                        progress=lambda done, total: steps.append((done, total)))
    images = len(load_manifest().images)
    assert steps == [(done, images + 1) for done in range(1, images + 2)]
    assert data.startswith(b"# ")


def test_job_status_says_steps_done_of_total_then_how_long_it_took() -> None:
    job = Job("Building the Markdown report", key="md", unit="steps")
    assert job.status() == "Building the Markdown report: starting..."
    job.report(3, 13)
    assert job.status().startswith("Building the Markdown report: 3 of 13 steps done, about ")
    job.finished_s = job.begun_s + 4.2
    assert job.status() == "Building the Markdown report: done in 4 s"
