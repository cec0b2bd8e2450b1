"""Audits as evidence: every comparison with its faces, fallbacks, CPU latency and the machine."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidence import CountMetric, GroupGap, LatencyMetric, SurvivalGapMetric
from measurements import (
    ImageInput,
    SideBySideLayout,
    audit_pairs,
    group_faces,
    measure_retention,
    pairs_evidence,
    read_evidence,
    retention_evidence,
    this_machine,
    write_evidence,
)
from sample_images import load_manifest
from tests.measurements.conftest import write_set

SIDE = SideBySideLayout(height_px=None, face_share=None)


def test_pairs_evidence_carries_every_comparison_with_its_faces(tmp_path: Path) -> None:
    manifest = write_set(tmp_path / "set", {f"{team}{i}.png": (team, 2) for team in "ab" for i in range(5)}
                         | {"c0.png": ("c", 2)})
    audit = audit_pairs(group_faces(load_manifest(manifest), "team"), ["fixed_crop"], SIDE, pairs=40, frame="1.0",
                        sweep=False, column="team")
    record = pairs_evidence(audit, command="tcm audit pairs", tcm_version="0.1.0")
    metrics = record.metrics["fixed_crop"]
    gap = metrics["survival_gap"]
    assert isinstance(gap, SurvivalGapMetric) and gap.min_faces == 5
    # Pairings taken in turn until none is left: a-b 25 pairs, a-c 5, b-c 5; fixed crop keeps the left face.
    assert [(c.groups, c.n_faces, c.n_cards, c.enough_faces, c.gap) for c in gap.comparisons] == [
        (("a", "b"), (5, 5), 50, True, 0.0), (("a", "c"), (5, 1), 10, False, 0.0), (("b", "c"), (5, 1), 10, False, 0.0),
    ]
    assert gap.comparisons[1].note == "not enough faces to measure (5 faces and 1 face; at least 5 each)"
    assert [c.groups for c in gap.usable()] == [("a", "b")]
    assert metrics["fallbacks"] == CountMetric(0, 70)
    assert metrics["position_first_wins"] == CountMetric(70, 70)
    latency = metrics["latency_ms"]
    assert isinstance(latency, LatencyMetric) and (latency.clock, latency.n) == ("cpu", 70)
    assert latency.machine == this_machine().describe()
    assert metrics["wall_latency_ms"].clock == "wall"  # type: ignore[union-attr]
    assert record.machine == this_machine()
    assert read_evidence(write_evidence(tmp_path / "pairs.json", record)).metrics == record.metrics


def test_pairs_evidence_of_a_comparison_without_decided_cards_is_never_usable(two_teams: Path) -> None:
    audit = audit_pairs(group_faces(load_manifest(two_teams), "team"), ["scale_to_fit"], SIDE, pairs=2, frame="1.0",
                        sweep=False, column="team")
    gap = pairs_evidence(audit, command="c", tcm_version="0").metrics["scale_to_fit"]["survival_gap"]
    assert gap == SurvivalGapMetric(comparisons=(GroupGap(
        groups=("a", "b"), gap=0.0, standard_error=0.5, n_faces=(0, 0), n_cards=0, enough_faces=False,
        ci_low=-0.5, ci_high=0.5, note="no decided cards"),))


def test_retention_evidence_counts_images_faces_and_fallbacks(tmp_path: Path) -> None:
    from PIL import Image

    wide = tmp_path / "wide.png"
    Image.new("RGB", (400, 100), (90, 90, 90)).save(wide)
    report = measure_retention([ImageInput(str(wide), faces=((10.0, 10.0, 60.0, 60.0), (300.0, 10.0, 350.0, 60.0)))],
                               ["face_crop_centerface", "fixed_crop"], frame="1.0")
    record = retention_evidence(report, command="tcm audit retention", tcm_version="0.1.0")
    assert record.metrics["face_crop_centerface"]["fallbacks"] == CountMetric(1, 1)
    assert record.metrics["fixed_crop"]["face_cut_images"] == CountMetric(1, 1)
    assert record.metrics["fixed_crop"]["faces_cut"] == CountMetric(1, 2)
    assert (record.kind, record.seed, [image.file for image in record.images]) == ("retention", 0, ["wide.png"])


@pytest.mark.parametrize("name", ["latency_ms", "wall_latency_ms"])
def test_retention_evidence_names_the_clock(tmp_path: Path, name: str) -> None:
    from PIL import Image

    square = tmp_path / "square.png"
    Image.new("RGB", (100, 100)).save(square)
    report = measure_retention([ImageInput(str(square), faces=())], ["center_crop"], frame="1.0")
    latency = retention_evidence(report, command="c", tcm_version="0").metrics["center_crop"][name]
    assert isinstance(latency, LatencyMetric)
    assert latency.clock == ("cpu" if name == "latency_ms" else "wall")
