"""The report says what each level means, and flags a rationale written for another estimate."""

from __future__ import annotations

import dataclasses

import costmodels
import reports
from costmodels import Level, Scenario
from reports import Table


def report_of(scenario: Scenario, provenance: reports.Provenance) -> reports.Report:
    return reports.build_report(scenario, costmodels.evaluate(scenario, draws=1000), provenance=provenance)


def test_build_report_levels_section_gives_each_levelled_category_its_scale(
    scenario: Scenario, provenance: reports.Provenance
) -> None:
    levels = report_of(scenario, provenance).section("levels").blocks[1]
    assert isinstance(levels, Table)
    assert levels.columns == ("category", "near-zero", "low", "medium", "high")
    rows = {row[0]: row[1:] for row in levels.rows}
    assert set(rows) == {"development", "model risk", "reputation risk"}
    assert rows["development"] == ("0 / 5k / 15k", "15k / 60k / 250k", "250k / 400k / 800k", "500k / 900k / 1.6M")
    assert rows["reputation risk"][3] == "5% / 15% / 40% a year x 500k / 5M / 100M"


def test_build_report_flags_a_stale_rationale(scenario: Scenario, provenance: reports.Provenance) -> None:
    ml = scenario.options[0]
    stale = dataclasses.replace(ml.costs[0], estimate=Level("low"), rationale_for="medium to high")
    edited = dataclasses.replace(scenario, options=(dataclasses.replace(ml, costs=(stale, *ml.costs[1:])),
                                                    *scenario.options[1:]))
    rows = next(block for block in report_of(edited, provenance).section("assumptions").blocks
                if isinstance(block, Table) and block.caption.startswith("Every estimate")).rows
    development = next(row for row in rows if row[:2] == ("ML smart crop", "development"))
    assert development[3] == "low"
    assert development[5].startswith("[Written for 'medium to high', not 'low': to confirm or rewrite] "
                                     "Meeting: medium to high (250k / 650k / 1.6M")
