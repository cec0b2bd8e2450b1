"""Dashboard benchmark (`python -m benchmarks dashboard`): server time of an estimate change,
after warm-up, next to a rerun with no change."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from itertools import cycle
from pathlib import Path

from streamlit.testing.v1 import AppTest

import costmodels
from dashboard import forms, lab

APP = Path(__file__).resolve().with_name("app.py")
PARITY = Path(__file__).resolve().parents[1] / "docs" / "examples" / "evidence-parity-2-of-4.json"
LEVELS = cycle(["low", "medium", "high", "low to medium", "medium to high"])


def run() -> list[str]:
    """Median server time (AppTest runs the script in-process) of the Estimates page per rerun."""
    app = AppTest.from_file(str(APP), default_timeout=120)
    app.run()
    app.switch_page("estimates_page.py").run()

    def change_estimate() -> None:
        box = next(widget for widget in app.selectbox if widget.label == "ML smart crop: reputation risk")
        box.set_value(next(LEVELS)).run()

    def rerun_unchanged() -> None:
        app.run()

    for _ in range(5):  # warm-up: every level's evaluation is computed once, like a meeting going back and forth
        change_estimate()
    changed = _median_ms(change_estimate)
    unchanged = _median_ms(rerun_unchanged)
    decision, decision_cpu = _decision_after_change_ms()
    measured, measured_cpu = _decision_after_change_ms(costmodels.load_evidence([PARITY]))
    first_visit, warm_visit = _image_lab_visits_ms()
    return [
        f"Image lab, first visit with nothing measured (12 sample images through every option): {first_visit:.0f} ms "
        f"server time; another session's visit after it: {warm_visit:.0f} ms (median of 5); ratio "
        f"{first_visit / warm_visit:.0f}x",
        f"Decision page (verdict, table, three charts, value of information, switch points) after an estimate "
        f"change: {decision:.0f} ms server time, {decision_cpu:.0f} ms of CPU (medians of 9; a new scenario "
        "each time, so 100,000 draws are simulated; CPU time is what other work on the machine does not inflate)",
        f"the same with the parity evidence (2 of 4), where a measurement is worth learning: {measured:.0f} ms, "
        f"{measured_cpu:.0f} ms of CPU",
        f"estimate change (cached evaluation): {changed:.0f} ms server time per rerun (median of 9)",
        f"rerun with no change: {unchanged:.0f} ms; ratio {changed / unchanged:.2f}",
        f"first evaluation of a new estimate: {_cold_change_ms(app):.0f} ms (100,000 draws)",
    ]


def _decision_after_change_ms(evidence: costmodels.Evidence | None = None) -> tuple[float, float]:
    """Open the Decision page on an edited scenario that was never evaluated (a new development
    estimate each time): decode, evaluate 100,000 draws, build the table and three charts."""
    times, cpu = [], []
    for thousands in range(200, 209):
        scenario = forms.with_quick_level(costmodels.default_scenario(), "Scale to fit", "development", "low")
        data = costmodels.scenario_to_data(scenario)
        data["options"][1]["costs"][0]["estimate"] = {"low": 0, "likely": thousands * 100, "high": 50_000}
        token = costmodels.encode_share_token(costmodels.SharedState(costmodels.scenario_from_data(data),
                                                                     evidence=evidence))
        app = AppTest.from_file(str(APP), default_timeout=120)
        app.query_params["s"] = token
        start, start_cpu = time.perf_counter(), time.process_time()
        app.run()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        assert not app.exception
    return statistics.median(times) * 1e3, statistics.median(cpu) * 1e3


def _image_lab_visits_ms() -> tuple[float, float]:
    """Server time of switching to the Image lab in a new session: first with the shared caches empty, then
    (median of 5) in further sessions that find the sample set measured."""
    lab.sample_set.clear()
    lab.results_store.clear()
    times = []
    for _ in range(6):
        app = AppTest.from_file(str(APP), default_timeout=300)
        app.run()
        start = time.perf_counter()
        app.switch_page("image_lab_page.py").run()
        times.append(time.perf_counter() - start)
        assert not app.exception
    return times[0] * 1e3, statistics.median(times[1:]) * 1e3


def _median_ms(work: Callable[[], None], repeats: int = 9) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def _cold_change_ms(app: AppTest) -> float:
    """A level never chosen before for this option, so the evaluation is not cached."""
    box = next(widget for widget in app.selectbox if widget.label == "Scale to fit: reputation risk")
    start = time.perf_counter()
    box.set_value("medium to high").run()
    return (time.perf_counter() - start) * 1e3
