"""Shared report fixtures: the default scenario at few draws, a tiny crop grid, and one evidence file."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

import costmodels
import models
import reports
from costmodels import Evaluation, Scenario
from imageoptions import builtin_options, parse_frame

DRAWS = 2_000
SEED = 11
COMMAND = "tcm report --default --draws 2000 --seed 11 --out decision.html"
CREATED = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def evidence_data() -> dict[str, Any]:
    """A pairs evidence file in the measurements' schema, with hand-picked numbers."""
    return {
        "schema_version": 1, "kind": "pairs", "created": "2026-11-20T09:00:00Z", "tcm_version": "0.1.0",
        "command": "tcm audit pairs --seed 7 --evidence pairs.json", "seed": 7, "frame": "0.56",
        "images": [{"file": "square.png", "sha256": "a" * 64}],
        "models": [{"option": "face_crop_centerface", "sha256": "b" * 64}],
        "metrics": {
            "face_crop_centerface": {
                "latency_ms": {"p10": 18.25, "p50": 24.5, "p90": 41.0, "n": 12},
                "face_cut_images": {"count": 2, "of": 12},
                "survival_gap": {"count": 9, "of": 16, "centre": 0.5},
            },
            "center_crop": {"latency_ms": {"p10": 0.4, "p50": 0.6, "p90": 0.9, "n": 12}},
        },
        "results": {
            "flip_rate": 0.1875,
            "survival": [
                {"option": "face_crop_centerface", "group": "lighter", "n": 16, "survival_rate": 0.5625,
                 "ci_low": 0.33, "ci_high": 0.77},
                {"option": "face_crop_centerface", "group": "darker", "n": 16, "survival_rate": 0.4375,
                 "ci_low": 0.23, "ci_high": 0.67},
            ],
            "position_bias": {"top": 0.625, "bottom": 0.375},
        },
    }


@pytest.fixture(scope="session")
def scenario() -> Scenario:
    return costmodels.default_scenario()


@pytest.fixture(scope="session")
def evaluation(scenario: Scenario) -> Evaluation:
    return costmodels.evaluate(scenario, draws=DRAWS, seed=SEED)


@pytest.fixture(scope="session")
def provenance() -> reports.Provenance:
    return reports.Provenance(command=COMMAND, created=CREATED.isoformat(), git_commit="0" * 40,
                              libraries={"numpy": "2.4.6"})


@pytest.fixture(scope="session")
def evidence_file(tmp_path_factory: pytest.TempPathFactory) -> reports.EvidenceFile:
    path = tmp_path_factory.mktemp("evidence") / "pairs.json"
    path.write_text(json.dumps(evidence_data()), encoding="utf-8")
    return reports.read_evidence_file(path)


def write_images(folder: Path) -> list[Path]:
    """Two small synthetic images: a wide one with a bright square at the right, a tall one."""
    wide = Image.new("RGB", (160, 90), (30, 30, 30))
    wide.paste((250, 250, 250), (120, 30, 150, 60))
    tall = Image.new("RGB", (60, 120), (200, 40, 40))
    paths = [folder / "wide.png", folder / "tall.png"]
    wide.save(paths[0])
    tall.save(paths[1])
    return paths


@pytest.fixture(scope="session")
def crop_grid(tmp_path_factory: pytest.TempPathFactory) -> reports.CropGrid:
    folder = tmp_path_factory.mktemp("images")
    write_images(folder)
    options = [option for option in builtin_options() if option.name in ("scale_to_fit", "center_crop")]
    return reports.build_crop_grid(reports.image_files(folder), options, parse_frame("0.56"),
                                   labels={"center_crop": "Center crop"})


@pytest.fixture(scope="session")
def full_report(
    scenario: Scenario, evaluation: Evaluation, provenance: reports.Provenance,
    evidence_file: reports.EvidenceFile, crop_grid: reports.CropGrid,
) -> reports.Report:
    """The default scenario with evidence, a crop grid, model cards and a recorded decision."""
    return reports.build_report(
        scenario, evaluation, provenance=provenance, evidence=[evidence_file], crop_grid=crop_grid,
        model_cards=[models.load_model_card(name) for name in models.KNOWN_MODELS],
        decision="Ship Center crop <now>",
    )


@pytest.fixture(scope="session")
def bare_report(scenario: Scenario, evaluation: Evaluation, provenance: reports.Provenance) -> reports.Report:
    """The default scenario alone: no evidence, no images, no model cards."""
    return reports.build_report(scenario, evaluation, provenance=provenance)
