"""`python -m benchmarks [NAME ...]`: run the named benchmarks (all by default) and print their reports."""

from __future__ import annotations

import importlib
import sys

# One line per benchmark: its name and module, which has `run() -> list[str]` (its report's lines).
# The dashboard's lives in dashboard/, the only package that imports streamlit.
BENCHMARKS = {
    "audit_sets": "benchmarks.audit_sets",
    "cost_engine": "benchmarks.cost_engine",
    "dashboard": "dashboard.benchmark",
    "decision_analysis": "benchmarks.decision_analysis",
    "detectors": "benchmarks.detectors",
    "image_options": "benchmarks.image_options",
    "masks": "benchmarks.masks",
    "measurements": "benchmarks.measurements",
    "ray_scale": "benchmarks.ray_scale",
}


def main(names: list[str]) -> int:
    """Run each benchmark in turn and print its report."""
    unknown = [name for name in names if name not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s) {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}", file=sys.stderr)
        return 2
    for name in names or BENCHMARKS:
        module = importlib.import_module(BENCHMARKS[name])
        print(f"== {name}")
        for line in module.run():
            print(f"   {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
