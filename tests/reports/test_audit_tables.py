"""The report's evidence section shows what the Audit page shows: faces beside cards, "not enough faces to
measure" in place of a rate or gap, and fallbacks per option."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import measurements
import reports
from costmodels import Evaluation, Scenario
from reports._evidence import summary_tables
from sample_images import load_manifest

NO_FACE = "no face found: centre crop"
FEW_FACES = "not enough faces to measure (1 of its own, 8 against it; at least 5)"


def pairs_results() -> dict[str, Any]:
    """A pairs audit's results as the measurements write them, with hand-picked numbers."""
    return {"min_faces": 5, "summaries": [{
        "option": "face_crop_blazeface", "cards": 40, "fallbacks": 39, "fallback_reasons": [NO_FACE],
        "outcomes": {"first": 16, "second": 14, "tie": 3, "none": 7},
        "position_bias": {"first_wins": 16, "decided": 30, "rate": 0.533, "ci_low": 0.36, "ci_high": 0.70},
        "sweep": {"flip_rate": 0.1},
        "groups": [
            {"group": "monk_1-3", "n": 30, "n_cards": 30, "n_faces": 8, "n_faces_against": 6, "survival_rate": 0.6,
             "ci_low": 0.4, "ci_high": 0.78, "enough_faces": True, "note": ""},
            {"group": "monk_7-10", "n": 15, "n_cards": 15, "n_faces": 1, "n_faces_against": 8, "survival_rate": 0.133,
             "ci_low": 0.0, "ci_high": 1.0, "enough_faces": False, "note": FEW_FACES},
        ],
        "comparisons": [
            {"first": "monk_1-3", "second": "monk_4-6", "n_cards": 30, "n_faces": [8, 7], "gap": 0.125,
             "gap_ci_low": -0.02, "gap_ci_high": 0.27, "enough_faces": True, "note": "", "flagged": True},
            {"first": "monk_1-3", "second": "monk_7-10", "n_cards": 8, "n_faces": [4, 1], "gap": 0.25,
             "gap_ci_low": -0.5, "gap_ci_high": 0.5, "enough_faces": False, "flagged": False,
             "note": "not enough faces to measure (4 faces and 1 face; at least 5 each)"},
        ],
    }]}


def write_evidence(folder: Path, kind: str, results: object) -> reports.EvidenceFile:
    path = folder / f"{kind}.json"
    path.write_text(json.dumps({"schema_version": 2, "kind": kind, "metrics": {}, "results": results}))
    return reports.read_evidence_file(path)


def test_summary_tables_lay_out_pairs_as_the_audit_page_does(tmp_path: Path) -> None:
    options, groups, comparisons = summary_tables(write_evidence(tmp_path, "pairs", pairs_results()))
    assert options.rows == (("face_crop_blazeface", "40", "30", "3", "7",
                             "fell back to the centre crop on 39 of 40 cards", "16 of 30 (36% to 70%)", "10%"),)
    assert groups.columns == ("image option", "group", "decided cards", "faces", "faces met",
                              "survival rate (95% interval)")
    assert groups.rows == (("face_crop_blazeface", "monk_1-3", "30", "8", "6", "60% (40% to 78%)"),
                           ("face_crop_blazeface", "monk_7-10", "15", "1", "8", FEW_FACES))
    assert comparisons.rows == (
        ("face_crop_blazeface", "monk_1-3 vs monk_4-6", "30", "8 and 7", "+0.125 (-0.020 to +0.270)", "flag"),
        ("face_crop_blazeface", "monk_1-3 vs monk_7-10", "8", "4 and 1",
         "not enough faces to measure (4 faces and 1 face; at least 5 each)", ""),
    )


def test_summary_tables_lay_out_faces_kept_and_robustness_fallbacks(tmp_path: Path) -> None:
    (kept,) = summary_tables(write_evidence(tmp_path, "retention", {"summaries": [{
        "option": "face_crop_centerface", "runs": 12, "fallbacks": 2, "fallback_reasons": [NO_FACE],
        "images_cut": {"count": 2, "n": 10, "ci_low": 0.057, "ci_high": 0.51},
        "faces_cut": {"count": 2, "n": 25, "ci_low": 0.0, "ci_high": 0.23}}]}))
    assert kept.rows == (("face_crop_centerface", "2 of 10 (6% to 51%)", "2 of 25 (0% to 23%)",
                          "fell back to the centre crop on 2 of 12 images"),)
    (robust,) = summary_tables(write_evidence(tmp_path, "robustness", {"summaries": [
        {"option": "saliency_crop", "unreliable": 1, "outputs": 8, "fallbacks": 3}]}))
    assert robust.rows == (("saliency_crop", "1 of 8", "fell back on 3 of 8 clean runs"),)


