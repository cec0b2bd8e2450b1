from __future__ import annotations

import costmodels
from costmodels import Level, LineKind, OptionKind


def test_default_scenario_carries_the_meetings_qualitative_table() -> None:
    scenario = costmodels.default_scenario()

    def level(option: str, category: str) -> str:
        line = next(line for line in scenario.option(option).costs if line.category == category)
        assert isinstance(line.estimate, Level)
        return line.estimate.text

    assert [level("ML smart crop", c) for c in ("development", "model_risk", "reputation_risk")] == [
        "medium to high", "low to medium", "high"]
    for option in ("Scale to fit", "Crop from (0,0)", "Center crop"):
        assert [level(option, c) for c in ("development", "model_risk", "reputation_risk")] == ["near-zero"] * 3


def test_default_scenario_has_an_ml_option_and_four_alternatives_with_rationales() -> None:
    scenario = costmodels.default_scenario()
    assert [o.kind for o in scenario.options] == [OptionKind.ML] + [OptionKind.NON_ML] * 4
    assert all(line.rationale for option in scenario.options for line in option.costs)
    assert {o.implementation for o in scenario.options} == {
        "face_crop_centerface", "scale_to_fit", "fixed_crop", "center_crop", "shipped_policy"}


def test_default_levels_reproduce_the_sourced_ranges() -> None:
    # shared/reference/default-scenario-figures.md: ML development 250 / 650 / 1,600 ($k),
    # model risk 0.2 / 0.4 / 0.7 x 20 / 100 / 500, reputation 0.05 / 0.15 / 0.4 x 500 / 5,000 / 100,000.
    model = costmodels._model.compile_model(costmodels.default_scenario())
    ml_terms = {t.category: t for t in model.terms if t.option == 0}
    assert ml_terms["development"].value == costmodels.Triple(250e3, 650e3, 1.6e6)
    assert ml_terms["model_risk"].value == costmodels.Triple(0.2, 0.4, 0.7)
    assert ml_terms["model_risk"].impact == costmodels.Triple(20e3, 100e3, 500e3)
    assert ml_terms["reputation_risk"].value == costmodels.Triple(0.05, 0.15, 0.4)
    assert ml_terms["reputation_risk"].impact == costmodels.Triple(500e3, 5e6, 100e6)
    assert ml_terms["compute"].kind is LineKind.PER_UNIT
