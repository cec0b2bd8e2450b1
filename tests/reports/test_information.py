"""The report's section on what to find out before deciding, in the model and in each renderer."""

from __future__ import annotations

from pathlib import Path

import pytest

import charts
import costmodels
import reports
from costmodels import Evaluation, Scenario
from reports import Callout, Table
from reports._information import EVPI_IN_WORDS

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


@pytest.fixture(scope="module")
def correlated() -> Scenario:
    data = costmodels.scenario_to_data(costmodels.default_scenario())
    data["correlations"] = [{"between": ["ML smart crop.development", "ML smart crop.maintenance"], "rank": 0.6,
                             "rationale": "one team builds and keeps it"}]
    return costmodels.scenario_from_data(data)


@pytest.fixture(scope="module")
def measured(correlated: Scenario) -> Evaluation:
    evidence = costmodels.load_evidence([EXAMPLES / "evidence-parity-2-of-4.json"])
    return costmodels.evaluate(correlated, draws=20_000, seed=3, evidence=evidence)


@pytest.fixture(scope="module")
def report(correlated: Scenario, measured: Evaluation, provenance: reports.Provenance) -> reports.Report:
    return reports.build_report(correlated, measured, provenance=provenance)


def test_information_section_ranks_inputs_and_shows_switch_points(report: reports.Report,
                                                                  measured: Evaluation) -> None:
    information = measured.value_of_information
    assert information is not None
    blocks = report.section("information").blocks
    assert blocks[:2] == (Callout(information.sentence(charts.input_label)), reports.Paragraph(EVPI_IN_WORDS))
    assert "reputation_risk" not in blocks[0].text
    ranking = next(b for b in blocks if isinstance(b, Table) and b.caption.startswith("Value of information"))
    assert ranking.rows[0][0] == "every estimate at once (EVPI)"
    assert ranking.rows[0][1] == f"${information.evpi_usd:,.0f}"
    assert ranking.rows[1][0] == "Crop from (0,0): reputation risk survival gap (measured)"
    assert len(ranking.rows) == 1 + len(information.evppi)
    switches = next(b for b in blocks if isinstance(b, Table) and b.caption.startswith("Switch points"))
    assert switches.columns == ("input", "mean", "the choice holds while it is", "beyond that, the choice is",
                                "chance it is beyond")
    dominated = next(b for b in blocks if isinstance(b, Table) and b.caption.startswith("Dominated options"))
    assert dominated.rows[0][0] == "ML smart crop"


def test_correlations_are_listed_with_the_assumptions(report: reports.Report) -> None:
    table = next(b for b in report.section("assumptions").blocks
                 if isinstance(b, Table) and b.caption.startswith("Inputs that move together"))
    assert table.rows == (("ML smart crop.development", "ML smart crop.maintenance", "0.6",
                           "one team builds and keeps it"),)


def test_markdown_and_html_carry_the_ranking(report: reports.Report) -> None:
    markdown = reports.render_markdown(report)
    html = reports.render_html(report)
    for text in (markdown, html):
        assert "What to find out before deciding" in text
        assert "every estimate at once (EVPI)" in text
        assert "Before deciding, it is worth up to $" in text
        assert "Inputs that move together" in text


def test_too_few_draws_say_not_enough_to_measure(full_report: reports.Report) -> None:
    assert full_report.section("information").blocks[0] == Callout(
        "Not enough simulations to measure the value of information: it needs at least 5,000 draws.")
