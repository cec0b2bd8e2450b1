"""The report model: every section, and numbers equal to the cost engine's."""

from __future__ import annotations

import pytest

import costmodels
import reports
from costmodels import Evaluation, Scenario
from reports import Callout, Chart, CropGrid, Preformatted, Table
from reports._build import FILES_NOT_GIVEN, NO_EVIDENCE, how_sure, leaders


def tables(report: reports.Report, key: str) -> list[Table]:
    return [block if isinstance(block, Table) else block.table
            for block in report.section(key).blocks if isinstance(block, Table | Chart)]


def table(report: reports.Report, key: str, caption_start: str) -> Table:
    return next(t for t in tables(report, key) if t.caption.startswith(caption_start))


def test_build_report_has_every_section_in_order(full_report: reports.Report) -> None:
    assert [section.key for section in full_report.sections] == list(reports.SECTION_TITLES)
    assert [section.title for section in full_report.sections] == list(reports.SECTION_TITLES.values())
    assert full_report.subtitle == "How should timeline photos fit a 16:9 preview?"


def test_build_report_recommendation_is_the_verdict(full_report: reports.Report, evaluation: Evaluation) -> None:
    blocks = full_report.section("recommendation").blocks
    assert blocks[0] == Callout(costmodels.verdict(evaluation))
    assert Callout("Decision recorded: Ship Center crop <now>") in blocks


def test_build_report_summary_rows_equal_the_evaluation(full_report: reports.Report, evaluation: Evaluation) -> None:
    summary = table(full_report, "results", "Total cost of model")
    assert summary.columns == ("option", "kind", "likely", "P10", "P50", "P80", "P90", "mean", "P(cheapest)")
    for row, option in zip(summary.rows, evaluation.options, strict=True):
        assert row[0] == option.name
        assert row[4] == f"${option.p50_usd:,.0f}"
        assert row[5] == f"${option.p80_usd:,.0f}"
        assert row[6] == f"${option.p90_usd:,.0f}"
        assert row[8] == f"{evaluation.p_cheapest[option.name]:.1%}"


def test_build_report_results_have_three_charts_and_break_even(full_report: reports.Report,
                                                                evaluation: Evaluation) -> None:
    charts = [block for block in full_report.section("results").blocks if isinstance(block, Chart)]
    titles = [chart.figure.layout.title.text for chart in charts]
    # Each title says its basis: percentiles, means, the tornado's range.
    assert titles == ["How sure: total cost in every simulation (read percentiles off the curve)",
                      "Where the money goes: mean over the simulations, by cost group",
                      "What matters most: each input swung from its 5th to its 95th percentile, "
                      "the rest at their means"]
    tornado = table(full_report, "results", "What matters most")
    assert tornado.rows[0][0] == "reputation risk impact (every option)"
    assert len(tornado.rows) == len(evaluation.tornado)
    break_even = table(full_report, "results", "Break-even")
    assert break_even.rows == (("ML smart crop", "Crop from (0,0)", "",
                                evaluation.break_even[0].volume_note,
                                f"${evaluation.break_even[0].yearly_benefit_usd:,.0f}"),)


def test_build_report_category_table_sums_to_the_mean(full_report: reports.Report, evaluation: Evaluation) -> None:
    categories = table(full_report, "results", "Where the money goes")
    assert categories.rows[-1] == ("total", *(f"${o.mean_usd:,.0f}" for o in evaluation.options))


def test_build_report_assumptions_list_every_line(full_report: reports.Report, scenario: Scenario) -> None:
    lines = table(full_report, "assumptions", "Every estimate")
    assert len(lines.rows) == sum(len(o.costs) + len(o.benefits) for o in scenario.options)
    development = lines.rows[0]
    assert development[:5] == ("ML smart crop", "development", "one-off", "medium to high", "estimated")
    assert development[5].startswith("Meeting: medium to high (250k / 650k / 1.6M on the scale).")
    compute = next(row for row in lines.rows if row[:2] == ("ML smart crop", "compute"))
    assert compute[3:5] == ("1e-07 / 6e-07 / 3e-06", "estimated (measurable: latency_ms)")


