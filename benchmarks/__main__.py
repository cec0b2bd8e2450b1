"""`python -m benchmarks [NAME ...]`: run the named benchmarks (all by default) and print their reports."""

from __future__ import annotations

import importlib
import sys

# One line per benchmark module; each has `run() -> list[str]` (the lines of its report).
BENCHMARKS = ("cost_engine", "dashboard", "detectors", "image_options", "measurements")


def main(names: list[str]) -> int:
    """Run each benchmark in turn and print its report."""
    for name in names or BENCHMARKS:
        module = importlib.import_module(f"benchmarks.{name}")
        print(f"== {name}")
        for line in module.run():
            print(f"   {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
