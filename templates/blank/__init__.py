"""Blank: any decision without images (for example rules against a learned spam filter)."""

from __future__ import annotations

from pathlib import Path

from costmodels import UnitWords
from templates._template import Template

TEMPLATE = Template(
    name="blank",
    title="Blank decision",
    summary="Any decision without images, e.g. rules against a learned spam filter: cost, benefit and risk "
            "lines only.",
    scenario_file=Path(__file__).with_name("scenario.yaml"),
    units=UnitWords("unit", "units"),
    pages=("decision", "estimates", "variants", "share"),
    quick_categories=("development", "model_risk", "reputation_risk"),
    limitations=(
        "Every line is an estimate with a range, simulated with a fixed seed; the percentiles describe "
        "those ranges, not the world. The tornado swings one input at a time and misses interactions.",
        "Nothing here was measured: attach your own evidence, or cite a source in each rationale.",
    ),
)