def test_build_report_marks_lines_evidence_replaced(scenario: Scenario, provenance: reports.Provenance,
                                                    evidence_file: reports.EvidenceFile) -> None:
    measured = costmodels.load_evidence([evidence_file.path])
    evaluation = costmodels.evaluate(scenario, draws=500, seed=1, evidence=measured)
    report = reports.build_report(scenario, evaluation, provenance=provenance)
    compute = next(row for row in table(report, "assumptions", "Every estimate").rows
                   if row[:2] == ("ML smart crop", "compute"))
    note = next(line.note for line in evaluation.measured if line.category == "compute")
    assert compute[4] == f"measured: {note}"
    # The files were not given to the report: it says so rather than "no measured evidence".
    assert report.section("evidence").blocks == (
        Callout(FILES_NOT_GIVEN.format(count=len(evaluation.measured))),)


def test_build_report_without_evidence_says_so(bare_report: reports.Report) -> None:
    assert bare_report.section("evidence").blocks == (
        Callout(NO_EVIDENCE.format(images=", and `--images DIR` for the crop grid")),
    )


def test_build_report_evidence_shows_metrics_and_results(full_report: reports.Report) -> None:
    blocks = full_report.section("evidence").blocks
    assert any(isinstance(block, CropGrid) for block in blocks)
    metrics = table(full_report, "evidence", "Measured metrics")
    assert metrics.rows[0] == ("face_crop_centerface", "18.2", "24.5", "41", "12", "wall", "2 of 12",
                               "favoured group vs other group: version-1 evidence counted cards, not faces: "
                               "not enough faces to measure")
    assert metrics.columns[-2:] == ("images with a face cut", "survival gap")  # no fallbacks in this file: no column
    survival = table(full_report, "evidence", "Pairs results: survival")
    assert survival.columns == ("option", "group", "n", "survival_rate", "ci_low", "ci_high")
    assert survival.rows[1] == ("face_crop_centerface", "darker", "16", "0.438", "0.23", "0.67")
    assert table(full_report, "evidence", "Pairs results").rows == (("flip_rate", "0.188"),)
    assert table(full_report, "evidence", "Pairs results: position_bias").rows == (("top", "0.625"),
                                                                                   ("bottom", "0.375"))


def test_build_report_limitations_cover_the_known_gaps(full_report: reports.Report) -> None:
    items = " ".join(full_report.section("limitations").blocks[0].items)  # type: ignore[union-attr]
    for phrase in ("insufficient for capturing the risk of representational harm", "no agreed definition",
                   "image size and resize ratio", "perceptions, not identities", "few darker-skinned faces"):
        assert phrase in items


def test_build_report_reproducibility_names_every_file(full_report: reports.Report, crop_grid: CropGrid) -> None:
    facts = dict(table(full_report, "reproducibility", "Versions").rows)
    assert facts["git commit"] == "0" * 40
    assert (facts["seed"], facts["draws"]) == ("11", "2000")
    assert facts["tcm version"] == reports.Provenance("", "").tcm_version
    models = table(full_report, "reproducibility", "Model files").rows
    assert ("face_crop_centerface", "as measured in pairs.json", "b" * 64) in models
    assert [row[0] for row in models[:2]] == ["centerface", "blazeface_short_range"]
    images = table(full_report, "reproducibility", "Image files").rows
    assert {row[0] for row in images} == {"wide.png", "tall.png", "square.png"}
    assert dict((row[0], row[1]) for row in images)["wide.png"] == crop_grid.image_sha256[crop_grid.images.index(
        "wide.png")]
    command = full_report.section("reproducibility").blocks[-1]
    assert command == Preformatted("Regenerate this report (from the repository root, at the commit above):",
                                   "tcm report --default --draws 2000 --seed 11 --out decision.html")


def test_build_report_appendix_is_the_exported_scenario(full_report: reports.Report, scenario: Scenario) -> None:
    (appendix,) = full_report.section("scenario").blocks
    assert isinstance(appendix, Preformatted)
    assert appendix.text == costmodels.scenario_to_yaml(scenario)


def test_leaders_counts_identical_options_together(evaluation: Evaluation) -> None:
    names, share = leaders(evaluation)
    assert names == ("Crop from (0,0)", "Center crop")
    assert share == evaluation.p_cheapest["Crop from (0,0)"] + evaluation.p_cheapest["Center crop"]
    assert share == pytest.approx(0.98, abs=0.005)  # each option's incidents are its own (issue 9)


def test_how_sure_words_at_each_threshold() -> None:
    assert [how_sure(p) for p in (1.0, 0.95, 0.8, 0.6, 0.59)] == [
        "very likely", "very likely", "likely", "more likely than not", "too close to call"]