@pytest.mark.parametrize("results", [
    {"flip_rate": 0.1}, {"summaries": "not a list"}, {"summaries": [1, "x"]}, {"summaries": []},
    {"summaries": {"a": 1}},
])
def test_summary_tables_skip_results_of_another_shape(tmp_path: Path, results: object) -> None:
    assert summary_tables(write_evidence(tmp_path, "pairs", results)) == ()


def test_summary_tables_never_show_a_rate_from_malformed_numbers(tmp_path: Path) -> None:
    results = pairs_results()
    group = results["summaries"][0]["groups"][0]
    group.update(survival_rate="0.6", ci_low=float("nan"), n_faces=-3)
    (_, groups, _) = summary_tables(write_evidence(tmp_path, "pairs", results))
    assert groups.rows[0] == ("face_crop_blazeface", "monk_1-3", "30", "0", "6", "not enough faces to measure")


@pytest.fixture(scope="module")
def measured_evidence(tmp_path_factory: pytest.TempPathFactory) -> list[reports.EvidenceFile]:
    """Pairs (8 pairs x 2 orders, seed 0, tall card) and retention (frame 0.56) of CenterFace and BlazeFace
    on the sample set, written and read back as evidence files."""
    folder = tmp_path_factory.mktemp("measured")
    manifest = load_manifest()
    options = ("face_crop_centerface", "face_crop_blazeface")
    audit = measurements.audit_pairs(measurements.group_faces(manifest, "monk_skin_tone"), options,
                                     measurements.default_layout("tall-card"), pairs=8, seed=0, sweep=False)
    images = measurements.annotate([manifest.path_of(entry) for entry in manifest.images], manifest)
    kept = measurements.measure_retention(images, options, frame="0.56")
    files = []
    for name, record in (("pairs.json", measurements.pairs_evidence(audit, command="test", tcm_version="test")),
                         ("retention.json", measurements.retention_evidence(kept, command="test", tcm_version="test"))):
        measurements.write_evidence(folder / name, record)
        files.append(reports.read_evidence_file(folder / name))
    return files


def test_report_shows_measured_faces_not_enough_note_and_fallbacks(
    measured_evidence: list[reports.EvidenceFile], scenario: Scenario, evaluation: Evaluation,
    provenance: reports.Provenance,
) -> None:
    # Hand-checked against `tcm audit pairs --pairs 8 --seed 0 --option face_crop_centerface
    # --option face_crop_blazeface` and `tcm audit retention` on the sample set.
    report = reports.build_report(scenario, evaluation, provenance=provenance, evidence=measured_evidence)
    text = reports.render_markdown(report)
    assert ("| face_crop_centerface | monk_7-10 | 7 | 1 | 4 | not enough faces to measure (1 of its own, 4 against "
            "it; at least 5) |") in text
    assert ("| face_crop_blazeface | monk_7-10 | 5 | 1 | 3 | not enough faces to measure (1 of its own, 3 against "
            "it; at least 5) |") in text
    assert ("| face_crop_centerface | monk_1-3 vs monk_7-10 | 4 | 2 and 1 | not enough faces to measure (2 faces "
            "and 1 face; at least 5 each) |") in text
    assert "| face_crop_centerface | 16 | 14 | 0 | 2 | 0 of 16 cards |" in text
    assert "| face_crop_blazeface | 16 | 11 | 0 | 5 | 0 of 16 cards |" in text
    assert ("| face_crop_centerface | 2 of 10 (6% to 51%) | 2 of 25 (0% to 23%) | fell back to the centre crop on "
            "2 of 12 images |") in text
    assert ("| face_crop_blazeface | 2 of 10 (6% to 51%) | 2 of 25 (0% to 23%) | fell back to the centre crop on "
            "2 of 12 images |") in text
    assert "Pairs results: summaries" not in text  # laid out above, not repeated as raw data
