"""Cost engine: Monte Carlo of the default scenario, and the PERT sampler against a plain search."""

from __future__ import annotations

import numpy as np

import costmodels
from benchmarks.timing import median_seconds
from costmodels._estimates import sample


def run() -> list[str]:
    """Time evaluate() at two sizes and the table-lookup sampler against np.interp's search."""
    scenario = costmodels.default_scenario()
    full = median_seconds(lambda: costmodels.evaluate(scenario, draws=100_000))
    tenth = median_seconds(lambda: costmodels.evaluate(scenario, draws=10_000))

    triple = costmodels.Triple(250e3, 650e3, 1.6e6)
    uniforms = np.random.default_rng(0).random(100_000)
    x = np.linspace(0, 1, 8193)
    density = x * (1 - x) ** 2.5
    cdf = np.cumsum(density) / density.sum()
    lookup = median_seconds(lambda: sample(triple, uniforms), repeats=21)
    search = median_seconds(lambda: np.interp(uniforms, cdf, x), repeats=21)
    return [
        f"evaluate(default scenario, 100,000 draws): {full * 1e3:.0f} ms (median of 7)",
        f"evaluate(default scenario, 10,000 draws):  {tenth * 1e3:.0f} ms; 100k/10k = {full / tenth:.1f}x "
        "(10x would be purely per-draw work)",
        f"PERT draws, 100,000: table lookup {lookup * 1e3:.2f} ms vs np.interp search {search * 1e3:.2f} ms "
        f"= {search / lookup:.1f}x faster",
    ]
